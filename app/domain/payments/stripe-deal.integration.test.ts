import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { createPatent } from "~/domain/patents/save-patent.server";
import { systemActor, type Actor } from "~/domain/shared/actor";
import { pinClock } from "~/domain/shared/clock";
import type { OrgKind } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { actorOf, patentInput } from "../../../test/factories/patents";
import { startStripeFake, type StripeFake } from "../../../test/fixtures/stripe-fake";
import { killWorkerProcesses, startWorkerProcess } from "../../../test/fixtures/worker-process";
import { startTestServer, type TestServer } from "../../../test/setup/http";
import { waitFor } from "../../../test/setup/wait-for";
import { actOnDeal, makeOffer } from "../deals/act-on-deal.server";
import { createDeal } from "../deals/create-deal.server";

/**
 * A deal's upfront fee paid by card (issue 14 with the Stripe flow of ADR 0011): the deal
 * agreed with an upfront fee gets a STRIPE payment, the SME starts the PaymentIntent through
 * API v1, and Stripe's signed `payment_intent.succeeded` moves the payment to PAID and, in
 * the same transaction, the deal to PAID (subject.server.ts → dealFeePaid). Stripe is the
 * local HTTP fake; the worker process delivers the notifications. The clock is pinned.
 */
const TODAY = "2026-12-04";
const VALID_UNTIL = "2026-12-31";
const SECRET_KEY = "sk_test_ipbridge_fake";
const WEBHOOK_SECRET = "whsec_ipbridge_test_secret";
const STRIPE_VARS = ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_HOST", "STRIPE_API_PORT", "STRIPE_API_PROTOCOL"] as const;
const savedEnv = Object.fromEntries(STRIPE_VARS.map((k) => [k, process.env[k]]));

type Party = { actor: Actor & { userId: string }; key: string; orgId: string };
let server: TestServer;
let fake: StripeFake;
let unpin: () => void;
let holder: Party; // a university holding the patents
let sme: Party;
let otherSme: Party; // party to nothing

async function party(kind: OrgKind): Promise<Party> {
  const actor = await actorOf(kind);
  const { key } = await createApiKey(systemActor(), { orgId: actor.orgId, name: `${kind} system` });
  return { actor, key, orgId: actor.orgId };
}

const call = (key: string, path: string, body?: unknown) =>
  server.fetch(`/api/v1${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function view(p: Party, dealId: string) {
  const res = await call(p.key, `/deals/${dealId}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

/** A non-exclusive licence negotiated through the deal use cases: the holder offers 50,000.00 upfront, the SME accepts. */
async function agreedDeal() {
  const patent = await createPatent(holder.actor, patentInput({ title: "一种黑木耳菌渣制备生物有机肥的方法", listingMode: "NON_EXCLUSIVE" }), { publish: true });
  const started = await createDeal(sme.actor, { patentId: patent.id, mode: "NON_EXCLUSIVE", message: "希望获得普通许可" });
  const offer = await makeOffer(holder.actor, started.id, { version: started.version, mode: "NON_EXCLUSIVE", upfront: "50000.00", royaltyRate: "0.03", royaltyBasis: "NET_SALES", termMonths: 36, territory: "中国大陆", validUntil: VALID_UNTIL });
  const agreed = await actOnDeal(sme.actor, started.id, "accept-offer", { version: offer.version, offerId: offer.offerId });
  expect(agreed).toMatchObject({ status: "AGREED", consent: "NOT_NEEDED" });
  const payment = await db.payment.findFirstOrThrow({ where: { dealId: started.id } });
  return { dealId: started.id, dealVersion: agreed.version, payment };
}

async function payByCard(paymentId: string, p: Party = sme) {
  const current = await db.payment.findUniqueOrThrow({ where: { id: paymentId } });
  return call(p.key, `/payments/${paymentId}/actions/pay-by-card`, { version: current.version });
}

function event(type: string, object: Record<string, unknown>) {
  return { id: `evt_${randomBytes(12).toString("hex")}`, object: "event", api_version: "2025-01-27", created: 1_796_000_000, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } };
}
const succeeded = (intent: { amount: number }) => event("payment_intent.succeeded", { ...intent, status: "succeeded", amount_received: intent.amount });

/** Delivers an event as Stripe does: the JSON body signed with the endpoint's secret. */
function deliver(evt: object) {
  const payload = JSON.stringify(evt, null, 2);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  return server.fetch("/webhooks/stripe", {
    method: "POST",
    headers: { "Content-Type": "application/json; charset=utf-8", "Stripe-Signature": signature, "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)", Origin: "https://hooks.stripe.com", "Sec-Fetch-Site": "cross-site" },
    body: payload,
  });
}

/** Everything a webhook could change about a deal and its payment. */
const state = async (dealId: string, paymentId: string) => ({
  payment: await db.payment.findUniqueOrThrow({ where: { id: paymentId }, select: { status: true, version: true, paidAt: true, stripePaymentIntentId: true } }),
  deal: await db.deal.findUniqueOrThrow({ where: { id: dealId }, select: { status: true, version: true, paidAt: true } }),
  audits: await db.auditEvent.findMany({ where: { entityType: "Deal", entityId: dealId }, orderBy: [{ at: "asc" }, { id: "asc" }], select: { id: true, action: true } }),
  outbox: await db.outboxMessage.count({ where: { jobName: "notifications.deliver", payload: { path: ["link"], equals: `/deals/${dealId}` } } }),
});

/** The kinds of the notifications `p`'s members got about deal `id`, once the worker delivered `kind`. */
async function noticeReaches(p: Party, dealId: string, kind: string): Promise<string[]> {
  let got: string[] = [];
  await waitFor(
    async () => {
      got = (await db.notification.findMany({ where: { userId: p.actor.userId, link: `/deals/${dealId}` } })).map((n) => n.kind);
      return got.includes(kind);
    },
    { what: `${kind} for ${p.orgId} on deal ${dealId} (so far: ${got.join(", ")})` },
  );
  return got;
}

beforeAll(async () => {
  unpin = pinClock(`${TODAY}T10:00:00+08:00`);
  fake = await startStripeFake({ secretKey: SECRET_KEY });
  Object.assign(process.env, { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_HOST: fake.host, STRIPE_API_PORT: String(fake.port), STRIPE_API_PROTOCOL: "http" });
  server = await startTestServer();
  [holder, sme, otherSme] = [await party("UNIVERSITY"), await party("SME"), await party("SME")];
  startWorkerProcess();
});

afterAll(async () => {
  killWorkerProcesses();
  await server?.close();
  await fake?.close();
  unpin?.();
  for (const k of STRIPE_VARS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

describe("a deal's upfront fee paid by card (Stripe)", () => {
  it("agreeing a deal with an upfront fee creates its STRIPE payment, which only the SME may pay by card", async () => {
    const { dealId, payment } = await agreedDeal();
    expect(payment).toMatchObject({ kind: "DEAL_UPFRONT", method: "STRIPE", status: "PENDING", payerId: sme.orgId, payeeId: holder.orgId, amountFen: 5_000_000n, applicationId: null, stripePaymentIntentId: null });

    const smeView = await view(sme, dealId);
    expect(smeView).toMatchObject({ status: "AGREED", payment: { id: payment.id, method: "STRIPE", status: "PENDING", amount: "50000.00", actions: ["pay-by-card"] } });
    expect((await view(holder, dealId)).payment).toMatchObject({ id: payment.id, actions: [] });
    const listed = await (await call(sme.key, `/payments?dealId=${dealId}`)).json();
    expect(listed.items).toEqual([expect.objectContaining({ id: payment.id, dealId, kind: "DEAL_UPFRONT", method: "STRIPE", status: "PENDING", actions: ["pay-by-card"] })]);

    // The payee does not pay; a stranger learns nothing.
    expect((await payByCard(payment.id, holder)).status).toBe(403);
    expect((await payByCard(payment.id, otherSme)).status).toBe(404);
    expect(fake.requests.filter((r) => r.params["metadata[paymentId]"] === payment.id)).toEqual([]);
  });

  it("pay-by-card starts an intent naming the deal; payment_intent.succeeded pays the payment and the deal, on the deal's timeline, telling both parties; a redelivery changes nothing", async () => {
    const { dealId, dealVersion, payment } = await agreedDeal();

    const started = await payByCard(payment.id);
    expect(started.status, await started.clone().text()).toBe(200);
    const body = await started.json();
    expect(body.clientSecret).toMatch(/^pi_\w+_secret_/);
    expect(body.items).toEqual([expect.objectContaining({ id: payment.id, dealId, status: "PENDING" })]);

    const stored = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(stored).toMatchObject({ status: "PENDING", version: payment.version, stripePaymentIntentId: expect.stringMatching(/^pi_/) });
    const intent = fake.intents.get(stored.stripePaymentIntentId!)!;
    expect(intent).toMatchObject({ amount: 5_000_000, currency: "cny", client_secret: body.clientSecret });
    expect(intent.metadata).toEqual({ paymentId: payment.id, dealId, kind: "DEAL_UPFRONT" });
    const creates = fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/payment_intents" && r.params["metadata[paymentId]"] === payment.id);
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({ idempotencyKey: `payment-${payment.id}`, authorization: `Bearer ${SECRET_KEY}` });
    // Paying does not move the deal: Stripe's webhook does.
    expect((await db.deal.findUniqueOrThrow({ where: { id: dealId } })).status).toBe("AGREED");

    const evt = succeeded(intent);
    const res = await deliver(evt);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ received: true });

    const after = await state(dealId, payment.id);
    expect(after.payment).toMatchObject({ status: "PAID", version: payment.version + 1, paidAt: expect.any(Date), stripePaymentIntentId: intent.id });
    expect(after.deal).toMatchObject({ status: "PAID", version: dealVersion + 1, paidAt: expect.any(Date) });
    expect(await db.stripeEvent.findUnique({ where: { id: evt.id } })).toMatchObject({ type: "payment_intent.succeeded", processedAt: expect.any(Date) });

    // The deal's timeline, as its parties read it.
    const paid = await view(sme, dealId);
    expect(paid).toMatchObject({ status: "PAID", payment: { status: "PAID", paidAt: expect.any(String), actions: [] }, actions: ["cancel"] });
    const timeline = paid.timeline as { action: string; from: string | null; to: string | null; data: Record<string, unknown> | null }[];
    const actions = timeline.map((e) => e.action);
    expect(actions.slice(-3)).toEqual(["payment.pay-by-card", "payment.stripe-succeeded", "mark-paid"]);
    expect(timeline.at(-3)).toMatchObject({ data: { paymentId: payment.id, kind: "DEAL_UPFRONT", paymentIntentId: intent.id } });
    expect(timeline.at(-2)).toMatchObject({ from: "PENDING", to: "PAID", data: { paymentId: payment.id, paymentIntentId: intent.id, stripeEventId: evt.id } });
    expect(timeline.at(-1)).toMatchObject({ from: "AGREED", to: "PAID", data: { paymentId: payment.id } });
    expect((await view(holder, dealId)).actions.sort()).toEqual(["cancel", "record"]);

    // Both parties hear of it: written in the webhook's transaction, delivered by the worker.
    const paidNotices = await db.outboxMessage.findMany({ where: { jobName: "notifications.deliver", payload: { path: ["kind"], equals: "deal.paid" } } });
    const forDeal = paidNotices.map((m) => m.payload as { orgId: string; link: string }).filter((n) => n.link === `/deals/${dealId}`);
    expect(forDeal.map((n) => n.orgId).sort()).toEqual([sme.orgId, holder.orgId].sort());
    await noticeReaches(sme, dealId, "deal.paid");
    await noticeReaches(holder, dealId, "deal.paid");

    // Stripe delivers the same event again: answered, nothing changes.
    const again = await deliver(evt);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(await state(dealId, payment.id)).toEqual(after);
    expect(await db.stripeEvent.count({ where: { id: evt.id } })).toBe(1);
    // And a second success event for the same intent (another event id) finds the payment PAID: nothing changes either.
    const second = await deliver(succeeded(intent));
    expect(second.status).toBe(200);
    expect(await state(dealId, payment.id)).toEqual(after);

    // Paid: the SME cannot start another card payment.
    expect((await payByCard(payment.id)).status).toBe(409);
  });

  it("applies concurrent deliveries of one event once: one payment move, one deal move", async () => {
    const { dealId, dealVersion, payment } = await agreedDeal();
    expect((await payByCard(payment.id)).status).toBe(200);
    const { stripePaymentIntentId } = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    const evt = succeeded(fake.intents.get(stripePaymentIntentId!)!);
    const replies = await Promise.all([deliver(evt), deliver(evt), deliver(evt)]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await Promise.all(replies.map((r) => r.json()))).filter((b) => b.duplicate === true)).toHaveLength(2);
    const after = await state(dealId, payment.id);
    expect(after.payment).toMatchObject({ status: "PAID", version: payment.version + 1 });
    expect(after.deal).toMatchObject({ status: "PAID", version: dealVersion + 1 });
    expect(after.audits.filter((a) => a.action === "payment.stripe-succeeded")).toHaveLength(1);
    expect(after.audits.filter((a) => a.action === "mark-paid")).toHaveLength(1);
  });

  it("refuses pay-by-card (409) on a deal cancelled before paying, and asks nothing of Stripe", async () => {
    const { dealId, dealVersion, payment } = await agreedDeal();
    const cancelled = await actOnDeal(sme.actor, dealId, "cancel", { version: dealVersion, reason: "内部预算调整" });
    expect(cancelled.status).toBe("CANCELLED");
    expect((await view(sme, dealId)).payment).toMatchObject({ id: payment.id, status: "PENDING", actions: [] });

    const res = await payByCard(payment.id);
    expect(res.status, await res.clone().text()).toBe(409);
    const problem = await res.json();
    expect(problem.detail).toMatch(/[\u4e00-\u9fff]/);
    expect(fake.requests.filter((r) => r.params["metadata[paymentId]"] === payment.id || r.idempotencyKey === `payment-${payment.id}`)).toEqual([]);
    expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ status: "PENDING", version: payment.version, stripePaymentIntentId: null });
    expect((await db.auditEvent.findMany({ where: { entityType: "Deal", entityId: dealId } })).map((a) => a.action)).not.toContain("payment.pay-by-card");
  });

  it("a success reported after the deal was cancelled records the money but does not revive the deal", async () => {
    const { dealId, payment } = await agreedDeal();
    expect((await payByCard(payment.id)).status).toBe(200);
    const { stripePaymentIntentId } = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    const { version } = await db.deal.findUniqueOrThrow({ where: { id: dealId } });
    await actOnDeal(holder.actor, dealId, "cancel", { version });
    const cancelled = await state(dealId, payment.id);

    const res = await deliver(succeeded(fake.intents.get(stripePaymentIntentId!)!));
    expect(res.status, await res.clone().text()).toBe(200);
    const after = await state(dealId, payment.id);
    expect(after.payment.status).toBe("PAID");
    expect(after.deal).toEqual(cancelled.deal);
    expect(after.audits.map((a) => a.action)).not.toContain("mark-paid");
  });
});
