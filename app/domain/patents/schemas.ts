import { z } from "zod";
import { text } from "~/domain/shared/text";
import { county, isCountyCluster } from "~/domain/identity/county";
import type { FieldErrors } from "~/domain/shared/errors";
import { Money } from "~/domain/shared/money";
import { type PatentFilters, type SearchQuery, type Sort, SORTS } from "../../../search/port";
import { checkPercent, checkPositiveYuan, checkYuan } from "./amounts";
import { checkApplicationNumber, checkPublicationNumber, patentTypeFromApplicationNumber, patentTypeFromPublicationNumber } from "./application-number";
import { checkDate, FIRST_FILING_DATE, todayInChina } from "./dates";
import { checkIpc, checkIpcPrefix, ipcFilterPrefix, type IpcPrefix } from "./ipc";
import {
  describeChoices,
  enumFromText,
  HIGH_VALUE_FLAG_LABELS,
  HIGH_VALUE_FLAGS,
  type HighValueFlag,
  HOLDER_KIND_LABELS,
  HOLDER_KINDS,
  type HolderKind,
  LEGAL_STATUS_LABELS,
  LEGAL_STATUSES,
  type LegalStatus,
  LISTING_MODE_LABELS,
  LISTING_MODES,
  type ListingMode,
  PATENT_TYPE_LABELS,
  PATENT_TYPES,
  type PatentType,
  ROYALTY_BASES,
  ROYALTY_BASIS_LABELS,
  type RoyaltyBasis,
} from "./labels";
import {
  checkListable,
  checkListingTerms,
  checkOpenLicence,
  defaultLegalStatus,
  effectiveLegalStatus,
  expiryDate,
  type ListingTerms,
  PATENT_TERM_YEARS,
  TRL_MAX,
  TRL_MIN,
} from "./rules";
import { type Checked, charCount, fail, ok, splitList, toHalfWidth, unique } from "./text";

/**
 * Input schemas of the patent catalog, shared by the holder's form (Conform), the API
 * and the bulk import, so one patent is judged the same way everywhere. Inputs arrive
 * as form strings, JSON values or CSV cells, hence every optional field treats
 * undefined, null and blank text alike as "absent", and lists may come as arrays or as
 * one separated string. Messages are Chinese text shown as is.
 *
 * Every field schema reports its own problems; cross-field rules (type vs. numbers,
 * dates, listing terms, open licence) run even when unrelated fields failed, so that an
 * import lists every problem of a row at once, but skip rules whose inputs are invalid.
 */

type Ctx = z.core.$RefinementCtx;

function report(ctx: Ctx, message: string, path?: PropertyKey[]): void {
  ctx.addIssue({ code: "custom", message, ...(path ? { path } : {}) });
}

const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/** Text that may be left empty: trimmed, at most `max` characters, blank → undefined. */
function optionalText(label: string, max: number) {
  return text({ error: `${label}应为文本` })
    .nullish()
    .transform((v, ctx) => {
      if (isBlank(v)) return undefined;
      const text = v!.trim();
      const n = charCount(text);
      if (n <= max) return text;
      report(ctx, `${label}不能超过 ${max} 个字（当前 ${n} 个字）`);
      return z.NEVER;
    });
}

/** Text that must be filled in: trimmed, `min`–`max` characters. */
function requiredText(label: string, min: number, max: number) {
  return text({ error: (iss) => (iss.input === undefined || iss.input === null ? `请填写${label}` : `${label}应为文本`) })
    .transform((v, ctx) => {
      const text = v.trim();
      const n = charCount(text);
      if (n === 0) report(ctx, `请填写${label}`);
      else if (n < min) report(ctx, `${label}至少 ${min} 个字`);
      else if (n > max) report(ctx, `${label}不能超过 ${max} 个字（当前 ${n} 个字）`);
      else return text;
      return z.NEVER;
    });
}

/** A text field validated by a `Checked` function; blank → undefined. */
function checkedText<T>(label: string, check: (text: string) => Checked<T>) {
  return text({ error: `${label}应为文本` })
    .nullish()
    .transform((v, ctx): T | undefined => {
      if (isBlank(v)) return undefined;
      const result = check(v!);
      if (result.ok) return result.value;
      report(ctx, result.reason);
      return z.NEVER;
    });
}

/** A yuan amount from a string or a JSON number → "850000.00"; blank → undefined. */
function amountField(label: string, check: (value: string | number, label: string) => Checked<string>) {
  return z
    .union([text(), z.number()], { error: `${label}应为金额（元），如 850000.00` })
    .nullish()
    .transform((v, ctx) => {
      if (isBlank(v)) return undefined;
      const result = check(v!, label);
      if (result.ok) return result.value;
      report(ctx, result.reason);
      return z.NEVER;
    });
}

/** One enum value, written as the value (any case) or its Chinese label. */
function enumField<T extends string>(label: string, values: readonly T[], labels: Record<T, string>) {
  return checkedText(label, (text) => enumValue(label, text, values, labels)).describe(`${values.join(" | ")}（也接受中文名称）`);
}

function enumValue<T extends string>(label: string, text: string, values: readonly T[], labels: Record<T, string>): Checked<T> {
  const value = enumFromText(text, values, labels);
  return value ? ok(value) : fail(`${label}“${text.trim()}”无效，可选：${describeChoices(values, labels)}`);
}

/**
 * A list given as an array of strings or as one string separated by ; , ； ， 、 | or
 * line breaks (CSV cells, text inputs). Items are checked one by one — every bad item is
 * reported, naming it — then deduplicated in order.
 */
function listField<T>(label: string, max: number, check: (item: string) => Checked<T>) {
  return z
    .union([z.array(text()), text()], { error: `${label}应为文本列表，或用分号分隔的文本` })
    .nullish()
    .transform((v, ctx): T[] => {
      // Array items are split too: a form library may wrap "A; B" into ["A; B"].
      const items = v == null ? [] : typeof v === "string" ? splitList(v) : v.flatMap((s) => splitList(s));
      let failed = false;
      const values: T[] = [];
      for (const item of items) {
        const result = check(item);
        if (result.ok) values.push(result.value);
        else {
          report(ctx, result.reason);
          failed = true;
        }
      }
      const distinct = unique(values);
      if (distinct.length > max) {
        report(ctx, `${label}最多 ${max} 项（当前 ${distinct.length} 项）`);
        failed = true;
      }
      return failed ? z.NEVER : distinct;
    });
}

const TRUE_WORDS = ["true", "1", "yes", "y", "on", "是", "有", "√", "✓"];
const FALSE_WORDS = ["false", "0", "no", "n", "off", "否", "无", "×"];

/** A yes/no: JSON booleans, 1/0, and what spreadsheets and checkboxes send ("是", "on"). */
export function parseBoolean(value: boolean | number | string): boolean | undefined {
  if (typeof value === "boolean") return value;
  const text = toHalfWidth(String(value)).trim().toLowerCase();
  if (TRUE_WORDS.includes(text)) return true;
  if (FALSE_WORDS.includes(text)) return false;
  return undefined;
}

function booleanField(label: string) {
  return z
    .union([z.boolean(), z.number(), text()], { error: `${label}应为是或否` })
    .nullish()
    .transform((v, ctx): boolean | undefined => {
      if (isBlank(v)) return undefined;
      const value = parseBoolean(v!);
      if (value !== undefined) return value;
      report(ctx, `${label}应为是或否（true/false、是/否、1/0），当前为“${String(v).trim()}”`);
      return z.NEVER;
    });
}

/** A calendar date, leniently written, not in the future (China time) and not before 1985-04-01. */
function pastDate(label: string) {
  return checkedText(label, (text) => {
    const result = checkDate(text, label);
    if (!result.ok) return result;
    if (result.value < FIRST_FILING_DATE) return fail(`${label}不能早于 ${FIRST_FILING_DATE}（中国专利法施行之日）`);
    const today = todayInChina();
    if (result.value > today) return fail(`${label}不能晚于今天（${today}）`);
    return result;
  }).describe("YYYY-MM-DD");
}

const trlField = z
  .union([z.number(), text()], { error: `技术成熟度（TRL）应为 ${TRL_MIN}–${TRL_MAX} 的整数` })
  .nullish()
  .transform((v, ctx): number | undefined => {
    if (isBlank(v)) return undefined;
    const text = typeof v === "number" ? String(v) : toHalfWidth(v!).trim().replace(/^TRL\s*/i, "");
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (Number.isInteger(n) && n >= TRL_MIN && n <= TRL_MAX) return n;
    report(ctx, `技术成熟度（TRL）应为 ${TRL_MIN}–${TRL_MAX} 的整数，当前为“${String(v).trim()}”`);
    return z.NEVER;
  });

const clusterList = `本县产业集群：${county.clusters.join("、")}`;
const checkCluster = (name: string): Checked<string> =>
  isCountyCluster(name) ? ok(name) : fail(`产业集群“${name}”不在本县的产业集群中（${clusterList}）`);

const checkFullIpc = (text: string): Checked<string> => {
  const result = checkIpc(text);
  return result.ok ? ok(result.value.full) : result;
};

const checkIpcHint = (text: string): Checked<string> => {
  const result = checkIpcPrefix(text);
  return result.ok ? ok(result.value.value) : result;
};

const checkInventor = (name: string): Checked<string> =>
  charCount(name) <= 50 ? ok(name) : fail(`发明人姓名“${name.slice(0, 10)}…”过长（最多 50 个字）`);

/* ================================================================ patent input */

export const TITLE_MIN = 2;
export const TITLE_MAX = 200;
export const ABSTRACT_MAX = 5_000;
export const CLAIMS_MAX = 100_000;
export const TEXT_MAX = 2_000;

/** What a valid patent row is after normalization (absent optional fields are omitted). */
export type PatentInput = {
  /** Canonical "CN201710117081.7". Uniqueness is checked by the use case. */
  applicationNumber?: string;
  /** Canonical "CN113914863A". */
  publicationNumber?: string;
  /** As given, else from the application number, else from the publication kind code. */
  type?: PatentType;
  title: string;
  abstract: string;
  claims?: string;
  /** Normalized full code, also first in `ipc`; defaults to `ipc[0]`. */
  mainIpc?: string;
  ipc: string[];
  inventors: string[];
  /** YYYY-MM-DD. */
  filingDate?: string;
  grantDate?: string;
  /** As given, else VALID with a grant date, else PENDING. */
  legalStatus: LegalStatus;
  clusters: string[];
  highValueFlags: HighValueFlag[];
  trl?: number;
  advantage?: string;
  targetApplication?: string;
  listingMode?: ListingMode;
  /** Canonical yuan "850000.00" (> 0). */
  askingPrice?: string;
  /** Percent with two decimals, "5.00". */
  royaltyPercent?: string;
  royaltyBasis?: RoyaltyBasis;
  negotiable: boolean;
  evaluationReportNo?: string;
};

const patentFields = z.object({
  applicationNumber: checkedText("申请号", checkApplicationNumber).describe("CN201710117081.7; also accepts ZL…, no CN, full-width"),
  publicationNumber: checkedText("公开（公告）号", checkPublicationNumber).describe("CN113914863A"),
  type: enumField("专利类型", PATENT_TYPES, PATENT_TYPE_LABELS),
  title: requiredText("标题", TITLE_MIN, TITLE_MAX),
  abstract: requiredText("摘要", 1, ABSTRACT_MAX),
  claims: optionalText("权利要求", CLAIMS_MAX),
  mainIpc: checkedText("主分类号", checkFullIpc).describe("IPC, e.g. A23L 31/00"),
  ipc: listField("IPC 分类号", 100, checkFullIpc),
  inventors: listField("发明人", 100, checkInventor),
  filingDate: pastDate("申请日"),
  grantDate: pastDate("授权日"),
  legalStatus: enumField("法律状态", LEGAL_STATUSES, LEGAL_STATUS_LABELS),
  clusters: listField("产业集群", county.clusters.length, checkCluster),
  highValueFlags: listField("高价值专利类型", HIGH_VALUE_FLAGS.length, (t) => enumValue("高价值专利类型", t, HIGH_VALUE_FLAGS, HIGH_VALUE_FLAG_LABELS)),
  trl: trlField,
  advantage: optionalText("技术优势", TEXT_MAX),
  targetApplication: optionalText("应用领域", TEXT_MAX),
  listingMode: enumField("交易方式", LISTING_MODES, LISTING_MODE_LABELS),
  askingPrice: amountField("价格", checkPositiveYuan),
  royaltyPercent: z
    .union([text(), z.number()], { error: "提成比例应为 0–100 的数字" })
    .nullish()
    .transform((v, ctx) => {
      if (isBlank(v)) return undefined;
      const result = checkPercent(v!, "提成比例");
      if (result.ok) return result.value;
      report(ctx, result.reason);
      return z.NEVER;
    }),
  royaltyBasis: enumField("提成基数", ROYALTY_BASES, ROYALTY_BASIS_LABELS),
  negotiable: booleanField("价格面议"),
  evaluationReportNo: optionalText("专利权评价报告编号", 64),
});

type PatentFields = z.output<typeof patentFields>;

const LISTING_FIELDS = ["listingMode", "askingPrice", "royaltyPercent", "royaltyBasis", "negotiable", "evaluationReportNo"] as const;

/** Top-level fields that already have an issue: rules reading them must not run. */
function failedFields(ctx: Ctx): Set<PropertyKey> {
  return new Set(ctx.issues.map((i) => i.path?.[0]).filter((k) => k !== undefined));
}

function addFieldErrors(ctx: Ctx, errors: FieldErrors): void {
  for (const [field, messages] of Object.entries(errors)) for (const m of messages) report(ctx, m, [field]);
}

/** Type from the numbers, and the errors when they and the given type disagree. */
function resolveType(v: PatentFields, bad: Set<PropertyKey>, ctx?: Ctx): PatentType | undefined {
  const fromApp = v.applicationNumber && !bad.has("applicationNumber") ? typeOf(patentTypeFromApplicationNumber(v.applicationNumber)) : undefined;
  const fromPub = v.publicationNumber && !bad.has("publicationNumber") ? typeOf(patentTypeFromPublicationNumber(v.publicationNumber)) : undefined;
  const given = bad.has("type") ? undefined : v.type;
  if (ctx && given && fromApp && given !== fromApp) {
    report(ctx, `专利类型与申请号不符：申请号第 5 位为 ${v.applicationNumber![6]}，表示${PATENT_TYPE_LABELS[fromApp]}专利`, ["type"]);
  }
  const reference = given ?? fromApp;
  if (ctx && reference && fromPub && reference !== fromPub) {
    const source = given ? `专利类型“${PATENT_TYPE_LABELS[given]}”` : `申请号对应的${PATENT_TYPE_LABELS[reference]}专利`;
    report(ctx, `公开（公告）号 ${v.publicationNumber} 的文献种类代码表示${PATENT_TYPE_LABELS[fromPub]}专利，与${source}不符`, ["publicationNumber"]);
  }
  return given ?? fromApp ?? fromPub;
}

const typeOf = (r: Checked<PatentType>) => (r.ok ? r.value : undefined);

function checkDatesAndStatus(v: PatentFields, bad: Set<PropertyKey>, ctx: Ctx): void {
  const datesOk = !bad.has("filingDate") && !bad.has("grantDate");
  if (datesOk && v.filingDate && v.grantDate && v.grantDate < v.filingDate) {
    report(ctx, `授权日不能早于申请日（${v.filingDate}）`, ["grantDate"]);
  }
  if (!bad.has("legalStatus") && !bad.has("grantDate") && v.legalStatus === "PENDING" && v.grantDate) {
    report(ctx, "已填写授权日，法律状态不应为“审查中”", ["legalStatus"]);
  }
}

function checkListing(v: PatentFields, type: PatentType | undefined, bad: Set<PropertyKey>, ctx: Ctx): void {
  if (LISTING_FIELDS.some((f) => bad.has(f))) return;
  const terms: ListingTerms = {
    listingMode: v.listingMode,
    askingPrice: v.askingPrice,
    royaltyPercent: v.royaltyPercent,
    royaltyBasis: v.royaltyBasis,
    negotiable: v.negotiable,
    evaluationReportNo: v.evaluationReportNo,
  };
  addFieldErrors(ctx, checkListingTerms(terms));
  if (!v.listingMode) return;

  if (v.listingMode === "OPEN_LICENCE") {
    const errors = checkOpenLicence(terms, type);
    // An unknown type because its own fields are invalid is already reported there.
    if (["type", "applicationNumber", "publicationNumber"].some((f) => bad.has(f))) delete errors.type;
    addFieldErrors(ctx, errors);
  }
  if (bad.has("legalStatus") || bad.has("grantDate") || bad.has("filingDate")) return;
  const status = v.legalStatus ?? defaultLegalStatus(v.grantDate);
  const today = todayInChina();
  const effective = effectiveLegalStatus(status, type, v.filingDate, today);
  const expiry = type && v.filingDate ? expiryDate(type, v.filingDate) : undefined;
  addFieldErrors(ctx, checkListable(v.listingMode, effective, expiry));
}

/** Drops keys whose value is undefined, so outputs compare and serialize cleanly. */
function withoutUndefined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

function finishPatent(v: PatentFields): PatentInput {
  const type = resolveType(v, new Set());
  const mainIpc = v.mainIpc ?? v.ipc[0];
  const ipc = mainIpc ? unique([mainIpc, ...v.ipc]) : v.ipc;
  return withoutUndefined({
    ...v,
    type,
    mainIpc,
    ipc,
    legalStatus: v.legalStatus ?? defaultLegalStatus(v.grantDate),
    negotiable: v.negotiable ?? false,
  });
}

const isRecord = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);

/** The cross-field rules on top of a field set (the patent's, or the import row's). */
function patentSchemaOf<T extends typeof patentFields>(fields: T) {
  return fields.superRefine(
    (v, ctx) => {
      const bad = failedFields(ctx);
      const row = v as PatentFields;
      const type = resolveType(row, bad, ctx);
      checkDatesAndStatus(row, bad, ctx);
      checkListing(row, type, bad, ctx);
    },
    // Run even when other fields failed, to list every problem of a row at once.
    { when: (payload) => isRecord(payload.value) },
  );
}

/**
 * One patent for create, edit and import. Unknown keys (KPPatent-ZH's sourceIndex and
 * keyphrases, CSV extras) are dropped.
 */
export const patentInputSchema = patentSchemaOf(patentFields).transform((v) => finishPatent(v as PatentFields));

/**
 * An import row: as `patentInputSchema`, except that the title may be missing (two rows of
 * KPPatent-ZH have none). Such a row is stored as a draft with an empty title, and its
 * import note says so: nothing is made up in its place (issue 15). A title that is given
 * is checked as usual.
 */
export const patentImportRowSchema = patentSchemaOf(
  patentFields.extend({
    title: text({ error: "标题应为文本" })
      .nullish()
      .transform((v, ctx): string => {
        const title = (v ?? "").trim();
        const n = charCount(title);
        if (n === 0) return "";
        if (n < TITLE_MIN) report(ctx, `标题至少 ${TITLE_MIN} 个字`);
        else if (n > TITLE_MAX) report(ctx, `标题不能超过 ${TITLE_MAX} 个字（当前 ${n} 个字）`);
        else return title;
        return z.NEVER;
      }),
  }) as unknown as typeof patentFields,
).transform((v) => finishPatent(v as PatentFields));

/** `version` as API v1 bodies send it: a positive integer, also as a numeric string. */
const versionField = z
  .union([z.number(), text()], { error: "version 应为正整数" })
  .nullish()
  .transform((v, ctx): number | undefined => {
    if (isBlank(v)) return undefined;
    const n = typeof v === "number" ? v : /^\s*\d+\s*$/.test(v!) ? Number(v) : NaN;
    if (Number.isSafeInteger(n) && n >= 1) return n;
    report(ctx, `version 应为正整数，当前为“${String(v).trim()}”`);
    return z.NEVER;
  });

/**
 * `POST /api/v1/patents`: the patent and `publish` (true/false, "true", 1, "是"), judged in
 * one pass so every bad field is named at once.
 */
export const patentCreateBodySchema = patentSchemaOf(patentFields.extend({ publish: booleanField("publish（是否直接挂牌）") }) as unknown as typeof patentFields).transform((v) => {
  const { publish, ...fields } = v as PatentFields & { publish?: boolean };
  return { input: finishPatent(fields as PatentFields), publish: publish ?? false };
});

/** `PATCH /api/v1/patents/:id` with fields: the patent and the `version` the caller saw (optional). */
export const patentEditBodySchema = patentSchemaOf(patentFields.extend({ version: versionField }) as unknown as typeof patentFields).transform((v) => {
  const { version, ...fields } = v as PatentFields & { version?: number };
  return { input: finishPatent(fields as PatentFields), version };
});

/* ================================================================ listing terms */

/** The listing terms alone (bulk listing): a mode is required, the rest as in a patent row. */
export type ListingTermsInput = Pick<PatentInput, "askingPrice" | "royaltyPercent" | "royaltyBasis" | "evaluationReportNo"> & {
  listingMode: ListingMode;
  negotiable: boolean;
};

export const listingTermsSchema = patentFields
  .pick({ listingMode: true, askingPrice: true, royaltyPercent: true, royaltyBasis: true, negotiable: true, evaluationReportNo: true })
  .superRefine(
    (v, ctx) => {
      const bad = failedFields(ctx);
      if (!v.listingMode && !bad.has("listingMode")) report(ctx, "请选择交易方式（转让、独占许可、排他许可、普通许可或开放许可）", ["listingMode"]);
      if (LISTING_FIELDS.some((f) => bad.has(f))) return;
      addFieldErrors(ctx, checkListingTerms({ ...v }));
    },
    { when: (payload) => isRecord(payload.value) },
  )
  .transform((v): ListingTermsInput => withoutUndefined({ ...v, listingMode: v.listingMode!, negotiable: v.negotiable ?? false }));

export const BULK_LIST_MAX = 100;

/** `POST /api/v1/patents/bulk-list` and the catalog page's bulk action: which patents, which terms. */
export const bulkListSchema = z
  .object({
    ids: z
      .union([z.array(text()), text()], { error: "请选择要挂牌的专利（ids：专利编号列表）" })
      .transform((v, ctx): string[] => {
        const ids = unique((typeof v === "string" ? v.split(/[,，\s]+/) : v).map((s) => s.trim()).filter((s) => s !== ""));
        if (ids.length === 0) report(ctx, "请至少选择一项专利");
        else if (ids.length > BULK_LIST_MAX) report(ctx, `一次最多挂牌 ${BULK_LIST_MAX} 项专利（当前 ${ids.length} 项）`);
        else if (ids.some((id) => id.length > 64)) report(ctx, "专利编号格式不正确");
        else return ids;
        return z.NEVER;
      }),
    terms: z.unknown(),
  })
  .superRefine((v, ctx) => {
    const terms = listingTermsSchema.safeParse(v.terms ?? {});
    if (!terms.success) for (const issue of terms.error.issues) report(ctx, issue.message, ["terms", ...issue.path]);
  }, { when: (payload) => isRecord(payload.value) })
  .transform((v) => ({ ids: v.ids, terms: listingTermsSchema.parse(v.terms ?? {}) }));

/* ================================================================ search query */

export const Q_MAX = 200;
export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;
const PAGE_MAX = 10_000;
const LIFE_MAX = Math.max(...Object.values(PATENT_TERM_YEARS));

/** A query-string parameter: absent, once, or repeated; each occurrence may hold "a,b". */
const param = z.union([text(), z.array(text())]).optional();
type Param = z.output<typeof param>;

function paramValues(v: Param): string[] {
  const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return unique(list.flatMap((s) => s.split(/[,，]/)).map((s) => s.trim()).filter((s) => s !== ""));
}

const firstValue = (v: Param): string | undefined => paramValues(v)[0];

function multiEnum<T extends string>(label: string, values: readonly T[], labels: Record<T, string>) {
  return param.transform((v, ctx): T[] => {
    const out: T[] = [];
    for (const text of paramValues(v)) {
      const result = enumValue(label, text, values, labels);
      if (result.ok) out.push(result.value);
      else report(ctx, result.reason);
    }
    return unique(out);
  });
}

function yuanParam(label: string) {
  return param.transform((v, ctx): string | undefined => {
    const text = firstValue(v);
    if (text === undefined) return undefined;
    const result = checkYuan(text, label);
    if (result.ok) return result.value;
    report(ctx, result.reason);
    return z.NEVER;
  });
}

function yearsParam(label: string) {
  return param.transform((v, ctx): number | undefined => {
    const text = firstValue(v);
    if (text === undefined) return undefined;
    const n = /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : NaN;
    if (n >= 0 && n <= LIFE_MAX) return n;
    report(ctx, `${label}应为 0–${LIFE_MAX} 之间的年数，当前为“${text}”`);
    return z.NEVER;
  });
}

function intParam(label: string, min: number, max: number, fallback: number) {
  return param.transform((v, ctx): number => {
    const text = firstValue(v);
    if (text === undefined) return fallback;
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (n >= min && n <= max) return n;
    report(ctx, `${label}应为 ${min}–${max} 之间的整数，当前为“${text}”`);
    return z.NEVER;
  });
}

const listQueryFields = z.object({
  q: param.transform((v, ctx) => {
    const text = (Array.isArray(v) ? v[0] : v ?? "").replace(/\s+/g, " ").trim();
    if (charCount(text) <= Q_MAX) return text;
    report(ctx, `搜索词不能超过 ${Q_MAX} 个字`);
    return z.NEVER;
  }),
  type: multiEnum("专利类型", PATENT_TYPES, PATENT_TYPE_LABELS),
  ipc: param.transform((v, ctx) => {
    const prefixes: IpcPrefix[] = [];
    for (const text of paramValues(v)) {
      const result = checkIpcPrefix(text);
      if (result.ok) prefixes.push(result.value);
      else report(ctx, result.reason);
    }
    const deep = prefixes.filter((p) => p.level !== "SECTION" && p.level !== "CLASS");
    if (deep.length > 1) report(ctx, "一次只能按一个小类或更细的 IPC 分类号筛选（部和大类可以多选）");
    return prefixes;
  }),
  holderKind: multiEnum("权利人类型", HOLDER_KINDS, HOLDER_KIND_LABELS),
  cluster: param.transform((v, ctx) => {
    const out: string[] = [];
    for (const name of paramValues(v)) {
      const result = checkCluster(name);
      if (result.ok) out.push(result.value);
      else report(ctx, result.reason);
    }
    return out;
  }),
  listingMode: multiEnum("交易方式", LISTING_MODES, LISTING_MODE_LABELS),
  legalStatus: multiEnum("法律状态", LEGAL_STATUSES, LEGAL_STATUS_LABELS),
  priceMin: yuanParam("最低价格"),
  priceMax: yuanParam("最高价格"),
  lifeMin: yearsParam("最短剩余保护期"),
  lifeMax: yearsParam("最长剩余保护期"),
  highValue: param.transform((v, ctx): boolean | undefined => {
    const text = firstValue(v);
    if (text === undefined) return undefined;
    const value = parseBoolean(text);
    if (value !== undefined) return value;
    report(ctx, `高价值筛选应为 true 或 false，当前为“${text}”`);
    return z.NEVER;
  }),
  sort: param.transform((v, ctx): Sort | undefined => {
    const text = firstValue(v);
    if (text === undefined) return undefined;
    if ((SORTS as readonly string[]).includes(text)) return text as Sort;
    report(ctx, `排序方式“${text}”无效，可选：${SORTS.join("、")}`);
    return z.NEVER;
  }),
  page: intParam("页码", 1, PAGE_MAX, 1),
  pageSize: intParam("每页条数", 1, PAGE_SIZE_MAX, PAGE_SIZE_DEFAULT),
});

type ListQueryFields = z.output<typeof listQueryFields>;

/** The search a list URL asks for, and the same URL parameters in canonical form. */
export type PatentListQuery = {
  search: SearchQuery & { sort: Sort; page: number; pageSize: number; filters: PatentFilters };
  /** Canonical query string without "?": fixed key order, lists comma-joined, defaults left out. */
  params: string;
};

/** Relevance needs words to rank by; a plain listing shows the newest first. */
const defaultSort = (q: string): Sort => (q ? "relevance" : "newest");

/** The search port's price bounds are integer fen. */
const fenOf = (yuan: string) => Money.parseYuan(yuan).toFenNumber();

function filtersOf(v: ListQueryFields): PatentFilters {
  const section = v.ipc.filter((p) => p.level === "SECTION").map((p) => p.value);
  const klass = v.ipc.filter((p) => p.level === "CLASS").map((p) => p.value);
  const deep = v.ipc.find((p) => p.level !== "SECTION" && p.level !== "CLASS");
  const filters: PatentFilters = {
    type: v.type,
    ipcSection: section,
    ipcClass: klass,
    ipcPrefix: deep ? ipcFilterPrefix(deep) : undefined,
    holderKind: v.holderKind,
    clusters: v.cluster,
    listingMode: v.listingMode,
    legalStatus: v.legalStatus,
    priceMinFen: v.priceMin === undefined ? undefined : fenOf(v.priceMin),
    priceMaxFen: v.priceMax === undefined ? undefined : fenOf(v.priceMax),
    remainingLifeMin: v.lifeMin,
    remainingLifeMax: v.lifeMax,
    highValue: v.highValue,
  };
  // Empty lists mean "no filter": leave them out so adapters need not tell [] from absent.
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)),
  ) as PatentFilters;
}

/** "850000.00" → "850000", "12.50" → "12.5": shorter URLs for the same amount. */
const shortYuan = (yuan: string) => Money.parseYuan(yuan).toYuanString({ trimZeros: true });

function canonicalParams(v: ListQueryFields, sort: Sort): string {
  const params = new URLSearchParams();
  const set = (key: string, value: string | number | boolean | undefined) => {
    if (value !== undefined && value !== "") params.set(key, String(value));
  };
  set("q", v.q);
  set("type", v.type.join(","));
  set("ipc", v.ipc.map((p) => p.value).join(","));
  set("holderKind", v.holderKind.join(","));
  set("cluster", v.cluster.join(","));
  set("listingMode", v.listingMode.join(","));
  set("legalStatus", v.legalStatus.join(","));
  set("priceMin", v.priceMin && shortYuan(v.priceMin));
  set("priceMax", v.priceMax && shortYuan(v.priceMax));
  set("lifeMin", v.lifeMin);
  set("lifeMax", v.lifeMax);
  set("highValue", v.highValue);
  if (sort !== defaultSort(v.q)) set("sort", sort);
  if (v.page !== 1) set("page", v.page);
  if (v.pageSize !== PAGE_SIZE_DEFAULT) set("pageSize", v.pageSize);
  return params.toString();
}

/**
 * The public search page's and the API's query string: strict, every bad value is a
 * field error in Chinese (a silently ignored filter shows wrong results). Unknown
 * parameters are ignored. Feed it `searchParamsToRecord(url.searchParams)`.
 */
export const patentListQuerySchema = listQueryFields
  .superRefine((v, ctx) => {
    const bad = failedFields(ctx);
    if (!bad.has("priceMin") && !bad.has("priceMax") && v.priceMin && v.priceMax && Money.parseYuan(v.priceMin).compare(Money.parseYuan(v.priceMax)) > 0) {
      report(ctx, "最高价格不能低于最低价格", ["priceMax"]);
    }
    if (!bad.has("lifeMin") && !bad.has("lifeMax") && v.lifeMin !== undefined && v.lifeMax !== undefined && v.lifeMin > v.lifeMax) {
      report(ctx, "最长剩余保护期不能短于最短剩余保护期", ["lifeMax"]);
    }
  })
  .transform((v): PatentListQuery => {
    const sort = v.sort ?? defaultSort(v.q);
    return {
      search: { q: v.q, filters: filtersOf(v), sort, page: v.page, pageSize: v.pageSize },
      params: canonicalParams(v, sort),
    };
  });

/** URLSearchParams → { key: value | values } (repeated keys become arrays). */
export function searchParamsToRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    record[key] = all.length === 1 ? all[0] : all;
  }
  return record;
}

/* ================================================================ own catalog */

const OWN_STATUSES = ["DRAFT", "LISTED", "UNLISTED"] as const;
const OWN_STATUS_LABELS: Record<(typeof OWN_STATUSES)[number], string> = { DRAFT: "草稿", LISTED: "挂牌中", UNLISTED: "已下架" };

/** `?status=DRAFT&page=&pageSize=`: a holder's own catalog in one status (API v1 and the catalog page). */
export const ownPatentsQuerySchema = z.object({
  status: param.transform((v, ctx) => {
    const text = firstValue(v);
    const result = text === undefined ? fail<(typeof OWN_STATUSES)[number]>("请指定状态") : enumValue("状态", text, OWN_STATUSES, OWN_STATUS_LABELS);
    if (result.ok) return result.value;
    report(ctx, result.reason);
    return z.NEVER;
  }),
  page: intParam("页码", 1, PAGE_MAX, 1),
  pageSize: intParam("每页条数", 1, PAGE_SIZE_MAX, PAGE_SIZE_DEFAULT),
});

/* ================================================================ needs */

/** A technology need an SME posts (技术需求). */
export const needInputSchema = z
  .object({
    title: requiredText("需求标题", 2, 100),
    description: requiredText("需求描述", 10, 2_000),
    /** IPC codes at any depth ("A23L", "A23L 31/00"), normalized: "A23L", "A23L31", "A23L31/00". */
    ipcHints: listField("IPC 分类提示", 20, checkIpcHint),
    clusters: listField("产业集群", county.clusters.length, checkCluster),
    budgetMax: amountField("预算上限", checkPositiveYuan),
    preferredHolderKinds: listField("意向权利人类型", HOLDER_KINDS.length, (t) => enumValue("意向权利人类型", t, HOLDER_KINDS, HOLDER_KIND_LABELS)),
    subscribe: booleanField("订阅匹配提醒"),
  })
  .transform((v): NeedInput => withoutUndefined({ ...v, subscribe: v.subscribe ?? false }));

export type NeedInput = {
  title: string;
  description: string;
  ipcHints: string[];
  clusters: string[];
  budgetMax?: string;
  preferredHolderKinds: HolderKind[];
  subscribe: boolean;
};

/* ================================================================ subscriptions */

const SUBSCRIPTION_KINDS = ["SEARCH", "NEED"] as const;

/** A saved search's query: a query string ("q=木耳&type=INVENTION") or a params object. */
const savedQuery = z
  .union([text(), z.record(text(), z.union([text(), z.array(text())]))], { error: "请提供要订阅的搜索条件" })
  .transform((v, ctx): PatentListQuery => {
    const record = typeof v === "string" ? searchParamsToRecord(new URLSearchParams(v.replace(/^\?/, ""))) : v;
    const result = patentListQuerySchema.safeParse(record);
    if (result.success) return result.data;
    for (const issue of result.error.issues) report(ctx, issue.message, issue.path);
    return z.NEVER;
  });

/** Subscribe to new patents matching a saved search, or to matches of one of my needs. */
export const subscriptionInputSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("SEARCH"),
      name: requiredText("订阅名称", 1, 50),
      query: savedQuery,
    }),
    z.object({
      kind: z.literal("NEED"),
      needId: requiredText("需求编号", 1, 64),
      /** Optional: the use case may name it after the need. */
      name: optionalText("订阅名称", 50),
    }),
  ],
  { error: `请选择订阅类型：${SUBSCRIPTION_KINDS.join(" 或 ")}` },
);

export type SubscriptionInput = z.output<typeof subscriptionInputSchema>;

/* ================================================================ errors */

/** A ZodError as FieldErrors keyed by the top-level field ("_" for the input as a whole). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = typeof issue.path[0] === "string" ? issue.path[0] : "_";
    const list = (errors[key] ??= []);
    if (!list.includes(issue.message)) list.push(issue.message);
  }
  return errors;
}
