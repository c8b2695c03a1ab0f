import { Money } from "../shared/money";
import type Stripe from "stripe";
import { db, type Tx } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { auditSubjectOf, paymentPaid } from "./subject.server";
import { dateColumn, shanghaiDate } from "../shared/calendar";
import { recordAudit } from "../shared/audit.server";
import { nextStripeStatus, type StripeOutcome } from "./payment-machine";
import { stripeConfig, stripeWebhooks } from "./stripe-client.server";
import { clock } from "../shared/clock";

export type WebhookReply = { status: 200 | 400 | 404; body: { received: boolean; duplicate?: boolean; error?: string } };

/**
 * POST /webhooks/stripe: checks the signature on the raw body (400 if it does not match),
 * then applies the event once. Every verified event is answered 200 — also duplicates,
 * unknown types and events about intents we do not know — so Stripe stops retrying; a
 * failure while applying it rolls everything back and Stripe retries later.
 */
export async function receiveStripeWebhook(rawBody: string, signature: string | null): Promise<WebhookReply> {
  const config = stripeConfig();
  if (!config) return { status: 404, body: { received: false, error: "card payments are not configured" } };
  if (!signature) return { status: 400, body: { received: false, error: "missing Stripe-Signature header" } };
  let event: Stripe.Event;
  try {
    event = stripeWebhooks.constructEvent(rawBody, signature, config.webhookSecret);
  } catch (err) {
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, "stripe webhook: signature check failed");
    return { status: 400, body: { received: false, error: "invalid signature" } };
  }
  const applied = await applyStripeEvent(event);
  return { status: 200, body: { received: true, ...(applied ? {} : { duplicate: true }) } };
}

/**
 * Applies one verified event in one transaction: the event id is stored first (a second
 * delivery finds it and changes nothing — concurrent deliveries wait on the row), then the
 * payment moves as STRIPE_MOVES allow. Returns false for a duplicate.
 */
export async function applyStripeEvent(event: Stripe.Event): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const stored = await tx.stripeEvent.createMany({ data: [{ id: event.id, type: event.type }], skipDuplicates: true });
    if (stored.count === 0) return false;
    switch (event.type) {
      case "payment_intent.succeeded":
        await settle(tx, event, event.data.object, "succeeded");
        break;
      case "payment_intent.payment_failed":
        await settle(tx, event, event.data.object, "failed");
        break;
      case "charge.refunded": {
        const charge = event.data.object;
        // Partial refunds leave the fee paid; only a full refund reverses the payment.
        if (charge.refunded && charge.payment_intent) await settle(tx, event, charge, "refunded");
        break;
      }
      default:
        // Recorded, nothing to do.
        break;
    }
    await tx.stripeEvent.update({ where: { id: event.id }, data: { processedAt: clock.now() } });
    return true;
  });
}

async function settle(tx: Tx, event: Stripe.Event, object: Stripe.PaymentIntent | Stripe.Charge, outcome: StripeOutcome) {
  const intentId = object.object === "payment_intent" ? object.id : typeof object.payment_intent === "string" ? object.payment_intent : object.payment_intent?.id;
  if (!intentId) return;
  const payment = await lockPayment(tx, intentId, object.metadata?.paymentId);
  if (!payment) {
    logger.warn({ eventId: event.id, intentId }, "stripe webhook: no payment for this intent; ignored");
    return;
  }
  if (outcome === "succeeded" && object.object === "payment_intent" && (object.currency !== "cny" || !Money.fromFen(object.amount).equals(Money.fromFen(payment.amountFen)))) {
    logger.error({ eventId: event.id, intentId, amount: object.amount, currency: object.currency, paymentId: payment.id }, "stripe webhook: paid amount differs from the payment; not marked paid");
    return;
  }
  const to = nextStripeStatus(payment.method, payment.status, outcome);
  if (!to) return; // late or out of order (e.g. a failure after the success): nothing changes
  const now = clock.now();
  await tx.payment.update({
    where: { id: payment.id },
    data: { status: to, version: { increment: 1 }, stripePaymentIntentId: intentId, ...(to === "PAID" ? { paidAt: now, receivedOn: dateColumn(shanghaiDate(now)) } : {}) },
  });
  await recordAudit(tx, null, {
    ...auditSubjectOf(payment),
    action: `payment.stripe-${outcome}`,
    fromState: payment.status,
    toState: to,
    orgId: null,
    data: { paymentId: payment.id, kind: payment.kind, status: to, paymentIntentId: intentId, stripeEventId: event.id },
  });
  if (to === "PAID") await paymentPaid(tx, payment, now);
}

/**
 * The payment an intent belongs to, locked: by the stored intent id, else by the intent's
 * metadata (our write of the id may not have happened, e.g. a crash right after Stripe
 * answered) — only a Stripe payment that holds no other intent.
 */
async function lockPayment(tx: Tx, intentId: string, metadataPaymentId: string | undefined) {
  const byIntent = await tx.payment.findUnique({ where: { stripePaymentIntentId: intentId }, select: { id: true } });
  const id = byIntent?.id ?? metadataPaymentId;
  if (!id) return null;
  await tx.$queryRaw`SELECT id FROM "Payment" WHERE id = ${id} FOR UPDATE`;
  const payment = await tx.payment.findUnique({ where: { id } });
  if (!payment || payment.method !== "STRIPE") return null;
  if (payment.stripePaymentIntentId && payment.stripePaymentIntentId !== intentId) return null;
  return payment;
}
