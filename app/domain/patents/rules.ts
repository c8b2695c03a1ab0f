import type { FieldErrors } from "~/domain/shared/errors";
import { Money, Ratio } from "~/domain/shared/money";
import { addYears, daysBetween, todayInChina } from "./dates";
import {
  HIGH_VALUE_FLAGS,
  type HighValueFlag,
  type LegalStatus,
  type ListingMode,
  PATENT_TYPE_LABELS,
  type PatentType,
  type RoyaltyBasis,
  ROYALTY_BASIS_LABELS,
} from "./labels";
import { clock } from "../shared/clock";

/**
 * Business rules of the patent catalog that do not need a database: patent terms,
 * legal-status derivation, listing terms and the open-licence (开放许可) limits.
 * Checks return FieldErrors keyed by PatentInput's camelCase field names, so forms,
 * the API and the importer report them the same way.
 */

export { HIGH_VALUE_FLAGS };
export type { HighValueFlag, RoyaltyBasis };

/* ---------------------------------------------------------------- terms and status */

/**
 * Years of protection from the filing date (Patent Law art. 42).
 * Assumption: designs get the current 15 years for every filing date. Designs filed
 * before 2021-06-01 (the 4th amendment) really have 10 years, so for those this
 * overstates the term by 5 years; the catalog treats it as a known simplification.
 * Patent-term compensation for inventions (also since 2021) is not modelled either.
 */
export const PATENT_TERM_YEARS: Record<PatentType, number> = {
  INVENTION: 20,
  UTILITY_MODEL: 10,
  DESIGN: 15,
};

/**
 * The day the right ends (期限届满终止日): the anniversary of the filing date. CNIPA's
 * examination guidelines: a utility model filed 1999-09-06 is protected through
 * 2009-09-05 and terminates on 2009-09-06. A 29 February filing ends on 1 March.
 */
export function expiryDate(type: PatentType, filingDate: string): string {
  return addYears(filingDate, PATENT_TERM_YEARS[type]);
}

const DAYS_PER_YEAR = 365.25;

/**
 * Years of protection left on `at`, fractional, never negative, rounded to 2 decimals
 * so that re-indexing on the same day gives the same number.
 * `expiry` is a calendar date: "YYYY-MM-DD" or a Date at UTC midnight (a Prisma
 * `@db.Date`). `at` is "YYYY-MM-DD" or an instant, read as that day in China.
 */
export function remainingLifeYears(expiry: string | Date, at: string | Date = clock.now()): number {
  const end = typeof expiry === "string" ? expiry : expiry.toISOString().slice(0, 10);
  const day = typeof at === "string" ? at : todayInChina(at);
  const days = daysBetween(day, end);
  if (days <= 0) return 0;
  return Math.round((days / DAYS_PER_YEAR) * 100) / 100;
}

/** What a new record's status is when none was given: a grant date means it was granted. */
export function defaultLegalStatus(grantDate: string | undefined | null): LegalStatus {
  return grantDate ? "VALID" : "PENDING";
}

/**
 * The status to show and index on `at`: a VALID (or, oddly, still PENDING) patent whose
 * term has run out is EXPIRED even if nobody updated the record. Without a type or a
 * filing date the stored status is all we know.
 */
export function effectiveLegalStatus(
  status: LegalStatus,
  type: PatentType | null | undefined,
  filingDate: string | null | undefined,
  at: string,
): LegalStatus {
  if ((status === "VALID" || status === "PENDING") && type && filingDate && expiryDate(type, filingDate) <= at) return "EXPIRED";
  return status;
}

/** Statuses under which the patent (or application) can still be transferred or licensed. */
export const LISTABLE_STATUSES: readonly LegalStatus[] = ["PENDING", "VALID"];

/* ---------------------------------------------------------------- listing terms */

export type ListingTerms = {
  listingMode?: ListingMode;
  /** Upfront price (入门费 / 转让价) as a canonical yuan string, "850000.00". */
  askingPrice?: string;
  /** Royalty (提成) as a percentage string, "5.00". */
  royaltyPercent?: string;
  royaltyBasis?: RoyaltyBasis;
  negotiable?: boolean;
  evaluationReportNo?: string;
};

function add(errors: FieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

/**
 * Completeness of the listing terms, whatever the mode:
 * - with a mode, at least a price or a royalty is needed unless the price is negotiable;
 * - a price, a royalty or a basis without a mode is refused, so that terms are never
 *   stored without the deal they belong to;
 * - a royalty basis without a royalty means the royalty was forgotten.
 * Value formats (price > 0, royalty 0–100 with 2 decimals) are checked by the schema.
 */
export function checkListingTerms(terms: ListingTerms): FieldErrors {
  const errors: FieldErrors = {};
  const hasPrice = terms.askingPrice !== undefined;
  const hasRoyalty = terms.royaltyPercent !== undefined;
  if (!terms.listingMode) {
    if (hasPrice || hasRoyalty || terms.royaltyBasis) add(errors, "listingMode", "已填写价格或提成，请选择交易方式（转让、独占许可、排他许可、普通许可或开放许可）");
    return errors;
  }
  if (!hasPrice && !hasRoyalty && !terms.negotiable) {
    add(errors, "askingPrice", "请填写价格或提成比例，或选择“价格面议”");
  }
  if (terms.royaltyBasis && !hasRoyalty) add(errors, "royaltyPercent", "已选择提成基数，请填写提成比例");
  return errors;
}

/** Whether a patent in `status` may carry a listing in `mode`; errors keyed by field. */
export function checkListable(mode: ListingMode, status: LegalStatus, expiry?: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!LISTABLE_STATUSES.includes(status)) {
    const why = status === "EXPIRED" && expiry ? `保护期已于 ${expiry} 届满` : "已失效";
    add(errors, "listingMode", `该专利${why}，不能挂牌交易`);
  } else if (mode === "OPEN_LICENCE" && status !== "VALID") {
    add(errors, "legalStatus", "开放许可仅适用于已授权的有效专利，专利申请不能声明开放许可");
  }
  return errors;
}

/* ---------------------------------------------------------------- open licence */

/** Upfront fee cap of an open licence: 20,000,000 元. */
export const OPEN_LICENCE_MAX_UPFRONT = Money.parseYuan("20000000.00");
/** Royalty caps of an open licence, in percent, by basis. */
export const OPEN_LICENCE_MAX_ROYALTY: Record<RoyaltyBasis, string> = { NET_SALES: "20", PROFIT: "40" };

/**
 * The open-licence rules on top of `checkListingTerms`: upfront fee ≤ 2,000 万元;
 * royalty ≤ 20 % of net sales or ≤ 40 % of profit (so the basis is required with a
 * royalty); a utility model or design needs its evaluation report (专利权评价报告), as
 * Patent Law art. 50 requires — which is why the type must be known.
 * Values are expected in canonical form (schema output); unparsable ones are skipped,
 * the schema reports them.
 */
export function checkOpenLicence(terms: ListingTerms, patentType: PatentType | null | undefined): FieldErrors {
  const errors: FieldErrors = {};
  if (terms.askingPrice !== undefined && Money.isYuan(terms.askingPrice)) {
    const price = Money.parseYuan(terms.askingPrice);
    if (price.compare(OPEN_LICENCE_MAX_UPFRONT) > 0) {
      add(errors, "askingPrice", `开放许可的入门费不得超过 2,000 万元（当前 ${price.summary()}）`);
    }
  }
  if (terms.royaltyPercent !== undefined) {
    if (!terms.royaltyBasis) {
      add(errors, "royaltyBasis", "开放许可的提成须注明计提基数：净销售额（上限 20%）或利润（上限 40%）");
    } else if (isDecimal(terms.royaltyPercent)) {
      const cap = OPEN_LICENCE_MAX_ROYALTY[terms.royaltyBasis];
      if (Ratio.parse(terms.royaltyPercent).compare(Ratio.parse(cap)) > 0) {
        const basis = ROYALTY_BASIS_LABELS[terms.royaltyBasis];
        add(errors, "royaltyPercent", `开放许可以${basis}为基数的提成比例不得超过 ${cap}%（当前 ${terms.royaltyPercent}%）`);
      }
    }
  }
  if (!patentType) {
    add(errors, "type", "声明开放许可须明确专利类型（实用新型和外观设计须提供专利权评价报告）");
  } else if (patentType !== "INVENTION" && !terms.evaluationReportNo?.trim()) {
    add(errors, "evaluationReportNo", `${PATENT_TYPE_LABELS[patentType]}专利声明开放许可须提供专利权评价报告编号`);
  }
  return errors;
}

const isDecimal = (text: string) => /^\d{1,9}(?:\.\d{1,12})?$/.test(text);

/* ---------------------------------------------------------------- value flags, TRL */

/** A patent is "high value" in CNIPA's sense when it falls in at least one of the five categories. */
export function isHighValue(flags: readonly HighValueFlag[] | null | undefined): boolean {
  return (flags?.length ?? 0) > 0;
}

/** Technology readiness levels (技术成熟度) 1–9, the scale of GB/T 22900; labels are short paraphrases. */
export const TRL_MIN = 1;
export const TRL_MAX = 9;

export function isTrl(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= TRL_MIN && value <= TRL_MAX;
}

export const TRL_LABELS: Record<number, string> = {
  1: "发现基本原理",
  2: "形成技术概念",
  3: "关键功能验证",
  4: "实验室环境验证",
  5: "相关环境中部件验证",
  6: "相关环境中系统原型演示",
  7: "实际环境中原型演示",
  8: "系统完成并通过验证",
  9: "实际应用中得到验证",
};
