import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { systemActor } from "~/domain/shared/actor";
import { bookToday } from "~/domain/shared/book-dates";
import { dateColumn, isoDateOf, yearOf } from "~/domain/shared/calendar";
import { awardSubsidy } from "~/domain/subsidies/award-subsidy.server";
import type { OrgKind, OrgStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { createLoans } from "../../test/factories/financing";
import { createOrg, createUser } from "../../test/factories";
import { startTestServer, type TestServer } from "../../test/setup/http";

/**
 * Issue 15 §4, driven as a bank's, an SME's, an appraiser's, the county's and the
 * platform's systems would: the partner directory, the platform's key closing bidding, the
 * dated receipt, the appraiser's own profile and the risk fund's correcting entry — each
 * with who may not, every bad field named at once and nothing changed on a refusal.
 */

let server: TestServer;
/** This file's orgs carry a tag in their names, so the directory can be narrowed to them. */
const TAG = `系统对接${randomBytes(3).toString("hex")}`;

type Party = { orgId: string; key: string; keyId: string };
const parties = {} as Record<"sme" | "bank" | "insurer" | "appraiser" | "gov" | "platform", Party>;

async function party(kind: OrgKind, name: string, status: OrgStatus = "ACTIVE"): Promise<Party> {
  const org = await createOrg({ kind, status, name: `${TAG}${name}` });
  const { apiKey, key } = await createApiKey(systemActor(), { orgId: org.id, name: `${kind} system` });
  return { orgId: org.id, key, keyId: apiKey.id };
}

const call = (key: string | null, path: string, body?: unknown, method = body === undefined ? "GET" : "POST") =>
  server.fetch(`/api/v1${path}`, {
    method,
    headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** The field names a 400 problem names. */
const fieldsOf = async (res: Response) => [...new Set(((await res.json()) as { errors?: { field: string }[] }).errors?.map((e) => e.field.split(".")[0]) ?? [])].sort();

/** A calendar date `days` from `iso` ("2026-03-01"). */
const plusDays = (iso: string, days: number) => isoDateOf(new Date(dateColumn(iso).getTime() + days * 86_400_000));

beforeAll(async () => {
  server = await startTestServer();
  Object.assign(parties, {
    sme: await party("SME", "木耳食品有限公司"),
    bank: await party("BANK", "柞水农商银行"),
    insurer: await party("INSURER", "秦岭财产保险"),
    appraiser: await party("APPRAISER", "秦岭资产评估事务所"),
    gov: await party("GOVERNMENT", "柞水县市场监督管理局"),
    platform: await party("PLATFORM", "知产桥运营"),
  });
});

afterAll(async () => {
  await server?.close();
});

describe("GET /api/v1/orgs: the partner directory", () => {
  it("lists ACTIVE banks, insurers and appraisers (name, USCC, kind, products or profile) to any signed-in caller, a page at a time", async () => {
    await db.organization.update({ where: { id: parties.bank.orgId }, data: { products: ["知识产权质押贷款", "科技型中小企业信用贷"] } });
    await db.appraiserProfile.create({ data: { orgId: parties.appraiser.orgId, filingRecordNumber: "陕财评备〔2021〕12号", qualifiedAssetTypes: ["INVENTION"], methods: ["INCOME", "MARKET"], serviceArea: ["柞水县"], capacity: 6 } });
    const pendingBank = await createOrg({ kind: "BANK", status: "PENDING", name: `${TAG}待审核银行` });
    const suspendedInsurer = await createOrg({ kind: "INSURER", status: "SUSPENDED", name: `${TAG}已停用保险` });

    for (const caller of [parties.sme, parties.bank, parties.appraiser]) {
      const res = await call(caller.key, `/orgs?q=${encodeURIComponent(TAG)}&pageSize=100`);
      expect(res.status).toBe(200);
      const page = await res.json();
      expect(page.total).toBe(3);
      const ids = page.items.map((o: { id: string }) => o.id);
      expect(ids).toEqual(expect.arrayContaining([parties.bank.orgId, parties.insurer.orgId, parties.appraiser.orgId]));
      for (const absent of [parties.sme.orgId, parties.gov.orgId, parties.platform.orgId, pendingBank.id, suspendedInsurer.id]) expect(ids).not.toContain(absent);
    }

    const banks = await (await call(parties.sme.key, `/orgs?kind=BANK&q=${encodeURIComponent(TAG)}`)).json();
    const uscc = (await db.organization.findUniqueOrThrow({ where: { id: parties.bank.orgId } })).uscc;
    expect(banks.items).toEqual([{ id: parties.bank.orgId, name: `${TAG}柞水农商银行`, uscc, kind: "BANK", county: "柞水县", town: null, isDemo: false, products: ["知识产权质押贷款", "科技型中小企业信用贷"], appraiser: null }]);
    const appraisers = await (await call(parties.bank.key, `/orgs?kind=APPRAISER&q=${encodeURIComponent(TAG)}`)).json();
    expect(appraisers.items[0]).toMatchObject({ kind: "APPRAISER", products: [], appraiser: { filingRecordNumber: "陕财评备〔2021〕12号", methods: ["INCOME", "MARKET"], serviceArea: ["柞水县"], capacity: 6 } });

    // Paginated: one a page, three pages.
    const first = await (await call(parties.sme.key, `/orgs?q=${encodeURIComponent(TAG)}&pageSize=1&page=1`)).json();
    const third = await (await call(parties.sme.key, `/orgs?q=${encodeURIComponent(TAG)}&pageSize=1&page=3`)).json();
    expect([first.items.length, first.total, third.items.length, first.items[0].id !== third.items[0].id]).toEqual([1, 3, 1, true]);
  });

  it("refuses the anonymous (401) and names every bad query field at once (400)", async () => {
    expect((await call(null, "/orgs")).status).toBe(401);
    const bad = await call(parties.sme.key, "/orgs?kind=SME&pageSize=0&page=abc");
    expect(bad.status).toBe(400);
    expect(await fieldsOf(bad)).toEqual(["kind", "page", "pageSize"]);
  });

  it("lets an insurer's owner list its products in the org profile (PATCH /orgs/:id); an SME has none to list, an API key changes nothing", async () => {
    const owner = await createUser({ orgId: parties.insurer.orgId, role: "OWNER" });
    const client = server.client();
    expect((await client.postForm("/login", { email: owner.user.email, password: owner.password }, { headers: { "X-Forwarded-For": "192.0.2.71" } })).status).toBe(302);
    const patch = (orgId: string, body: unknown, key?: string) =>
      key
        ? call(key, `/orgs/${orgId}`, body, "PATCH")
        : client.get(`/api/v1/orgs/${orgId}`, { method: "PATCH", headers: { Origin: server.url, "Content-Type": "application/json" }, body: JSON.stringify(body) });

    const bad = await patch(parties.insurer.orgId, { products: ["专", "<script>alert(1)</script>", "x".repeat(41)], town: "西安市" });
    expect(bad.status).toBe(400);
    expect(await fieldsOf(bad)).toEqual(["products", "town"]);
    expect((await db.organization.findUniqueOrThrow({ where: { id: parties.insurer.orgId } })).products).toEqual([]);

    const ok = await patch(parties.insurer.orgId, { products: ["专利执行保险", "知识产权质押融资保证保险", "专利执行保险"] });
    expect(ok.status).toBe(200);
    expect((await ok.json()).products).toEqual(["专利执行保险", "知识产权质押融资保证保险"]);
    expect((await (await call(parties.sme.key, `/orgs?kind=INSURER&q=${encodeURIComponent(TAG)}`)).json()).items[0].products).toEqual(["专利执行保险", "知识产权质押融资保证保险"]);

    // The insurer's API key may not (keys act as MEMBER); an SME's owner has no products to list.
    expect((await patch(parties.insurer.orgId, { products: ["别的产品"] }, parties.insurer.key)).status).toBe(403);
    const smeOwner = await createUser({ orgId: parties.sme.orgId, role: "OWNER" });
    const smeClient = server.client();
    await smeClient.postForm("/login", { email: smeOwner.user.email, password: smeOwner.password }, { headers: { "X-Forwarded-For": "192.0.2.72" } });
    const sme = await smeClient.get(`/api/v1/orgs/${parties.sme.orgId}`, { method: "PATCH", headers: { Origin: server.url, "Content-Type": "application/json" }, body: JSON.stringify({ products: ["贷款"] }) });
    expect(sme.status).toBe(400);
    expect(await fieldsOf(sme)).toEqual(["products"]);
    expect((await db.organization.findUniqueOrThrow({ where: { id: parties.sme.orgId } })).products).toEqual([]);
  });
});

describe("POST /api/v1/appraisal-jobs/:id/actions/close-bidding", () => {
  it("the platform's API key closes bidding, audited as the key; the SME's, the bank's and the county's keys may not", async () => {
    const { applicationIds } = await createLoans({ smeId: parties.sme.orgId });
    await db.pledgedAsset.create({ data: { applicationId: applicationIds[0], assetType: "INVENTION", registrationNumber: "2020100000011", title: "一种黑木耳多糖的低温提取方法" } });
    const job = await db.appraisalJob.create({ data: { applicationId: applicationIds[0], deadline: new Date(Date.now() + 5 * 86_400_000), referenceFeeFen: 800_000n } });
    for (const other of [parties.sme, parties.gov]) {
      const res = await call(other.key, `/appraisal-jobs/${job.id}/actions/close-bidding`, {});
      expect(res.status, other.orgId).toBe(403);
    }
    // The bank of the factory's loan is another org; ours is a stranger to the job.
    expect([403, 404]).toContain((await call(parties.bank.key, `/appraisal-jobs/${job.id}/actions/close-bidding`, {})).status);
    expect(await db.appraisalJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "OPEN", extended: false, version: 1 });

    const closed = await call(parties.platform.key, `/appraisal-jobs/${job.id}/actions/close-bidding`, {});
    expect(closed.status, await closed.clone().text()).toBe(200);
    // No bid: bidding is extended once by 72 h (SPEC §7), as at the deadline.
    expect(await db.appraisalJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "OPEN", extended: true, version: 2 });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "AppraisalJob", entityId: job.id } });
    expect(audit).toMatchObject({ action: "appraisal.extend", actorApiKeyId: parties.platform.keyId, actorUserId: null });
  });
});

describe("POST /api/v1/payments/:id/actions/confirm-receipt: the receipt date", () => {
  it("takes the day the money arrived (not after today, not before the payment was asked for); the premium subsidy's year follows it", async () => {
    const today = bookToday();
    const lastYear = yearOf(today) - 1;
    const { applicationIds } = await createLoans({ smeId: parties.sme.orgId });
    await db.pledgeApplication.update({ where: { id: applicationIds[0] }, data: { insurerId: parties.insurer.orgId, premiumFen: 1_700_000n } });
    const asked = `${lastYear}-12-20`;
    const payment = await db.payment.create({
      data: { applicationId: applicationIds[0], kind: "PREMIUM", payerId: parties.sme.orgId, payeeId: parties.insurer.orgId, amountFen: 1_700_000n, method: "OFFLINE", status: "TRANSFER_SUBMITTED", transferReference: "HX-PREMIUM-1", version: 2, createdAt: new Date(`${asked}T10:00:00+08:00`) },
    });
    const row = () => db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    const before = await row();
    const confirm = (key: string, body: object) => call(key, `/payments/${payment.id}/actions/confirm-receipt`, body);

    const refusals: [object, string[], string][] = [
      [{ version: 2, receivedOn: plusDays(today, 1) }, ["receivedOn"], "不能晚于今天"],
      [{ version: 2, receivedOn: plusDays(asked, -1) }, ["receivedOn"], "不能早于该笔款项的应付日期"],
      [{ version: "abc", receivedOn: "2026-02-30" }, ["receivedOn", "version"], "不是有效的日期"],
      [{ receivedOn: plusDays(today, 1) }, ["receivedOn", "version"], "不能晚于今天"],
    ];
    for (const [body, fields, message] of refusals) {
      const res = await confirm(parties.insurer.key, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const text = await res.clone().text();
      expect(await fieldsOf(res), text).toEqual(fields);
      expect(text).toContain(message);
    }
    // Who may not: the payer cannot confirm its own payment (409: not its step), a stranger does not see it (404).
    expect((await confirm(parties.sme.key, { version: 2, receivedOn: `${lastYear}-12-30` })).status).toBe(409);
    expect((await confirm(parties.bank.key, { version: 2, receivedOn: `${lastYear}-12-30` })).status).toBe(404);
    expect(await row()).toEqual(before);

    // The step's own date is allowed; the version as a numeric string too.
    const ok = await confirm(parties.insurer.key, { version: "2", receivedOn: asked });
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect((await ok.json()).items.find((p: { id: string }) => p.id === payment.id)).toMatchObject({ status: "PAID", receivedOn: asked, paidAt: expect.any(String) });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "payment.confirm-receipt", entityId: applicationIds[0] } });
    expect(audit).toMatchObject({ actorApiKeyId: parties.insurer.keyId, data: expect.objectContaining({ receivedOn: asked }) });

    // Confirmed this year, received last year: the subsidy's year is last year.
    const { award } = await awardSubsidy({ kind: "PREMIUM", applicationId: applicationIds[0], sourceEvent: `payment:${payment.id}` });
    expect(award.year).toBe(lastYear);
  });

  it("defaults to today when no date is given", async () => {
    const { applicationIds } = await createLoans({ smeId: parties.sme.orgId });
    const payment = await db.payment.create({ data: { applicationId: applicationIds[0], kind: "APPRAISAL_FEE", payerId: parties.sme.orgId, payeeId: parties.appraiser.orgId, amountFen: 1_200_000n, method: "OFFLINE", status: "TRANSFER_SUBMITTED", version: 2 } });
    const ok = await call(parties.appraiser.key, `/payments/${payment.id}/actions/confirm-receipt`, { version: 2 });
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).receivedOn?.toISOString().slice(0, 10)).toBe(bookToday());
  });
});

describe("/api/v1/appraiser-profile: an appraiser's own profile", () => {
  it("an appraiser's key sets its qualification number, methods, capacity and service area; the operator's fields stay; audited as the key", async () => {
    const appraiser = await party("APPRAISER", "商洛评估");
    await db.appraiserProfile.create({ data: { orgId: appraiser.orgId, filingRecordNumber: null, qualifiedAssetTypes: ["INVENTION", "DESIGN"], affiliatedOrgIds: [parties.bank.orgId] } });
    const put = (key: string, body: unknown) => call(key, "/appraiser-profile", body, "PUT");
    const profileRow = () => db.appraiserProfile.findUniqueOrThrow({ where: { orgId: appraiser.orgId } });
    const before = await profileRow();

    const bad = await put(appraiser.key, { filingRecordNumber: "<b>", methods: ["GUESS"], capacity: "0", serviceArea: ["西安市"] });
    expect(bad.status).toBe(400);
    expect(await fieldsOf(bad)).toEqual(["capacity", "filingRecordNumber", "methods", "serviceArea"]);
    expect(await profileRow()).toEqual(before);

    const ok = await put(appraiser.key, { filingRecordNumber: "陕财评备〔2022〕7号", methods: ["COST", "INCOME"], capacity: "8", serviceArea: ["营盘镇", "乾佑街道"] });
    expect(ok.status, await ok.clone().text()).toBe(200);
    const expected = { orgId: appraiser.orgId, filingRecordNumber: "陕财评备〔2022〕7号", methods: ["INCOME", "COST"], capacity: 8, serviceArea: ["乾佑街道", "营盘镇"], qualifiedAssetTypes: ["INVENTION", "DESIGN"], affiliatedOrgIds: [parties.bank.orgId] };
    expect(await ok.json()).toMatchObject(expected);
    expect(await (await call(appraiser.key, "/appraiser-profile")).json()).toMatchObject(expected);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "appraiser.profile-self", entityId: appraiser.orgId } });
    expect(audit).toMatchObject({ actorApiKeyId: appraiser.keyId, data: { before: { filingRecordNumber: null }, after: { filingRecordNumber: "陕财评备〔2022〕7号", capacity: 8 } } });

    // Who may not: any other kind, reading or writing (the operator keeps the admin command).
    for (const other of [parties.sme, parties.bank, parties.platform, parties.gov]) {
      expect((await put(other.key, { filingRecordNumber: "SX-PG-1", methods: ["INCOME"], serviceArea: ["柞水县"] })).status).toBe(403);
      expect((await call(other.key, "/appraiser-profile")).status).toBe(403);
    }
    expect((await put("", {})).status).toBe(401);
  });
});

describe("/api/v1/risk-fund/corrections: the fund's correcting entry", () => {
  it("GOVERNMENT books a signed entry with its reason, audited; never below zero; every bad field named at once; others may not", async () => {
    const gov = parties.gov.key;
    expect((await call(gov, "/risk-fund/top-ups", { amount: "1000.00", note: "测试注资" })).status).toBe(201);
    const snapshot = async () => ({ fund: await db.riskFund.findMany(), entries: await db.riskFundEntry.count(), audits: await db.auditEvent.count({ where: { entityType: "RiskFund" } }) });
    const before = await snapshot();

    const overdraw = await call(gov, "/risk-fund/corrections", { amount: "-1000.01", reason: "冲销重复注资" });
    expect(overdraw.status).toBe(400);
    expect(await fieldsOf(overdraw)).toEqual(["amount"]);
    const both = await call(gov, "/risk-fund/corrections", { amount: "0", reason: "" });
    expect(both.status).toBe(400);
    expect(await fieldsOf(both)).toEqual(["amount", "reason"]);
    for (const other of [parties.platform, parties.sme, parties.bank]) expect((await call(other.key, "/risk-fund/corrections", { amount: "-1.00", reason: "不该由我更正" })).status).toBe(403);
    expect(await snapshot()).toEqual(before);

    const booked = await call(gov, "/risk-fund/corrections", { amount: "-250.50", reason: "冲销 12 月重复录入的注资" });
    expect(booked.status, await booked.clone().text()).toBe(201);
    expect(await booked.json()).toEqual({ amount: "-250.50", balanceBefore: "1000.00", balance: "749.50", reason: "冲销 12 月重复录入的注资" });
    // A number is an amount too; down to exactly zero is allowed.
    expect((await call(gov, "/risk-fund/corrections", { amount: -749.5, reason: "清零核对" })).status).toBe(201);

    const fund = await (await call(gov, "/risk-fund")).json();
    expect(fund).toMatchObject({ balance: "0.00", toppedUp: "1000.00", corrected: "-1000.00" });
    expect(fund.entries.slice(0, 2)).toMatchObject([
      { kind: "CORRECTION", amount: "-749.50", balanceAfter: "0.00", note: "清零核对" },
      { kind: "CORRECTION", amount: "-250.50", balanceAfter: "749.50", note: "冲销 12 月重复录入的注资" },
    ]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "RiskFund", action: "correction" }, orderBy: { at: "asc" } });
    expect(audit).toMatchObject({ actorApiKeyId: parties.gov.keyId, reason: "冲销 12 月重复录入的注资", data: { amount: "-250.50", before: "1000.00", balance: "749.50" } });
  });
});

describe("the pages of §4 (people, signed in)", () => {
  let ip = 100;
  async function signedIn(orgId: string) {
    const made = await createUser({ orgId, role: "OWNER" });
    const client = server.client();
    expect((await client.postForm("/login", { email: made.user.email, password: made.password }, { headers: { "X-Forwarded-For": `192.0.2.${ip++}` } })).status).toBe(302);
    return client;
  }

  it("an appraiser's person sets its profile on /appraisal/profile; other kinds get 403", async () => {
    const appraiser = await party("APPRAISER", "页面评估所");
    const client = await signedIn(appraiser.orgId);
    expect((await client.get("/appraisal/profile")).status).toBe(200);
    const bad = await client.postForm("/appraisal/profile", { filingRecordNumber: "", capacity: "abc" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    for (const message of ["请填写资产评估机构备案编号", "同时承接的任务数应为整数", "至少选择一种评估方法", "至少选择一个服务区域"]) expect(html).toContain(message);
    expect(await db.appraiserProfile.findUnique({ where: { orgId: appraiser.orgId } })).toBeNull();
    const body = new URLSearchParams([["filingRecordNumber", "SX-PG-0099"], ["methods", "MARKET"], ["capacity", ""], ["serviceArea", "柞水县"]]);
    const ok = await client.get("/appraisal/profile", { method: "POST", headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" }, body: body.toString() });
    expect(ok.status).toBe(200);
    expect(await db.appraiserProfile.findUniqueOrThrow({ where: { orgId: appraiser.orgId } })).toMatchObject({ filingRecordNumber: "SX-PG-0099", methods: ["MARKET"], capacity: null, serviceArea: ["柞水县"] });

    const sme = await signedIn(parties.sme.orgId);
    expect((await sme.get("/appraisal/profile")).status).toBe(403);
    expect((await sme.postForm("/appraisal/profile", { filingRecordNumber: "SX-1", methods: "INCOME", serviceArea: "柞水县" })).status).toBe(403);
  });

  it("the risk-fund page previews a correction without writing it, then books it; the platform's staff may not", async () => {
    const gov = await signedIn(parties.gov.orgId);
    const entries = () => db.riskFundEntry.count();
    const before = await entries();
    const preview = await gov.postForm("/risk-fund", { intent: "correct-preview", amount: "0.01", reason: "补记漏记的利息" });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain("请核对更正分录");
    expect(await entries()).toBe(before);
    expect((await gov.postForm("/risk-fund", { intent: "correct", amount: "0.01", reason: "补记漏记的利息" })).status).toBe(200);
    expect(await entries()).toBe(before + 1);

    const platform = await signedIn(parties.platform.orgId);
    const page = await (await platform.get("/risk-fund")).text();
    expect(page).not.toContain("更正分录</h2>");
    expect((await platform.postForm("/risk-fund", { intent: "correct", amount: "-0.01", reason: "不该由我更正" })).status).toBe(403);
    expect(await entries()).toBe(before + 1);
  });
});
