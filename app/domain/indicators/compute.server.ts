import { db } from "~/utils/db.server";
import { isIsoDay } from "../gi/active-on";
import { county } from "../identity/county";
import { can } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { bookDateError, bookToday } from "../shared/book-dates";
import { clock } from "../shared/clock";
import { addMonths, dateColumn, isoDateOf, yearOf } from "../shared/calendar";
import { notFound, validation } from "../shared/errors";
import { Ratio } from "../shared/money";
import { findIndicatorDefinition, type IndicatorDefinition } from "./definitions";
import { readIndicatorEntries } from "./entries.server";
import { clampedProgress, expectedOn, forecastAtEnd, FORECAST_WINDOW_MONTHS, monthEnds, progressOf, statusOn, type DatedValue, type Target } from "./progress";
import { platformSubsidiesPaidIn, platformValueOn } from "./sources.server";
import type { IndicatorDetail, IndicatorEntryView, IndicatorFigure, IndicatorOverview, IndicatorRecord, SeriesPoint } from "./types";

/**
 * The county's indicators on a day (SPEC §9, issue 17 §3): one module computes every
 * figure the dashboard, the report, the public page, the exports, the snapshots and API
 * v1 show. Platform values come from sources.server.ts, official figures from the
 * statistic entries in force (the latest not corrected, on or before the day), and the
 * maths from progress.ts, exactly.
 */

const plan = county.indicatorPlan;

/** An exact figure as a decimal string: yuan with two decimals, everything else as short as exact (at most 12 places, half-up beyond). */
function exact(def: Pick<IndicatorDefinition, "unit">, value: Ratio): string {
  return value.reduced().toDecimalString(def.unit === "YUAN" ? 2 : 0);
}

function targetOf(def: IndicatorDefinition): Target {
  return { baseline: def.baseline, baselineDate: def.baselineDate, target: def.target, direction: def.direction, pathway: def.pathway, end: plan.end };
}

type Entry = { id: string; seriesKey: string; value: Ratio; asOf: string };

/** The entries in force on `day`: not corrected by a later entry, as of `day` or earlier; newest first within each series. */
async function entriesInForce(day: string): Promise<Map<string, Entry[]>> {
  const rows = await db.indicatorEntry.findMany({
    where: { asOf: { lte: dateColumn(day) }, replacedBy: null },
    select: { id: true, seriesKey: true, value: true, asOf: true },
    orderBy: [{ asOf: "desc" }, { createdAt: "desc" }, { id: "desc" }],
  });
  const bySeries = new Map<string, Entry[]>();
  for (const r of rows) {
    const list = bySeries.get(r.seriesKey) ?? [];
    list.push({ id: r.id, seriesKey: r.seriesKey, value: Ratio.parseDecimal(r.value.toFixed()), asOf: isoDateOf(r.asOf) });
    bySeries.set(r.seriesKey, list);
  }
  return bySeries;
}

/** The latest year with both a numerator and a denominator entry, and their quotient. */
function annualShare(entries: Map<string, Entry[]>, [numeratorKey, denominatorKey]: readonly string[]) {
  const latestOfYear = (key: string) => {
    const byYear = new Map<number, Entry>();
    for (const e of entries.get(key) ?? []) if (!byYear.has(yearOf(e.asOf))) byYear.set(yearOf(e.asOf), e);
    return byYear;
  };
  const numerators = latestOfYear(numeratorKey);
  const denominators = latestOfYear(denominatorKey);
  const years = [...numerators.keys()].filter((y) => denominators.has(y) && !denominators.get(y)!.value.isZero()).sort((a, b) => b - a);
  if (years.length === 0) return null;
  const year = years[0];
  const funds = numerators.get(year)!;
  const expenditure = denominators.get(year)!;
  return { year, funds, expenditure, value: funds.value.dividedBy(expenditure.value).reduced() };
}

type Computed = { figure: IndicatorFigure; records: IndicatorRecord[]; valueRatio: Ratio | null };

async function computeOne(def: IndicatorDefinition, day: string, entries: Map<string, Entry[]>): Promise<Computed> {
  const population = entries.get("population")?.[0] ?? null;
  const platform = def.platform ? await platformValueOn(def.platform, day, { population: population && { value: population.value, asOf: population.asOf } }) : null;

  let statistic: { value: Ratio; asOf: string } | null = null;
  let annual: IndicatorFigure["annual"] = null;
  if (def.statistic === "LATEST_ENTRY") {
    const latest = entries.get(def.key)?.[0];
    if (latest) statistic = { value: latest.value, asOf: latest.asOf };
  } else if (def.statistic === "ANNUAL_SHARE") {
    const share = annualShare(entries, def.inputs);
    if (share) {
      statistic = { value: share.value, asOf: share.expenditure.asOf > share.funds.asOf ? share.expenditure.asOf : share.funds.asOf };
      annual = { year: share.year, funds: share.funds.value.toDecimalString(2), expenditure: share.expenditure.value.toDecimalString(2), platformSubsidiesPaid: await platformSubsidiesPaidIn(share.year) };
    }
  }

  const platformValue = platform?.value ?? null;
  const preferred = def.counts === "PLATFORM" ? platformValue : statistic?.value ?? null;
  const fallback = def.counts === "PLATFORM" ? statistic?.value ?? null : platformValue;
  const value = preferred ?? fallback;
  const valueFrom = value === null ? null : preferred !== null ? def.counts : def.counts === "PLATFORM" ? "STATISTIC" : "PLATFORM";

  const t = targetOf(def);
  const progress = value === null ? null : progressOf(t, value);
  const seriesKeys = [def.key, ...def.inputs];
  const entryCount = seriesKeys.reduce((n, k) => n + (entries.get(k)?.length ?? 0), 0);
  const records = platform?.records ?? [];

  const figure: IndicatorFigure = {
    key: def.key,
    name: def.name,
    description: def.description,
    unit: def.unit,
    unitLabel: def.unitLabel,
    baseline: def.baseline,
    baselineDate: def.baselineDate,
    baselineSource: def.baselineSource,
    target: def.target,
    direction: def.direction,
    pathway: def.pathway,
    counts: def.counts,
    asOf: day,
    value: value === null ? null : exact(def, value),
    platformValue: platformValue === null ? null : exact(def, platformValue),
    statisticValue: statistic === null ? null : exact(def, statistic.value),
    statisticAsOf: statistic?.asOf ?? null,
    valueFrom,
    progress: progress === null ? null : progress.reduced().toDecimalString(0),
    progressPercent: progress === null ? null : clampedProgress(progress).times(Ratio.of(100)).toFixed(1),
    expected: exact(def, expectedOn(t, day)),
    status: statusOn(t, day, value),
    forecast: null,
    recordCount: valueFrom === "PLATFORM" ? records.length : entryCount,
    annual,
    perCapita: platform?.perCapita ?? null,
  };
  return { figure, records, valueRatio: value };
}

/**
 * Every indicator on `day` ("YYYY-MM-DD"), without access checks: the snapshot job and
 * the public page call it; the use cases below check the caller. `forecast` is left null
 * here (it needs the series). Records are keyed by indicator.
 */
export async function computeIndicatorsAt(asOf: string, opts: { records?: boolean } = {}): Promise<{ figures: IndicatorFigure[]; records: Record<string, IndicatorRecord[]> }> {
  const entries = await entriesInForce(asOf);
  const computed: Computed[] = [];
  // One at a time: each source is a handful of queries; in parallel they would take a pool connection each.
  for (const def of plan.indicators) computed.push(await computeOne(def, asOf, entries));
  return {
    figures: computed.map((c) => c.figure),
    records: opts.records ? Object.fromEntries(computed.map((c) => [c.figure.key, c.records])) : {},
  };
}

function checkAsOf(asOf: string | null | undefined): string {
  const today = bookToday();
  if (asOf === undefined || asOf === null || asOf === "") return today;
  if (!isIsoDay(asOf)) throw validation({ asOf: ["请输入有效的日期（YYYY-MM-DD）"] });
  const problem = bookDateError(asOf, "统计截至日期");
  if (problem) throw validation({ asOf: [problem] });
  if (asOf < plan.indicators.reduce((d, i) => (i.baselineDate < d ? i.baselineDate : d), plan.start)) throw validation({ asOf: [`统计截至日期不能早于基线日期`] });
  return asOf;
}

function assertCanRead(actor: Actor) {
  if (!can(actor, "indicators.read")) throw notFound("指标");
}

/** The ended month ends before `asOf`, from the plan's first month. */
function monthEndsBefore(asOf: string): string[] {
  return monthEnds(plan.start, asOf).filter((m) => m < asOf);
}

const SNAPSHOT_SOURCE = { SCHEDULED: "SCHEDULED", BACKFILL: "BACKFILL" } as const;

/**
 * The series of month-end values for `months`: the snapshots where they exist, the
 * others computed now (source LIVE). Keyed by indicator, in month order.
 */
async function seriesOf(months: string[], keys: readonly string[]): Promise<Map<string, SeriesPoint[]>> {
  const out = new Map<string, SeriesPoint[]>(keys.map((k) => [k, []]));
  if (months.length === 0) return out;
  const rows = await db.indicatorSnapshot.findMany({
    where: { indicatorKey: { in: [...keys] }, month: { in: months.map(dateColumn) } },
    select: { indicatorKey: true, month: true, value: true, expected: true, status: true, source: true },
  });
  const byKey = new Map(rows.map((r) => [`${r.indicatorKey}|${isoDateOf(r.month)}`, r]));
  for (const month of months) {
    const missing = keys.filter((k) => !byKey.has(`${k}|${month}`));
    const live = missing.length ? await computeIndicatorsAt(month) : null;
    for (const key of keys) {
      const row = byKey.get(`${key}|${month}`);
      const def = findIndicatorDefinition(plan, key)!;
      if (row) {
        out.get(key)!.push({
          day: month,
          value: row.value === null ? null : exact(def, Ratio.parseDecimal(row.value.toFixed())),
          expected: row.expected === null ? exact(def, expectedOn(targetOf(def), month)) : exact(def, Ratio.parseDecimal(row.expected.toFixed())),
          status: row.status,
          source: SNAPSHOT_SOURCE[row.source],
        });
      } else {
        const f = live!.figures.find((x) => x.key === key)!;
        out.get(key)!.push({ day: month, value: f.value, expected: f.expected, status: f.status, source: "LIVE" });
      }
    }
  }
  return out;
}

/** The forecast of each figure from its last six months' points and today's value. */
function withForecast(figure: IndicatorFigure, points: SeriesPoint[]): IndicatorFigure {
  const def = findIndicatorDefinition(plan, figure.key)!;
  const dated: DatedValue[] = [...points, { day: figure.asOf, value: figure.value }]
    .filter((p): p is { day: string; value: string } => p.value !== null)
    .map((p) => ({ day: p.day, value: Ratio.parseDecimal(p.value) }));
  const forecast = forecastAtEnd(targetOf(def), figure.asOf, dated);
  return { ...figure, forecast: forecast === null ? null : exact(def, forecast) };
}

async function overviewAt(asOf: string): Promise<IndicatorOverview> {
  const { figures } = await computeIndicatorsAt(asOf);
  const windowStart = addMonths(asOf, -FORECAST_WINDOW_MONTHS);
  const months = monthEndsBefore(asOf).filter((m) => m >= windowStart);
  const series = await seriesOf(months, figures.map((f) => f.key));
  return { plan: { title: plan.title, start: plan.start, end: plan.end }, asOf, indicators: figures.map((f) => withForecast(f, series.get(f.key) ?? [])) };
}

/** Every indicator for GOVERNMENT and PLATFORM (others: 404), on `asOf` (default today; not in the future). */
export async function getIndicatorOverview(actor: Actor, input: { asOf?: string | null } = {}): Promise<IndicatorOverview> {
  assertCanRead(actor);
  return overviewAt(checkAsOf(input.asOf));
}

/** What the public may see of the figures: value, target, progress, status and forecast; nothing behind them (no counts of records, no official inputs, no breakdown). */
function publicOnly(overview: IndicatorOverview): IndicatorOverview {
  return {
    ...overview,
    indicators: overview.indicators.map((f) => ({ ...f, platformValue: null, statisticValue: null, statisticAsOf: null, recordCount: 0, annual: null, perCapita: null })),
  };
}

/** How long the public page's figures are reused: an anonymous page must not cost a computation of every indicator per request. */
export const COUNTY_HEADLINE_TTL_MS = 5 * 60_000;
let headline: { at: number; overview: Promise<IndicatorOverview> } | null = null;

/**
 * The headline figures for the county's public page: values, targets, progress and status;
 * no records, no entries, nothing behind a figure (`publicOnly`). Computed at most once per five minutes per web process (and
 * again on a new day), so anyone may open it as often as they like.
 */
export async function getCountyHeadline(): Promise<IndicatorOverview> {
  const now = clock.now().getTime();
  const today = bookToday();
  if (!headline || now - headline.at >= COUNTY_HEADLINE_TTL_MS || now < headline.at || (await headline.overview.catch(() => null))?.asOf !== today) {
    const overview = overviewAt(today).then(publicOnly);
    headline = { at: now, overview };
    overview.catch(() => {
      if (headline?.overview === overview) headline = null;
    });
  }
  return headline.overview;
}

/** One indicator with its monthly series since the plan's start, the records behind it and its entries (GOVERNMENT, PLATFORM; others 404). */
export async function getIndicatorDetail(actor: Actor, key: string, input: { asOf?: string | null } = {}): Promise<IndicatorDetail> {
  assertCanRead(actor);
  const def = findIndicatorDefinition(plan, key);
  if (!def) throw notFound("指标");
  return (await detailsAt(checkAsOf(input.asOf), [def]))[0];
}

/**
 * Every indicator in detail (the quarterly report, the exports), in one pass: the entries
 * in force read once, every month's snapshots of every indicator read at once (GOVERNMENT,
 * PLATFORM; others 404).
 */
export async function getIndicatorDetails(actor: Actor, input: { asOf?: string | null } = {}): Promise<IndicatorDetail[]> {
  assertCanRead(actor);
  return detailsAt(checkAsOf(input.asOf), plan.indicators);
}

async function detailsAt(asOf: string, defs: readonly IndicatorDefinition[]): Promise<IndicatorDetail[]> {
  const entries = await entriesInForce(asOf);
  const seriesByKey = await seriesOf(monthEndsBefore(asOf), defs.map((d) => d.key));
  const details: IndicatorDetail[] = [];
  for (const def of defs) {
    const { figure, records } = await computeOne(def, asOf, entries);
    const series = seriesByKey.get(def.key) ?? [];
    const live: SeriesPoint = { day: asOf, value: figure.value, expected: figure.expected, status: figure.status, source: "LIVE" };
    details.push({ ...withForecast(figure, series), series: [...series, live], records, entries: await entryViews([def.key, ...def.inputs]) });
  }
  return details;
}

/** Every entry of these series, corrected ones included (marked), by the day they describe, newest first (ties: the later entry first). */
async function entryViews(seriesKeys: string[]): Promise<IndicatorEntryView[]> {
  const views = await readIndicatorEntries(seriesKeys);
  return views.sort((a, b) => b.asOf.localeCompare(a.asOf)); // stable: entries of one day stay newest-entered first
}
