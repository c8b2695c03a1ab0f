import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveStripeWebhook } from "~/domain/payments/stripe-webhook.server";
import { readBodyUpTo } from "~/utils/upload.server";

const MAX_BODY_BYTES = 1_000_000;

/**
 * Stripe's webhook (POST /webhooks/stripe). HTTP glue only: the signature is checked on
 * the raw body as received, so it is read as text and never parsed here. Cross-site
 * POSTs to /webhooks/ are let through by server/csrf.ts (the signature authenticates).
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return reply(405, { received: false, error: "method not allowed" }, { Allow: "POST" });
  const tooLarge = new Error("payload too large");
  let rawBody: string;
  try {
    rawBody = new TextDecoder().decode(await readBodyUpTo(request, MAX_BODY_BYTES, () => tooLarge));
  } catch (error) {
    if (error === tooLarge) return reply(413, { received: false, error: "payload too large" });
    throw error;
  }
  const { status, body } = await receiveStripeWebhook(rawBody, request.headers.get("Stripe-Signature"));
  return reply(status, body);
}

function reply(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers } });
}
