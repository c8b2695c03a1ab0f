import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { systemActor } from "~/domain/shared/actor";
import { clock } from "~/domain/shared/clock";
import { db } from "~/utils/db.server";
import { actorOf } from "../../../test/factories/patents";
import { startStripeFake, type StripeFake } from "../../../test/fixtures/stripe-fake";
import { startTestServer, type TestServer } from "../../../test/setup/http";
import { createPayment } from "./create-payments.server";

const SECRET_KEY = "sk_test_ipbridge_fake";
const WEBHOOK_SECRET = "whsec_ipbridge_test_secret";
const STRIPE_VARS = ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_HOST", "STRIPE_API_PORT", "STRIPE_API_PROTOCOL"] as const;
const savedEnv = Object.fromEntries(STRIPE_VARS.map((k) => [k, process.env[k]]));

let server: TestServer;
let fake: StripeFake;
const orgs = { sme: "", bank: "", insurer: "", appraiser: "" };
const keys = { sme: "", appraiser: "" };

const call = (key: string, path: string, body?: unknown) =>
  server.fetch(`/api/v1${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/**
 * An OFFERED application whose terms are accepted and premium paid, owing its appraisal
 * fee (12,000.00) by card: paying it is what lets the platform contract.
 */
async function applicationOwingFee() {
  const app = await db.pledgeApplication.create({
    data: {
      smeId: orgs.sme,
      bankId: orgs.bank,
      insurerId: orgs.insurer,
      status: "OFFERED",
      requestedAmountFen: 100_000_000n,
      termMonths: 12,
      purpose: "购置木耳深加工生产线",
      approvedAmountFen: 85_000_000n,
      annualRate: "0.0385",
      approvedTermMonths: 12,
      premiumRate: "0.02",
      premiumFen: 1_700_000n,
      termsAcceptedAt: clock.now(),
      premiumPaidAt: clock.now(),
    },
  });
  await db.$transaction((tx) => createPayment(tx, { applicationId: app.id, kind: "APPRAISAL_FEE", payerId: orgs.sme, payeeId: orgs.appraiser, amountFen: 1_200_000n }));
  const payment = await db.payment.findUniqueOrThrow({ where: { applicationId_kind: { applicationId: app.id, kind: "APPRAISAL_FEE" } } });
  return { applicationId: app.id, payment };
}

async function payByCard(paymentId: string, key = keys.sme) {
  const current = await db.payment.findUniqueOrThrow({ where: { id: paymentId } });
  return call(key, `/payments/${paymentId}/actions/pay-by-card`, { version: current.version });
}

/** A payment with its intent started through the API. */
async function startedPayment() {
  const owing = await applicationOwingFee();
  const res = await payByCard(owing.payment.id);
  expect(res.status, await res.clone().text()).toBe(200);
  const intentId = (await db.payment.findUniqueOrThrow({ where: { id: owing.payment.id } })).stripePaymentIntentId;
  expect(intentId).toMatch(/^pi_/);
  return { ...owing, intent: fake.intents.get(intentId!)! };
}

function event(type: string, object: Record<string, unknown>) {
  return { id: `evt_${randomBytes(12).toString("hex")}`, object: "event", api_version: "2025-01-27", created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } };
}
const succeeded = (intent: object) => event("payment_intent.succeeded", { ...intent, status: "succeeded", amount_received: (intent as { amount: number }).amount });
const failed = (intent: object) => event("payment_intent.payment_failed", { ...intent, status: "requires_payment_method", last_payment_error: { code: "card_declined", message: "Your card was declined." } });
const refunded = (intent: { id: string; amount: number; metadata: object }) =>
  event("charge.refunded", { id: `ch_${randomBytes(8).toString("hex")}`, object: "charge", amount: intent.amount, amount_refunded: intent.amount, currency: "cny", paid: true, refunded: true, payment_intent: intent.id, metadata: intent.metadata, status: "succeeded" });

/** Delivers an event as Stripe does: the JSON body signed with the endpoint's secret. */
function deliver(evt: object, opts: { secret?: string; tamper?: (payload: string) => string; headers?: Record<string, string> } = {}) {
  const payload = JSON.stringify(evt, null, 2);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? WEBHOOK_SECRET });
  return server.fetch("/webhooks/stripe", {
    method: "POST",
    headers: { "Content-Type": "application/json; charset=utf-8", "Stripe-Signature": signature, "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)", ...opts.headers },
    body: opts.tamper ? opts.tamper(payload) : payload,
  });
}

const state = async (applicationId: string, paymentId: string) => ({
  payment: await db.payment.findUniqueOrThrow({ where: { id: paymentId }, select: { status: true, version: true, paidAt: true } }),
  application: await db.pledgeApplication.findUniqueOrThrow({ where: { id: applicationId }, select: { status: true, appraisalFeePaidAt: true } }),
  audits: await db.auditEvent.count({ where: { entityId: applicationId } }),
  events: await db.stripeEvent.count(),
});

beforeAll(async () => {
  fake = await startStripeFake({ secretKey: SECRET_KEY });
  Object.assign(process.env, { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_HOST: fake.host, STRIPE_API_PORT: String(fake.port), STRIPE_API_PROTOCOL: "http" });
  server = await startTestServer();
  const [sme, bank, insurer, appraiser] = [await actorOf("SME"), await actorOf("BANK"), await actorOf("INSURER"), await actorOf("APPRAISER")];
  Object.assign(orgs, { sme: sme.orgId, bank: bank.orgId, insurer: insurer.orgId, appraiser: appraiser.orgId });
  keys.sme = (await createApiKey(systemActor(), { orgId: sme.orgId, name: "sme" })).key;
  keys.appraiser = (await createApiKey(systemActor(), { orgId: appraiser.orgId, name: "appraiser" })).key;
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
  for (const k of STRIPE_VARS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

describe("Stripe card payments", () => {
  it("creates card payments when a Stripe key is configured, offline transfers when not", async () => {
    const { payment } = await applicationOwingFee();
    expect(payment).toMatchObject({ method: "STRIPE", status: "PENDING", stripePaymentIntentId: null });

    const key = process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_SECRET_KEY;
    try {
      const offline = await applicationOwingFee();
      expect(offline.payment.method).toBe("OFFLINE");
    } finally {
      process.env.STRIPE_SECRET_KEY = key;
    }
  });

  it("starts one PaymentIntent per payment: every create carries the key payment-<id>, retries get the same intent", async () => {
    const { applicationId, payment } = await applicationOwingFee();
    const listed = await (await call(keys.sme, `/payments?applicationId=${applicationId}`)).json();
    expect(listed.items[0]).toMatchObject({ method: "STRIPE", status: "PENDING", actions: ["pay-by-card"] });

    // A double click: both requests at once.
    const [a, b] = await Promise.all([payByCard(payment.id), payByCard(payment.id)]);
    expect(a.status, await a.clone().text()).toBe(200);
    expect(b.status, await b.clone().text()).toBe(200);
    const [first, second] = [await a.json(), await b.json()];
    expect(first.clientSecret).toMatch(/^pi_\w+_secret_/);
    expect(second.clientSecret).toBe(first.clientSecret);
    expect(first.items[0]).toMatchObject({ id: payment.id, status: "PENDING" });

    // Our write of the intent id lost (a crash right after Stripe answered): the next start creates again, with the same key.
    await db.payment.update({ where: { id: payment.id }, data: { stripePaymentIntentId: null } });
    const third = await payByCard(payment.id);
    expect(third.status).toBe(200);
    expect((await third.json()).clientSecret).toBe(first.clientSecret);
    // And once stored, a later start fetches that intent instead of creating one.
    const fourth = await payByCard(payment.id);
    expect((await fourth.json()).clientSecret).toBe(first.clientSecret);

    const creates = fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/payment_intents" && r.params["metadata[paymentId]"] === payment.id);
    expect(creates.length).toBeGreaterThanOrEqual(2);
    for (const c of creates) {
      expect(c.idempotencyKey).toBe(`payment-${payment.id}`);
      expect(c.authorization).toBe(`Bearer ${SECRET_KEY}`);
      expect(c.params).toMatchObject({ amount: "1200000", currency: "cny", "metadata[applicationId]": applicationId, "metadata[kind]": "APPRAISAL_FEE" });
    }
    const intents = [...fake.intents.values()].filter((i) => i.metadata.paymentId === payment.id);
    expect(intents).toHaveLength(1);
    expect(fake.requests.some((r) => r.method === "GET" && r.path === `/v1/payment_intents/${intents[0].id}`)).toBe(true);
    const stored = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(stored).toMatchObject({ stripePaymentIntentId: intents[0].id, status: "PENDING", version: payment.version });
  });

  it("lets only the payer pay by card, and only a card payment", async () => {
    const { payment } = await applicationOwingFee();
    expect((await payByCard(payment.id, keys.appraiser)).status).toBe(403);
    const stale = await call(keys.sme, `/payments/${payment.id}/actions/pay-by-card`, { version: payment.version + 1 });
    expect(stale.status).toBe(409);
    await db.payment.update({ where: { id: payment.id }, data: { method: "OFFLINE" } });
    expect((await payByCard(payment.id)).status).toBe(409);
    expect(fake.requests.filter((r) => r.params["metadata[paymentId]"] === payment.id)).toEqual([]);
  });

  it("marks the payment PAID on payment_intent.succeeded and the fee paid, letting the platform contract; a redelivery changes nothing", async () => {
    const { applicationId, payment, intent } = await startedPayment();
    const before = await state(applicationId, payment.id);
    expect(before.application).toMatchObject({ status: "OFFERED", appraisalFeePaidAt: null });

    const evt = succeeded(intent);
    // Stripe posts cross-site: the CSRF guard must let the signed webhook through.
    const res = await deliver(evt, { headers: { Origin: "https://hooks.stripe.com", "Sec-Fetch-Site": "cross-site" } });
    expect(res.status, await res.clone().text()).toBe(200);
    const after = await state(applicationId, payment.id);
    expect(after.payment).toMatchObject({ status: "PAID", version: before.payment.version + 1, paidAt: expect.any(Date) });
    expect(after.application).toMatchObject({ status: "CONTRACTED", appraisalFeePaidAt: expect.any(Date) });
    expect(await db.auditEvent.count({ where: { entityId: applicationId, action: "payment.stripe-succeeded" } })).toBe(1);
    expect(await db.stripeEvent.findUnique({ where: { id: evt.id } })).toMatchObject({ type: "payment_intent.succeeded", processedAt: expect.any(Date) });

    const again = await deliver(evt);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ received: true, duplicate: true });
    expect(await state(applicationId, payment.id)).toEqual(after);
    expect(await db.auditEvent.count({ where: { entityId: applicationId, action: "payment.stripe-succeeded" } })).toBe(1);
    expect(await db.stripeEvent.count({ where: { id: evt.id } })).toBe(1);

    const listed = await (await call(keys.sme, `/payments?applicationId=${applicationId}`)).json();
    expect(listed.items[0]).toMatchObject({ status: "PAID", actions: [] });
  });

  it("applies concurrent deliveries of one event once", async () => {
    const { applicationId, payment, intent } = await startedPayment();
    const evt = succeeded(intent);
    const replies = await Promise.all([deliver(evt), deliver(evt), deliver(evt)]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(replies.map((r) => r.json()));
    expect(bodies.filter((b) => b.duplicate === true)).toHaveLength(2);
    expect(await db.auditEvent.count({ where: { entityId: applicationId, action: "payment.stripe-succeeded" } })).toBe(1);
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).version).toBe(payment.version + 1);
  });

  it("keeps a paid payment PAID when a failure arrives after the success", async () => {
    const { applicationId, payment, intent } = await startedPayment();
    expect((await deliver(succeeded(intent))).status).toBe(200);
    const paid = await state(applicationId, payment.id);
    expect((await deliver(failed(intent))).status).toBe(200);
    const after = await state(applicationId, payment.id);
    expect(after.payment).toEqual(paid.payment);
    expect(after.application).toEqual(paid.application);
    expect(after.events).toBe(paid.events + 1); // recorded, not applied
  });

  it("pays after a failure (a second card attempt succeeded)", async () => {
    const { applicationId, payment, intent } = await startedPayment();
    expect((await deliver(failed(intent))).status).toBe(200);
    expect((await state(applicationId, payment.id)).payment.status).toBe("FAILED");
    const listed = await (await call(keys.sme, `/payments?applicationId=${applicationId}`)).json();
    expect(listed.items[0]).toMatchObject({ status: "FAILED", actions: ["pay-by-card"] });
    expect((await deliver(succeeded(intent))).status).toBe(200);
    const after = await state(applicationId, payment.id);
    expect(after.payment.status).toBe("PAID");
    expect(after.application.status).toBe("CONTRACTED");
  });

  it("refuses a bad signature with 400 and changes nothing", async () => {
    const { applicationId, payment, intent } = await startedPayment();
    const before = await state(applicationId, payment.id);
    const evt = succeeded(intent);
    const tampered = await deliver(evt, { tamper: (p) => p.replace('"amount": 1200000', '"amount": 1') });
    expect(tampered.status).toBe(400);
    expect((await deliver(evt, { secret: "whsec_someone_else" })).status).toBe(400);
    const unsigned = await server.fetch("/webhooks/stripe", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(evt) });
    expect(unsigned.status).toBe(400);
    expect(await state(applicationId, payment.id)).toEqual(before);
    expect(await db.stripeEvent.findUnique({ where: { id: evt.id } })).toBeNull();
  });

  it("marks the payment REFUNDED on charge.refunded, found by the charge's payment_intent", async () => {
    const { applicationId, payment, intent } = await startedPayment();
    expect((await deliver(succeeded(intent))).status).toBe(200);
    const res = await deliver(refunded(intent));
    expect(res.status).toBe(200);
    const after = await state(applicationId, payment.id);
    expect(after.payment.status).toBe("REFUNDED");
    expect(await db.auditEvent.count({ where: { entityId: applicationId, action: "payment.stripe-refunded" } })).toBe(1);
    // A late success does not bring a refunded payment back.
    expect((await deliver(succeeded(intent))).status).toBe(200);
    expect((await state(applicationId, payment.id)).payment.status).toBe("REFUNDED");
  });

  it("records unknown event types and events for unknown intents, and ignores them", async () => {
    const before = await db.stripeEvent.count();
    const unknown = event("customer.created", { id: "cus_123", object: "customer" });
    expect((await deliver(unknown)).status).toBe(200);
    const stranger = succeeded({ id: "pi_not_ours", object: "payment_intent", amount: 100, currency: "cny", metadata: {} });
    expect((await deliver(stranger)).status).toBe(200);
    expect(await db.stripeEvent.count()).toBe(before + 2);
    expect(await db.stripeEvent.findUnique({ where: { id: unknown.id } })).toMatchObject({ type: "customer.created", processedAt: expect.any(Date) });
  });
});
