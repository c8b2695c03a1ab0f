import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { systemActor } from "~/domain/shared/actor";
import { closeBidding } from "../appraisal/close-bidding.server";
import { expireOffer } from "../appraisal/respond-to-assignment.server";
import { flagOverdueApplications } from "./flag-overdue.server";
import { db } from "~/utils/db.server";
import { shanghaiDate, yearOf } from "../shared/calendar";
import { clock, clockEnvironment, nowMs } from "../shared/clock";
import { Money } from "../shared/money";
import { actorOf, randomApplicationNumber } from "../../../test/factories/patents";
import { startTestServer, type TestServer } from "../../../test/setup/http";

let server: TestServer;
const keys: Record<"sme" | "sme8" | "bank" | "insurer" | "otherBank" | "gov" | "appraiserA" | "appraiserB" | "appraiserC", string> = {
  sme: "",
  sme8: "",
  bank: "",
  insurer: "",
  otherBank: "",
  gov: "",
  appraiserA: "",
  appraiserB: "",
  appraiserC: "",
};
const orgs: Record<"sme" | "sme8" | "bank" | "insurer" | "gov" | "appraiserA" | "appraiserB" | "appraiserC", string> = { sme: "", sme8: "", bank: "", insurer: "", gov: "", appraiserA: "", appraiserB: "", appraiserC: "" };

const call = (key: string, path: string, body?: unknown, method = "POST") =>
  server.fetch(`/api/v1${path}`, {
    method: body === undefined ? "GET" : method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function act(key: string, id: string, action: string, fields: object = {}) {
  const current = await (await call(key, `/pledge-applications/${id}`)).json();
  return call(key, `/pledge-applications/${id}/actions/${action}`, { version: current.version, ...fields });
}

/** The SPEC §8 example's assets: an invention patent and a utility model, both the SME's own. */
const exampleAssets = () => [
  { kind: "PATENT", applicationNumber: randomApplicationNumber(1), title: "一种黑木耳多糖的低温提取方法" },
  { kind: "PATENT", applicationNumber: randomApplicationNumber(2), title: "一种木耳烘干装置" },
];

async function createApplication(assets: object[] = exampleAssets(), smeKey = keys.sme) {
  const res = await call(smeKey, "/pledge-applications", { bankId: orgs.bank, insurerId: orgs.insurer, requestedAmount: "1000000.00", termMonths: 12, purpose: "购置木耳深加工生产线", assets });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

/** The SME's and the bank's view of its appraisal job. */
async function jobOf(key: string, applicationId: string) {
  const job = await db.appraisalJob.findUniqueOrThrow({ where: { applicationId } });
  return (await call(key, `/appraisal-jobs/${job.id}`)).json();
}

/** A moment after the job's current deadline: what the deadline job's clock reads. */
const afterDeadline = (job: { deadline: string }) => new Date(Date.parse(job.deadline) + 1_000);

/**
 * The appraisal market, as SPEC §7 runs it: both appraisers bid, the deadline job
 * closes bidding, the winner accepts and reports 3,000,000.00 for the invention and
 * 800,000.00 for the utility model (the SPEC §8 example).
 */
async function appraise(id: string, smeKey = keys.sme, onlyA = false) {
  const opened = await jobOf(smeKey, id);
  expect(opened).toMatchObject({ status: "OPEN", bids: [], bidCount: null, referenceFee: "8000.00", referenceFeePolicyVersion: "ZS-FIN@2024-1" });
  expect((await call(keys.appraiserA, `/appraisal-jobs/${opened.id}/bid`, { fee: "12000.00", days: 10, method: "INCOME" }, "PUT")).status).toBe(200);
  if (!onlyA) expect((await call(keys.appraiserB, `/appraisal-jobs/${opened.id}/bid`, { fee: "15000.00", days: 7, method: "MARKET", note: "三日内现场尽调" }, "PUT")).status).toBe(200);
  // The test clock: the deadline passes and its job falls due; the worker process closes bidding.
  await db.appraisalJob.update({ where: { id: opened.id }, data: { deadline: new Date(nowMs() - 5 * 24 * 3_600_000 - 1_000) } });
  await db.outboxMessage.updateMany({ where: { jobName: "appraisal.close-bidding", dispatchedAt: null, payload: { path: ["jobId"], equals: opened.id } }, data: { availableAt: clock.now() } });
  await expect.poll(async () => (await db.appraisalJob.findUniqueOrThrow({ where: { id: opened.id } })).status).toBe("OFFERED");
  const closed = await jobOf(smeKey, id);
  const winnerKey = closed.assignedAppraiserId === orgs.appraiserA ? keys.appraiserA : keys.appraiserB;
  expect((await call(winnerKey, `/appraisal-jobs/${closed.id}/actions/accept-assignment`, { version: closed.version })).status).toBe(200);
  const assigned = await (await call(winnerKey, `/appraisal-jobs/${closed.id}`)).json();
  const values = assigned.assets.map((a: { id: string; assetType: string }) => ({ assetId: a.id, value: a.assetType === "INVENTION" ? "3000000.00" : "800000.00" }));
  const reported = await call(winnerKey, `/appraisal-jobs/${closed.id}/actions/submit-report`, { version: assigned.version, values, method: "INCOME", validUntil: day(400) });
  expect(reported.status, await reported.clone().text()).toBe(200);
}

/** A date `offset` days from today in the county (the books take no future date). */
const day = (offset: number) => shanghaiDate(new Date(nowMs() + offset * 86_400_000));
/** A pledge registration number of the year of `date` (CNIPA's format: Y + year + 9 digits). */
const regNo = (date: string, serial: string) => `Y${date.slice(0, 4)}${serial.padStart(9, "0").slice(-9)}`;

async function toBankReview(smeKey = keys.sme, onlyA = false) {
  const app = await createApplication(exampleAssets(), smeKey);
  expect((await act(smeKey, app.id, "submit")).status).toBe(200);
  // Submitted 40 days ago: the loan's later events fall between then and today.
  await db.pledgeApplication.update({ where: { id: app.id }, data: { submittedAt: new Date(nowMs() - 40 * 86_400_000) } });
  await appraise(app.id, smeKey, onlyA);
  expect((await act(smeKey, app.id, "accept-report")).status).toBe(200);
  const accepted = await act(keys.bank, app.id, "accept-report");
  expect(accepted.status).toBe(200);
  expect((await accepted.json()).status).toBe("BANK_REVIEW");
  return app.id as string;
}

let privateFiles: string;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  // Report PDFs go to a directory of this run's own, removed afterwards.
  privateFiles = mkdtempSync(path.join(tmpdir(), "ipb-private-"));
  process.env.PRIVATE_FILES_DIR = privateFiles;
  server = await startTestServer();
  // The real worker process: it closes bidding when a deadline's job falls due.
  worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    env: { ...process.env, ...clockEnvironment(), NODE_ENV: "test", LOG_LEVEL: "warn", OUTBOX_POLL_MS: "100" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const sme = await actorOf("SME");
  const sme8 = await actorOf("SME");
  const bank = await actorOf("BANK");
  const insurer = await actorOf("INSURER");
  const otherBank = await actorOf("BANK");
  const gov = await actorOf("GOVERNMENT");
  const [appraiserA, appraiserB, appraiserC] = [await actorOf("APPRAISER"), await actorOf("APPRAISER"), await actorOf("APPRAISER")];
  // Appraiser profiles (filing record, qualifications); C declared an affiliation with the bank.
  for (const [actor, affiliated] of [[appraiserA, []], [appraiserB, []], [appraiserC, [bank.orgId]]] as const) {
    await db.appraiserProfile.create({ data: { orgId: actor.orgId, filingRecordNumber: `SX-PG-${actor.orgId.slice(-6)}`, qualifiedAssetTypes: ["INVENTION", "UTILITY_MODEL", "DESIGN"], affiliatedOrgIds: [...affiliated], capacity: 50 } });
  }
  Object.assign(orgs, { sme: sme.orgId, sme8: sme8.orgId, bank: bank.orgId, insurer: insurer.orgId, gov: gov.orgId, appraiserA: appraiserA.orgId, appraiserB: appraiserB.orgId, appraiserC: appraiserC.orgId });
  for (const [name, actor] of Object.entries({ sme, sme8, bank, insurer, otherBank, gov, appraiserA, appraiserB, appraiserC })) {
    keys[name as keyof typeof keys] = (await createApiKey(systemActor(), { orgId: actor.orgId, name })).key;
  }
});

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker?.once("exit", resolve));
    worker.kill("SIGTERM");
    await exited;
  }
  await server?.close();
  rmSync(privateFiles, { recursive: true, force: true });
  delete process.env.PRIVATE_FILES_DIR;
});

describe("API v1: pledge applications", () => {
  it("runs from DRAFT to SETTLED with the SPEC §8 amounts exactly, every step on the timeline", async () => {
    const id = await toBankReview();

    // Loan cap 3,000,000 × 0.25 + 800,000 × 0.15 = 870,000.00: one fen more is refused and changes nothing.
    const over = await act(keys.bank, id, "bank-approve", { amount: "870000.01", annualRate: "0.0385", termMonths: 12 });
    expect(over.status).toBe(400);
    const problem = await over.json();
    expect(JSON.stringify(problem.errors)).toContain("870,000.00");
    const unchanged = await (await call(keys.bank, `/pledge-applications/${id}`)).json();
    expect(unchanged).toMatchObject({ status: "BANK_REVIEW", terms: { approvedAmount: null } });

    const approved = await act(keys.bank, id, "bank-approve", { amount: "850000.00", annualRate: "0.0385", termMonths: 12 });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: "INSURER_REVIEW", terms: { loanCap: "870000.00", approvedAmount: "850000.00", annualRate: "0.0385", termMonths: 12, policyVersion: "ZS-FIN@2024-1" } });

    const offered = await act(keys.insurer, id, "insurer-approve", { premiumRate: "0.02" });
    expect(offered.status).toBe(200);
    expect(await offered.json()).toMatchObject({ status: "OFFERED", terms: { premium: "17000.00", premiumRate: "0.02" } });

    // Terms accepted before the fees are paid: recorded, still OFFERED.
    const accepted = await (await act(keys.sme, id, "accept-terms")).json();
    expect(accepted).toMatchObject({ status: "OFFERED", terms: { acceptedAt: expect.any(String) } });
    expect(accepted.actions).not.toContain("accept-terms");
    expect((await act(keys.bank, id, "register", { cnipaRegNo: regNo(day(-30), "610000123"), date: day(-30) })).status).toBe(409);

    // Both fees by offline transfer: the SME enters its references, the appraiser and the
    // insurer confirm receipt; the platform contracts on the last confirmation.
    const payments = (await (await call(keys.sme, `/payments?applicationId=${id}`)).json()).items;
    expect(payments.map((p: { kind: string; amount: string; status: string }) => [p.kind, p.amount, p.status]).sort()).toEqual([
      ["APPRAISAL_FEE", expect.stringMatching(/^(12000|15000)\.00$/), "PENDING"],
      ["PREMIUM", "17000.00", "PENDING"],
    ]);
    for (const p of payments) {
      const payeeKey = p.kind === "PREMIUM" ? keys.insurer : p.payee.id === orgs.appraiserA ? keys.appraiserA : keys.appraiserB;
      expect((await call(payeeKey, `/payments/${p.id}/actions/confirm-receipt`, { version: p.version })).status).toBe(409);
      expect((await call(keys.bank, `/payments/${p.id}/actions/submit-transfer`, { version: p.version, reference: "X" })).status).toBe(404);
      const submitted = await call(keys.sme, `/payments/${p.id}/actions/submit-transfer`, { version: p.version, reference: `HX2026${p.kind}` });
      expect(submitted.status).toBe(200);
      const confirmed = await call(payeeKey, `/payments/${p.id}/actions/confirm-receipt`, { version: p.version + 1 });
      expect(confirmed.status, await confirmed.clone().text()).toBe(200);
    }
    const contracted = await (await call(keys.sme, `/pledge-applications/${id}`)).json();
    expect(contracted).toMatchObject({ status: "CONTRACTED", payments: { appraisalFeePaidAt: expect.any(String), premiumPaidAt: expect.any(String) } });

    expect((await act(keys.bank, id, "register", { cnipaRegNo: regNo(day(-30), "610000123"), date: day(-30) })).status).toBe(200);
    expect((await act(keys.bank, id, "disburse", { amount: "850000.01", date: day(-25) })).status).toBe(400);
    expect((await act(keys.bank, id, "disburse", { amount: "850000.00", date: day(-25) })).status).toBe(200);
    const repaying = await (await act(keys.bank, id, "record-repayment", { date: day(-20), principal: "50000.00", interest: "2817.99" })).json();
    expect(repaying).toMatchObject({ status: "REPAYING", principalRepaid: "50000.00", interestPaid: "2817.99", outstandingPrincipal: "800000.00" });
    expect((await act(keys.bank, id, "record-repayment", { date: day(-15), principal: "800000.01", interest: "0" })).status).toBe(400);
    const settled = await (await act(keys.bank, id, "record-repayment", { date: day(0), principal: "800000.00", interest: "2500.00" })).json();
    expect(settled).toMatchObject({ status: "SETTLED", outstandingPrincipal: "0.00", registration: { cnipaRegNo: regNo(day(-30), "610000123"), registeredOn: day(-30), cancelledOn: day(0) }, actions: [] });

    // Subsidy awards join the timeline when the worker makes them; the moves are these.
    const path = settled.timeline.filter((e: { action: string }) => !e.action.startsWith("subsidy.")).map((e: { to: string }) => e.to);
    expect(path).toEqual(["DRAFT", "SUBMITTED", "APPRAISAL", "APPRAISAL", "APPRAISAL", "APPRAISED", "BANK_REVIEW", "INSURER_REVIEW", "OFFERED", "OFFERED", null, null, null, null, "CONTRACTED", "REGISTERED", "DISBURSED", "REPAYING", "SETTLED"]);
    expect(settled.timeline.find((e: { action: string }) => e.action === "bank-approve").data).toMatchObject({ amount: "850000.00", loanCap: "870000.00", policy: "ZS-FIN@2024-1" });
  }, 300_000); // a whole journey through the worker process: slower on a loaded machine, never red

  it("lets exactly one of two officers deciding at once succeed; the other gets 409 and nothing changes twice", async () => {
    const id = await toBankReview();
    const { version } = await (await call(keys.bank, `/pledge-applications/${id}`)).json();
    const [a, b] = await Promise.all([
      call(keys.bank, `/pledge-applications/${id}/actions/bank-approve`, { version, amount: "850000.00", annualRate: "0.0385", termMonths: 12 }),
      call(keys.bank, `/pledge-applications/${id}/actions/bank-reject`, { version, reason: "抵押物不足" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const events = await db.auditEvent.count({ where: { entityId: id, action: { in: ["bank-approve", "bank-reject"] } } });
    expect(events).toBe(1);
  });

  it("refuses the wrong party, the wrong state, a stale version and bad fields, changing nothing", async () => {
    const app = await createApplication();
    // The bank sees no draft at all.
    expect((await call(keys.bank, `/pledge-applications/${app.id}`)).status).toBe(404);
    expect((await call(keys.bank, `/pledge-applications/${app.id}/actions/submit`, { version: 1 })).status).toBe(404);
    // The SME cannot approve its own loan, even once the bank may.
    const id = await toBankReview();
    expect((await act(keys.sme, id, "bank-approve", { amount: "1.00", annualRate: "0.03", termMonths: 12 })).status).toBe(403);
    const { version } = await (await call(keys.bank, `/pledge-applications/${id}`)).json();
    expect((await call(keys.otherBank, `/pledge-applications/${id}`)).status).toBe(404);
    expect((await call(keys.otherBank, `/pledge-applications/${id}/actions/bank-reject`, { version, reason: "x" })).status).toBe(404);
    expect((await act(keys.insurer, id, "insurer-approve", { premiumRate: "0.02" })).status).toBe(409);
    expect((await call(keys.bank, `/pledge-applications/${id}/actions/bank-reject`, { version: 1, reason: "过期版本" })).status).toBe(409);
    const bad = await act(keys.bank, id, "bank-approve", { amount: "-5", annualRate: "3.85%", termMonths: 40 });
    expect(bad.status).toBe(400);
    expect(Object.keys(Object.fromEntries((await bad.json()).errors.map((e: { pointer?: string; field?: string }) => [e.pointer ?? e.field, 1]))).length).toBeGreaterThanOrEqual(3);
    expect((await call(keys.bank, `/pledge-applications/${id}/actions/launch-rocket`, { version: 1 })).status).toBe(404);
    const after = await (await call(keys.bank, `/pledge-applications/${id}`)).json();
    expect(after).toMatchObject({ status: "BANK_REVIEW", terms: { approvedAmount: null } });
  });

  it("validates a new application and writes nothing when any part is wrong", async () => {
    const before = await db.pledgeApplication.count();
    const res = await call(keys.sme, "/pledge-applications", {
      bankId: orgs.insurer,
      insurerId: orgs.insurer,
      requestedAmount: "0",
      termMonths: 12,
      purpose: "x",
      assets: [{ kind: "PATENT", applicationNumber: "CN202010000001.0", title: "坏号" }],
    });
    expect(res.status).toBe(400);
    expect(await db.pledgeApplication.count()).toBe(before);
    // Someone else's patent, and a patent listed twice.
    const number = randomApplicationNumber(1);
    const notOwn = await call(keys.sme, "/pledge-applications", {
      bankId: orgs.bank,
      insurerId: orgs.insurer,
      requestedAmount: "100000.00",
      termMonths: 12,
      purpose: "流动资金",
      assets: [{ kind: "CATALOG_PATENT", patentId: "not-ours" }, { kind: "PATENT", applicationNumber: number, title: "甲" }, { kind: "PATENT", applicationNumber: number, title: "甲" }],
    });
    expect(notOwn.status).toBe(400);
    const messages = JSON.stringify((await notOwn.json()).errors);
    expect(messages).toContain("只能质押本企业持有的专利");
    expect(messages).toContain("同一资产不能重复质押");
    expect(await db.pledgeApplication.count()).toBe(before);
    // A bank cannot apply for a loan.
    expect((await call(keys.bank, "/pledge-applications", { bankId: orgs.bank, insurerId: orgs.insurer, requestedAmount: "1.00", termMonths: 1, purpose: "x", assets: exampleAssets() })).status).toBe(403);
  });

  it("lists applications per party and lets the SME withdraw before disbursement only", async () => {
    const id = await toBankReview();
    const bankList = await (await call(keys.bank, "/pledge-applications?status=BANK_REVIEW&pageSize=100")).json();
    expect(bankList.items.map((i: { id: string }) => i.id)).toContain(id);
    const otherList = await (await call(keys.otherBank, "/pledge-applications")).json();
    expect(otherList.items.map((i: { id: string }) => i.id)).not.toContain(id);
    const govList = await (await call(keys.gov, "/pledge-applications?pageSize=100")).json();
    expect(govList.total).toBeGreaterThan(0);
    // GOVERNMENT reads, never acts.
    expect((await call(keys.gov, `/pledge-applications/${id}`)).status).toBe(200);
    expect((await act(keys.gov, id, "bank-reject", { reason: "x" })).status).toBe(403);
    const withdrawn = await (await act(keys.sme, id, "withdraw", { reason: "改用信用贷款" })).json();
    expect(withdrawn).toMatchObject({ status: "WITHDRAWN", endReason: "改用信用贷款", actions: [] });
  });

  it("keeps bids sealed, assigns by the SPEC §7 score once however often the deadline job runs, and lets a rejected report be redone", async () => {
    const app = await createApplication();
    await act(keys.sme, app.id, "submit");
    const job = await jobOf(keys.sme, app.id);
    // C is affiliated with the bank: it does not even see the job.
    expect((await call(keys.appraiserC, `/appraisal-jobs/${job.id}`)).status).toBe(404);
    await call(keys.appraiserA, `/appraisal-jobs/${job.id}/bid`, { fee: "12000.00", days: 10, method: "INCOME" }, "PUT");
    await call(keys.appraiserB, `/appraisal-jobs/${job.id}/bid`, { fee: "9000.00", days: 20, method: "COST" }, "PUT");
    // Before the deadline: each appraiser sees its own bid only; SME and bank see none.
    const seenByA = await (await call(keys.appraiserA, `/appraisal-jobs/${job.id}`)).json();
    expect(seenByA).toMatchObject({ myBid: { fee: "12000.00" }, bids: [] });
    expect(JSON.stringify(seenByA), JSON.stringify(seenByA)).not.toContain('"9000.00"');
    expect((await jobOf(keys.bank, app.id)).bids).toEqual([]);
    // The deadline job runs twice: one assignment.
    const [first, second] = [await closeBidding(job.id, afterDeadline(job)), await closeBidding(job.id, afterDeadline(job))];
    expect(first.outcome).toBe("assigned");
    expect(second.outcome).toBe("already-closed");
    expect(await db.auditEvent.count({ where: { entityId: job.id, action: "appraisal.assign" } })).toBe(1);
    // After it: SME and bank see every bid; a competitor still only its own.
    expect((await jobOf(keys.bank, app.id)).bids.map((b: { fee: string }) => b.fee).sort()).toEqual(["12000.00", "9000.00"]);
    expect(JSON.stringify(await (await call(keys.appraiserA, `/appraisal-jobs/${job.id}`)).json())).not.toContain('"9000.00"');
    // Bidding is over.
    expect((await call(keys.appraiserA, `/appraisal-jobs/${job.id}/bid`, { fee: "1.00", days: 1, method: "INCOME" }, "PUT")).status).toBe(409);

    const closed = await jobOf(keys.sme, app.id);
    const [winnerKey, otherKey] = closed.assignedAppraiserId === orgs.appraiserA ? [keys.appraiserA, keys.appraiserB] : [keys.appraiserB, keys.appraiserA];
    // Only the offered appraiser can answer; it declines, the next-ranked bid is offered at its own fee.
    expect((await call(otherKey, `/appraisal-jobs/${job.id}/actions/accept-assignment`, { version: closed.version })).status).toBe(404);
    const declined = await call(winnerKey, `/appraisal-jobs/${job.id}/actions/decline-assignment`, { version: closed.version, reason: "排期已满" });
    expect(declined.status, await declined.clone().text()).toBe(200);
    const reoffered = await jobOf(keys.sme, app.id);
    expect(reoffered.assignedAppraiserId).not.toBe(closed.assignedAppraiserId);
    expect(reoffered.status).toBe("OFFERED");
    expect((await call(otherKey, `/appraisal-jobs/${job.id}/actions/accept-assignment`, { version: reoffered.version })).status).toBe(200);
    const assigned = await (await call(otherKey, `/appraisal-jobs/${job.id}`)).json();
    const values = assigned.assets.map((a: { id: string }) => ({ assetId: a.id, value: "100000.00" }));
    // A report must value every asset.
    expect((await call(otherKey, `/appraisal-jobs/${job.id}/actions/submit-report`, { version: assigned.version, values: values.slice(1), method: "COST", validUntil: day(365) })).status).toBe(400);
    expect((await call(otherKey, `/appraisal-jobs/${job.id}/actions/submit-report`, { version: assigned.version, values, method: "COST", validUntil: day(365) })).status).toBe(200);
    // The bank rejects it: values cleared, the appraiser reports again.
    expect((await act(keys.bank, app.id, "reject-report", { reason: "市场法依据不足" })).status).toBe(200);
    expect((await (await call(keys.sme, `/pledge-applications/${app.id}`)).json()).assets.every((a: { appraisedValue: string | null }) => a.appraisedValue === null)).toBe(true);
    const again = await (await call(otherKey, `/appraisal-jobs/${job.id}`)).json();
    expect((await call(otherKey, `/appraisal-jobs/${job.id}/actions/submit-report`, { version: again.version, values, method: "INCOME", validUntil: day(365) })).status).toBe(200);
    // The report's PDF: checked by its magic bytes and its size, served to the parties only.
    const upload = (body: Uint8Array) =>
      server.fetch(`/api/v1/appraisal-jobs/${job.id}/report-file`, { method: "PUT", headers: { Authorization: `Bearer ${otherKey}`, "Content-Type": "application/pdf" }, body: new Blob([body as Uint8Array<ArrayBuffer>]) });
    expect((await upload(new TextEncoder().encode("<html>not a pdf</html>"))).status).toBe(400);
    expect((await upload(new Uint8Array(20 * 1024 * 1024 + 1).fill(0x25))).status).toBe(413);
    const pdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    const uploaded = await upload(pdf);
    expect(uploaded.status, await uploaded.clone().text()).toBe(200);
    expect((await uploaded.json()).reportFile).toMatchObject({ bytes: pdf.length });
    const stored = await db.appraisalJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(stored.reportFilePath).toMatch(/^appraisal-reports\//);
    const download = await server.fetch(`/api/v1/appraisal-jobs/${job.id}/report-file`, { headers: { Authorization: `Bearer ${keys.bank}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    expect((await server.fetch(`/api/v1/appraisal-jobs/${job.id}/report-file`, { headers: { Authorization: `Bearer ${winnerKey}` } })).status).toBe(404);
    expect((await server.fetch(`/api/v1/appraisal-jobs/${job.id}/report-file`, { headers: { Authorization: `Bearer ${keys.otherBank}` } })).status).toBe(404);

    expect((await act(keys.bank, app.id, "accept-report")).status).toBe(200);
    expect((await (await act(keys.sme, app.id, "accept-report")).json()).status).toBe("BANK_REVIEW");
    // Once accepted, the report (and its file) is final.
    expect((await upload(pdf)).status).toBe(409);
  });

  it("extends bidding once when nobody eligible bid, then draws the seeded lottery", async () => {
    const app = await createApplication();
    await act(keys.sme, app.id, "submit");
    const job = await jobOf(keys.sme, app.id);
    // C's bid does not count: it is affiliated with the bank.
    await db.appraisalBid.create({ data: { jobId: job.id, appraiserId: orgs.appraiserC, feeFen: 100_000n, days: 3, method: "COST" } });
    expect((await closeBidding(job.id, afterDeadline(job))).outcome).toBe("extended");
    const extended = await jobOf(keys.sme, app.id);
    expect(Date.parse(extended.deadline) - Date.parse(job.deadline)).toBe(72 * 3_600_000);
    // The original deadline's job running late now has nothing to do.
    expect((await closeBidding(job.id, afterDeadline(job))).outcome).toBe("not-yet");
    const drawn = await closeBidding(job.id, afterDeadline(extended));
    expect(drawn.outcome).toBe("lottery");
    const after = await jobOf(keys.sme, app.id);
    expect(after).toMatchObject({ status: "OFFERED", assignedFee: "8000.00", lotterySeed: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(after.assignedAppraiserId).not.toBe(orgs.appraiserC);
  });

  it("flags a stage past its SLA once, to GOVERNMENT and the party owing the next step; the next move clears it", async () => {
    const id = await toBankReview();
    // The bank review started eleven days ago (the SLA is ten).
    await db.pledgeApplication.update({ where: { id }, data: { stageEnteredAt: new Date(nowMs() - 11 * 24 * 3_600_000) } });
    expect((await flagOverdueApplications()).flagged).toBeGreaterThanOrEqual(1);
    expect((await flagOverdueApplications()).flagged).toBe(0);
    const flagged = await (await call(keys.bank, `/pledge-applications/${id}`)).json();
    expect(flagged.overdue).toBe(true);
    expect(flagged.timeline.filter((e: { action: string }) => e.action === "sla.overdue")).toHaveLength(1);
    const notices = await db.outboxMessage.findMany({ where: { jobName: "notifications.deliver" } });
    const ours = notices.map((n) => n.payload as { sourceKey: string; orgId: string }).filter((p) => p.sourceKey.startsWith(`pledge.overdue:${id}:`));
    expect(new Set(ours.map((p) => p.orgId))).toEqual(new Set([orgs.bank, orgs.gov]));
    await act(keys.bank, id, "bank-approve", { amount: "850000.00", annualRate: "0.0385", termMonths: 12 });
    expect((await db.pledgeApplication.findUniqueOrThrow({ where: { id } })).overdueFlaggedAt).toBeNull();
  });

  it("tells the platform, the SME and the bank when no appraiser takes the job, and the payer when its transfer did not arrive", async () => {
    const platform = await actorOf("PLATFORM");
    const app = await createApplication();
    await act(keys.sme, app.id, "submit");
    const job = await jobOf(keys.sme, app.id);
    await call(keys.appraiserA, `/appraisal-jobs/${job.id}/bid`, { fee: "12000.00", days: 10, method: "INCOME" }, "PUT");
    await closeBidding(job.id, afterDeadline(job));
    const offered = await db.appraisalJob.findUniqueOrThrow({ where: { id: job.id } });
    expect((await expireOffer(job.id, (offered.offeredAt as Date).toISOString())).expired).toBe(true);
    expect((await db.appraisalJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("UNASSIGNED");
    const told = async (prefix: string) =>
      (await db.outboxMessage.findMany({ where: { jobName: "notifications.deliver" } }))
        .map((m) => m.payload as { sourceKey: string; orgId: string; kind: string })
        .filter((p) => p.sourceKey.startsWith(prefix))
        .map((p) => `${p.orgId === orgs.sme ? "sme" : p.orgId === orgs.bank ? "bank" : p.orgId}:${p.kind}`);
    expect(await told(`appraisal.unassigned:${job.id}:`)).toEqual(expect.arrayContaining([`${platform.orgId}:appraisal.update`, "sme:financing.sme-update", "bank:financing.update"]));

    // The insurer reports that a premium transfer never arrived: the SME (payer) owes the next step.
    const payment = await db.payment.create({
      data: { applicationId: app.id, kind: "PREMIUM", payerId: orgs.sme, payeeId: orgs.insurer, amountFen: 1_700_000n, method: "OFFLINE", status: "TRANSFER_SUBMITTED", transferReference: "HX-MISSING", createdAt: clock.now() },
    });
    const missing = await call(keys.insurer, `/payments/${payment.id}/actions/report-missing`, { version: payment.version });
    expect(missing.status, await missing.clone().text()).toBe(200);
    expect(await told(`payment.missing:${payment.id}:`)).toEqual(["sme:payment.turn"]);
  });

  it("lets an unanswered offer fall through after 48 h, once; the SME rates the appraiser once the report is accepted", async () => {
    const app = await createApplication();
    await act(keys.sme, app.id, "submit");
    const job = await jobOf(keys.sme, app.id);
    await call(keys.appraiserA, `/appraisal-jobs/${job.id}/bid`, { fee: "12000.00", days: 10, method: "INCOME" }, "PUT");
    await call(keys.appraiserB, `/appraisal-jobs/${job.id}/bid`, { fee: "12500.00", days: 10, method: "INCOME" }, "PUT");
    await closeBidding(job.id, afterDeadline(job));
    const offered = await db.appraisalJob.findUniqueOrThrow({ where: { id: job.id } });
    // The expiry job of that offer is waiting in the outbox until 48 h after it.
    const expiry = (await db.outboxMessage.findMany({ where: { jobName: "appraisal.acceptance-timeout" } })).find((m) => (m.payload as { jobId: string }).jobId === job.id);
    expect(Math.abs((expiry?.availableAt.getTime() ?? 0) - ((offered.offeredAt as Date).getTime() + 48 * 3_600_000))).toBeLessThan(1_000);
    expect((await expireOffer(job.id, (offered.offeredAt as Date).toISOString())).expired).toBe(true);
    expect((await expireOffer(job.id, (offered.offeredAt as Date).toISOString())).expired).toBe(false);
    const moved = await db.appraisalJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(moved.status).toBe("OFFERED");
    expect(moved.assignedAppraiserId).not.toBe(offered.assignedAppraiserId);
    expect(moved.refusedIds).toEqual([offered.assignedAppraiserId]);

    const key = moved.assignedAppraiserId === orgs.appraiserA ? keys.appraiserA : keys.appraiserB;
    await call(key, `/appraisal-jobs/${job.id}/actions/accept-assignment`, { version: moved.version });
    const assigned = await (await call(key, `/appraisal-jobs/${job.id}`)).json();
    await call(key, `/appraisal-jobs/${job.id}/actions/submit-report`, { version: assigned.version, values: assigned.assets.map((a: { id: string }) => ({ assetId: a.id, value: "500000.00" })), method: "COST", validUntil: day(365) });
    // Not before both accepted the report.
    expect((await call(keys.sme, `/appraisal-jobs/${job.id}/actions/rate`, { stars: 5 })).status).toBe(409);
    await act(keys.sme, app.id, "accept-report");
    await act(keys.bank, app.id, "accept-report");
    expect((await call(keys.bank, `/appraisal-jobs/${job.id}/actions/rate`, { stars: 1 })).status).toBe(404);
    expect((await call(keys.sme, `/appraisal-jobs/${job.id}/actions/rate`, { stars: 6 })).status).toBe(400);
    const rated = await call(keys.sme, `/appraisal-jobs/${job.id}/actions/rate`, { stars: 5 });
    expect(rated.status).toBe(200);
    expect((await rated.json()).rating).toBe(5);
    expect((await call(keys.sme, `/appraisal-jobs/${job.id}/actions/rate`, { stars: 4 })).status).toBe(409);
  });

  it("is in the OpenAPI document", async () => {
    const doc = await (await server.fetch("/api/v1/openapi.json")).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/pledge-applications", "/pledge-applications/{id}", "/pledge-applications/{id}/actions/{action}", "/appraisal-jobs", "/appraisal-jobs/{id}", "/appraisal-jobs/{id}/bid", "/appraisal-jobs/{id}/actions/{action}"]),
    );
  });
});

/** The application's subsidy awards, as its SME reads them through API v1. */
async function awardsOf(smeKey: string, applicationId: string) {
  const res = await call(smeKey, `/subsidies?applicationId=${applicationId}&pageSize=100`);
  expect(res.status).toBe(200);
  return (await res.json()).items as { kind: string; amount: string; base: string; computed: string; flags: string[]; policyVersion: string; status: string; sourceEvent: string }[];
}

/** Waits until the worker has made an award of `kind` for the application, and returns it. */
async function awaitAward(smeKey: string, applicationId: string, kind: string, count = 1) {
  await expect.poll(async () => (await awardsOf(smeKey, applicationId)).filter((a) => a.kind === kind).length).toBe(count);
  return (await awardsOf(smeKey, applicationId)).filter((a) => a.kind === kind);
}

/** From the bank's review to DISBURSED 25 days ago: approved at `annualRate`, premium rate 0.02, both fees paid offline. */
async function toDisbursed(smeKey: string, annualRate: string) {
  const id = await toBankReview(smeKey, true);
  const approved = await act(keys.bank, id, "bank-approve", { amount: "850000.00", annualRate, termMonths: 12 });
  expect(approved.status, await approved.clone().text()).toBe(200);
  expect((await approved.json()).terms).toMatchObject({ loanCap: "870000.00", policyVersion: "ZS-FIN@2024-1" });
  const offered = await (await act(keys.insurer, id, "insurer-approve", { premiumRate: "0.02" })).json();
  expect(offered.terms.premium).toBe("17000.00");
  expect((await act(smeKey, id, "accept-terms")).status).toBe(200);
  for (const p of (await (await call(smeKey, `/payments?applicationId=${id}`)).json()).items) {
    expect((await call(smeKey, `/payments/${p.id}/actions/submit-transfer`, { version: p.version, reference: `HX${p.kind}` })).status).toBe(200);
    const payee = p.kind === "PREMIUM" ? keys.insurer : keys.appraiserA;
    expect((await call(payee, `/payments/${p.id}/actions/confirm-receipt`, { version: p.version + 1 })).status).toBe(200);
  }
  const registered = await act(keys.bank, id, "register", { cnipaRegNo: regNo(day(-30), String(Date.now() % 1e9)), date: day(-30) });
  expect(registered.status, await registered.clone().text()).toBe(200);
  expect((await act(keys.bank, id, "disburse", { amount: "850000.00", date: day(-25) })).status).toBe(200);
  return id;
}

describe("API v1: SPEC §8 subsidies and loss sharing, with the worker running", () => {
  it("holds the worked example exactly: subsidies by the worker, loss shares on default, recoveries shared back", async () => {
    const id = await toDisbursed(keys.sme8, "0.0385");

    // Premium 17,000.00 at rate 0.02 ≤ 0.05 → 8,500.00; appraisal fee 12,000.00 → 12,000.00 at disbursement.
    const [premium] = await awaitAward(keys.sme8, id, "PREMIUM");
    expect(premium).toMatchObject({ base: "17000.00", amount: "8500.00", flags: [], policyVersion: "ZS-FIN@2024-1", status: "UNPAID" });
    const [fee] = await awaitAward(keys.sme8, id, "APPRAISAL_FEE");
    expect(fee).toMatchObject({ base: "12000.00", amount: "12000.00", sourceEvent: `disbursement:${id}`, policyVersion: "ZS-FIN@2024-1" });

    // Interest 2,817.99 × 0.50 = 1,408.995 → 1,409.00 (rate 0.0385 ≤ 1.4 × 0.0300, within 12 months).
    expect((await act(keys.bank, id, "record-repayment", { date: day(-20), principal: "250000.00", interest: "2817.99" })).status).toBe(200);
    const [interest] = await awaitAward(keys.sme8, id, "INTEREST");
    expect(interest).toMatchObject({ base: "2817.99", computed: "1409.00", amount: "1409.00", flags: [], policyVersion: "ZS-FIN@2024-1" });

    // Default with 600,000.00 outstanding; 100,000.00 recovered before the claim → L = 500,000.00.
    expect((await act(keys.bank, id, "declare-default", { date: day(-10), outstandingPrincipal: "600000.01" })).status).toBe(400);
    expect((await act(keys.bank, id, "declare-default", { date: day(-10), outstandingPrincipal: "600000.00" })).status).toBe(200);
    expect((await act(keys.bank, id, "record-recovery", { date: day(-8), amount: "100000.00" })).status).toBe(200);
    expect((await call(keys.sme8, "/risk-fund/top-ups", { amount: "1000.00" })).status).toBe(403);
    const fundBefore = (await (await call(keys.gov, "/risk-fund")).json()).balance as string;
    expect((await call(keys.gov, "/risk-fund/top-ups", { amount: "-5" })).status).toBe(400);
    const topped = await call(keys.gov, "/risk-fund/top-ups", { amount: "200000.00", note: "2026 年县级风险补偿资金" });
    expect(topped.status).toBe(201);
    expect((await act(keys.sme8, id, "claim-compensation")).status).toBe(403);
    const compensated = await act(keys.bank, id, "claim-compensation");
    expect(compensated.status, await compensated.clone().text()).toBe(200);
    const detail = await compensated.json();
    expect(detail).toMatchObject({
      status: "COMPENSATED",
      lossShares: { outstanding: "600000.00", recoveredBefore: "100000.00", loss: "500000.00", insurer: "300000.00", fund: "100000.00", bank: "100000.00", flags: [], policyVersion: "ZS-FIN@2024-1" },
    });
    expect(detail.timeline.find((e: { action: string }) => e.action === "claim-compensation")).toMatchObject({
      from: "DEFAULTED",
      to: "COMPENSATED",
      data: { loss: "500000.00", insurer: "300000.00", fund: "100000.00", bank: "100000.00", policy: "ZS-FIN@2024-1" },
    });
    // The insurer and the county hear of it.
    const insurerUsers = await db.membership.findMany({ where: { orgId: orgs.insurer }, select: { userId: true } });
    await expect.poll(() => db.notification.count({ where: { kind: "pledge.compensated", userId: { in: insurerUsers.map((m) => m.userId) } } })).toBe(insurerUsers.length);
    const fund = await (await call(keys.gov, "/risk-fund")).json();
    expect(fund.entries[0]).toMatchObject({ kind: "COMPENSATION", amount: "-100000.00", applicationId: id });
    expect(fund.balance).toBe(Money.parseYuan(fundBefore).plus(Money.parseYuan("100000.00")).toYuanString());

    // A recovery after compensation is shared back 60:20:20; the fund's part returns to its balance.
    const recovered = await (await act(keys.bank, id, "record-recovery", { date: day(-5), amount: "50000.00" })).json();
    expect(recovered).toMatchObject({ status: "COMPENSATED", lossShares: { sharedBack: [{ amount: "50000.00", insurer: "30000.00", fund: "10000.00", bank: "10000.00", policyVersion: "ZS-FIN@2024-1" }] } });
    expect((await (await call(keys.gov, "/risk-fund")).json()).entries[0]).toMatchObject({ kind: "RECOVERY_RETURN", amount: "10000.00" });
    expect((await act(keys.bank, id, "record-recovery", { date: day(-4), amount: "450000.01" })).status).toBe(400);
    const closed = await (await act(keys.bank, id, "close", { reason: "追偿结束" })).json();
    expect(closed.status).toBe("CLOSED");

    // The SME sees its own awards only; GOVERNMENT sees everyone's; the bank sees none, not even on the timeline.
    const banksView = await (await call(keys.bank, `/pledge-applications/${id}`)).json();
    expect(banksView.subsidies).toEqual([]);
    expect(banksView.timeline.some((e: { action: string }) => e.action.startsWith("subsidy."))).toBe(false);
    expect(banksView.lossShares).toMatchObject({ loss: "500000.00" });
    expect((await (await call(keys.sme, `/subsidies?applicationId=${id}`)).json()).items).toEqual([]);
    expect((await (await call(keys.gov, `/subsidies?applicationId=${id}`)).json()).total).toBe(3);
    expect((await call(keys.bank, `/subsidies`)).status).toBe(403);
  }, 300_000); // a whole journey through the worker process: slower on a loaded machine, never red

  it("gives no interest subsidy at an ineligible rate (0.0421 > 1.4 × LPR), saying why", async () => {
    const id = await toDisbursed(keys.sme8, "0.0421");
    expect((await act(keys.bank, id, "record-repayment", { date: day(-20), principal: "0", interest: "2817.99" })).status).toBe(200);
    const [interest] = await awaitAward(keys.sme8, id, "INTEREST");
    expect(interest).toMatchObject({ base: "2817.99", computed: "0.00", amount: "0.00", flags: ["RATE_INELIGIBLE"], status: "NONE", policyVersion: "ZS-FIN@2024-1" });
  });

  it("keeps the budget: GOVERNMENT reads and sets it, never below what was granted; marks awards paid and exports the batch", async () => {
    // This year in the county (Asia/Shanghai), by the application's clock: not the machine's UTC year.
    const year = yearOf(shanghaiDate(clock.now()));
    const budget = await (await call(keys.gov, `/subsidy-budgets/${year}`)).json();
    expect(budget).toMatchObject({ year, amount: expect.stringMatching(/^\d+\.\d{2}$/) });
    expect((await call(keys.sme, `/subsidy-budgets/${year}`)).status).toBe(403);
    const tooLow = await call(keys.gov, `/subsidy-budgets/${year}`, { amount: "0.01" }, "PUT");
    if (budget.used !== "0.00") expect(tooLow.status).toBe(400);
    const set = await call(keys.gov, `/subsidy-budgets/${year}`, { amount: "600000.00" }, "PUT");
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ amount: "600000.00", policyVersion: null });

    const unpaid = (await (await call(keys.gov, `/subsidies?status=UNPAID&pageSize=100`)).json()).items as { id: string; amount: string; year: number }[];
    const csv = await call(keys.gov, `/subsidies/payment-batch?year=2026&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const text = await csv.text();
    for (const a of unpaid.filter((u) => u.year === 2026)) expect(text).toContain(a.id);
    const xlsx = await call(keys.gov, `/subsidies/payment-batch?year=2026&format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
    expect((await call(keys.sme, `/subsidies/payment-batch?year=2026`)).status).toBe(403);

    if (unpaid.length > 0) {
      const ids = unpaid.map((u) => u.id);
      expect((await call(keys.gov, "/subsidies/actions/mark-paid", { awardIds: [...ids, "nope"], voucherNo: "ZS2026-001" })).status).toBe(400);
      const paid = await call(keys.gov, "/subsidies/actions/mark-paid", { awardIds: ids, voucherNo: "ZS2026-001" });
      expect(paid.status, await paid.clone().text()).toBe(200);
      expect((await paid.json()).paid).toBe(ids.length);
      expect((await call(keys.gov, "/subsidies/actions/mark-paid", { awardIds: ids, voucherNo: "ZS2026-002" })).status).toBe(400);
      const after = (await (await call(keys.gov, `/subsidies?status=PAID&pageSize=100`)).json()).items as { voucherNo: string }[];
      expect(after.every((a) => a.voucherNo === "ZS2026-001")).toBe(true);
    }
  });

  it("documents policies, subsidies, budgets and the risk fund in the OpenAPI document", async () => {
    const doc = await (await server.fetch("/api/v1/openapi.json")).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/policies", "/policies/{ref}", "/subsidy-budgets/{year}", "/subsidies", "/subsidies/actions/mark-paid", "/subsidies/payment-batch", "/risk-fund", "/risk-fund/top-ups"]),
    );
    const policies = await (await call(keys.sme, "/policies")).json();
    expect(policies.inForce).toMatchObject({ ref: "ZS-FIN@2024-1", rules: { lpr: "0.0300", lossSharing: { insurer: "0.60", countyFund: "0.20" } } });
  });
});
