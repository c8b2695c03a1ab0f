/**
 * What an indicator of the county's plan is (SPEC §9, issue 17 §1). The definitions
 * themselves are configuration of the county profile (app/domain/identity/county.ts);
 * this file is their shape and the lookups. Pure, safe in the browser.
 */

/** The unit an indicator's value and a statistic entry are in. */
export type IndicatorUnit =
  /** A whole count of things (件, 家). */
  | "COUNT"
  /** Money in yuan, exact to the fen. */
  | "YUAN"
  /** Persons (population), whole. */
  | "PERSONS"
  /** A decimal quantity such as 件/万人 (at most four decimals when entered). */
  | "DECIMAL"
  /** A share held as an exact decimal fraction ("0.005" is 0.5 %), shown in percent. */
  | "RATIO";

/**
 * Where a PLATFORM value comes from: each names one query of the platform's own records
 * (indicators/sources.server.ts), which also returns the records behind the value.
 */
export type PlatformSourceKind =
  /** County holders' valid invention patents with at least one high-value flag. */
  | "HIGH_VALUE_INVENTION_PATENTS"
  /** County holders' valid invention patents ÷ the population input × 10,000. */
  | "INVENTION_PATENTS_PER_10K"
  /** Σ disbursed pledge-loan amounts with a disbursement date in the plan period up to the day. */
  | "PLEDGE_FINANCING_TOTAL"
  /** Distinct SMEs with a CONVERTED deal on a university / institute / SOE patent in the period. */
  | "CONVERTING_SMES"
  /** Enterprises authorized to use a GI special mark on the day (announced, not revoked). */
  | "GI_ACTIVE_USERS";

/**
 * A statistic-derived value: the latest entry of the indicator's own series, or, for an
 * annual share, one input series divided by another for the same year.
 */
export type StatisticSourceKind = "LATEST_ENTRY" | "ANNUAL_SHARE";

/**
 * How the target is approached. LINEAR: from the baseline on its date to the target at
 * the plan's end, on a straight line in days (the expected value of a day). ANNUAL: the
 * target holds for each year on its own (e.g. ≥ 0.5 % of each year's expenditure).
 */
export type IndicatorPathway = "LINEAR" | "ANNUAL";

export type IndicatorInputDefinition = {
  /** Series key of statistic entries, e.g. "population". */
  key: string;
  name: string;
  unit: IndicatorUnit;
  /** The unit's Chinese label, e.g. "人", "元". */
  unitLabel: string;
  /** Examples of where the figure comes from, shown beside the entry form. */
  sourceHint: string;
};

export type IndicatorDefinition = {
  /** Stable key (URLs, API, snapshots, entries), e.g. "trademarks". */
  key: string;
  /** Chinese name as the plan words it. */
  name: string;
  /** One sentence: what is counted and from where. */
  description: string;
  unit: IndicatorUnit;
  /** e.g. "件", "家", "元", "件/万人", "%". */
  unitLabel: string;
  /** Exact decimal in the unit (yuan for money; a fraction for RATIO). */
  baseline: string;
  /** The day the baseline describes, e.g. "2023-12-31". */
  baselineDate: string;
  /** Where the baseline figure comes from. */
  baselineSource: string;
  /** Exact decimal in the unit. */
  target: string;
  /** UP: reached at value ≥ target. DOWN: reached at value ≤ target. */
  direction: "UP" | "DOWN";
  pathway: IndicatorPathway;
  /** Where the value can come from. A PLATFORM indicator may also have official entries. */
  platform: PlatformSourceKind | null;
  statistic: StatisticSourceKind | null;
  /** Which of the two values counts toward the target when both exist. */
  counts: "PLATFORM" | "STATISTIC";
  /** Input series this indicator reads (ANNUAL_SHARE: [numerator, denominator]; per-10k: [population]). */
  inputs: readonly string[];
  /** Key of the records that a drill-down lists. */
  records: "PATENTS" | "LOANS" | "DEALS" | "GI_USERS" | "ENTRIES";
};

export type IndicatorPlan = {
  /** e.g. "柞水县知识产权强县建设试点工作方案（2024—2026年）" */
  title: string;
  /** First and last day of the plan period, inclusive. */
  start: string;
  end: string;
  indicators: readonly IndicatorDefinition[];
  inputs: readonly IndicatorInputDefinition[];
};

/** Every series a statistic entry may be entered for: the indicators that take an official figure (all but an annual share, which its inputs make), and the inputs. */
export function entrySeries(plan: IndicatorPlan): { key: string; name: string; unit: IndicatorUnit; unitLabel: string; kind: "INDICATOR" | "INPUT"; sourceHint?: string }[] {
  return [
    ...plan.indicators.filter((d) => d.statistic !== "ANNUAL_SHARE").map((d) => ({ key: d.key, name: d.name, unit: d.unit, unitLabel: d.unitLabel, kind: "INDICATOR" as const })),
    ...plan.inputs.map((i) => ({ key: i.key, name: i.name, unit: i.unit, unitLabel: i.unitLabel, kind: "INPUT" as const, sourceHint: i.sourceHint })),
  ];
}

export function findIndicatorDefinition(plan: IndicatorPlan, key: string): IndicatorDefinition | null {
  return plan.indicators.find((d) => d.key === key) ?? null;
}
