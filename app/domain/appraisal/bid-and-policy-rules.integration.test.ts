import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { systemActor } from "~/domain/shared/actor";
import { db } from "~/utils/db.server";
import { createUser } from "../../../test/factories";
import { actorOf } from "../../../test/factories/patents";
import { createLoans } from "../../../test/factories/financing";
import { startTestServer, type TestServer } from "../../../test/setup/http";
import { DEFAULT_POLICY_DOCUMENT, DEFAULT_POLICY_REF } from "../financing/policy";
import { getPolicyInForce } from "../financing/policy-store.server";
import { addMonths } from "../shared/calendar";
import { clock, pinClock } from "../shared/clock";

/**
 * Issue 15 through API v1: false facts about appraisal bids and policy versions, replayed
 * as a client would send them, get a 4xx naming every bad field, and no row changes
 * (compared before and after); GOVERNMENT — and only GOVERNMENT — withdraws a version not
 * yet in force.
 */

// A day of its own (Asia/Shanghai), whatever today's date or IPB_NOW.
const today = "2026-06-15";
let unpin: () => void;
let server: TestServer;
const keys = { sme: "", bank: "", appraiser: "", otherAppraiser: "", gov: "", otherGov: "", platform: "" };
const orgs = { sme: "", bank: "" };

const call = (key: string, path: string, body?: unknown, method = "POST") =>
  server.fetch(`/api/v1${path}`, {
    method: body === undefined ? "GET" : method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** The field errors of a problem, as { field: message }. */
async function fieldErrors(res: Response): Promise<Record<string, string>> {
  const body = (await res.json()) as { errors?: { field: string; message: string }[] };
  return Object.fromEntries((body.errors ?? []).map((e) => [e.field, e.message]));
}

/** An OPEN job (reference fee 8,000.00 under ZS-FIN@2024-1, deadline in two days) on an SME's application with the bank. */
async function openJob() {
  const { applicationIds } = await createLoans({ smeId: orgs.sme });
  const app = await db.pledgeApplication.update({ where: { id: applicationIds[0] }, data: { status: "APPRAISAL", bankId: orgs.bank } });
  return db.appraisalJob.create({ data: { applicationId: app.id, deadline: new Date(clock.now().getTime() + 2 * 86_400_000), referenceFeeFen: 800_000n, referenceFeePolicyVersion: DEFAULT_POLICY_REF } });
}

/** Everything a refused bid could have touched. */
const bidRows = async (jobId: string) => ({
  bids: await db.appraisalBid.findMany({ where: { jobId }, orderBy: { id: "asc" } }),
  job: await db.appraisalJob.findUniqueOrThrow({ where: { id: jobId } }),
  audits: await db.auditEvent.count({ where: { entityId: jobId } }),
});

const policyRows = async () => ({
  versions: await db.financingPolicyVersion.findMany({ orderBy: { id: "asc" } }),
  withdrawals: await db.financingPolicyWithdrawal.findMany({ orderBy: { id: "asc" } }),
  audits: await db.auditEvent.count({ where: { entityType: "FinancingPolicyVersion" } }),
});

const publishBody = (effectiveFrom: string, over: Record<string, unknown> = {}) => ({ effectiveFrom, note: "测试版本", ...structuredClone(DEFAULT_POLICY_DOCUMENT), ...over });

beforeAll(async () => {
  unpin = pinClock("2026-06-15T10:00:00+08:00");
  server = await startTestServer();
  const actors = {
    sme: await actorOf("SME"),
    bank: await actorOf("BANK"),
    appraiser: await actorOf("APPRAISER"),
    otherAppraiser: await actorOf("APPRAISER"),
    gov: await actorOf("GOVERNMENT"),
    otherGov: await actorOf("GOVERNMENT"),
    platform: await actorOf("PLATFORM"),
  };
  orgs.sme = actors.sme.orgId;
  orgs.bank = actors.bank.orgId;
  for (const [name, actor] of Object.entries(actors)) keys[name as keyof typeof keys] = (await createApiKey(systemActor(), { orgId: actor.orgId, name })).key;
  await getPolicyInForce(); // seeds ZS-FIN@2024-1
});

afterAll(async () => {
  await server?.close();
  unpin?.();
});

describe("API v1: appraisal bids (PUT /appraisal-jobs/:id/bid)", () => {
  it("names fee, days and method at once for {fee: 'abc', days: 0, method: 'GUESS'}, changing nothing", async () => {
    const job = await openJob();
    const before = await bidRows(job.id);
    const res = await call(keys.appraiser, `/appraisal-jobs/${job.id}/bid`, { fee: "abc", days: 0, method: "GUESS" }, "PUT");
    expect(res.status).toBe(400);
    expect(Object.keys(await fieldErrors(res)).sort()).toEqual(["days", "fee", "method"]);
    expect(await bidRows(job.id)).toEqual(before);
  });

  it("names the ceiling together with the other bad fields: ¥999,999,999,999 with days 0", async () => {
    const job = await openJob();
    const before = await bidRows(job.id);
    const res = await call(keys.appraiser, `/appraisal-jobs/${job.id}/bid`, { fee: "999999999999", days: 0, method: "INCOME" }, "PUT");
    expect(res.status).toBe(400);
    expect(await fieldErrors(res)).toEqual({ fee: "报价不能超过 ¥80,000.00（参考评估费的 10 倍）", days: "交付天数至少 1 天" });
    expect(await bidRows(job.id)).toEqual(before);
  });

  it("takes the ceiling exactly, refuses the ceiling + 0.01, and takes \"days\": \"10\"", async () => {
    const job = await openJob();
    const over = await call(keys.appraiser, `/appraisal-jobs/${job.id}/bid`, { fee: "80000.01", days: "10", method: "INCOME" }, "PUT");
    expect(over.status).toBe(400);
    expect(Object.keys(await fieldErrors(over))).toEqual(["fee"]);
    expect(await db.appraisalBid.count({ where: { jobId: job.id } })).toBe(0);

    const at = await call(keys.appraiser, `/appraisal-jobs/${job.id}/bid`, { fee: "80000.00", days: "10", method: "INCOME" }, "PUT");
    expect(at.status, await at.clone().text()).toBe(200);
    const view = await at.json();
    expect(view).toMatchObject({ bidCeiling: "80000.00", bidCeilingMultiple: "10", myBid: { fee: "80000.00", days: 10, warning: "FAR_ABOVE_MARKET", warningMessage: "报价远高于参考费用（超过 3 倍）" } });

    // A refused edit leaves the bid as it was.
    const bid = await db.appraisalBid.findFirstOrThrow({ where: { jobId: job.id } });
    const refused = await call(keys.appraiser, `/appraisal-jobs/${job.id}/bid`, { fee: "80000.01", days: 5, method: "COST" }, "PUT");
    expect(refused.status).toBe(400);
    expect(await db.appraisalBid.findFirstOrThrow({ where: { jobId: job.id } })).toEqual(bid);
  });

  it("shows the SME and the bank, once bidding has closed, which bids lie far from the market", async () => {
    const job = await openJob();
    expect((await call(keys.appraiser, `/appraisal-jobs/${job.id}/bid`, { fee: "1599.99", days: 10, method: "INCOME" }, "PUT")).status).toBe(200);
    expect((await call(keys.otherAppraiser, `/appraisal-jobs/${job.id}/bid`, { fee: 8000, days: 7, method: "MARKET" }, "PUT")).status).toBe(200);
    // Sealed while open: the SME sees no bid.
    expect((await (await call(keys.sme, `/appraisal-jobs/${job.id}`)).json()).bids).toEqual([]);
    await db.appraisalJob.update({ where: { id: job.id }, data: { status: "UNASSIGNED", closedAt: clock.now() } });
    for (const key of [keys.sme, keys.bank]) {
      const seen = await (await call(key, `/appraisal-jobs/${job.id}`)).json();
      const byFee = Object.fromEntries(seen.bids.map((b: { fee: string; warning: string | null; warningMessage: string | null }) => [b.fee, [b.warning, b.warningMessage]]));
      expect(byFee).toEqual({ "1599.99": ["FAR_BELOW_MARKET", "报价远低于参考费用（不足 0.2 倍）"], "8000.00": [null, null] });
    }
  });

  it("takes the ceiling from the policy version the job's reference fee came from", async () => {
    const job = await openJob();
    // A job whose reference fee came from a version with a ceiling of 2 ×.
    const ref = "ZS-FIN@2026-99";
    const doc = structuredClone(DEFAULT_POLICY_DOCUMENT);
    doc.rules.appraisalBidCeilingMultiple = "2";
    await db.financingPolicyVersion.create({ data: { policyId: "ZS-FIN", version: "2026-99", ref, effectiveFrom: new Date("2099-01-01T00:00:00Z"), document: doc, note: "测试：上限 2 倍" } });
    await db.financingPolicyWithdrawal.create({ data: { policyVersionRef: ref, reason: "测试版本，不生效" } });
    await db.appraisalJob.update({ where: { id: job.id }, data: { referenceFeePolicyVersion: ref } });
    const res = await call(keys.appraiser, `/appraisal-jobs/${job.id}/bid`, { fee: "16000.01", days: 3, method: "COST" }, "PUT");
    expect(res.status).toBe(400);
    expect((await fieldErrors(res)).fee).toBe("报价不能超过 ¥16,000.00（参考评估费的 2 倍）");
  });
});

describe("API v1: policy versions (effective dates, withdrawal)", () => {
  it("refuses 9999-12-31 and today + 2 years + 1 day, with every other bad field at once, writing nothing", async () => {
    const before = await policyRows();
    const far = await call(keys.gov, "/policies", publishBody("9999-12-31"));
    expect(far.status).toBe(400);
    expect(await fieldErrors(far)).toEqual({ effectiveFrom: "生效日期最晚为 2028-06-15（今天起两年内）" });
    const bad = publishBody("2028-06-16", { note: " " });
    (bad.rules as { lpr: string }).lpr = "3%";
    const many = await call(keys.gov, "/policies", bad);
    expect(many.status).toBe(400);
    expect(Object.keys(await fieldErrors(many)).sort()).toEqual(["effectiveFrom", "note", "rules.lpr"]);
    const past = await call(keys.gov, "/policies", publishBody("2026-06-14"));
    expect((await fieldErrors(past)).effectiveFrom).toMatch(/不能早于今天（2026-06-15）/);
    expect(await policyRows()).toEqual(before);
  });

  it("publishes for today + 2 years exactly; reads 10 × for a version stored without the ceiling", async () => {
    const res = await call(keys.gov, "/policies", publishBody("2028-06-15"));
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await res.json()).rules.appraisalBidCeilingMultiple).toBe("10");
    const seeded = await (await call(keys.sme, `/policies/${encodeURIComponent(DEFAULT_POLICY_REF)}`)).json();
    expect(seeded).toMatchObject({ rules: { appraisalBidCeilingMultiple: "10" }, withdrawal: null });
    expect(seeded.sources.appraisalBidCeilingMultiple).toMatch(/10 倍/);
  });

  it("lets GOVERNMENT withdraw a version not yet in force (audited); the version in force skips it", async () => {
    const tomorrow = "2026-06-16";
    const published = await (await call(keys.gov, "/policies", publishBody(tomorrow, { note: "明日生效（待撤回）" }))).json();
    expect((await getPolicyInForce(tomorrow)).ref).toBe(published.ref);

    // Who may not: the SME, the bank, an appraiser, the platform; nothing changes.
    const before = await policyRows();
    for (const key of [keys.sme, keys.bank, keys.appraiser, keys.platform]) {
      expect((await call(key, `/policies/${encodeURIComponent(published.ref)}/actions/withdraw`, { reason: "不该由我撤回" })).status).toBe(403);
    }
    // Without a reason: 400 at the field.
    const noReason = await call(keys.gov, `/policies/${encodeURIComponent(published.ref)}/actions/withdraw`, {});
    expect(noReason.status).toBe(400);
    expect(await fieldErrors(noReason)).toEqual({ reason: "请说明撤回的理由" });
    expect(await policyRows()).toEqual(before);

    // Any GOVERNMENT org (the county's) withdraws it.
    const res = await call(keys.otherGov, `/policies/${encodeURIComponent(published.ref)}/actions/withdraw`, { reason: "文件编号有误，重新发布" });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ ref: published.ref, inForce: false, withdrawable: false, withdrawal: { reason: "文件编号有误，重新发布" } });
    expect((await getPolicyInForce(tomorrow)).ref).not.toBe(published.ref);
    expect(await db.auditEvent.findFirst({ where: { entityType: "FinancingPolicyVersion", action: "withdraw", fromState: published.ref } })).toMatchObject({ reason: "文件编号有误，重新发布" });
    const list = await (await call(keys.sme, "/policies")).json();
    expect(list.items.find((v: { ref: string }) => v.ref === published.ref)).toMatchObject({ withdrawal: { reason: "文件编号有误，重新发布" }, withdrawable: false, inForce: false });
    expect((await (await call(keys.sme, `/policies/${encodeURIComponent(published.ref)}`)).json()).withdrawal).toMatchObject({ reason: "文件编号有误，重新发布" });

    // Twice: 409, nothing changes.
    const after = await policyRows();
    expect((await call(keys.gov, `/policies/${encodeURIComponent(published.ref)}/actions/withdraw`, { reason: "再撤一次" })).status).toBe(409);
    expect(await policyRows()).toEqual(after);
  });

  it("refuses to withdraw a version in force (effective today) or the default; an unknown ref is 404", async () => {
    const todays = await (await call(keys.gov, "/policies", publishBody(today, { note: "今日生效" }))).json();
    const before = await policyRows();
    for (const ref of [todays.ref, DEFAULT_POLICY_REF]) {
      const res = await call(keys.gov, `/policies/${encodeURIComponent(ref)}/actions/withdraw`, { reason: "想撤回已生效的版本" });
      expect(res.status).toBe(409);
      expect((await res.json()).detail).toMatch(/不能撤回/);
    }
    expect((await call(keys.gov, `/policies/${encodeURIComponent("ZS-FIN@1999-1")}/actions/withdraw`, { reason: "不存在" })).status).toBe(404);
    expect(await policyRows()).toEqual(before);
    expect((await getPolicyInForce(today)).ref).toBe(todays.ref);
  });

  it("a version effective next month is withdrawable on the list; after its date it no longer is", async () => {
    const next = await (await call(keys.gov, "/policies", publishBody(addMonths(today, 1), { note: "下月生效" }))).json();
    const list = await (await call(keys.gov, "/policies")).json();
    expect(list.items.find((v: { ref: string }) => v.ref === next.ref)).toMatchObject({ withdrawable: true, withdrawal: null });
  });
});

describe("API v1: subsidy and fund bodies take numbers where the domain does and name every bad field at once", () => {
  it("sets a budget and tops the fund up with JSON numbers", async () => {
    const budget = await call(keys.gov, "/subsidy-budgets/2026", { amount: 600000 }, "PUT");
    expect(budget.status, await budget.clone().text()).toBe(200);
    expect((await budget.json()).amount).toBe("600000.00");
    const topUp = await call(keys.gov, "/risk-fund/top-ups", { amount: 1000.5, note: "测试注资" });
    expect(topUp.status, await topUp.clone().text()).toBe(201);
    expect((await topUp.json()).amount).toBe("1000.50");
  });

  it("names awardIds and voucherNo together when both are bad", async () => {
    const res = await call(keys.gov, "/subsidies/actions/mark-paid", { awardIds: [], voucherNo: 5 });
    expect(res.status).toBe(400);
    expect(Object.keys(await fieldErrors(res)).sort()).toEqual(["awardIds", "voucherNo"]);
  });
});

describe("the pages: the bid form and the policy list", () => {
  let ip = 40;
  /** A signed-in owner of a new org of `kind` (a browser-like client) and the org's id. */
  async function signedIn(kind: "APPRAISER" | "SME" | "BANK" | "GOVERNMENT") {
    const made = await createUser({ kind });
    const client = server.client();
    const res = await client.postForm("/login", { email: made.user.email, password: made.password }, { headers: { "X-Forwarded-For": `198.51.100.${ip++}` } });
    expect(res.status).toBe(302);
    return { client, orgId: made.orgId };
  }

  it("shows the appraiser the ceiling, names every bad field of a bid at once and saves nothing; the SME sees the warning", async () => {
    const job = await openJob();
    const appraiser = await signedIn("APPRAISER");
    // Filed and qualified: it reads the open job (the job's application pledges nothing this profile lacks).
    await db.appraiserProfile.create({ data: { orgId: appraiser.orgId, filingRecordNumber: `SX-PG-${appraiser.orgId.slice(-6)}`, qualifiedAssetTypes: ["INVENTION", "UTILITY_MODEL", "DESIGN"], affiliatedOrgIds: [], capacity: 5 } });
    const page = await (await appraiser.client.get(`/appraisal/${job.id}`)).text();
    expect(page).toContain("报价上限 ¥80,000.00（参考费用的 10 倍，超过将被拒绝）");
    const refused = await appraiser.client.postForm(`/appraisal/${job.id}`, { intent: "bid", fee: "999999999999", days: "0", method: "GUESS", note: "" });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    for (const message of ["报价不能超过 ¥80,000.00（参考评估费的 10 倍）", "交付天数至少 1 天", "评估方法应为"]) expect(html).toContain(message);
    expect(await db.appraisalBid.count({ where: { jobId: job.id } })).toBe(0);

    const taken = await appraiser.client.postForm(`/appraisal/${job.id}`, { intent: "bid", fee: "1000.00", days: "10", method: "COST", note: "" });
    expect(taken.status).toBe(200);
    expect(await (await appraiser.client.get(`/appraisal/${job.id}`)).text()).toContain("报价已提交，但报价远低于参考费用（不足 0.2 倍）。");

    await db.appraisalJob.update({ where: { id: job.id }, data: { status: "UNASSIGNED", closedAt: clock.now() } });
    const sme = server.client();
    const owner = await createUser({ orgId: orgs.sme, role: "MEMBER" });
    expect((await sme.postForm("/login", { email: owner.user.email, password: owner.password }, { headers: { "X-Forwarded-For": `198.51.100.${ip++}` } })).status).toBe(302);
    expect(await (await sme.get(`/appraisal/${job.id}`)).text()).toContain("报价远低于参考费用（不足 0.2 倍）");
  });

  it("withdraws on the policy list only with a reason and the confirmation (both named at once), only for GOVERNMENT", async () => {
    const gov = await signedIn("GOVERNMENT");
    const next = await (await call(keys.gov, "/policies", publishBody("2026-07-01", { note: "页面撤回测试" }))).json();
    const list = await (await gov.client.get(`/policies?withdraw=${encodeURIComponent(next.ref)}`)).text();
    expect(list).toContain(`撤回版本 ${next.ref}`);
    const before = await policyRows();
    const empty = await gov.client.postForm(`/policies?index&withdraw=${encodeURIComponent(next.ref)}`, { ref: next.ref, reason: "" });
    expect(empty.status).toBe(400);
    const html = await empty.text();
    expect(html).toContain("请说明撤回的理由");
    expect(html).toContain("请勾选确认后再撤回");
    const bank = await signedIn("BANK");
    expect((await bank.client.postForm("/policies?index", { ref: next.ref, reason: "银行不能撤回", confirm: "yes" })).status).toBe(403);
    expect(await policyRows()).toEqual(before);

    const done = await gov.client.postForm("/policies?index", { ref: next.ref, reason: "页面撤回", confirm: "yes" });
    expect(done.status).toBe(302);
    expect(await db.financingPolicyWithdrawal.findUnique({ where: { policyVersionRef: next.ref } })).toMatchObject({ reason: "页面撤回" });
    expect(await (await gov.client.get("/policies")).text()).toContain("已撤回");
  });
});
