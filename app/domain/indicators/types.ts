import type { IndicatorDefinition } from "./definitions";
import type { IndicatorStatus } from "./progress";

/**
 * What the indicator use cases return (issue 17): the dashboard, the drill-down, the
 * exports, the public page and API v1 all read these shapes. Every figure is an exact
 * decimal string in the indicator's unit (yuan with two decimals for money; a fraction
 * such as "0.0052" for a RATIO, shown as 0.52 %); rounding for people is display.ts.
 */

export type { IndicatorStatus };

export type IndicatorFigure = Pick<
  IndicatorDefinition,
  "key" | "name" | "description" | "unit" | "unitLabel" | "baseline" | "baselineDate" | "baselineSource" | "target" | "direction" | "pathway" | "counts"
> & {
  /** The day the figures are for ("YYYY-MM-DD", Asia/Shanghai). */
  asOf: string;
  /** The value that counts toward the target (the definition's `counts`, falling back to the other when it has none); null: no data. */
  value: string | null;
  /** From the platform's records; null when the indicator has no platform source or it cannot be computed (e.g. no population entered). */
  platformValue: string | null;
  /** The official figure: the latest entry on or before asOf (an annual share: the latest year with both inputs); null when none. */
  statisticValue: string | null;
  /** The as-of date of that official figure. */
  statisticAsOf: string | null;
  /** Which of the two `value` is. */
  valueFrom: "PLATFORM" | "STATISTIC" | null;
  /** (value − baseline) ÷ (target − baseline), unclamped, exact decimal (at most 12 places, rounded half-up beyond); null without a value. */
  progress: string | null;
  /** The same clamped to [0, 100] percent with one decimal, for the bar ("45.2"); null without a value. */
  progressPercent: string | null;
  /** The linear path's value on asOf (ANNUAL: the target). */
  expected: string;
  status: IndicatorStatus;
  /** Value at the plan's end on the last six months' trend; null when it cannot be told. */
  forecast: string | null;
  /** How many records are behind the platform value (loans, deals, GI users, patents) or entries behind the statistic. */
  recordCount: number;
  /** ANNUAL_SHARE: the year shown, its inputs and the subsidies paid through the platform that year (yuan). */
  annual?: { year: number; funds: string; expenditure: string; platformSubsidiesPaid: string } | null;
  /** INVENTION_PATENTS_PER_10K: the count and the population it was divided by. */
  perCapita?: { inventionPatents: number; population: string | null; populationAsOf: string | null } | null;
};

/** One point of the monthly chart: a month's end (snapshot) or today (LIVE). */
export type SeriesPoint = {
  /** Month end "2024-01-31", or asOf for the LIVE point. */
  day: string;
  value: string | null;
  expected: string;
  status: IndicatorStatus;
  source: "SCHEDULED" | "BACKFILL" | "LIVE";
};

/** A record behind a value; `link` is the page that shows it to GOVERNMENT and PLATFORM. */
export type IndicatorRecord =
  | { kind: "LOAN"; id: string; link: string; smeName: string; bankName: string; amount: string; disbursedOn: string }
  | { kind: "DEAL"; id: string; link: string; smeName: string; holderName: string; holderKind: string; patentTitle: string; applicationNumber: string | null; convertedOn: string }
  | { kind: "GI_USER"; id: string; link: string; enterpriseName: string; uscc: string; productName: string; certificateNumber: string | null; announcedOn: string | null }
  /** `link` is null for a patent that is not LISTED: its page is the holder's alone. */
  | { kind: "PATENT"; id: string; link: string | null; title: string; applicationNumber: string | null; holderName: string; grantDate: string | null; highValueFlags: string[] };

/** A statistic entry as read back (never changed once written). */
export type IndicatorEntryView = {
  id: string;
  seriesKey: string;
  seriesName: string;
  unit: IndicatorDefinition["unit"];
  unitLabel: string;
  value: string;
  asOf: string;
  source: string;
  note: string | null;
  /** The entry this one corrects, and the one that corrected it (then this one no longer counts). */
  replacesId: string | null;
  replacedById: string | null;
  enteredBy: { orgName: string; userName: string | null; apiKeyName: string | null };
  createdAt: string;
};

export type IndicatorDetail = IndicatorFigure & {
  /** Month ends from the plan's start to asOf's month (snapshots), then the LIVE point for asOf. */
  series: SeriesPoint[];
  /** The records behind the platform value on asOf, oldest first. */
  records: IndicatorRecord[];
  /** Every entry of the indicator's own series and its inputs, newest first. */
  entries: IndicatorEntryView[];
};

export type IndicatorOverview = {
  plan: { title: string; start: string; end: string };
  asOf: string;
  indicators: IndicatorFigure[];
};
