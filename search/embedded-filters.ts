/**
 * Filters and facets of the embedded engine, evaluated on precomputed per-document values
 * so a query never re-derives them. Semantics (shared with the Meilisearch adapter):
 * values within one facet are OR-ed, facets are AND-ed; an empty list means "no constraint"
 * (nothing ticked) — except `ids`, where an empty list restricts to nothing.
 */
import { FACETS, type Facet, type PatentFilters, type PatentSearchDoc } from "./port";

/** Facet values of one document; a null field contributes no value. */
export type FacetValues = Record<Facet, readonly string[]>;

const NO_VALUES: readonly string[] = Object.freeze([]);

export function facetValuesOf(doc: PatentSearchDoc): FacetValues {
  const one = (value: string | null) => (value === null ? NO_VALUES : [value]);
  return {
    type: one(doc.type),
    ipcSection: unique(doc.ipcSection),
    ipcClass: unique(doc.ipcClass),
    holderKind: one(doc.holderKind),
    clusters: unique(doc.clusters),
    listingMode: one(doc.listingMode),
    legalStatus: one(doc.legalStatus),
    highValue: [String(doc.highValue)],
  };
}

function unique(values: readonly string[]): readonly string[] {
  return values.length < 2 ? values : [...new Set(values)];
}

/** IPC codes compared without spaces and in upper case: "a23l 31/00" = "A23L31/00". */
export function normalizeIpc(code: string): string {
  return code.replace(/\s+/g, "").toUpperCase();
}

/** What a filter predicate reads from an indexed document. */
export type FilterableDoc = {
  doc: PatentSearchDoc;
  facets: FacetValues;
  /** `doc.ipc`, normalized with `normalizeIpc`. */
  ipcCodes: readonly string[];
};

type Predicate = (entry: FilterableDoc) => boolean;

/** The filters as one predicate; `undefined` when nothing is filtered (the fast path). */
export function compileFilters(filters: PatentFilters | undefined): Predicate | undefined {
  if (!filters) return undefined;
  const checks: Predicate[] = [];
  const anyOf = (facet: Facet, wanted: readonly string[] | undefined) => {
    if (!wanted || wanted.length === 0) return;
    const set = new Set<string>(wanted);
    checks.push((entry) => entry.facets[facet].some((value) => set.has(value)));
  };
  anyOf("type", filters.type);
  anyOf("ipcSection", filters.ipcSection);
  anyOf("ipcClass", filters.ipcClass);
  anyOf("holderKind", filters.holderKind);
  anyOf("clusters", filters.clusters);
  anyOf("listingMode", filters.listingMode);
  anyOf("legalStatus", filters.legalStatus);

  if (filters.ipcPrefix !== undefined && filters.ipcPrefix.trim() !== "") {
    const prefix = normalizeIpc(filters.ipcPrefix);
    checks.push((entry) => entry.ipcCodes.some((code) => code.startsWith(prefix)));
  }
  if (filters.holderId !== undefined) {
    const holderId = filters.holderId;
    checks.push((entry) => entry.doc.holderId === holderId);
  }
  if (filters.highValue !== undefined) {
    const highValue = filters.highValue;
    checks.push((entry) => entry.doc.highValue === highValue);
  }
  if (filters.ids !== undefined) {
    const ids = new Set(filters.ids);
    checks.push((entry) => ids.has(entry.doc.id));
  }
  addRange(checks, (doc) => doc.priceFen, filters.priceMinFen, filters.priceMaxFen);
  addRange(checks, (doc) => doc.remainingLifeYears, filters.remainingLifeMin, filters.remainingLifeMax);

  if (checks.length === 0) return undefined;
  if (checks.length === 1) return checks[0];
  return (entry) => checks.every((check) => check(entry));
}

/** Inclusive bounds; a document without the value never satisfies a bound. */
function addRange(checks: Predicate[], read: (doc: PatentSearchDoc) => number | null, min: number | undefined, max: number | undefined) {
  if (min === undefined && max === undefined) return;
  checks.push((entry) => {
    const value = read(entry.doc);
    if (value === null) return false;
    return (min === undefined || value >= min) && (max === undefined || value <= max);
  });
}

/** Counts facet values over `entries` (the documents matching q and filters). */
export function countFacets(entries: Iterable<FilterableDoc>, facets: readonly Facet[]): Partial<Record<Facet, Record<string, number>>> {
  const wanted = facets.filter((facet, i) => (FACETS as readonly string[]).includes(facet) && facets.indexOf(facet) === i);
  if (wanted.length === 0) return {};
  const counts = wanted.map(() => new Map<string, number>());
  for (const entry of entries) {
    for (let f = 0; f < wanted.length; f++) {
      const map = counts[f];
      for (const value of entry.facets[wanted[f]]) map.set(value, (map.get(value) ?? 0) + 1);
    }
  }
  const result: Partial<Record<Facet, Record<string, number>>> = {};
  wanted.forEach((facet, f) => {
    result[facet] = Object.fromEntries([...counts[f]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
  return result;
}
