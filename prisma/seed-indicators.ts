import { enterIndicatorStatistic } from "../app/domain/indicators/entries.server";
import { backfillIndicatorSnapshots } from "../app/domain/indicators/snapshots.server";
import { DEFAULT_POLICY_REF } from "../app/domain/financing/policy";
import { bookToday } from "../app/domain/shared/book-dates";
import { addMonths, dateColumn } from "../app/domain/shared/calendar";
import { clock, fixedClock, setClock } from "../app/domain/shared/clock";
import { Money } from "../app/domain/shared/money";
import { db } from "../app/utils/db.server";
import { DEMO_ORGS, DEMO_SECOND_SME } from "./seed-data";
import { ownerActor } from "./seed-deals";

/**
 * The county dashboard's demo history since 2024-01 (issue 17), so that every status shows:
 *  - pledge loans the demo bank disbursed before this demo began (their pipeline — appraisal,
 *    approvals, registration — predates it, so they are written as booked loans, marked
 *    示例 in their purpose): 2,350,000 元 by 2026-08 → 已达成;
 *  - the market regulator's quarterly trademark figures (one corrected) → 进度正常;
 *  - IP special funds and fiscal expenditure for 2024 and 2025 → 已达成 (2025 ≥ 0.5 %);
 *  - high-value patents, converting SMEs and GI users come from the demo catalog, deals
 *    and GI register → 进度落后; no population is entered, so 每万人口发明专利 → 暂无数据.
 * Statistics go through the entry use case as the demo county government, each on its
 * own day (the clock is moved back), so they read like entries made over two years.
 * Then every month since 2024-01 is snapshotted from these dated records (the backfill).
 * Idempotent: loans are matched by their registration number, entries by series and day.
 */

type DemoLoan = { sme: "SME" | "SME2"; amount: string; registeredOn: string; disbursedOn: string; cnipaRegNo: string; months: number; settled?: boolean; mark: string };

const DEMO_LOANS: DemoLoan[] = [
  { sme: "SME", amount: "600000.00", registeredOn: "2024-06-11", disbursedOn: "2024-06-18", cnipaRegNo: "Y2024610000118", months: 12, settled: true, mark: "第31245678号" },
  { sme: "SME2", amount: "800000.00", registeredOn: "2025-03-04", disbursedOn: "2025-03-12", cnipaRegNo: "Y2025610000036", months: 24, mark: "第40517733号" },
  { sme: "SME", amount: "500000.00", registeredOn: "2025-11-12", disbursedOn: "2025-11-20", cnipaRegNo: "Y2025610000207", months: 24, mark: "第52260419号" },
  { sme: "SME2", amount: "450000.00", registeredOn: "2026-07-28", disbursedOn: "2026-08-05", cnipaRegNo: "Y2026610000154", months: 12, mark: "第61783025号" },
];

type DemoEntry = { seriesKey: string; value: string; asOf: string; source: string; note?: string; correctedTo?: { value: string; note: string } };

const MONTHLY = "柞水县市场监督管理局 商标统计月报（示例）";
const FISCAL = "柞水县财政局 预算执行情况（示例）";
const DEMO_ENTRIES: DemoEntry[] = [
  { seriesKey: "trademarks", value: "1532", asOf: "2024-03-31", source: MONTHLY },
  { seriesKey: "trademarks", value: "1571", asOf: "2024-06-30", source: MONTHLY },
  { seriesKey: "trademarks", value: "1608", asOf: "2024-09-30", source: MONTHLY },
  { seriesKey: "trademarks", value: "1650", asOf: "2024-12-31", source: MONTHLY },
  { seriesKey: "trademarks", value: "1688", asOf: "2025-03-31", source: MONTHLY },
  { seriesKey: "trademarks", value: "1742", asOf: "2025-06-30", source: MONTHLY, correctedTo: { value: "1724", note: "月报更正：剔除已注销商标 18 件" } },
  { seriesKey: "trademarks", value: "1760", asOf: "2025-09-30", source: MONTHLY },
  { seriesKey: "trademarks", value: "1801", asOf: "2025-12-31", source: MONTHLY },
  { seriesKey: "trademarks", value: "1829", asOf: "2026-03-31", source: MONTHLY },
  { seriesKey: "trademarks", value: "1851", asOf: "2026-06-30", source: MONTHLY },
  { seriesKey: "trademarks", value: "1872", asOf: "2026-09-30", source: MONTHLY },
  { seriesKey: "trademarks", value: "1893", asOf: "2026-11-30", source: MONTHLY },
  { seriesKey: "ip-special-funds", value: "9200000.00", asOf: "2024-12-31", source: FISCAL },
  { seriesKey: "fiscal-expenditure", value: "2030000000.00", asOf: "2024-12-31", source: FISCAL },
  { seriesKey: "ip-special-funds", value: "10650000.00", asOf: "2025-12-31", source: FISCAL },
  { seriesKey: "fiscal-expenditure", value: "2070000000.00", asOf: "2025-12-31", source: FISCAL },
];

/** The clock at 10:00 in Shanghai on `day` (entries are "made" a few days after what they describe). */
async function onDay<T>(day: string, fn: () => Promise<T>): Promise<T> {
  const at = new Date(`${day}T10:00:00+08:00`);
  const restore = setClock(fixedClock(at < clock.now() ? at : clock.now()));
  try {
    return await fn();
  } finally {
    restore();
  }
}

const plusDays = (day: string, days: number) => new Date(dateColumn(day).getTime() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The repayments a booked loan has had by `today`: interest each quarter (annual rate 3.85 %,
 * a quarter's share, half-up to the fen), and for a settled loan the principal at its term's end.
 */
function repaymentsOf(loan: DemoLoan, amount: Money, today: string): { paidOn: Date; principalFen: bigint; interestFen: bigint }[] {
  const quarterly = amount.times("0.0385", "0.25");
  const rows: { paidOn: Date; principalFen: bigint; interestFen: bigint }[] = [];
  const end = addMonths(loan.disbursedOn, loan.months);
  for (let q = 3; q <= loan.months; q += 3) {
    const day = addMonths(loan.disbursedOn, q);
    if (day > today) break;
    rows.push({ paidOn: dateColumn(day), principalFen: loan.settled && day === end ? amount.fen : 0n, interestFen: quarterly.fen });
  }
  return rows;
}

async function seedLoans(today: string): Promise<number> {
  const bank = await db.organization.findUniqueOrThrow({ where: { uscc: DEMO_ORGS.BANK.uscc }, select: { id: true } });
  const insurer = await db.organization.findUniqueOrThrow({ where: { uscc: DEMO_ORGS.INSURER.uscc }, select: { id: true } });
  const smes = {
    SME: await db.organization.findUniqueOrThrow({ where: { uscc: DEMO_ORGS.SME.uscc }, select: { id: true, name: true } }),
    SME2: await db.organization.findUniqueOrThrow({ where: { uscc: DEMO_SECOND_SME.org.uscc }, select: { id: true, name: true } }),
  };
  let created = 0;
  for (const loan of DEMO_LOANS) {
    if (loan.disbursedOn > today) continue;
    if (await db.pledgeApplication.findFirst({ where: { cnipaRegNo: loan.cnipaRegNo }, select: { id: true } })) continue;
    const amount = Money.parseYuan(loan.amount);
    const premium = amount.times("0.015");
    const submittedOn = plusDays(loan.registeredOn, -35);
    await db.pledgeApplication.create({
      data: {
        smeId: smes[loan.sme].id,
        bankId: bank.id,
        insurerId: insurer.id,
        status: loan.settled ? "SETTLED" : "REPAYING",
        requestedAmountFen: amount.fen,
        termMonths: loan.months,
        purpose: "木耳及山珍产品收购流动资金（示例：平台上线前的存量贷款）",
        reportAcceptedBySme: true,
        reportAcceptedByBank: true,
        loanCapFen: amount.fen,
        approvedAmountFen: amount.fen,
        annualRate: "0.0385",
        approvedTermMonths: loan.months,
        premiumRate: "0.015",
        premiumFen: premium.fen,
        policyVersion: DEFAULT_POLICY_REF,
        cnipaRegNo: loan.cnipaRegNo,
        registeredOn: dateColumn(loan.registeredOn),
        disbursedAmountFen: amount.fen,
        disbursedOn: dateColumn(loan.disbursedOn),
        principalRepaidFen: loan.settled ? amount.fen : 0n,
        submittedAt: new Date(`${submittedOn}T10:00:00+08:00`),
        stageEnteredAt: new Date(`${loan.disbursedOn}T10:00:00+08:00`),
        termsAcceptedAt: new Date(`${plusDays(loan.registeredOn, -10)}T10:00:00+08:00`),
        endReason: loan.settled ? "按期结清" : null,
        assets: { create: [{ assetType: "TRADEMARK", registrationNumber: loan.mark, title: `${smes[loan.sme].name.replace("(示例)", "")} 注册商标`, appraisedValueFen: amount.times("2").fen }] },
        repayments: { create: repaymentsOf(loan, amount, today) },
        interestPaidFen: repaymentsOf(loan, amount, today).reduce((sum, r) => sum + r.interestFen, 0n),
      },
    });
    created++;
  }
  return created;
}

async function seedEntries(today: string): Promise<number> {
  const gov = await ownerActor(DEMO_ORGS.GOVERNMENT.uscc);
  let created = 0;
  for (const e of DEMO_ENTRIES) {
    if (e.asOf > today) continue;
    const enteredOn = [plusDays(e.asOf, 4), today].sort()[0];
    const existing = await db.indicatorEntry.findFirst({ where: { seriesKey: e.seriesKey, asOf: dateColumn(e.asOf), replacesId: null }, select: { id: true } });
    const first = existing ?? (await onDay(enteredOn, () => enterIndicatorStatistic(gov, { seriesKey: e.seriesKey, value: e.value, asOf: e.asOf, source: e.source, note: e.note })));
    if (!existing) created++;
    if (e.correctedTo && !(await db.indicatorEntry.findFirst({ where: { replacesId: first.id }, select: { id: true } }))) {
      const correctedOn = [plusDays(enteredOn, 9), today].sort()[0];
      await onDay(correctedOn, () => enterIndicatorStatistic(gov, { seriesKey: e.seriesKey, value: e.correctedTo!.value, asOf: e.asOf, source: e.source, note: e.correctedTo!.note, replacesId: first.id }));
      created++;
    }
  }
  return created;
}

export async function seedDemoIndicators(): Promise<{ loans: number; entries: number; snapshots: number }> {
  const today = bookToday();
  const loans = await seedLoans(today);
  const entries = await seedEntries(today);
  const backfill = await backfillIndicatorSnapshots({ now: clock.now() });
  return { loans, entries, snapshots: backfill.written };
}
