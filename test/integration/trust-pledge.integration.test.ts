import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { deliverNotification } from "~/domain/notifications/deliver-notification.server";
import { systemActor } from "~/domain/shared/actor";
import { isoDateOf, shanghaiDate } from "~/domain/shared/calendar";
import { clock, clockEnvironment, nowMs, pinClock } from "~/domain/shared/clock";
import { jobSchemas, QUEUES } from "~/domain/shared/jobs";
import { closeQueues, getQueue } from "~/domain/shared/queue-producer.server";
import { db } from "~/utils/db.server";
import { createMailer } from "~/utils/mailer.server";
import { createUser, randomUscc } from "../factories";
import { actorOf, randomApplicationNumber } from "../factories/patents";
import { startFakeSmtpServer, textBody, type FakeSmtpServer } from "../fixtures/smtp-server";
import { startTestServer, type TestServer } from "../setup/http";

/**
 * Issue 15 through API v1 with the real worker process: no false fact enters the books
 * (each is refused at its fields, every bad field at once, and no row changes), and a full
 * pipeline run tells exactly the party owing the next step, once, in-app and by e-mail.
 */

let server: TestServer;
let smtp: FakeSmtpServer;
let privateFiles: string;
let worker: ChildProcess | undefined;
let unpin: (() => void) | undefined;

type Party = "sme" | "sme2" | "university" | "bank" | "insurer" | "gov" | "appraiserA" | "appraiserB" | "appraiserC" | "smeN" | "bankN" | "insurerN";
const keys = {} as Record<Party, string>;
const orgs = {} as Record<Party, string>;
/** The bank of the notified run has a second person, who turned e-mail off for "financing.bank-turn". */
const optedOut = { userId: "", email: "" };

const call = (key: string, route: string, body?: unknown, method = "POST") =>
  server.fetch(`/api/v1${route}`, {
    method: body === undefined ? "GET" : method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function act(key: string, id: string, action: string, fields: object = {}) {
  const current = await (await call(key, `/pledge-applications/${id}`)).json();
  return call(key, `/pledge-applications/${id}/actions/${action}`, { version: current.version, ...fields });
}

async function ok(res: Response | Promise<Response>, status = 200) {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return r.json();
}

/** A date `offset` days from today in the county (the clock of the run: IPB_NOW may be any day). */
const day = (offset: number) => shanghaiDate(new Date(nowMs() + offset * 86_400_000));
/** `iso` moved by `days` calendar days. */
const shift = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** A CNIPA patent pledge registration number of the year of `date`: Y + year + 9 digits. */
const regNo = (date: string) => `Y${date.slice(0, 4)}${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;

const applicationBody = (assets: object[], over: object = {}) => ({ bankId: orgs.bank, insurerId: orgs.insurer, requestedAmount: "1000000.00", termMonths: 12, purpose: "购置木耳深加工生产线", assets, ...over });
const declared = () => [
  { kind: "PATENT", applicationNumber: randomApplicationNumber(1), title: "一种黑木耳多糖的低温提取方法" },
  { kind: "PATENT", applicationNumber: randomApplicationNumber(2), title: "一种木耳烘干装置" },
];

/** The field names of a 400 problem, sorted and unique. */
async function fieldsOf(res: Response): Promise<string[]> {
  const text = await res.clone().text();
  expect(res.status, text).toBe(400);
  const problem = JSON.parse(text) as { errors?: { field: string; message: string }[] };
  return [...new Set((problem.errors ?? []).map((e) => e.field))].sort();
}

/** Waits until the worker has nothing due: no undispatched due outbox row, no waiting or active job, and the counts hold still. */
async function quiet() {
  const counts = () => Promise.all([db.outboxMessage.count(), db.notification.count(), db.subsidyAward.count(), db.auditEvent.count()]).then((c) => c.join("/"));
  let last = "";
  await expect
    .poll(
      async () => {
        const due = await db.outboxMessage.count({ where: { dispatchedAt: null, availableAt: { lte: clock.now() } } });
        let busy = 0;
        for (const q of QUEUES) {
          const c = await getQueue(q).getJobCounts("wait", "active", "prioritized");
          busy += c.wait + c.active + c.prioritized;
        }
        const now = await counts();
        const still = due === 0 && busy === 0 && now === last;
        last = now;
        return still;
      },
      { timeout: 30_000, interval: 400 },
    )
    .toBe(true);
}

/** Every row a refused fact could have touched: the application, its assets, repayments, recoveries and awards, and the audit and outbox counts. */
async function snapshot(id: string) {
  const [application, assets, repayments, recoveries, awards, audits, outbox] = await Promise.all([
    db.pledgeApplication.findUniqueOrThrow({ where: { id } }),
    db.pledgedAsset.findMany({ where: { applicationId: id }, orderBy: { id: "asc" } }),
    db.pledgeRepayment.findMany({ where: { applicationId: id }, orderBy: { id: "asc" } }),
    db.pledgeRecovery.findMany({ where: { applicationId: id }, orderBy: { id: "asc" } }),
    db.subsidyAward.findMany({ where: { applicationId: id }, orderBy: { id: "asc" } }),
    db.auditEvent.count(),
    db.outboxMessage.count(),
  ]);
  return { application, assets, repayments, recoveries, awards, audits, outbox };
}

/** The rows a refused application could have created. */
const creationCounts = async () => ({
  applications: await db.pledgeApplication.count(),
  assets: await db.pledgedAsset.count(),
  audits: await db.auditEvent.count(),
  outbox: await db.outboxMessage.count(),
});

/**
 * The bank's (or `key`'s) action is refused with exactly `fields` named, and no row changes.
 * `soft`: a wrong list of fields is recorded but the run goes on (the later steps still get checked).
 */
async function refused(key: string, id: string, action: string, body: object, fields: string[], soft = false) {
  const before = await snapshot(id);
  const res = await act(key, id, action, body);
  (soft ? expect.soft : expect)(await fieldsOf(res), `${action} ${JSON.stringify(body)}`).toEqual([...fields].sort());
  expect(await snapshot(id), `${action} ${JSON.stringify(body)} changed a row`).toEqual(before);
}

/** The SME's new application is refused with exactly `fields` named, and nothing is created. */
async function refusedApplication(key: string, body: object, fields: string[]) {
  const before = await creationCounts();
  const res = await call(key, "/pledge-applications", body);
  expect(await fieldsOf(res), JSON.stringify(body)).toEqual([...fields].sort());
  expect(await creationCounts()).toEqual(before);
}

/** Submits `id` and backdates the submission 40 days (earlier events have room); returns the submission date in the county. */
async function submit(key: string, id: string) {
  await ok(act(key, id, "submit"));
  const at = new Date(nowMs() - 40 * 86_400_000);
  await db.pledgeApplication.update({ where: { id }, data: { submittedAt: at } });
  return shanghaiDate(at);
}

/** The appraisal market through the worker: A bids (days as a numeric string), B bids, the worker closes bidding, the winner accepts and reports. */
async function appraise(id: string) {
  const job = await db.appraisalJob.findUniqueOrThrow({ where: { applicationId: id } });
  await ok(call(keys.appraiserA, `/appraisal-jobs/${job.id}/bid`, { fee: "12000.00", days: "10", method: "INCOME" }, "PUT"));
  await ok(call(keys.appraiserB, `/appraisal-jobs/${job.id}/bid`, { fee: "15000.00", days: 7, method: "MARKET" }, "PUT"));
  await db.appraisalJob.update({ where: { id: job.id }, data: { deadline: new Date(nowMs() - 5 * 24 * 3_600_000 - 1_000) } });
  await db.outboxMessage.updateMany({ where: { jobName: "appraisal.close-bidding", dispatchedAt: null, payload: { path: ["jobId"], equals: job.id } }, data: { availableAt: clock.now() } });
  await expect.poll(async () => (await db.appraisalJob.findUniqueOrThrow({ where: { id: job.id } })).status, { timeout: 30_000 }).toBe("OFFERED");
  const closed = await db.appraisalJob.findUniqueOrThrow({ where: { id: job.id } });
  const winner = closed.assignedAppraiserId === orgs.appraiserA ? "appraiserA" : "appraiserB";
  await ok(call(keys[winner], `/appraisal-jobs/${job.id}/actions/accept-assignment`, { version: closed.version }));
  const assigned = await ok(call(keys[winner], `/appraisal-jobs/${job.id}`));
  const values = assigned.assets.map((a: { id: string; assetType: string }) => ({ assetId: a.id, value: a.assetType === "INVENTION" ? "3000000.00" : "800000.00" }));
  await ok(call(keys[winner], `/appraisal-jobs/${job.id}/actions/submit-report`, { version: assigned.version, values, method: "INCOME", validUntil: day(400) }));
  return { jobId: job.id, winner: winner as "appraiserA" | "appraiserB", loser: (winner === "appraiserA" ? "appraiserB" : "appraiserA") as "appraiserA" | "appraiserB" };
}

/** From a new application to CONTRACTED: both accept the report, the bank approves (term as a numeric string), the insurer quotes, both fees paid offline. */
async function toContracted(sme: "sme" | "smeN", bank: "bank" | "bankN", insurer: "insurer" | "insurerN") {
  const app = await ok(call(keys[sme], "/pledge-applications", { ...applicationBody(declared()), bankId: orgs[bank], insurerId: orgs[insurer] }), 201);
  const submittedOn = await submit(keys[sme], app.id);
  const market = await appraise(app.id);
  await ok(act(keys[sme], app.id, "accept-report"));
  expect((await ok(act(keys[bank], app.id, "accept-report"))).status).toBe("BANK_REVIEW");
  const approved = await ok(act(keys[bank], app.id, "bank-approve", { amount: "850000.00", annualRate: "0.0385", termMonths: "12" }));
  expect(approved.terms).toMatchObject({ approvedAmount: "850000.00", termMonths: 12 });
  await ok(act(keys[insurer], app.id, "insurer-approve", { premiumRate: "0.02" }));
  await ok(act(keys[sme], app.id, "accept-terms"));
  for (const p of (await ok(call(keys[sme], `/payments?applicationId=${app.id}`))).items) {
    await ok(call(keys[sme], `/payments/${p.id}/actions/submit-transfer`, { version: p.version, reference: `HX${p.kind}` }));
    const payee = p.kind === "PREMIUM" ? keys[insurer] : keys[market.winner];
    await ok(call(payee, `/payments/${p.id}/actions/confirm-receipt`, { version: p.version + 1 }));
  }
  expect((await ok(call(keys[sme], `/pledge-applications/${app.id}`))).status).toBe("CONTRACTED");
  return { id: app.id as string, submittedOn, ...market };
}

beforeAll(async () => {
  // The run's day (IPB_NOW may be any), at 10:00 in the county: "today" and "tomorrow" must
  // not change while the file runs, as they would when a run starts at 23:59.
  unpin = pinClock(`${day(0)}T10:00:00+08:00`);
  privateFiles = mkdtempSync(path.join(tmpdir(), "ipb-private-"));
  process.env.PRIVATE_FILES_DIR = privateFiles;
  smtp = await startFakeSmtpServer();
  server = await startTestServer();
  // The real worker process: it dispatches the outbox, closes bidding, awards subsidies and delivers notifications by e-mail to the test SMTP server.
  worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    env: { ...process.env, ...clockEnvironment(), NODE_ENV: "test", LOG_LEVEL: "warn", OUTBOX_POLL_MS: "100", SMTP_URL: smtp.url, MAIL_FROM: "知产桥 <no-reply@ipbridge.test>" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const kinds: Record<Party, "SME" | "UNIVERSITY" | "BANK" | "INSURER" | "GOVERNMENT" | "APPRAISER"> = {
    sme: "SME",
    sme2: "SME",
    university: "UNIVERSITY",
    bank: "BANK",
    insurer: "INSURER",
    gov: "GOVERNMENT",
    appraiserA: "APPRAISER",
    appraiserB: "APPRAISER",
    appraiserC: "APPRAISER",
    smeN: "SME",
    bankN: "BANK",
    insurerN: "INSURER",
  };
  for (const [party, kind] of Object.entries(kinds) as [Party, (typeof kinds)[Party]][]) {
    const actor = await actorOf(kind);
    orgs[party] = actor.orgId;
    keys[party] = (await createApiKey(systemActor(), { orgId: actor.orgId, name: party })).key;
  }
  // Appraiser profiles; C declared an affiliation with the notified run's bank, so that job does not fit it.
  for (const [party, affiliated] of [["appraiserA", []], ["appraiserB", []], ["appraiserC", [orgs.bankN]]] as const) {
    await db.appraiserProfile.create({ data: { orgId: orgs[party], filingRecordNumber: `SX-PG-${orgs[party].slice(-6)}`, qualifiedAssetTypes: ["INVENTION", "UTILITY_MODEL", "DESIGN"], affiliatedOrgIds: [...affiliated], capacity: 50 } });
  }
  const member = await createUser({ orgId: orgs.bankN, role: "MEMBER", email: `opted-out-${orgs.bankN.slice(-6)}@example.test` });
  await db.user.update({ where: { id: member.user.id }, data: { emailOptOutKinds: ["financing.bank-turn"] } });
  Object.assign(optedOut, { userId: member.user.id, email: member.user.email });
}, 120_000);

afterAll(async () => {
  unpin?.();
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker?.once("exit", resolve));
    worker.kill("SIGTERM");
    await exited;
  }
  await closeQueues();
  await server?.close();
  await smtp?.close();
  rmSync(privateFiles, { recursive: true, force: true });
  delete process.env.PRIVATE_FILES_DIR;
});

describe("API v1: an SME pledges only what it holds", () => {
  it("refuses a university's catalog patent, another org's patent by number, a certificate holder not its own, and changes nothing", async () => {
    const universityPatent = await db.patent.create({
      data: { holderId: orgs.university, applicationNumber: randomApplicationNumber(1), type: "INVENTION", title: "一种木耳菌种的选育方法", abstract: "本发明涉及木耳菌种选育。", legalStatus: "VALID", status: "LISTED" },
    });
    const sme = await db.organization.findUniqueOrThrow({ where: { id: orgs.sme } });

    // A catalog patent held by a university.
    await refusedApplication(keys.sme, applicationBody([{ kind: "CATALOG_PATENT", patentId: universityPatent.id }]), ["assets.0"]);
    // The same patent declared by its number: the catalog knows its holder.
    await refusedApplication(keys.sme, applicationBody([{ kind: "PATENT", applicationNumber: universityPatent.applicationNumber, title: "一种木耳菌种的选育方法" }]), ["assets.0.applicationNumber"]);
    // A certificate holder that is not the SME: its name, its USCC, or both (and a second bad asset), all at once.
    const own = randomApplicationNumber(1);
    await refusedApplication(keys.sme, applicationBody([{ kind: "PATENT", applicationNumber: own, title: "一种木耳烘干装置", holderName: "西北农林科技大学" }]), ["assets.0.holderName"]);
    await refusedApplication(keys.sme, applicationBody([{ kind: "PATENT", applicationNumber: own, title: "一种木耳烘干装置", holderName: sme.name, holderUscc: randomUscc() }]), ["assets.0.holderUscc"]);
    await refusedApplication(
      keys.sme,
      applicationBody([
        { kind: "PATENT", applicationNumber: own, title: "一种木耳烘干装置", holderName: "西北农林科技大学", holderUscc: randomUscc() },
        { kind: "CATALOG_PATENT", patentId: universityPatent.id },
      ]),
      ["assets.0.holderName", "assets.0.holderUscc", "assets.1"],
    );
    await refusedApplication(keys.sme, applicationBody([{ kind: "TRADEMARK", registrationNumber: "61234567", title: "柞水木耳", holderUscc: randomUscc() }]), ["assets.0.holderUscc"]);

    // Its own name (spaces aside) and USCC pass.
    const fine = await ok(call(keys.sme, "/pledge-applications", applicationBody([{ kind: "PATENT", applicationNumber: own, title: "一种木耳烘干装置", holderName: ` ${sme.name} `, holderUscc: sme.uscc }])), 201);
    expect(fine).toMatchObject({ status: "DRAFT" });
    await ok(act(keys.sme, fine.id, "withdraw"));
  });

  it("takes the term as a numeric string (\"12\"), as the domain does", async () => {
    const created = await call(keys.sme, "/pledge-applications", applicationBody(declared(), { termMonths: "12" }));
    expect(created.status, await created.clone().text()).toBe(201);
    const app = await created.json();
    expect(await db.pledgeApplication.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({ termMonths: 12 });
    await ok(act(keys.sme, app.id, "withdraw"));
  });

  it("refuses a second SME pledging by number the patent the first has in a submitted application (400, not 201)", async () => {
    const number = randomApplicationNumber(1);
    const first = await ok(call(keys.sme, "/pledge-applications", applicationBody([{ kind: "PATENT", applicationNumber: number, title: "一种黑木耳多糖的低温提取方法" }])), 201);
    await submit(keys.sme, first.id);
    expect((await db.pledgeApplication.findUniqueOrThrow({ where: { id: first.id } })).submittedAt).not.toBeNull();

    await refusedApplication(keys.sme2, applicationBody([{ kind: "PATENT", applicationNumber: number, title: "一种黑木耳多糖的低温提取方法" }]), ["assets.0"]);
    // Nor the first SME itself, in a second application.
    await refusedApplication(keys.sme, applicationBody([{ kind: "PATENT", applicationNumber: number, title: "一种黑木耳多糖的低温提取方法" }]), ["assets.0"]);
    // Once the first application is withdrawn (final), the patent is free again.
    await ok(act(keys.sme, first.id, "withdraw", { reason: "改用其他资产" }));
    const second = await ok(call(keys.sme2, "/pledge-applications", applicationBody([{ kind: "PATENT", applicationNumber: number, title: "一种黑木耳多糖的低温提取方法" }])), 201);
    await ok(act(keys.sme2, second.id, "withdraw"));
    await quiet();
  });
});

describe("API v1: no event of the books in the future or before its step", () => {
  it("names every bad field of a bid at once and takes days as a numeric string", async () => {
    const app = await ok(call(keys.sme, "/pledge-applications", applicationBody(declared())), 201);
    await submit(keys.sme, app.id);
    const job = await db.appraisalJob.findUniqueOrThrow({ where: { applicationId: app.id } });
    const res = await call(keys.appraiserA, `/appraisal-jobs/${job.id}/bid`, { fee: "abc", days: 0, method: "GUESS" }, "PUT");
    expect(await fieldsOf(res)).toEqual(["days", "fee", "method"]);
    expect(await db.appraisalBid.count({ where: { jobId: job.id } })).toBe(0);
    await ok(call(keys.appraiserA, `/appraisal-jobs/${job.id}/bid`, { fee: "12000.00", days: "10", method: "INCOME" }, "PUT"));
    expect(await db.appraisalBid.findFirstOrThrow({ where: { jobId: job.id } })).toMatchObject({ days: 10 });
    await ok(act(keys.sme, app.id, "withdraw", { reason: "测试结束" }));
    await quiet();
  });

  it("refuses each false date, junk registration number and bad amount at its fields, changing no row; the edges pass", async () => {
    const { id, submittedOn } = await toContracted("sme", "bank", "insurer");
    await quiet();
    const today = day(0);
    const tomorrow = day(1);

    // Registration: not in the future, not before the submission, a CNIPA number and nothing else.
    await refused(keys.bank, id, "register", { cnipaRegNo: regNo(today), date: "2099-01-01" }, ["date"]);
    await refused(keys.bank, id, "register", { cnipaRegNo: regNo(today), date: tomorrow }, ["date"]);
    await refused(keys.bank, id, "register", { cnipaRegNo: regNo(submittedOn), date: shift(submittedOn, -1) }, ["date"]);
    await refused(keys.bank, id, "register", { cnipaRegNo: "<b>1</b>", date: submittedOn }, ["cnipaRegNo"]);
    await refused(keys.bank, id, "register", { cnipaRegNo: "合同号 JD-2026-001", date: submittedOn }, ["cnipaRegNo"]);
    // A malformed field (refused by the body's schema) and a false date (refused by the rule of the books): both named at once.
    await refused(keys.bank, id, "register", { cnipaRegNo: "<b>1</b>", date: "2099-01-01" }, ["cnipaRegNo", "date"]);
    // The submission's own date passes.
    await ok(act(keys.bank, id, "register", { cnipaRegNo: regNo(submittedOn), date: submittedOn }));
    await quiet();

    // Disbursement: not before the registration (2020-01-01, the day before), not in the future; every bad field at once.
    await refused(keys.bank, id, "disburse", { amount: "850000.00", date: "2020-01-01" }, ["date"]);
    await refused(keys.bank, id, "disburse", { amount: "850000.00", date: shift(submittedOn, -1) }, ["date"]);
    await refused(keys.bank, id, "disburse", { amount: "850000.00", date: tomorrow }, ["date"]);
    await refused(keys.bank, id, "disburse", { amount: "850000.01", date: tomorrow }, ["amount", "date"]);
    await refused(keys.bank, id, "disburse", { amount: "abc", date: "2099-01-01" }, ["amount", "date"]);
    // The registration's own date passes.
    await ok(act(keys.bank, id, "disburse", { amount: "850000.00", date: submittedOn }));
    await quiet();

    // Repayment: one month ahead (and no subsidy from it), tomorrow, before the disbursement.
    const awardsBefore = await db.subsidyAward.count({ where: { applicationId: id } });
    await refused(keys.bank, id, "record-repayment", { date: day(30), principal: "50000.00", interest: "2817.99" }, ["date"]);
    await refused(keys.bank, id, "record-repayment", { date: tomorrow, principal: "50000.00", interest: "2817.99" }, ["date"]);
    await refused(keys.bank, id, "record-repayment", { date: shift(submittedOn, -1), principal: "50000.00", interest: "2817.99" }, ["date"]);
    await refused(keys.bank, id, "record-repayment", { date: day(30), principal: "850000.01", interest: "0" }, ["date", "principal"]);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the worker had its chance to award
    expect(await db.subsidyAward.count({ where: { applicationId: id } })).toBe(awardsBefore);
    expect(await db.subsidyAward.count({ where: { applicationId: id, kind: "INTEREST" } })).toBe(0);
    // The disbursement's own date passes; so does a later one.
    await ok(act(keys.bank, id, "record-repayment", { date: submittedOn, principal: "100000.00", interest: "1000.00" }));
    await ok(act(keys.bank, id, "record-repayment", { date: day(-20), principal: "50000.00", interest: "2817.99" }));
    await quiet();

    // Default: not before the last repayment, not before the disbursement, not tomorrow; every bad field at once.
    await refused(keys.bank, id, "declare-default", { date: day(-21), outstandingPrincipal: "700000.00" }, ["date"]);
    await refused(keys.bank, id, "declare-default", { date: shift(submittedOn, -1), outstandingPrincipal: "700000.00" }, ["date"]);
    await refused(keys.bank, id, "declare-default", { date: tomorrow, outstandingPrincipal: "700000.00" }, ["date"]);
    await refused(keys.bank, id, "declare-default", { date: day(-21), outstandingPrincipal: "700000.01" }, ["date", "outstandingPrincipal"]);
    // The last repayment's own date passes.
    const defaulted = await ok(act(keys.bank, id, "declare-default", { date: day(-20), outstandingPrincipal: "700000.00" }));
    expect(defaulted.status).toBe("DEFAULTED");
    await quiet();
    // The insurer, the SME and the county hear of the default.
    const heard = await db.notification.findMany({ where: { link: `/financing/${id}`, sourceKey: { contains: ":declare-default:" } }, select: { orgId: true, kind: true } });
    expect(heard.map((n) => `${n.orgId === orgs.insurer ? "insurer" : n.orgId === orgs.sme ? "sme" : n.orgId === orgs.gov ? "gov" : n.orgId}:${n.kind}`).sort()).toEqual(["gov:financing.update", "insurer:financing.insurer-turn", "sme:financing.sme-update"]);

    // Recovery: not before the default, not in the future; today passes.
    await refused(keys.bank, id, "record-recovery", { date: day(-21), amount: "100000.00" }, ["date"]);
    await refused(keys.bank, id, "record-recovery", { date: tomorrow, amount: "100000.00" }, ["date"]);
    await refused(keys.bank, id, "record-recovery", { date: "2099-01-01", amount: "700000.01" }, ["amount", "date"]);
    await ok(act(keys.bank, id, "record-recovery", { date: today, amount: "100000.00" }));
    const after = await db.pledgeApplication.findUniqueOrThrow({ where: { id }, include: { recoveries: true, repayments: true } });
    expect(after.repayments.map((r) => isoDateOf(r.paidOn)).sort()).toEqual([submittedOn, day(-20)].sort());
    expect(after.recoveries.map((r) => isoDateOf(r.recoveredOn))).toEqual([today]);
    await quiet();
  }, 300_000);
});

describe("API v1 with the worker: whoever owes the next step hears of it, once, in-app and by e-mail", () => {
  it("tells exactly the expected parties through a whole run, e-mails them (not the opted-out), and a replay doubles nothing", async () => {
    const run = await toContracted("smeN", "bankN", "insurerN");
    const { id, jobId } = run;
    const today = day(0);
    // Today passes for each of them, each on the step's own date.
    await ok(act(keys.bankN, id, "register", { cnipaRegNo: regNo(today), date: today }));
    await ok(act(keys.bankN, id, "disburse", { amount: "850000.00", date: today }));
    const settled = await ok(act(keys.bankN, id, "record-repayment", { date: today, principal: "850000.00", interest: "2500.00" }));
    expect(settled.status).toBe("SETTLED");
    await quiet();

    const labels: [string, string][] = [
      ["sme", orgs.smeN],
      ["bank", orgs.bankN],
      ["insurer", orgs.insurerN],
      ["winner", orgs[run.winner]],
      ["loser", orgs[run.loser]],
      ["appraiserC", orgs.appraiserC],
      ["gov", orgs.gov],
    ];
    const members = await db.membership.findMany({ where: { orgId: { in: labels.map(([, o]) => o) } }, select: { orgId: true, userId: true, user: { select: { email: true } } } });
    const labelOfOrg = new Map(labels.map(([l, o]) => [o, l]));
    const labelOfUser = new Map(members.map((m) => [m.userId, labelOfOrg.get(m.orgId) as string]));
    const usersOf = (label: string) => members.filter((m) => labelOfOrg.get(m.orgId) === label);
    expect(usersOf("bank")).toHaveLength(2);

    const links = [`/financing/${id}`, `/appraisal/${jobId}`];
    const rows = async () => db.notification.findMany({ where: { link: { in: links }, userId: { in: members.map((m) => m.userId) } }, orderBy: { createdAt: "asc" } });
    const table = (list: { userId: string; kind: string }[]) => {
      const out: Record<string, number> = {};
      for (const n of list) {
        if (n.kind === "payment.turn") continue; // checked on its own below
        const key = `${labelOfUser.get(n.userId)}:${n.kind}`;
        out[key] = (out[key] ?? 0) + 1;
      }
      return out;
    };
    const positiveAwards = await db.subsidyAward.count({ where: { applicationId: id, amountFen: { gt: 0n } } });
    const expected = {
      // submit, report in, the SME accepted the report, start of the review, contract — for each of the bank's two people.
      "bank:financing.bank-turn": 5 * 2,
      // report in, start of the review, bank-approve, insurer-approve, contract, register, disburse, settled.
      "sme:financing.sme-update": 8,
      ...(positiveAwards > 0 ? { "sme:subsidy.award": positiveAwards } : {}),
      "insurer:financing.insurer-turn": 1,
      // disbursed, settled.
      "insurer:financing.update": 2,
      "winner:appraisal.new-job": 1,
      "winner:appraisal.assigned": 1,
      "loser:appraisal.new-job": 1,
    };
    const notified = await rows();
    expect(table(notified)).toEqual(expected);
    expect(new Set(notified.map((n) => n.sourceKey)).size).toBe(notified.length);
    // The chosen appraiser is told its 48-hour deadline.
    expect(notified.find((n) => n.kind === "appraisal.assigned")?.title).toContain("48 小时");

    // The payee of an offline transfer hears that money is on its way (issue 15 §2: "the payee on a transfer").
    const payeeTurns = await db.notification.findMany({ where: { kind: "payment.turn", userId: { in: [...usersOf("insurer"), ...usersOf("winner")].map((m) => m.userId) } } });
    expect(payeeTurns.map((n) => labelOfUser.get(n.userId)).sort(), "payment.turn to the payees of this run's two transfers").toEqual(["insurer", "winner"]);

    // E-mail: every notification of this run is mailed, except the bank-turn ones of the person who turned them off.
    const mailed = (email: string) => smtp.messages.filter((m) => m.to.includes(email));
    const owner = usersOf("bank").find((m) => m.userId !== optedOut.userId);
    const people = [...usersOf("sme"), ...usersOf("insurer"), ...usersOf("bank")];
    const wanted = (userId: string) =>
      notified.filter((n) => n.userId === userId && n.kind !== "payment.turn" && !(userId === optedOut.userId && n.kind === "financing.bank-turn")).length + payeeTurns.filter((n) => n.userId === userId).length;
    await expect.poll(() => people.map((p) => mailed(p.user.email).length), { timeout: 30_000 }).toEqual(people.map((p) => wanted(p.userId)));
    expect(mailed(owner?.user.email ?? "")).toHaveLength(5);
    expect(notified.filter((n) => n.userId === optedOut.userId).map((n) => n.kind)).toEqual(Array(5).fill("financing.bank-turn"));
    expect(mailed(optedOut.email), "the opted-out person gets the in-app notices and no e-mail").toHaveLength(0);
    expect(notified.filter((n) => n.userId === optedOut.userId).every((n) => n.emailedAt === null)).toBe(true);
    expect(notified.filter((n) => n.userId !== optedOut.userId && labelOfUser.get(n.userId) !== "winner" && labelOfUser.get(n.userId) !== "loser").every((n) => n.emailedAt !== null)).toBe(true);
    const smeMail = mailed(usersOf("sme")[0].user.email).map(textBody);
    expect(smeMail.every((text) => text.includes(`/financing/${id}`))).toBe(true);
    expect(mailed(usersOf("insurer")[0].user.email).map(textBody).some((text) => text.includes("保险"))).toBe(true);

    // Replay: every notice of this run delivered again, by the worker (a fresh job and a re-emitted outbox row) and in-process.
    const notices = (await db.outboxMessage.findMany({ where: { jobName: "notifications.deliver" } })).filter((m) => links.includes((m.payload as { link?: string }).link ?? ""));
    expect(notices.length).toBeGreaterThan(0);
    const beforeReplay = { rows: (await rows()).length, all: await db.notification.count(), mails: smtp.messages.length };
    const queue = getQueue("notifications");
    for (const m of notices) await queue.add("notifications.deliver", m.payload, { jobId: `${m.id}-replay` });
    const again = await db.outboxMessage.create({ data: { queue: "notifications", jobName: "notifications.deliver", payload: notices[0].payload as object, availableAt: clock.now() } });
    const replayIds = [...notices.map((m) => `${m.id}-replay`), again.id];
    await expect.poll(async () => (await Promise.all(replayIds.map(async (j) => (await queue.getJob(j))?.getState()))).every((s) => s === "completed"), { timeout: 60_000 }).toBe(true);
    for (const j of replayIds) expect((await queue.getJob(j))?.returnvalue, j).toMatchObject({ created: 0, emailed: 0 });
    const mailer = createMailer(smtp.url, "知产桥 <no-reply@ipbridge.test>");
    try {
      for (const m of notices) expect(await deliverNotification(jobSchemas["notifications.deliver"].parse(m.payload), { mailer })).toMatchObject({ created: 0, emailed: 0 });
    } finally {
      mailer.close();
    }
    await quiet();
    expect({ rows: (await rows()).length, all: await db.notification.count(), mails: smtp.messages.length }).toEqual(beforeReplay);
    expect(table(await rows())).toEqual(expected);
  }, 300_000);
});
