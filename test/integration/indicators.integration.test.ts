import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actOnGiApplication } from "~/domain/gi/act-on-application.server";
import { applyForGiMark } from "~/domain/gi/apply.server";
import { saveGiProduct } from "~/domain/gi/products.server";
import { county } from "~/domain/identity/county";
import { createPatent } from "~/domain/patents/save-patent.server";
import { DEFAULT_POLICY_REF } from "~/domain/financing/policy";
import { dateColumn } from "~/domain/shared/calendar";
import { pinClock } from "~/domain/shared/clock";
import { closeQueues, getQueue } from "~/domain/shared/queue-producer.server";
import { db } from "~/utils/db.server";
import { createOrg } from "../factories";
import { actorOf, patentInput } from "../factories/patents";
import { apiCaller, apiParty, expectProblem, expectStatus, type ApiParty } from "../fixtures/api-parties";
import { sessionClient } from "../fixtures/page-sessions";
import { killWorkerProcesses, startWorkerProcess } from "../fixtures/worker-process";
import { startTestServer, type TestServer } from "../setup/http";
import { waitFor } from "../setup/wait-for";

/**
 * Issue 17's acceptance through API v1 on a real PostgreSQL and Redis with the worker
 * process: two loans disbursed by the bank, two deals converted (one on a patent another
 * SME holds, which must not count), three GI users approved and one revoked, statistics
 * entered and one corrected, county holders' patents; `GET /api/v1/indicators` then gives
 * exactly the expected figures and `/indicators/{key}` the records behind each. The monthly
 * snapshot job, run twice, writes one snapshot per indicator and month. A bank and an SME
 * get 404 from the dashboard and the API. The clock is pinned to a Shanghai morning.
 */
const TODAY = "2026-12-04";

let server: TestServer;
let unpin: () => void;
let gov: ApiParty;
let platform: ApiParty;
let bank: ApiParty;
let sme: ApiParty;
const call = apiCaller(() => server);

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/** A loan at REGISTERED between `smeId` and the test bank, ready to be disbursed (the pipeline before it is pledge-pipeline.integration.test.ts's). */
async function registeredLoan(smeId: string, approvedFen: bigint, registeredOn: string) {
  const insurer = await createOrg({ kind: "INSURER" });
  return db.pledgeApplication.create({
    data: {
      smeId,
      bankId: bank.orgId,
      insurerId: insurer.id,
      status: "REGISTERED",
      requestedAmountFen: approvedFen,
      termMonths: 12,
      purpose: "指标测试贷款",
      reportAcceptedBySme: true,
      reportAcceptedByBank: true,
      loanCapFen: approvedFen,
      approvedAmountFen: approvedFen,
      annualRate: "0.0385",
      approvedTermMonths: 12,
      premiumRate: "0.02",
      policyVersion: DEFAULT_POLICY_REF,
      cnipaRegNo: `Y2026${String(Math.floor(Math.random() * 1e8)).padStart(9, "0")}`,
      registeredOn: dateColumn(registeredOn),
      submittedAt: new Date(`${registeredOn}T09:00:00+08:00`),
    },
    select: { id: true, version: true },
  });
}

/** A deal at RECORDED (its negotiation and payment are deals.integration.test.ts's), for its SME to report the conversion. */
async function recordedDeal(smeId: string, holder: { orgId: string; actor: Awaited<ReturnType<typeof actorOf>> }) {
  const patent = await createPatent(holder.actor, patentInput(), { publish: true });
  return db.deal.create({
    data: { patentId: patent.id, smeId, holderId: holder.orgId, mode: "NON_EXCLUSIVE", status: "RECORDED", upfrontFen: 0n, agreedAt: new Date(`2026-10-01T10:00:00+08:00`), paidAt: new Date(`2026-10-02T10:00:00+08:00`), recordNumber: "2026610000999", recordedOn: dateColumn("2026-10-20") },
    select: { id: true, version: true },
  });
}

beforeAll(async () => {
  unpin = pinClock(`${TODAY}T10:00:00+08:00`);
  server = await startTestServer();
  [gov, platform, bank, sme] = [await apiParty("GOVERNMENT"), await apiParty("PLATFORM"), await apiParty("BANK"), await apiParty("SME")];
});

afterAll(async () => {
  killWorkerProcesses();
  await closeQueues();
  await server?.close();
  unpin?.();
});

describe("county indicators through API v1", () => {
  it("count exactly what happened, show the records behind each figure, and keep banks and SMEs out", async () => {
    // ── Loans: two disbursed by the bank through API v1 in the plan period, one before it (booked directly: it predates the plan).
    const loanA = await registeredLoan(sme.orgId, 85_000_000n, "2026-03-02");
    const loanB = await registeredLoan(sme.orgId, 50_000_000n, "2026-11-10");
    await expectStatus(await call(bank.key, `/pledge-applications/${loanA.id}/actions/disburse`, { version: loanA.version, amount: "850000.00", date: "2026-03-10" }), 200);
    await expectStatus(await call(bank.key, `/pledge-applications/${loanB.id}/actions/disburse`, { version: loanB.version, amount: "400000.55", date: "2026-11-20" }), 200);
    const before = await registeredLoan(sme.orgId, 30_000_000n, "2023-11-01");
    await db.pledgeApplication.update({ where: { id: before.id }, data: { status: "REPAYING", disbursedAmountFen: 30_000_000n, disbursedOn: dateColumn("2023-12-20") } });

    // ── Deals: the SME converts a university's patent; another SME converts a patent an SME holds (not a conversion the plan counts).
    const university = await actorOf("UNIVERSITY");
    const otherSme = await apiParty("SME");
    const dealA = await recordedDeal(sme.orgId, { orgId: university.orgId, actor: university });
    // An SME's own patent (SMEs do not list patents in the catalog: its row is written directly).
    const holderSme = await createOrg({ kind: "SME" });
    const ownPatent = await db.patent.create({ data: { holderId: holderSme.id, type: "INVENTION", title: "一种山茱萸含片及其制备方法", abstract: "本发明公开了一种山茱萸含片。", ipcCodes: [], clusters: [], status: "LISTED", legalStatus: "VALID" }, select: { id: true } });
    const dealB = await db.deal.create({ data: { patentId: ownPatent.id, smeId: otherSme.orgId, holderId: holderSme.id, mode: "NON_EXCLUSIVE", status: "RECORDED", upfrontFen: 0n, recordNumber: "2026610000998", recordedOn: dateColumn("2026-10-20") }, select: { id: true, version: true } });
    await expectStatus(await call(sme.key, `/deals/${dealA.id}/actions/report-conversion`, { version: dealA.version, productName: "木耳多糖口服液", startedOn: "2026-11-15" }), 200);
    await expectStatus(await call(otherSme.key, `/deals/${dealB.id}/actions/report-conversion`, { version: dealB.version, productName: "山茱萸含片", startedOn: "2026-11-16" }), 200);

    // ── GI: three enterprises approved on three days, the last revoked.
    const product = await saveGiProduct(gov.actor, { name: "柞水木耳（指标）", kind: "CERTIFICATION_MARK", registrationNumber: "第 765432 号", protectedTowns: [...county.towns], qualityStandard: "柞水木耳质量技术要求", certificatePrefix: "ZSZB" });
    const giIds: string[] = [];
    for (const announcedOn of ["2026-05-10", "2026-09-01", "2026-11-02"]) {
      const applicant = await actorOf("SME");
      const app = await applyForGiMark(applicant, { productId: product.id, productionAddress: "下梁镇西川村", town: county.towns[2], annualOutputKg: 1000, description: "袋料栽培黑木耳。", commitment: true }, [{ bytes: PDF, name: "执照.pdf", type: "application/pdf" }]);
      await db.giApplication.update({ where: { id: app.id }, data: { submittedAt: new Date("2026-04-01T09:00:00+08:00") } });
      await actOnGiApplication(gov.actor, app.id, "approve", { version: app.version, announcementNumber: `柞市监公告〔2026〕${giIds.length + 1}号`, announcedOn });
      giIds.push(app.id);
    }
    const revoked = await db.giApplication.findUniqueOrThrow({ where: { id: giIds[2] }, select: { version: true } });
    await actOnGiApplication(gov.actor, giIds[2], "revoke", { version: revoked.version, reason: "抽查不合格且逾期未整改", revokedOn: "2026-11-25" });

    // ── Patents of holders in the county: a high-value valid invention, a plain one, a lapsed one; and one of a holder elsewhere.
    const institute = await actorOf("RESEARCH_INSTITUTE");
    const highValue = await createPatent(institute, patentInput({ legalStatus: "VALID", grantDate: "2024-08-20", highValueFlags: ["STRATEGIC_EMERGING"] }), { publish: true });
    await createPatent(institute, patentInput({ legalStatus: "VALID", grantDate: "2025-02-11" }), { publish: true });
    const lapsed = await createPatent(institute, patentInput({ legalStatus: "VALID", grantDate: "2021-02-11", highValueFlags: ["STRATEGIC_EMERGING"] }));
    await db.patent.update({ where: { id: lapsed.id }, data: { legalStatus: "LAPSED" } });
    const elsewhere = await actorOf("SOE");
    await db.organization.update({ where: { id: elsewhere.orgId }, data: { county: "西安市长安区" } });
    await createPatent(elsewhere, patentInput({ legalStatus: "VALID", grantDate: "2024-01-20", highValueFlags: ["STRATEGIC_EMERGING"] }), { publish: true });

    // ── Statistics entered by the county, one corrected; bad values change nothing.
    const enter = (body: Record<string, unknown>, status = 201) => call(gov.key, "/indicator-entries", body).then((r) => (status === 201 ? expectStatus(r, 201) : r));
    const first = await enter({ seriesKey: "trademarks", value: "1800", asOf: "2026-09-30", source: "市场监管局统计月报" });
    await enter({ seriesKey: "trademarks", value: "1790", asOf: "2026-09-30", source: "市场监管局统计月报", note: "更正：剔除注销商标", replacesId: first.id });
    await enter({ seriesKey: "trademarks", value: "1700", asOf: "2025-12-31", source: "市场监管局统计年报" });
    await enter({ seriesKey: "population", value: "130000", asOf: "2025-12-31", source: "县统计公报" });
    await enter({ seriesKey: "ip-special-funds", value: "10000000.00", asOf: "2025-12-31", source: "县财政局" });
    await enter({ seriesKey: "fiscal-expenditure", value: "2000000000.00", asOf: "2025-12-31", source: "县财政局" });
    const entriesBefore = await db.indicatorEntry.count();
    await expectProblem(await call(gov.key, "/indicator-entries", { seriesKey: "trademarks", value: "-5", asOf: "2026-12-05", source: "" }), 400, ["value", "asOf", "source"]);
    await expectProblem(await call(gov.key, "/indicator-entries", { seriesKey: "trademarks", value: "1795", asOf: "2026-09-30", source: "再更正", replacesId: first.id }), 409);
    expect(await db.indicatorEntry.count()).toBe(entriesBefore);

    // ── The dashboard's figures through API v1, exactly.
    const overview = await expectStatus(await call(gov.key, `/indicators?asOf=${TODAY}`), 200);
    expect(overview.asOf).toBe(TODAY);
    const figure = (key: string) => overview.indicators.find((f: { key: string }) => f.key === key);
    expect(figure("trademarks")).toMatchObject({ value: "1790", valueFrom: "STATISTIC", statisticAsOf: "2026-09-30", progress: expect.any(String), status: "BEHIND" });
    expect(figure("high-value-invention-patents")).toMatchObject({ value: "1", platformValue: "1", recordCount: 1, status: "BEHIND" });
    // Three valid inventions of county holders (the high-value one, the plain one, the university's licensed one) ÷ 130,000 × 10,000 = 3/13.
    expect(figure("invention-patents-per-10k")).toMatchObject({ value: "0.230769230769", perCapita: { inventionPatents: 3, population: "130000", populationAsOf: "2025-12-31" } });
    expect(figure("pledge-financing-total")).toMatchObject({ value: "1250000.55", recordCount: 2, status: "BEHIND" });
    expect(figure("converting-smes")).toMatchObject({ value: "1", recordCount: 1 });
    expect(figure("gi-users")).toMatchObject({ value: "2", recordCount: 2, baseline: "10" });
    expect(figure("ip-fund-share")).toMatchObject({ value: "0.005", status: "ACHIEVED", annual: { year: 2025, funds: "10000000.00", expenditure: "2000000000.00", platformSubsidiesPaid: "0.00" } });
    // progress = (1790 − 1484) / (1900 − 1484) = 306 / 416, exactly.
    expect(figure("trademarks").progress).toBe("0.735576923077");
    // The platform reads the same; an earlier day counts only what had happened by then.
    expect((await expectStatus(await call(platform.key, `/indicators?asOf=${TODAY}`), 200)).indicators).toEqual(overview.indicators);
    const october = await expectStatus(await call(gov.key, "/indicators?asOf=2026-10-31"), 200);
    const octFigure = (key: string) => october.indicators.find((f: { key: string }) => f.key === key);
    expect([octFigure("pledge-financing-total").value, octFigure("converting-smes").value, octFigure("gi-users").value, octFigure("trademarks").value]).toEqual(["850000.00", "0", "2", "1790"]);

    // ── The records behind each figure.
    const detail = (key: string) => call(gov.key, `/indicators/${key}?asOf=${TODAY}`).then((r) => expectStatus(r, 200));
    const pledge = await detail("pledge-financing-total");
    expect(pledge.records.map((r: { id: string; amount: string; disbursedOn: string }) => [r.id, r.amount, r.disbursedOn])).toEqual([
      [loanA.id, "850000.00", "2026-03-10"],
      [loanB.id, "400000.55", "2026-11-20"],
    ]);
    expect(pledge.series[0]).toMatchObject({ day: "2024-01-31" });
    expect(pledge.series.at(-1)).toMatchObject({ day: TODAY, value: "1250000.55", source: "LIVE" });
    expect((await detail("converting-smes")).records.map((r: { id: string }) => r.id)).toEqual([dealA.id]);
    expect((await detail("gi-users")).records.map((r: { id: string }) => r.id)).toEqual(giIds.slice(0, 2));
    expect((await detail("high-value-invention-patents")).records.map((r: { id: string }) => r.id)).toEqual([highValue.id]);
    const trademarks = await detail("trademarks");
    expect(trademarks.entries.map((e: { value: string; replacesId: string | null; replacedById: string | null }) => [e.value, e.replacesId === first.id, e.replacedById !== null])).toEqual([
      ["1790", true, false],
      ["1800", false, true],
      ["1700", false, false],
    ]);

    // ── Banks and SMEs learn nothing: 404 on the API and on the pages.
    for (const outsider of [bank, sme]) {
      await expectProblem(await call(outsider.key, "/indicators"), 404);
      await expectProblem(await call(outsider.key, "/indicators/pledge-financing-total"), 404);
      await expectProblem(await call(outsider.key, "/indicator-entries", { seriesKey: "trademarks", value: "1", asOf: "2026-01-01", source: "x" }), 404);
      const page = await sessionClient(server, outsider.actor.userId!, outsider.orgId);
      for (const path of ["/indicators", "/indicators/pledge-financing-total", "/indicators/export.xlsx", "/indicators/report"]) {
        expect((await page.get(path)).status, path).toBe(404);
      }
    }
    expect(await db.indicatorEntry.count()).toBe(entriesBefore);
  });

  it("writes one snapshot per indicator and ended month however often the job runs", async () => {
    startWorkerProcess();
    const queue = getQueue("indicators");
    for (const jobId of ["indicators-test-run-1", "indicators-test-run-2"]) {
      await queue.add("indicators.write-monthly-snapshots", {}, { jobId });
      await waitFor(async () => (await queue.getJobState(jobId)) === "completed", { what: `job ${jobId} completed`, timeoutMs: 120_000 });
    }
    // 2024-01 … 2026-11: 35 ended months × 7 indicators.
    const months = 35;
    expect(await db.indicatorSnapshot.count()).toBe(months * county.indicatorPlan.indicators.length);
    const grouped = await db.indicatorSnapshot.groupBy({ by: ["indicatorKey", "month"], _count: true });
    expect(grouped.every((g) => g._count === 1)).toBe(true);
    const november = await db.indicatorSnapshot.findUniqueOrThrow({ where: { indicatorKey_month: { indicatorKey: "pledge-financing-total", month: dateColumn("2026-11-30") } } });
    expect([november.value?.toFixed(2), november.status, november.source]).toEqual(["1250000.55", "BEHIND", "SCHEDULED"]);
    const march = await db.indicatorSnapshot.findUniqueOrThrow({ where: { indicatorKey_month: { indicatorKey: "pledge-financing-total", month: dateColumn("2026-02-28") } } });
    expect(march.value?.toFixed(2)).toBe("0.00");
    // The API's series now reads the snapshots.
    const pledge = await expectStatus(await call(gov.key, `/indicators/pledge-financing-total?asOf=${TODAY}`), 200);
    expect(pledge.series.find((p: { day: string }) => p.day === "2026-11-30")).toMatchObject({ value: "1250000.55", source: "SCHEDULED" });
  });
});
