/**
 * Reading a `SearchQuery` the same way in every adapter: paging defaults and bounds, sort,
 * and the validation of numeric filter bounds (user input reaches here).
 */
import { SORTS, type PatentFilters, type SearchQuery, type Sort } from "./port";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Thrown for a query no engine can answer (a NaN price bound, an unknown sort). */
export class SearchQueryError extends Error {
  override name = "SearchQueryError";
}

export type Paging = { page: number; pageSize: number; offset: number };

/** Page is 1-based; out-of-range values are clamped rather than rejected (they come from URLs). */
export function readPaging(query: Pick<SearchQuery, "page" | "pageSize">): Paging {
  const page = clampInteger(query.page, 1, Number.MAX_SAFE_INTEGER, 1);
  const pageSize = clampInteger(query.pageSize, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  return { page, pageSize, offset: (page - 1) * pageSize };
}

function clampInteger(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

export function readSort(sort: Sort | undefined): Sort {
  if (sort === undefined) return "relevance";
  if (!(SORTS as readonly string[]).includes(sort)) throw new SearchQueryError(`unknown sort: ${String(sort)}`);
  return sort;
}

const NUMERIC_BOUNDS = ["priceMinFen", "priceMaxFen", "remainingLifeMin", "remainingLifeMax"] as const;

/**
 * Numeric bounds must be finite numbers: a NaN or a string smuggled past the types would
 * otherwise end up in a Meilisearch filter expression or silently match nothing.
 */
export function assertNumericBounds(filters: PatentFilters): void {
  for (const key of NUMERIC_BOUNDS) {
    const value: unknown = filters[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new SearchQueryError(`filter ${key} must be a finite number`);
    }
  }
  if (filters.highValue !== undefined && typeof filters.highValue !== "boolean") {
    throw new SearchQueryError("filter highValue must be a boolean");
  }
}

const LIST_FILTERS = ["type", "ipcSection", "ipcClass", "holderKind", "clusters", "listingMode", "legalStatus", "ids"] as const;

/**
 * Filters as typed, checked at run time: lists of strings, strings, finite numbers, a
 * boolean. Anything else (a string where a list belongs, an object that stringifies into
 * syntax) is refused before it reaches an engine.
 */
export function assertFilterShapes(filters: PatentFilters): void {
  assertNumericBounds(filters);
  for (const key of LIST_FILTERS) {
    const value: unknown = filters[key];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
      throw new SearchQueryError(`filter ${key} must be a list of strings`);
    }
  }
  for (const key of ["holderId", "ipcPrefix"] as const) {
    if (filters[key] !== undefined && typeof filters[key] !== "string") throw new SearchQueryError(`filter ${key} must be a string`);
  }
}

/** Trimmed query text; whitespace-only means "no text". */
export function readText(q: string | undefined): string {
  return typeof q === "string" ? q.trim() : "";
}

/**
 * What a query with nothing to search for (only stop words, markup or punctuation) gets
 * instead of hits, in both adapters (the embedded engine's JUNK_SUGGESTION says the same).
 */
export const JUNK_QUERY_SUGGESTION = "请输入具体的技术词，如“木耳 烘干”";

/**
 * `minRelevance` as given (API `minScore`): undefined, or a finite number in [0, 1].
 * Anything else is refused before it reaches an engine (Meilisearch answers 400 for a
 * `rankingScoreThreshold` outside [0, 1]).
 */
export function readMinRelevance(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new SearchQueryError("minRelevance must be a number from 0 to 1");
  }
  return value;
}
