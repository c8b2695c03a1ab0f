/**
 * The search port: what the app asks of a patent search engine. Two adapters implement it
 * — `embedded.ts` (MiniSearch + jieba, in-process, the default and the test engine) and
 * `meilisearch.ts` (production) — and one contract suite (`contract.ts`) runs against both.
 * Nothing here knows about Prisma or Remix: the domain turns patents into documents.
 */

export const PATENT_TYPES = ["INVENTION", "UTILITY_MODEL", "DESIGN"] as const;
export const HOLDER_KINDS = ["UNIVERSITY", "RESEARCH_INSTITUTE", "SOE"] as const;
export const LEGAL_STATUSES = ["PENDING", "VALID", "LAPSED", "INVALIDATED", "EXPIRED"] as const;
export const LISTING_MODES = ["ASSIGNMENT", "EXCLUSIVE", "SOLE", "NON_EXCLUSIVE", "OPEN_LICENCE"] as const;

export type PatentType = (typeof PATENT_TYPES)[number];
export type HolderKind = (typeof HOLDER_KINDS)[number];
export type LegalStatus = (typeof LEGAL_STATUSES)[number];
export type ListingMode = (typeof LISTING_MODES)[number];

/** One listed patent as the engines index it. Only LISTED patents are in the index. */
export type PatentSearchDoc = {
  id: string;
  title: string;
  abstract: string;
  /** Indexed with a lower weight than title and abstract. */
  claims: string;
  applicationNumber: string | null;
  publicationNumber: string | null;
  type: PatentType | null;
  /** Normalized IPC codes, e.g. "A23L31/00" (main code first). */
  ipc: string[];
  /** Hierarchy derived from `ipc`, deduplicated: "A", "A23", "A23L", "A23L31". */
  ipcSection: string[];
  ipcClass: string[];
  ipcSubclass: string[];
  ipcGroup: string[];
  holderId: string;
  holderName: string;
  holderKind: HolderKind;
  clusters: string[];
  legalStatus: LegalStatus;
  listingMode: ListingMode | null;
  /** Upfront asking price in fen (integer); null when only a royalty is asked. */
  priceFen: number | null;
  /** Whole and fractional years left until expiry, at indexing time; null when unknown. */
  remainingLifeYears: number | null;
  highValue: boolean;
  /** Epoch milliseconds when it was (last) listed; for "newest" sorting. */
  listedAt: number;
};

/**
 * Facet counts are disjunctive: a facet the query filters on is counted as if its own filter
 * were absent (the other filters still apply), so the values one could add to an OR stay
 * visible with their counts. Other facets are counted over the documents that match.
 */
export const FACETS = [
  "type",
  "ipcSection",
  "ipcClass",
  "holderKind",
  "clusters",
  "listingMode",
  "legalStatus",
  "highValue",
] as const;
export type Facet = (typeof FACETS)[number];

/** The filter each facet narrows (for disjunctive counts). */
export const FACET_FILTER: Record<Facet, keyof PatentFilters> = {
  type: "type",
  ipcSection: "ipcSection",
  ipcClass: "ipcClass",
  holderKind: "holderKind",
  clusters: "clusters",
  listingMode: "listingMode",
  legalStatus: "legalStatus",
  highValue: "highValue",
};

/** The filters without the one `facet` narrows, or null when the query does not filter on it. */
export function filtersWithout(filters: PatentFilters | undefined, facet: Facet): PatentFilters | null {
  const key = FACET_FILTER[facet];
  const value = filters?.[key];
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return null;
  const rest = { ...filters };
  delete rest[key];
  return rest;
}

export const SORTS = ["relevance", "newest", "price-asc", "price-desc", "remaining-life-desc"] as const;
export type Sort = (typeof SORTS)[number];

/** Values come from user input: adapters must treat every one as data, never as syntax. */
export type PatentFilters = {
  type?: PatentType[];
  ipcSection?: string[];
  ipcClass?: string[];
  /** Prefix match on any normalized IPC code, e.g. "A23L" or "A23L31/00". */
  ipcPrefix?: string;
  holderKind?: HolderKind[];
  holderId?: string;
  clusters?: string[];
  listingMode?: ListingMode[];
  legalStatus?: LegalStatus[];
  /** Inclusive bounds in fen; a patent without an upfront price never matches a price bound. */
  priceMinFen?: number;
  priceMaxFen?: number;
  /** Inclusive bounds in years. */
  remainingLifeMin?: number;
  remainingLifeMax?: number;
  highValue?: boolean;
  /** Restrict to these ids (used by matching to re-rank candidates). */
  ids?: string[];
};

export type SearchQuery = {
  /** Free text, Chinese or English; empty means "all documents matching the filters". */
  q: string;
  filters?: PatentFilters;
  /** Facet counts to return, computed over the documents matching q and filters. */
  facets?: Facet[];
  sort?: Sort;
  /** 1-based. */
  page?: number;
  /** 1–100; default 20. */
  pageSize?: number;
  /**
   * Leave out hits whose `relevance` is below this (0–1; API v1 `minScore`). Without it,
   * hits below the engine's calibrated floor are kept after the others, flagged `lowRelevance`.
   */
  minRelevance?: number;
};

/** Text split into plain and matched parts: render each part as text, never as HTML. */
export type Segment = { text: string; match: boolean };

export type SearchHit = {
  id: string;
  /** Relevance score (engine-specific scale, larger is better); 0 when q is empty. */
  score: number;
  title: Segment[];
  /** A short stretch of the abstract around the matches (≈ 120 characters). */
  snippet: Segment[];
  /** Query terms that matched this document (after segmentation and synonyms). */
  matchedTerms: string[];
  /**
   * Absolute relevance in [0, 1], comparable across queries (not relative to the best hit):
   * how much of what was asked this document answers. Absent while q is empty.
   */
  relevance?: number;
  /** Below the engine's calibrated relevance floor: shown after the others as 相关度较低, never pushed. */
  lowRelevance?: boolean;
};

export type SearchResult = {
  hits: SearchHit[];
  total: number;
  page: number;
  pageSize: number;
  /** facet → value → count, for the facets asked for. */
  facets: Partial<Record<Facet, Record<string, number>>>;
  tookMs: number;
  /** Set when q held nothing to search for (only stop words, markup or punctuation): no hits, and this hint in Chinese. */
  suggestion?: string | null;
};

export interface SearchEngine {
  readonly name: "embedded" | "meilisearch";
  /** Creates the index and applies settings if needed. Idempotent. */
  init(): Promise<void>;
  /** Adds or replaces documents by id. Idempotent: indexing the same document twice is a no-op. */
  index(docs: PatentSearchDoc[]): Promise<void>;
  /** Removes documents by id; unknown ids are ignored. */
  remove(ids: string[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /**
   * Zero-downtime rebuild: builds a new index from `batches`, then swaps it in; searches
   * keep answering from the old index until the swap.
   */
  rebuild(batches: AsyncIterable<PatentSearchDoc[]>): Promise<{ count: number }>;
  count(): Promise<number>;
  close(): Promise<void>;
}
