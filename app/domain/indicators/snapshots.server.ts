import { db } from "~/utils/db.server";
import { county } from "../identity/county";
import { systemActor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { bookToday } from "../shared/book-dates";
import { dateColumn, isoDateOf } from "../shared/calendar";
import { clock } from "../shared/clock";
import { validation, type FieldErrors } from "../shared/errors";
import { Ratio } from "../shared/money";
import { computeIndicatorsAt } from "./compute.server";
import { tellGovernmentOfMonth } from "./notices.server";
import { monthEnds } from "./progress";
import type { IndicatorFigure, IndicatorStatus } from "./types";

/**
 * The monthly snapshots of the county's indicators (issue 17): one row per indicator and
 * ended month, its figures on the month's last day. The scheduled job writes a month
 * once (the unique (indicatorKey, month) key decides, so runs that overlap or repeat write
 * nothing twice); the backfill rebuilds months from dated records and rewrites them.
 */

const plan = county.indicatorPlan;
const planKeys = plan.indicators.map((d) => d.key);
const DAY_MS = 86_400_000;

/** The last day of the latest month that has ended in the county by `now` (on a month's last day, the month before). */
export function lastEndedMonthEnd(now: Date): string {
  const today = bookToday(now);
  return isoDateOf(new Date(dateColumn(`${today.slice(0, 7)}-01`).getTime() - DAY_MS));
}

type Source = "SCHEDULED" | "BACKFILL";

/** A snapshot row from a figure: the exact decimal strings go to the Decimal columns as they are. */
function snapshotRow(month: string, f: IndicatorFigure, source: Source, now: Date) {
  return {
    indicatorKey: f.key,
    month: dateColumn(month),
    value: f.value,
    platformValue: f.platformValue,
    statisticValue: f.statisticValue,
    expected: f.expected,
    status: f.status,
    recordCount: f.recordCount,
    source,
    computedAt: now,
  };
}

async function figuresAt(month: string): Promise<IndicatorFigure[]> {
  const { figures } = await computeIndicatorsAt(month, { records: false });
  return figures.filter((f) => planKeys.includes(f.key));
}

/**
 * Run by the scheduled `indicators.write-monthly-snapshots` job: every month end from the
 * plan's first month through the latest ended month (Asia/Shanghai) that lacks a snapshot
 * of some indicator gets it, computed as of that day, oldest month first, source
 * SCHEDULED. Months after the plan's end are written too (the dashboard may look back).
 *
 * Every ended month is also recomputed from the dated records, and a snapshot whose
 * figures no longer match them — a statistic entered or corrected late, a disbursement or
 * an announcement booked with an earlier date — is restated (source BACKFILL), so the
 * chart never keeps a figure the records contradict. A run with nothing new changes nothing.
 *
 * The newest month's rows, in the transaction that inserts them, tell GOVERNMENT of an
 * indicator that fell behind since the month it last heard of (or whose first snapshot is
 * behind) and of a statistic-counted indicator without data. Older months written on a
 * catch-up (first run, a worker away for months) are history and tell nobody. Only the
 * run whose insert wins tells, so each notice is emitted once.
 */
export async function writeMonthlySnapshots(now: Date = clock.now()): Promise<{ written: number; months: string[]; restated: number }> {
  const latest = lastEndedMonthEnd(now);
  const months = monthEnds(plan.start, latest);
  if (months.length === 0) return { written: 0, months: [], restated: 0 };

  const existing = await db.indicatorSnapshot.findMany({
    where: { month: { gte: dateColumn(months[0]), lte: dateColumn(latest) }, indicatorKey: { in: planKeys } },
    select: { indicatorKey: true, month: true, value: true, platformValue: true, statisticValue: true, status: true, recordCount: true },
  });
  const have = new Map(existing.map((r) => [`${r.indicatorKey}|${isoDateOf(r.month)}`, r]));

  // What the county last heard of each indicator, before this run writes anything.
  const heard = await db.indicatorSnapshot.findMany({
    where: { month: { lt: dateColumn(latest) }, indicatorKey: { in: planKeys } },
    distinct: ["indicatorKey"],
    orderBy: [{ indicatorKey: "asc" }, { month: "desc" }],
    select: { indicatorKey: true, status: true },
  });
  const previous = new Map<string, IndicatorStatus>(heard.map((r) => [r.indicatorKey, r.status]));

  let written = 0;
  let restated = 0;
  const writtenMonths: string[] = [];
  for (const month of months) {
    const figures = await figuresAt(month);
    const missing = figures.filter((f) => !have.has(`${f.key}|${month}`));
    const stale = figures.filter((f) => {
      const row = have.get(`${f.key}|${month}`);
      return row !== undefined && !sameFigures(row, f);
    });
    if (missing.length > 0) {
      const inserted = await db.$transaction(async (tx) => {
        const rows = await tx.indicatorSnapshot.createManyAndReturn({ data: missing.map((f) => snapshotRow(month, f, "SCHEDULED", now)), skipDuplicates: true, select: { indicatorKey: true } });
        const keys = new Set(rows.map((r) => r.indicatorKey));
        if (month === latest) await tellGovernmentOfMonth(tx, month, missing.filter((f) => keys.has(f.key)), previous);
        return rows.length;
      });
      if (inserted > 0) {
        written += inserted;
        writtenMonths.push(month);
      }
    }
    for (const f of stale) {
      const { indicatorKey, month: column, ...figures } = snapshotRow(month, f, "BACKFILL", now);
      await db.indicatorSnapshot.update({ where: { indicatorKey_month: { indicatorKey, month: column } }, data: figures });
      restated++;
    }
  }
  return { written, months: writtenMonths, restated };
}

/** Whether a stored snapshot still says what the records say (Decimal columns compared as exact decimals). */
function sameFigures(row: { value: unknown; platformValue: unknown; statisticValue: unknown; status: IndicatorStatus; recordCount: number }, f: IndicatorFigure): boolean {
  const same = (stored: unknown, computed: string | null) => (stored === null || stored === undefined ? computed === null : computed !== null && Ratio.parseDecimal((stored as { toFixed(): string }).toFixed()).compare(Ratio.parseDecimal(computed)) === 0);
  return row.status === f.status && row.recordCount === f.recordCount && same(row.value, f.value) && same(row.platformValue, f.platformValue) && same(row.statisticValue, f.statisticValue);
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * Rebuilds the snapshots of the months `from` through `to` ("YYYY-MM", default: the plan's
 * first month through the latest ended month) from the dated records as they are now,
 * and writes them with source BACKFILL, replacing what was there (e.g. after a late
 * disbursement date or a corrected statistic). All months in one transaction, with one
 * audit event; nobody is notified (the months are history). A month that has not ended,
 * or one before the plan's first month, is refused.
 */
export async function backfillIndicatorSnapshots(input: { from?: string | null; to?: string | null; now?: Date } = {}): Promise<{ written: number; months: string[] }> {
  const now = input.now ?? clock.now();
  const firstMonth = plan.start.slice(0, 7);
  const latestMonth = lastEndedMonthEnd(now).slice(0, 7);
  const from = input.from || firstMonth;
  const to = input.to || latestMonth;

  const errors: FieldErrors = {};
  const refuse = (field: "from" | "to", message: string) => void (errors[field] ??= []).push(message);
  if (!MONTH.test(from)) refuse("from", "请输入年月，例如 2024-01");
  else if (from < firstMonth) refuse("from", `起始月份不能早于方案的第一个月（${firstMonth}）`);
  if (!MONTH.test(to)) refuse("to", "请输入年月，例如 2026-11");
  else if (to > latestMonth) refuse("to", `${to} 尚未结束：最近结束的月份是 ${latestMonth}`);
  if (!errors.from && !errors.to && from > to) refuse("to", "结束月份不能早于起始月份");
  if (!input.from && !input.to && latestMonth < firstMonth) return { written: 0, months: [] };
  if (Object.keys(errors).length) throw validation(errors, "回填的月份有误");

  const months = monthEnds(`${from}-01`, `${to}-01`);
  const rows: ReturnType<typeof snapshotRow>[] = [];
  for (const month of months) rows.push(...(await figuresAt(month)).map((f) => snapshotRow(month, f, "BACKFILL", now)));

  await db.$transaction(
    async (tx) => {
      for (const row of rows) {
        const { indicatorKey, month, ...figures } = row;
        await tx.indicatorSnapshot.upsert({ where: { indicatorKey_month: { indicatorKey, month } }, create: row, update: figures });
      }
      await recordAudit(tx, systemActor(), {
        entityType: "IndicatorSnapshot",
        entityId: `${from}..${to}`,
        action: "indicator-snapshots.backfill",
        orgId: null,
        data: { from, to, months: months.length, rows: rows.length },
      });
    },
    { timeout: 120_000 },
  );
  return { written: rows.length, months };
}
