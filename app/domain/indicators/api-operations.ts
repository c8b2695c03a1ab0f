import { z } from "zod";
import { county } from "../identity/county";
import { defineOperation, validatedByUseCase, type OperationSpec } from "../shared/openapi";
import { pageQuerySchema, pageSchema } from "../shared/pagination";
import { asOfQuerySchema, indicatorEntryFieldsSchema, indicatorEntryListSchema } from "./schemas";

/**
 * The county's indicators in API v1 (issue 17 §6): the overview and one indicator with its
 * monthly series, the records behind it and its statistic entries (GOVERNMENT, PLATFORM),
 * and statistic entries (GOVERNMENT enters; GOVERNMENT and PLATFORM read). Everyone else
 * gets 404. Every figure is an exact decimal string in the indicator's unit.
 */

const plan = county.indicatorPlan;
const day = z.string().describe("YYYY-MM-DD (Asia/Shanghai)");
const figure = z.string().describe("exact decimal in the unit (yuan with two decimals; a RATIO as a fraction, \"0.0052\" is 0.52 %)");
const unit = z.enum(["COUNT", "YUAN", "PERSONS", "DECIMAL", "RATIO"]);
const status = z.enum(["ACHIEVED", "ON_TRACK", "BEHIND", "NO_DATA"]).describe("ACHIEVED: target reached; ON_TRACK: at or above the linear path; BEHIND: below it; NO_DATA: no value");
const indicatorKey = z.enum(plan.indicators.map((d) => d.key) as [string, ...string[]]);

const indicatorFigure = z
  .object({
    key: indicatorKey,
    name: z.string(),
    description: z.string(),
    unit,
    unitLabel: z.string().describe('e.g. "件", "元", "件/万人", "%"'),
    baseline: figure,
    baselineDate: day,
    baselineSource: z.string(),
    target: figure,
    direction: z.enum(["UP", "DOWN"]),
    pathway: z.enum(["LINEAR", "ANNUAL"]).describe("LINEAR: from the baseline to the target at the plan's end; ANNUAL: the target holds for each year"),
    counts: z.enum(["PLATFORM", "STATISTIC"]).describe("which value counts when both exist"),
    asOf: day,
    value: figure.nullable().describe("the value that counts; null: no data"),
    platformValue: figure.nullable().describe("from the platform's own records"),
    statisticValue: figure.nullable().describe("the official figure in force on asOf"),
    statisticAsOf: day.nullable(),
    valueFrom: z.enum(["PLATFORM", "STATISTIC"]).nullable(),
    progress: z.string().nullable().describe("(value − baseline) ÷ (target − baseline), exact, unclamped"),
    progressPercent: z.string().nullable().describe('the same clamped to 0–100 %, one decimal ("45.2")'),
    expected: figure.describe("the linear path's value on asOf (ANNUAL: the target)"),
    status,
    forecast: figure.nullable().describe("value at the plan's end on the last six months' trend"),
    recordCount: z.number().int().describe("records behind the value (loans, deals, GI users, patents, or entries)"),
    annual: z.object({ year: z.number().int(), funds: figure, expenditure: figure, platformSubsidiesPaid: figure }).nullable().optional().describe("ANNUAL_SHARE: the year shown and its inputs (yuan)"),
    perCapita: z.object({ inventionPatents: z.number().int(), population: figure.nullable(), populationAsOf: day.nullable() }).nullable().optional().describe("per-10,000 indicators: the count and the population"),
  })
  .meta({ id: "IndicatorFigure" });

const overview = z
  .object({
    plan: z.object({ title: z.string(), start: day, end: day }),
    asOf: day,
    indicators: z.array(indicatorFigure),
  })
  .meta({ id: "IndicatorOverview" });

const seriesPoint = z
  .object({
    day: day.describe("a month's last day, or asOf for the LIVE point"),
    value: figure.nullable(),
    expected: figure,
    status,
    source: z.enum(["SCHEDULED", "BACKFILL", "LIVE"]).describe("a stored monthly snapshot (scheduled or rebuilt), or computed now"),
  })
  .meta({ id: "IndicatorSeriesPoint" });

const record = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("LOAN"), id: z.string(), link: z.string(), smeName: z.string(), bankName: z.string(), amount: figure.describe("yuan"), disbursedOn: day }),
    z.object({ kind: z.literal("DEAL"), id: z.string(), link: z.string(), smeName: z.string(), holderName: z.string(), holderKind: z.string(), patentTitle: z.string(), applicationNumber: z.string().nullable(), convertedOn: day }),
    z.object({ kind: z.literal("GI_USER"), id: z.string(), link: z.string(), enterpriseName: z.string(), uscc: z.string(), productName: z.string(), certificateNumber: z.string().nullable(), announcedOn: day.nullable() }),
    z.object({ kind: z.literal("PATENT"), id: z.string(), link: z.string().nullable().describe("null for a patent that is not LISTED (its page is the holder's alone)"), title: z.string(), applicationNumber: z.string().nullable(), holderName: z.string(), grantDate: day.nullable(), highValueFlags: z.array(z.string()) }),
  ])
  .meta({ id: "IndicatorRecord", description: "A record counted in a platform value; `link` is the page that shows it." });

const entry = z
  .object({
    id: z.string(),
    seriesKey: z.string().describe("an indicator key or an input key (population, ip-special-funds, fiscal-expenditure)"),
    seriesName: z.string(),
    unit,
    unitLabel: z.string(),
    value: figure,
    asOf: day.describe("the day the figure describes (a year's figure: 12-31)"),
    source: z.string(),
    note: z.string().nullable(),
    replacesId: z.string().nullable().describe("the entry this one corrects"),
    replacedById: z.string().nullable().describe("the entry that corrected this one (then this one no longer counts)"),
    enteredBy: z.object({ orgName: z.string(), userName: z.string().nullable(), apiKeyName: z.string().nullable() }),
    createdAt: z.string(),
  })
  .meta({ id: "IndicatorEntry" });

const detail = indicatorFigure
  .extend({
    series: z.array(seriesPoint).describe("month ends from the plan's start to asOf's month, then the LIVE point for asOf"),
    records: z.array(record).describe("the records behind the platform value on asOf, oldest first"),
    entries: z.array(entry).describe("every entry of the indicator's series and its inputs, newest first"),
  })
  .meta({ id: "IndicatorDetail" });

const asOfQuery = asOfQuerySchema.extend({ asOf: asOfQuerySchema.shape.asOf.describe("YYYY-MM-DD, not in the future; default today") });

export const listIndicatorsOp = defineOperation({
  operationId: "listIndicators",
  method: "GET",
  path: "/indicators",
  summary: "The plan's indicators on a day: value, baseline, target, progress, expected value, status, forecast (GOVERNMENT, PLATFORM)",
  tags: ["indicators"],
  request: { query: asOfQuery },
  responses: { 200: overview },
  problems: [404],
});

export const getIndicatorOp = defineOperation({
  operationId: "getIndicator",
  method: "GET",
  path: "/indicators/{key}",
  summary: "One indicator with its monthly series, the records behind its value and its statistic entries (GOVERNMENT, PLATFORM)",
  tags: ["indicators"],
  request: { params: z.object({ key: z.string().min(1).max(64) }), query: asOfQuery },
  responses: { 200: detail },
  problems: [404],
});

export const createIndicatorEntryOp = defineOperation({
  operationId: "createIndicatorEntry",
  method: "POST",
  path: "/indicator-entries",
  summary: "Enter an official statistic, or correct one by naming it in replacesId (GOVERNMENT)",
  description:
    "Values by unit: COUNT a whole number ≥ 0, PERSONS a whole number > 0, YUAN ≥ 0 with at most two decimals (\"2,000,000\" and \"200万\" are read too), DECIMAL ≥ 0 with at most four decimals. `asOf` is a real day, not after today, not before 2000-01-01. Entries are never changed: a correction is a new entry; an entry already corrected → 409.",
  tags: ["indicators"],
  request: { body: validatedByUseCase(indicatorEntryFieldsSchema(plan), "IndicatorEntryInput") },
  responses: { 201: entry },
  problems: [403, 404, 409],
});

export const listIndicatorEntriesOp = defineOperation({
  operationId: "listIndicatorEntries",
  method: "GET",
  path: "/indicator-entries",
  summary: "Statistic entries, newest first, corrected ones included (GOVERNMENT, PLATFORM)",
  tags: ["indicators"],
  request: { query: pageQuerySchema.extend(indicatorEntryListSchema(plan).shape) },
  responses: { 200: pageSchema(entry) },
  problems: [404],
});

export const indicatorOperations: OperationSpec[] = [listIndicatorsOp, getIndicatorOp, createIndicatorEntryOp, listIndicatorEntriesOp];
