import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { createSession } from "~/domain/identity/sessions.server";
import { createPatent } from "~/domain/patents/save-patent.server";
import { systemActor, type Actor } from "~/domain/shared/actor";
import { pinClock } from "~/domain/shared/clock";
import { Money } from "~/domain/shared/money";
import { smesConvertingPatents } from "~/domain/deals/queries.server";
import { termsHash } from "~/domain/deals/rules";
import type { DealMode, RoyaltyBasis } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { sessionSetCookie } from "~/utils/session.server";
import { actorOf, patentInput } from "../factories/patents";
import { killWorkerProcesses, startWorkerProcess } from "../fixtures/worker-process";
import { startTestServer, type TestResponse, type TestServer } from "../setup/http";
import { waitFor } from "../setup/wait-for";

/**
 * Deals (issue 14) through API v1, on a real PostgreSQL and Redis, with the real worker
 * process delivering the notifications: the negotiated licence to CONVERTED, the open
 * licence in one click, races, the three protection rules, visibility and bad input.
 * The clock is pinned to a Shanghai morning, so dates never depend on the day the suite runs.
 */
const TODAY = "2026-12-04";
const TOMORROW = "2026-12-05";
const VALID_UNTIL = "2026-12-31";

let server: TestServer;
let unpin: () => void;

type Party = { actor: Actor & { userId: string }; key: string; orgId: string };
let holder: Party; // a university: holds every patent below
let smeA: Party;
let smeB: Party;
let smeC: Party; // a third SME, party to nothing
let stranger: Party; // another holder (an SOE), party to nothing
let bank: Party; // pledgee of the pledged patents
let otherBank: Party;
let platform: Party;
let gov: Party;

async function party(kind: Parameters<typeof actorOf>[0]): Promise<Party> {
  const actor = await actorOf(kind);
  const { key } = await createApiKey(systemActor(), { orgId: actor.orgId, name: `${kind} system` });
  return { actor, key, orgId: actor.orgId };
}

const call = (key: string, path: string, body?: unknown, method = "POST"): Promise<TestResponse> =>
  server.fetch(`/api/v1${path}`, {
    method: body === undefined ? "GET" : method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function expectStatus(res: TestResponse, status: number) {
  expect(res.status, `${res.url} ${await res.clone().text()}`).toBe(status);
  return res.json();
}

/**
 * A problem+json answer with exactly these fields in error. The deal's own checks explain in
 * Chinese; `anyLanguage` where the operation's declared body refuses first (a missing
 * field, a wrong JSON type: zod's default wording, as for every API v1 operation).
 */
async function expectProblem(res: TestResponse, status: number, fields: string[] = [], { anyLanguage = false } = {}) {
  expect(res.status, await res.clone().text()).toBe(status);
  expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  const body = await res.json();
  expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  if (fields.length) expect([...new Set((body.errors ?? []).map((e: { field: string }) => e.field))].sort()).toEqual([...fields].sort());
  for (const e of body.errors ?? []) expect(e.message, e.field).toMatch(anyLanguage ? /\S/ : /[\u4e00-\u9fff]/);
  return body;
}

/** A patent of the holder, listed in `listingMode`. */
async function listedPatent(listingMode: string, over: Record<string, unknown> = {}) {
  const saved = await createPatent(holder.actor, patentInput({ listingMode, ...over }), { publish: true });
  return saved.id as string;
}

const view = async (p: Party, id: string) => expectStatus(await call(p.key, `/deals/${id}`), 200);

async function startDeal(p: Party, patentId: string, mode: string, message?: string) {
  return expectStatus(await call(p.key, "/deals", { patentId, mode, ...(message ? { message } : {}) }), 201);
}

const offerBody = (over: Record<string, unknown> = {}) => ({ mode: "NON_EXCLUSIVE", upfront: "50000.00", royaltyRate: "0.035", termMonths: 36, validUntil: VALID_UNTIL, ...over });

async function offer(p: Party, id: string, over: Record<string, unknown> = {}) {
  const { version } = await view(p, id);
  return expectStatus(await call(p.key, `/deals/${id}/offers`, { version, ...offerBody(over) }), 201);
}

/** The caller's action with the version it just read. */
async function act(p: Party, id: string, action: string, fields: Record<string, unknown> = {}) {
  const { version } = await view(p, id);
  return call(p.key, `/deals/${id}/actions/${action}`, { version, ...fields });
}

/** The upfront fee by offline transfer: the SME enters its reference, the holder confirms receipt. */
async function payOffline(sme: Party, id: string) {
  const { payment } = await view(sme, id);
  expect(payment).toMatchObject({ status: "PENDING", method: "OFFLINE", actions: ["submit-transfer"] });
  await expectStatus(await call(sme.key, `/payments/${payment.id}/actions/submit-transfer`, { version: payment.version, reference: `HX${id.slice(-8)}` }), 200);
  await expectStatus(await call(holder.key, `/payments/${payment.id}/actions/confirm-receipt`, { version: payment.version + 1 }), 200);
}

/** The kinds of the notifications `p`'s members got about deal `id`, once the worker delivered at least `kinds`. */
async function noticesReach(p: Party, id: string, kinds: string[]): Promise<string[]> {
  let got: string[] = [];
  await waitFor(
    async () => {
      got = (await db.notification.findMany({ where: { userId: p.actor.userId, link: `/deals/${id}` }, orderBy: { createdAt: "asc" } })).map((n) => n.kind);
      return kinds.every((k) => got.filter((g) => g === k).length >= kinds.filter((x) => x === k).length);
    },
    { what: `${kinds.join(", ")} for ${p.orgId} on deal ${id} (so far: ${got.join(", ")})` },
  );
  return got;
}

/** What is in the outbox for an org's members about deal `id` (written in the move's transaction). */
async function outboxFor(p: Party, id: string): Promise<string[]> {
  const rows = await db.outboxMessage.findMany({ where: { jobName: "notifications.deliver", payload: { path: ["link"], equals: `/deals/${id}` } } });
  return rows.map((r) => r.payload as { orgId: string; kind: string }).filter((n) => n.orgId === p.orgId).map((n) => n.kind);
}

/** The fingerprint recomputed from what GET /deals/:id shows: the contract's SHA-256 must be of exactly these terms. */
function recomputedHash(d: { id: string; patent: { applicationNumber: string | null; title: string }; holder: { name: string; uscc: string }; sme: { name: string; uscc: string }; terms: { mode: DealMode; upfront: string; royaltyRate: string | null; royaltyBasis: RoyaltyBasis | null; termMonths: number | null; territory: string } }) {
  return termsHash({
    dealId: d.id,
    patent: { applicationNumber: d.patent.applicationNumber, title: d.patent.title },
    licensor: { name: d.holder.name, uscc: d.holder.uscc },
    licensee: { name: d.sme.name, uscc: d.sme.uscc },
    terms: { ...d.terms, upfront: Money.parseYuan(d.terms.upfront) },
  });
}

beforeAll(async () => {
  unpin = pinClock(`${TODAY}T10:00:00+08:00`);
  server = await startTestServer();
  [holder, smeA, smeB, smeC, stranger, bank, otherBank, platform] = [
    await party("UNIVERSITY"),
    await party("SME"),
    await party("SME"),
    await party("SME"),
    await party("SOE"),
    await party("BANK"),
    await party("BANK"),
    await party("PLATFORM"),
  ];
  gov = await party("GOVERNMENT");
  startWorkerProcess();
});

afterAll(async () => {
  killWorkerProcesses();
  await server?.close();
  unpin?.();
});

describe("API v1: deals", () => {
  it("negotiates a licence over three offers to CONVERTED: offline payment, record, conversion, every move audited and told to the other side", async () => {
    const patentId = await listedPatent("NON_EXCLUSIVE", { askingPrice: "60000.00" });
    const started = await startDeal(smeA, patentId, "NON_EXCLUSIVE", "我们希望以普通许可方式实施，请报价。");
    expect(started).toMatchObject({ status: "INQUIRY", version: 1, mode: "NON_EXCLUSIVE", consent: "NOT_NEEDED", yourRole: "SME", actions: ["cancel"] });
    const id = started.id as string;
    expect((await view(holder, id)).actions.sort()).toEqual(["cancel", "decline"]);

    // Three offers: the holder, the SME's counter, the holder again. Each supersedes the last.
    const first = await offer(holder, id, { upfront: "60000", royaltyRate: "0.05" });
    expect(first).toMatchObject({ status: "NEGOTIATING", version: 2, yourRole: "HOLDER", offerId: expect.any(String) });
    expect(first.actions).not.toContain("accept-offer"); // its own offer
    const counter = await offer(smeA, id, { upfront: "30000", royaltyRate: "0.03", termMonths: 24, territory: "陕西省" });
    const third = await offer(holder, id, { upfront: "40000.00", royaltyRate: "0.0350", royaltyBasis: "NET_SALES", termMonths: 36 });
    expect(third.version).toBe(4);

    const negotiating = await view(smeA, id);
    expect(negotiating.offers.map((o: { id: string; side: string; current: boolean }) => [o.id, o.side, o.current])).toEqual([
      [first.offerId, "HOLDER", false],
      [counter.offerId, "SME", false],
      [third.offerId, "HOLDER", true],
    ]);
    expect(negotiating.currentOffer).toMatchObject({ id: third.offerId, upfront: "40000.00", royaltyRate: "0.0350", termMonths: 36, territory: "中国大陆", validUntil: VALID_UNTIL });
    expect(negotiating.actions.sort()).toEqual(["accept-offer", "cancel"]);

    // The thread: plain text, both sides.
    await expectStatus(await call(smeA.key, `/deals/${id}/messages`, { body: "<b>价格</b>可以接受，请尽快安排合同。" }), 201);
    await expectStatus(await call(holder.key, `/deals/${id}/messages`, { message: "好的。" }), 201);

    // A superseded offer, a stale version, the holder accepting its own offer: 409, nothing changes.
    await expectProblem(await act(smeA, id, "accept-offer", { offerId: first.offerId }), 409);
    await expectProblem(await call(smeA.key, `/deals/${id}/actions/accept-offer`, { version: 3, offerId: third.offerId }), 409);
    await expectProblem(await act(holder, id, "accept-offer"), 409);
    expect(await view(smeA, id)).toMatchObject({ status: "NEGOTIATING", version: 4, terms: null, payment: null });

    const agreed = await expectStatus(await act(smeA, id, "accept-offer", { offerId: third.offerId }), 200);
    expect(agreed).toMatchObject({ status: "AGREED", version: 5, consent: "NOT_NEEDED", yourRole: "SME", actions: ["cancel"] });
    const afterAgreement = await view(holder, id);
    expect(afterAgreement.terms).toMatchObject({ mode: "NON_EXCLUSIVE", upfront: "40000.00", royaltyRate: "0.0350", royaltyBasis: "NET_SALES", termMonths: 36, territory: "中国大陆", termsHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(afterAgreement.terms.termsHash).toBe(recomputedHash(afterAgreement));
    expect(afterAgreement.payment).toMatchObject({ status: "PENDING", method: "OFFLINE", amount: "40000.00", actions: [] });
    expect(afterAgreement.messages.map((m: { side: string; body: string }) => [m.side, m.body])).toEqual([
      ["SME", "我们希望以普通许可方式实施，请报价。"],
      ["SME", "<b>价格</b>可以接受，请尽快安排合同。"],
      ["HOLDER", "好的。"],
    ]);
    // Not before the fee is paid.
    await expectProblem(await act(holder, id, "record", { recordNumber: "2026610000123", date: TODAY }), 409);

    await payOffline(smeA, id);
    const paid = await view(holder, id);
    expect(paid).toMatchObject({ status: "PAID", payment: { status: "PAID", paidAt: expect.any(String) }, actions: ["cancel", "record"] });

    // The record date cannot be in the future.
    await expectProblem(await act(holder, id, "record", { recordNumber: "2026610000123", date: TOMORROW }), 400, ["date"]);
    expect((await view(holder, id)).status).toBe("PAID");
    const recorded = await expectStatus(await act(holder, id, "record", { recordNumber: "2026610000123", date: TODAY }), 200);
    expect(recorded).toMatchObject({ status: "RECORDED", actions: [] });
    await expectProblem(await act(holder, id, "cancel"), 409);

    const converted = await expectStatus(await act(smeA, id, "report-conversion", { productName: "木耳多糖口服液", startedOn: TODAY, note: "首批 5000 盒" }), 200);
    expect(converted).toMatchObject({ status: "CONVERTED", actions: [] });
    const done = await view(smeA, id);
    expect(done).toMatchObject({ record: { number: "2026610000123", date: TODAY }, conversion: { productName: "木耳多糖口服液", startedOn: TODAY, note: "首批 5000 盒" } });
    expect(done.timeline.map((e: { action: string; to: string | null }) => [e.action, e.to])).toEqual([
      ["inquire", "INQUIRY"],
      ["make-offer", "NEGOTIATING"],
      ["make-offer", "NEGOTIATING"],
      ["make-offer", "NEGOTIATING"],
      ["accept-offer", "AGREED"],
      ["payment.submit-transfer", null],
      ["payment.confirm-receipt", null],
      ["mark-paid", "PAID"],
      ["record", "RECORDED"],
      ["report-conversion", "CONVERTED"],
    ]);
    // The county's indicator counts the SME (a university's patent), with the record behind it and no terms.
    const indicator = await smesConvertingPatents(gov.actor, { from: new Date("2026-12-01T00:00:00+08:00"), to: new Date("2027-01-01T00:00:00+08:00") });
    const record = indicator.records.find((r) => r.dealId === id);
    expect(record).toMatchObject({ sme: { id: smeA.orgId }, holder: { id: holder.orgId, kind: "UNIVERSITY" }, mode: "NON_EXCLUSIVE", recordedOn: TODAY, productionStartedOn: TODAY });
    expect(record).not.toHaveProperty("upfront");
    expect(indicator.count).toBeGreaterThanOrEqual(1);
    expect((await smesConvertingPatents(smeC.actor, { from: new Date("2026-12-01T00:00:00+08:00"), to: new Date("2027-01-01T00:00:00+08:00") })).records).toEqual([]);
    // GOVERNMENT sees converted deals only as the indicator's summary, never the deal itself.
    await expectProblem(await call(gov.key, `/deals/${id}`), 404);
    expect((await expectStatus(await call(gov.key, "/deals"), 200)).items).toEqual([]);
    // The thread closes with the deal.
    await expectProblem(await call(smeA.key, `/deals/${id}/messages`, { body: "谢谢" }), 409);

    // Each move reached the other side.
    expect(await noticesReach(holder, id, ["deal.inquiry", "deal.offer", "deal.message", "deal.agreed", "deal.paid", "deal.converted"])).not.toContain("deal.recorded");
    expect(await noticesReach(smeA, id, ["deal.offer", "deal.offer", "deal.message", "deal.paid", "deal.recorded"])).not.toContain("deal.agreed");
  });

  it("takes an open licence in one click: AGREED at the declared terms, the written notice stored, the fingerprint kept", async () => {
    const patentId = await listedPatent("OPEN_LICENCE", { askingPrice: "20000.00", royaltyPercent: "3.50", royaltyBasis: "NET_SALES" });
    // Never exclusive or sole on an open listing.
    await expectProblem(await call(smeA.key, "/deals", { patentId, mode: "EXCLUSIVE" }), 400, ["mode"]);

    const taken = await expectStatus(await call(smeA.key, "/deals", { patentId, mode: "OPEN" }), 201);
    expect(taken).toMatchObject({ status: "AGREED", version: 2, mode: "OPEN", consent: "NOT_NEEDED", yourRole: "SME" });
    const deal = await view(holder, taken.id);
    expect(deal.terms).toMatchObject({ mode: "OPEN", upfront: "20000.00", royaltyRate: "0.035", royaltyBasis: "NET_SALES", termMonths: null, territory: "中国大陆", termsHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(deal.terms.termsHash).toBe(recomputedHash(deal));
    expect(deal.openLicenceNotice).toContain("书面");
    expect(deal.openLicenceNotice).toContain("提成费率：3.5%（按净销售额计）");
    expect(deal.openLicenceNotice).toContain(`自 ${TODAY} 起`);
    expect(deal.openLicenceNotice).toContain(taken.id);
    expect((await db.deal.findUniqueOrThrow({ where: { id: taken.id } })).openLicenceNotice).toBe(deal.openLicenceNotice);
    expect(deal.payment).toMatchObject({ status: "PENDING", amount: "20000.00" });
    expect(deal.timeline.map((e: { action: string; to: string }) => [e.action, e.to])).toEqual([["take-open-licence", "AGREED"]]);
    // One open deal per SME and patent.
    await expectProblem(await call(smeA.key, "/deals", { patentId, mode: "OPEN" }), 409);
    await noticesReach(holder, taken.id, ["deal.agreed"]);
  });

  it("lets exactly one of two acceptances at once through (same version): one 200, one 409, agreed once", async () => {
    const patentId = await listedPatent("NON_EXCLUSIVE");
    const { id } = await startDeal(smeA, patentId, "NON_EXCLUSIVE");
    await offer(holder, id);
    const { version } = await view(smeA, id);
    const accept = () => call(smeA.key, `/deals/${id}/actions/accept-offer`, { version });
    const answers = await Promise.all([accept(), accept()]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    for (const r of answers) if (r.status === 409) expect(r.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    const deal = await view(smeA, id);
    expect(deal).toMatchObject({ status: "AGREED", version: version + 1 });
    expect(deal.timeline.filter((e: { action: string }) => e.action === "accept-offer")).toHaveLength(1);
    expect(await db.payment.count({ where: { dealId: id } })).toBe(1);
  });

  it("lets one of the two sides win when the SME accepts while the holder counters at the same version", async () => {
    const patentId = await listedPatent("NON_EXCLUSIVE");
    const { id } = await startDeal(smeA, patentId, "NON_EXCLUSIVE");
    await offer(holder, id);
    const { version } = await view(smeA, id);
    const [accepted, countered] = await Promise.all([
      call(smeA.key, `/deals/${id}/actions/accept-offer`, { version }),
      call(holder.key, `/deals/${id}/offers`, { version, ...offerBody({ upfront: "99000.00" }) }),
    ]);
    // Exactly one went through: the acceptance (200) or the counter-offer (201); the other is 409.
    expect([accepted.status, countered.status]).toContain(409);
    expect(accepted.status === 200 ? countered.status : accepted.status).toBe(409);
    expect(accepted.status === 200 || countered.status === 201).toBe(true);
    const deal = await view(smeA, id);
    expect(deal.version).toBe(version + 1);
    expect(deal.status).toBe(accepted.status === 200 ? "AGREED" : "NEGOTIATING");
    // Both "accept" at once: only the side that did not make the offer in force may.
    const patent2 = await listedPatent("NON_EXCLUSIVE");
    const second = await startDeal(smeB, patent2, "NON_EXCLUSIVE");
    await offer(holder, second.id);
    const v = (await view(smeB, second.id)).version;
    const both = await Promise.all([smeB, holder].map((p) => call(p.key, `/deals/${second.id}/actions/accept-offer`, { version: v })));
    expect(both.map((r) => r.status)).toEqual([200, 409]);
  });

  it("two SMEs' exclusive licences on one patent accepted at once: one 200, one 409; retried, still refused and nothing changed", async () => {
    const patentId = await listedPatent("EXCLUSIVE");
    const a = await startDeal(smeA, patentId, "EXCLUSIVE");
    const b = await startDeal(smeB, patentId, "EXCLUSIVE");
    await offer(holder, a.id, { mode: "EXCLUSIVE", upfront: "200000" });
    await offer(holder, b.id, { mode: "EXCLUSIVE", upfront: "210000" });
    const [va, vb] = [(await view(smeA, a.id)).version, (await view(smeB, b.id)).version];
    const answers = await Promise.all([call(smeA.key, `/deals/${a.id}/actions/accept-offer`, { version: va }), call(smeB.key, `/deals/${b.id}/actions/accept-offer`, { version: vb })]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const [winner, loser] = answers[0].status === 200 ? [{ p: smeA, id: a.id }, { p: smeB, id: b.id }] : [{ p: smeB, id: b.id }, { p: smeA, id: a.id }];
    expect((await view(winner.p, winner.id)).status).toBe("AGREED");

    // The exclusivity rule, asked again with the current version: refused, and nothing changed.
    const before = await view(loser.p, loser.id);
    const refused = await expectProblem(await act(loser.p, loser.id, "accept-offer"), 409);
    expect(refused.detail).toContain("独占许可");
    const after = await view(loser.p, loser.id);
    expect(after).toMatchObject({ status: "NEGOTIATING", version: before.version, terms: null, payment: null });
    expect(after.timeline).toEqual(before.timeline);
    expect(await db.deal.count({ where: { patentId, status: "AGREED" } })).toBe(1);
  });

  it("a pledged patent waits at AGREED for the pledgee bank, which sees it in its queue; consent proceeds, refusal cancels", async () => {
    const patentId = await listedPatent("NON_EXCLUSIVE");
    const patent = await db.patent.findUniqueOrThrow({ where: { id: patentId } });
    const pledge = await db.pledgeApplication.create({
      data: {
        smeId: holder.orgId,
        bankId: bank.orgId,
        insurerId: (await party("INSURER")).orgId,
        status: "REGISTERED",
        requestedAmountFen: 100_000_000n,
        termMonths: 12,
        purpose: "科研成果转化流动资金",
        submittedAt: new Date("2026-10-01T02:00:00Z"),
        cnipaRegNo: "Y2026610000999",
        registeredOn: new Date("2026-11-02T00:00:00Z"),
        assets: { create: { assetType: "INVENTION", patentId, registrationNumber: patent.applicationNumber ?? "x", title: patent.title } },
      },
    });

    const { id } = await startDeal(smeA, patentId, "NON_EXCLUSIVE");
    await offer(holder, id, { upfront: "50000" });
    // The bank sees nothing before its consent is asked.
    await expectProblem(await call(bank.key, `/deals/${id}`), 404);
    const agreed = await expectStatus(await act(smeA, id, "accept-offer"), 200);
    expect(agreed).toMatchObject({ status: "AGREED", consent: "PENDING" });
    const waiting = await view(holder, id);
    expect(waiting).toMatchObject({ consent: { status: "PENDING", bank: { id: bank.orgId }, pledgeApplicationId: pledge.id }, payment: null, actions: ["cancel"] });
    await expectProblem(await act(holder, id, "record", { recordNumber: "X1", date: TODAY }), 409);

    // The bank's work queue and its view (terms, not the thread); another bank sees nothing.
    const queue = await expectStatus(await call(bank.key, "/deals?role=BANK"), 200);
    expect(queue.items.map((d: { id: string }) => d.id)).toEqual([id]);
    const asBank = await view(bank, id);
    expect(asBank).toMatchObject({ yourRole: "BANK", terms: { upfront: "50000.00" }, messages: [] });
    expect(asBank.actions.sort()).toEqual(["consent", "refuse-consent"]);
    await expectProblem(await call(otherBank.key, `/deals/${id}`), 404);
    await expectProblem(await call(otherBank.key, `/deals/${id}/actions/consent`, { version: asBank.version }), 404);
    expect((await expectStatus(await call(otherBank.key, "/deals?role=BANK"), 200)).items).toEqual([]);
    await noticesReach(bank, id, ["deal.consent-asked"]);

    const consented = await expectStatus(await act(bank, id, "consent", { note: "同意许可，质权不受影响" }), 200);
    expect(consented).toMatchObject({ status: "AGREED", consent: "GIVEN" });
    // Once it answered, the deal is the parties' again.
    await expectProblem(await call(bank.key, `/deals/${id}`), 404);
    expect((await expectStatus(await call(bank.key, "/deals?role=BANK"), 200)).items).toEqual([]);
    await payOffline(smeA, id);
    await expectStatus(await act(holder, id, "record", { recordNumber: "2026610000456", date: TODAY }), 200);
    await noticesReach(smeA, id, ["deal.consented", "deal.paid", "deal.recorded"]);
    await noticesReach(holder, id, ["deal.consented"]);

    // refuse-consent: a reason is required, then the deal is cancelled and both sides hear of it.
    const other = await startDeal(smeB, patentId, "NON_EXCLUSIVE");
    await offer(holder, other.id, { upfront: "0", royaltyRate: "0.02" });
    expect(await expectStatus(await act(smeB, other.id, "accept-offer"), 200)).toMatchObject({ consent: "PENDING" });
    await expectProblem(await act(bank, other.id, "refuse-consent", {}), 400, ["reason"]);
    const refused = await expectStatus(await act(bank, other.id, "refuse-consent", { reason: "质押期间不同意再许可" }), 200);
    expect(refused).toMatchObject({ status: "CANCELLED" });
    expect(await view(smeB, other.id)).toMatchObject({ status: "CANCELLED", endNote: "质押期间不同意再许可" });
    await noticesReach(smeB, other.id, ["deal.consent-refused"]);
    await noticesReach(holder, other.id, ["deal.consent-refused"]);
  });

  it("finds a pledge by the application number alone, and asks no consent once the pledge is settled", async () => {
    const insurer = await party("INSURER");
    const pledgeOn = async (patentId: string, status: "DISBURSED" | "SETTLED", byNumberOnly: boolean) => {
      const p = await db.patent.findUniqueOrThrow({ where: { id: patentId } });
      return db.pledgeApplication.create({
        data: {
          smeId: holder.orgId,
          bankId: bank.orgId,
          insurerId: insurer.orgId,
          status,
          requestedAmountFen: 50_000_000n,
          termMonths: 12,
          purpose: "流动资金",
          submittedAt: new Date("2026-09-01T02:00:00Z"),
          assets: { create: { assetType: "INVENTION", patentId: byNumberOnly ? null : patentId, registrationNumber: p.applicationNumber!, title: p.title } },
        },
      });
    };
    const pledged = await listedPatent("NON_EXCLUSIVE");
    const pledge = await pledgeOn(pledged, "DISBURSED", true);
    const settled = await listedPatent("NON_EXCLUSIVE");
    await pledgeOn(settled, "SETTLED", false);

    const a = await startDeal(smeB, pledged, "NON_EXCLUSIVE");
    await offer(holder, a.id);
    expect(await expectStatus(await act(smeB, a.id, "accept-offer"), 200)).toMatchObject({ status: "AGREED", consent: "PENDING" });
    expect((await view(smeB, a.id)).consent).toMatchObject({ status: "PENDING", pledgeApplicationId: pledge.id });

    const b = await startDeal(smeB, settled, "NON_EXCLUSIVE");
    await offer(holder, b.id);
    expect(await expectStatus(await act(smeB, b.id, "accept-offer"), 200)).toMatchObject({ status: "AGREED", consent: "NOT_NEEDED" });
    expect((await view(smeB, b.id)).payment).toMatchObject({ status: "PENDING" });
  });

  it("a recorded assignment moves the patent to the SME, ends its listing and cancels the other open deal with a notice to each party", async () => {
    const patentId = await listedPatent("ASSIGNMENT", { askingPrice: "500000.00" });
    const a = await startDeal(smeA, patentId, "ASSIGNMENT");
    const b = await startDeal(smeB, patentId, "ASSIGNMENT");
    await offer(holder, b.id, { mode: "ASSIGNMENT", upfront: "480000", royaltyRate: null, termMonths: 12 });
    await offer(holder, a.id, { mode: "ASSIGNMENT", upfront: "500000", royaltyRate: null, termMonths: 12 });
    await expectStatus(await act(smeA, a.id, "accept-offer"), 200);
    await payOffline(smeA, a.id);
    const bBefore = await view(smeB, b.id);
    expect(bBefore.status).toBe("NEGOTIATING");

    await expectStatus(await act(holder, a.id, "record", { recordNumber: "ZL2026-转让-0001", date: TODAY }), 200);
    const moved = await db.patent.findUniqueOrThrow({ where: { id: patentId }, include: { listing: true } });
    expect(moved).toMatchObject({ holderId: smeA.orgId, status: "UNLISTED", listing: null });

    const cancelled = await view(smeB, b.id);
    expect(cancelled).toMatchObject({ status: "CANCELLED", version: bBefore.version + 1, actions: [] });
    expect(cancelled.endNote).toContain("转让");
    expect(cancelled.timeline.at(-1)).toMatchObject({ action: "cancel", from: "NEGOTIATING", to: "CANCELLED", data: { cause: "patent-assigned", assignmentDealId: a.id } });
    // The notices were written in the same transaction, and the worker delivers them to each party.
    expect(await outboxFor(smeB, b.id)).toContain("deal.cancelled");
    expect(await outboxFor(holder, b.id)).toContain("deal.cancelled");
    await noticesReach(smeB, b.id, ["deal.cancelled"]);
    await noticesReach(holder, b.id, ["deal.cancelled"]);
    await noticesReach(smeA, a.id, ["deal.recorded"]);
    // The cancelled deal takes no more steps, and the old holder cannot start over.
    await expectProblem(await act(smeB, b.id, "cancel"), 409);
    await expectProblem(await call(smeC.key, "/deals", { patentId, mode: "ASSIGNMENT" }), 400, ["patentId"]);
  });

  it("a stranger org and a third SME get 404 on every deal endpoint, the same as for a deal that does not exist", async () => {
    const patentId = await listedPatent("NON_EXCLUSIVE");
    const { id } = await startDeal(smeA, patentId, "NON_EXCLUSIVE", "仅双方可见");
    await offer(holder, id);
    const { version, currentOffer } = await view(smeA, id);
    const bodies: Record<string, Record<string, unknown>> = {
      "accept-offer": { version, offerId: currentOffer.id },
      decline: { version, reason: "PRICE" },
      cancel: { version },
      consent: { version },
      "refuse-consent": { version, reason: "不同意" },
      record: { version, recordNumber: "X1", date: TODAY },
      "report-conversion": { version, productName: "产品", startedOn: TODAY },
    };
    for (const outsider of [stranger, smeC]) {
      for (const dealId of [id, "no-such-deal"]) {
        await expectProblem(await call(outsider.key, `/deals/${dealId}`), 404);
        await expectProblem(await call(outsider.key, `/deals/${dealId}/offers`, { version, ...offerBody() }), 404);
        await expectProblem(await call(outsider.key, `/deals/${dealId}/messages`, { body: "你好" }), 404);
        for (const [action, body] of Object.entries(bodies)) await expectProblem(await call(outsider.key, `/deals/${dealId}/actions/${action}`, body), 404);
        await expectProblem(await call(outsider.key, `/deals/${dealId}/conversion-evidence`), 404);
        const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
        await expectProblem(await server.fetch(`/api/v1/deals/${dealId}/conversion-evidence`, { method: "PUT", headers: { Authorization: `Bearer ${outsider.key}`, "Content-Type": "application/pdf" }, body: pdf }), 404);
      }
      const list = await expectStatus(await call(outsider.key, "/deals"), 200);
      expect(list.items.map((d: { id: string }) => d.id)).not.toContain(id);
    }
    // Nothing an outsider did changed the deal or reached the thread.
    expect(await view(smeA, id)).toMatchObject({ status: "NEGOTIATING", version, messages: [{ body: "仅双方可见" }] });
    // The platform reads it (and takes no step).
    expect(await view(platform, id)).toMatchObject({ id, yourRole: null, actions: [] });
    await expectProblem(await call(platform.key, `/deals/${id}/actions/cancel`, { version }), 403);

    // Agreed, with an upfront fee: its payment is the parties' alone too.
    await expectStatus(await act(smeA, id, "accept-offer"), 200);
    const { payment } = await view(smeA, id);
    for (const outsider of [stranger, smeC]) {
      await expectProblem(await call(outsider.key, `/payments?dealId=${id}`), 404);
      await expectProblem(await call(outsider.key, `/payments/${payment.id}/actions/submit-transfer`, { version: payment.version, reference: "X" }), 404);
      await expectProblem(await call(outsider.key, `/payments/${payment.id}/actions/confirm-receipt`, { version: payment.version }), 404);
    }
    expect((await view(smeA, id)).payment).toMatchObject({ status: "PENDING", version: payment.version });

    // The pages: the deal, its contract draft and its evidence answer 404 to a signed-in outsider.
    for (const outsider of [stranger, smeC]) {
      const browser = server.client();
      const session = await createSession({ userId: outsider.actor.userId, orgId: outsider.orgId });
      const [name, value] = (await sessionSetCookie(session.id)).split(";")[0].split("=");
      browser.cookies.set(name, value);
      for (const page of [`/deals/${id}`, `/deals/${id}/contract`, `/deals/${id}/evidence`]) expect((await browser.get(page)).status, `${outsider.orgId} ${page}`).toBe(404);
      expect((await browser.get("/deals")).status).toBe(200);
    }
    // … and the deal's own parties see the deal page.
    const own = server.client();
    const session = await createSession({ userId: smeA.actor.userId, orgId: smeA.orgId });
    const [name, value] = (await sessionSetCookie(session.id)).split(";")[0].split("=");
    own.cookies.set(name, value);
    expect((await own.get(`/deals/${id}`)).status).toBe(200);
  });

  it("answers invalid bodies with problem+json field errors, never a 500, and changes nothing", async () => {
    const patentId = await listedPatent("NON_EXCLUSIVE");
    await expectProblem(await call(smeA.key, "/deals", {}), 400, ["patentId", "mode"], { anyLanguage: true });
    await expectProblem(await call(smeA.key, "/deals", { patentId, mode: "LEASE" }), 400, ["mode"], { anyLanguage: true });
    await expectProblem(await call(smeA.key, "/deals", { patentId, mode: "NON_EXCLUSIVE", message: "字".repeat(2_001) }), 400, ["message"]);
    await expectProblem(await call(smeA.key, "/deals", { patentId: "no-such-patent", mode: "NON_EXCLUSIVE" }), 400, ["patentId"]);
    await expectProblem(await call(holder.key, "/deals", { patentId, mode: "NON_EXCLUSIVE" }), 403);
    await expectProblem(await call(smeA.key, "/deals", { patentId, mode: "EXCLUSIVE" }), 400, ["mode"]);
    const raw = await server.fetch("/api/v1/deals", { method: "POST", headers: { Authorization: `Bearer ${smeA.key}`, "Content-Type": "application/json" }, body: "{not json" });
    await expectProblem(raw, 400);

    const { id } = await startDeal(smeA, patentId, "NON_EXCLUSIVE");
    const { version } = await view(holder, id);
    const offers = `/deals/${id}/offers`;
    await expectProblem(await call(holder.key, offers, { version, ...offerBody({ royaltyRate: "3.5", termMonths: 1.5, validUntil: "2026-02-30" }) }), 400, ["royaltyRate", "termMonths", "validUntil"]);
    await expectProblem(await call(holder.key, offers, { version, ...offerBody({ royaltyRate: "3.5", validUntil: "2026-02-30", territory: "地".repeat(101) }) }), 400, ["royaltyRate", "validUntil", "territory"]);
    await expectProblem(await call(holder.key, offers, { version, ...offerBody({ upfront: "-1" }) }), 400, ["upfront"]);
    await expectProblem(await call(holder.key, offers, { version, ...offerBody({ mode: "EXCLUSIVE" }) }), 400, ["mode"]);
    await expectProblem(await call(holder.key, offers, { version, ...offerBody({ upfront: "0", royaltyRate: null }) }), 400, ["upfront"]);
    await expectProblem(await call(holder.key, offers, { version, ...offerBody({ validUntil: "2026-12-03" }) }), 400, ["validUntil"]);
    await expectProblem(await call(holder.key, offers, { version, ...offerBody({ validUntil: "2028-01-01" }) }), 400, ["validUntil"]);
    await expectProblem(await call(holder.key, offers, { version: version + 7, ...offerBody() }), 409);
    await expectProblem(await call(holder.key, `/deals/${id}/messages`, { body: "  " }), 400, ["body"]);
    await expectProblem(await call(holder.key, `/deals/${id}/messages`, { body: "字".repeat(2_001) }), 400, ["body"]);

    const actions = `/deals/${id}/actions`;
    await expectProblem(await call(holder.key, `${actions}/decline`, { version, reason: "OTHER" }), 400, ["note"]);
    await expectProblem(await call(holder.key, `${actions}/decline`, { version, reason: "BORED" }), 400, ["reason"]);
    await expectProblem(await call(holder.key, `${actions}/decline`, { reason: "PRICE" }), 400, ["version"], { anyLanguage: true });
    await expectProblem(await call(holder.key, `${actions}/decline`, { version: "two", reason: "PRICE" }), 400, ["version"], { anyLanguage: true });
    await expectProblem(await call(holder.key, `${actions}/approve`, { version }), 404);
    await expectProblem(await call(smeA.key, `${actions}/accept-offer`, { version, offerId: 42 }), 400, ["offerId"]);
    // A move that is not the caller's: 403; not in this status: 409.
    await expectProblem(await call(smeA.key, `${actions}/decline`, { version, reason: "PRICE" }), 403);
    await expectProblem(await call(holder.key, `${actions}/record`, { version, recordNumber: "X", date: TODAY }), 409);

    expect(await view(smeA, id)).toMatchObject({ status: "INQUIRY", version: 1, offers: [], messages: [] });
    expect(server.statuses.filter((s) => s.status >= 500)).toEqual([]);
  });

  it("an SME starting the same deal twice at once gets one deal: one 201, one 409", async () => {
    for (const [listing, mode] of [["NON_EXCLUSIVE", "NON_EXCLUSIVE"], ["OPEN_LICENCE", "OPEN"]] as const) {
      const patentId = await listedPatent(listing, listing === "OPEN_LICENCE" ? { askingPrice: "10000.00", royaltyPercent: "2", royaltyBasis: "NET_SALES" } : {});
      const answers = await Promise.all([0, 1].map(() => call(smeB.key, "/deals", { patentId, mode })));
      expect(answers.map((r) => r.status).sort(), mode).toEqual([201, 409]);
      expect(await db.deal.count({ where: { patentId, smeId: smeB.orgId } }), mode).toBe(1);
      expect(await db.payment.count({ where: { deal: { patentId } } }), mode).toBe(mode === "OPEN" ? 1 : 0);
    }
  });

  it("refuses the exclusivity race in the database: an exclusive deal agreed in a transaction not yet committed makes the other 409", async () => {
    const patentId = await listedPatent("SOLE");
    const a = await startDeal(smeA, patentId, "SOLE");
    const b = await startDeal(smeB, patentId, "SOLE");
    await offer(holder, a.id, { mode: "SOLE" });
    await offer(holder, b.id, { mode: "SOLE" });
    const { version } = await view(smeB, b.id);
    let answer: TestResponse | undefined;
    // A's agreement is written but not committed while B's acceptance runs: B's read of the
    // binding deals cannot see it, so only the database's partial unique index can refuse B.
    await db.$transaction(async (tx) => {
      await tx.deal.update({ where: { id: a.id }, data: { status: "AGREED", mode: "SOLE", agreedAt: new Date(), version: { increment: 1 } } });
      const pending = call(smeB.key, `/deals/${b.id}/actions/accept-offer`, { version }).then((r) => (answer = r));
      await waitFor(async () => (await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)[0].n > 0n || answer !== undefined, { what: "B's acceptance waiting on the index" });
      void pending;
    }, { timeout: 120_000 });
    await waitFor(() => answer !== undefined, { what: "B's answer" });
    const problem = await expectProblem(answer!, 409);
    expect(problem.detail).toContain("同时达成");
    expect(await view(smeB, b.id)).toMatchObject({ status: "NEGOTIATING", version, payment: null });
  });

  it("cannot accept an offer past its validity", async () => {
    const patentId = await listedPatent("NON_EXCLUSIVE");
    const { id } = await startDeal(smeC, patentId, "NON_EXCLUSIVE");
    await offer(holder, id, { validUntil: TODAY });
    const restore = pinClock(`${TOMORROW}T10:00:00+08:00`);
    try {
      await expectProblem(await act(smeC, id, "accept-offer"), 409);
    } finally {
      restore();
    }
    expect((await view(smeC, id)).status).toBe("NEGOTIATING");
  });

  // Found by this suite: after a deal is cancelled its PENDING upfront payment still offers
  // submit-transfer and accepts it (and confirm-receipt then makes it PAID for a deal that
  // stays CANCELLED). The payments module is to refuse a payment whose deal has ended.
  it("a cancelled deal's fee can no longer be paid", async () => {
    const patent2 = await listedPatent("NON_EXCLUSIVE");
    const second = await startDeal(smeC, patent2, "NON_EXCLUSIVE");
    await offer(holder, second.id, { upfront: "8000" });
    await expectStatus(await act(smeC, second.id, "accept-offer"), 200);
    const { payment } = await view(smeC, second.id);
    await expectStatus(await act(smeC, second.id, "cancel", { reason: "资金安排变化" }), 200);
    const cancelled = await view(smeC, second.id);
    expect(cancelled.payment?.actions ?? []).toEqual([]);
    const submit = await call(smeC.key, `/payments/${payment.id}/actions/submit-transfer`, { version: payment.version, reference: "HX-LATE" });
    expect(submit.status, await submit.clone().text()).toBe(409);
    expect((await view(smeC, second.id)).status).toBe("CANCELLED");
  });

  it("a royalty-only licence skips PAID: the holder records from AGREED; a cancelled deal is told to the other side; lists filter by status and role", async () => {
    const patentId = await listedPatent("NON_EXCLUSIVE");
    const { id } = await startDeal(smeC, patentId, "NON_EXCLUSIVE");
    // The SME may open the negotiation with its own offer; the holder accepts it.
    await offer(smeC, id, { upfront: "0", royaltyRate: "0.04", termMonths: 60 });
    const agreed = await expectStatus(await act(holder, id, "accept-offer"), 200);
    expect(agreed).toMatchObject({ status: "AGREED", yourRole: "HOLDER" });
    expect(agreed.actions.sort()).toEqual(["cancel", "record"]);
    expect(await view(smeC, id)).toMatchObject({ payment: null, terms: { upfront: "0.00", royaltyRate: "0.04" } });
    expect(await db.payment.count({ where: { dealId: id } })).toBe(0);
    // Not before the deal was agreed, not in the future.
    await expectProblem(await act(holder, id, "record", { recordNumber: "X", date: "2026-12-03" }), 400, ["date"]);
    await expectStatus(await act(holder, id, "record", { recordNumber: "2026610000789", date: TODAY }), 200);
    await expectProblem(await act(smeC, id, "report-conversion", { productName: "木耳脆片", startedOn: "2026-12-03" }), 400, ["startedOn"]);
    await noticesReach(smeC, id, ["deal.agreed", "deal.recorded"]);

    const other = await startDeal(smeC, await listedPatent("NON_EXCLUSIVE"), "NON_EXCLUSIVE");
    await expectStatus(await act(smeC, other.id, "cancel", { reason: "另选技术方案" }), 200);
    await noticesReach(holder, other.id, ["deal.inquiry", "deal.cancelled"]);

    const mine = await expectStatus(await call(smeC.key, "/deals?status=RECORDED&role=SME"), 200);
    expect(mine.items.map((d: { id: string }) => d.id)).toEqual([id]);
    const cancelledAsHolder = await expectStatus(await call(holder.key, `/deals?status=CANCELLED&role=HOLDER&pageSize=100`), 200);
    expect(cancelledAsHolder.items.map((d: { id: string }) => d.id)).toContain(other.id);
    expect(cancelledAsHolder.items.every((d: { status: string; holder: { id: string } }) => d.status === "CANCELLED" && d.holder.id === holder.orgId)).toBe(true);
    expect((await expectStatus(await call(smeC.key, "/deals?role=HOLDER"), 200)).items).toEqual([]);
  });

  it("an org that is not active (PENDING; a suspended org's keys are refused outright) reads its deals but takes no step", async () => {
    const sme = await party("SME");
    const patentId = await listedPatent("NON_EXCLUSIVE");
    const { id } = await startDeal(sme, patentId, "NON_EXCLUSIVE");
    await offer(holder, id);
    await db.organization.update({ where: { id: sme.orgId }, data: { status: "PENDING" } });
    try {
      const seen = await view(sme, id);
      expect(seen).toMatchObject({ status: "NEGOTIATING", yourRole: null, actions: [] });
      await expectProblem(await call(sme.key, `/deals/${id}/actions/accept-offer`, { version: seen.version }), 403);
      await expectProblem(await call(sme.key, `/deals/${id}/offers`, { version: seen.version, ...offerBody() }), 403);
      await expectProblem(await call(sme.key, `/deals/${id}/messages`, { body: "还在吗？" }), 403);
      await expectProblem(await call(sme.key, "/deals", { patentId: await listedPatent("NON_EXCLUSIVE"), mode: "NON_EXCLUSIVE" }), 403);
      expect((await view(holder, id)).version).toBe(seen.version);
    } finally {
      await db.organization.update({ where: { id: sme.orgId }, data: { status: "ACTIVE" } });
    }
  });

  it("the holder declines with a reason, and the SME hears it", async () => {
    const patentId = await listedPatent("NON_EXCLUSIVE");
    const { id } = await startDeal(smeB, patentId, "NON_EXCLUSIVE");
    const declined = await expectStatus(await act(holder, id, "decline", { reason: "TOO_EARLY", note: "中试尚未完成" }), 200);
    expect(declined).toMatchObject({ status: "DECLINED", actions: [] });
    expect(await view(smeB, id)).toMatchObject({ decline: { reason: "TOO_EARLY", note: "中试尚未完成" } });
    await noticesReach(smeB, id, ["deal.declined"]);
  });
});
