/**
 * The embedded engine: MiniSearch + jieba in this process. The default engine (no
 * Meilisearch to run) and the one tests use. State is one immutable-by-reference
 * `IndexState` (MiniSearch index + document map); `rebuild` builds a second one and swaps
 * the reference, so a search always reads one consistent state.
 */
import MiniSearch from "minisearch";
import { compileFilters, countFacets, facetValuesOf, normalizeIpc, type FilterableDoc } from "./embedded-filters";
import {
  blendScores,
  coverageFactor,
  createQueryScorer,
  mergeRanking,
  verbatimChunks,
  verbatimScore,
  weightedTerms,
  type RankingOptions,
} from "./embedded-ranking";
import { findMatchRanges, snippetSegments, toSegments } from "./highlight";
import { PhraseStats } from "./phrase-stats";
import type { PatentSearchDoc, SearchEngine, SearchHit, SearchQuery, SearchResult, Sort } from "./port";
import { assertNumericBounds, readPaging, readSort, readText } from "./query-options";
import { analyzeQuery, indexTokens, ipcTokens, normalizeText, type AnalyzedQuery } from "./segmenter";

export type EmbeddedEngineOptions = {
  /** Ranking knobs; defaults are `DEFAULT_RANKING`. For benchmarks and experiments. */
  ranking?: Partial<RankingOptions>;
};

const SEARCHABLE_FIELDS = ["title", "abstract", "claims", "holderName", "clusters", "ipc"] as const;
type SearchableField = (typeof SEARCHABLE_FIELDS)[number];

/** One indexed document with everything a query needs precomputed. */
type Entry = FilterableDoc & {
  /** Normalized title/abstract/claims (same length as the originals) for phrases and highlights. */
  title: string;
  abstract: string;
  claims: string;
};

type IndexState = {
  mini: MiniSearch<PatentSearchDoc>;
  entries: Map<string, Entry>;
  phrases: PhraseStats;
};

/** A document matching a query, before paging. */
type Match = {
  entry: Entry;
  score: number;
  /** Query terms (after synonyms) that matched. */
  queryTerms: string[];
  /** Index terms that matched (differ from query terms for prefix/fuzzy matches). */
  docTerms: string[];
  /** 1 for documents rescored by the second stage: they rank above all others. */
  tier: 0 | 1;
};

// ---------------------------------------------------------------------------------------
// Index construction

/** MiniSearch's `extractField`: also asked for the id field. */
function fieldText(doc: PatentSearchDoc, field: string): string {
  if (field === "id") return doc.id;
  switch (field as SearchableField) {
    case "clusters":
      return doc.clusters.join(" ");
    case "ipc":
      return doc.ipc.join(" ");
    case "title":
    case "abstract":
    case "claims":
    case "holderName":
      return doc[field as "title" | "abstract" | "claims" | "holderName"] ?? "";
    default:
      return "";
  }
}

function createMiniSearch(): MiniSearch<PatentSearchDoc> {
  return new MiniSearch<PatentSearchDoc>({
    idField: "id",
    fields: [...SEARCHABLE_FIELDS],
    extractField: fieldText,
    // The IPC field is indexed with its hierarchy so "A23L" finds "A23L31/00".
    tokenize: (text, field) => (field === "ipc" ? ipcTokens(text) : indexTokens(text)),
    // Tokens come out of the segmenter already normalized.
    processTerm: (term) => term,
  });
}

function toEntry(doc: PatentSearchDoc): Entry {
  return {
    doc,
    facets: facetValuesOf(doc),
    ipcCodes: doc.ipc.map(normalizeIpc),
    title: normalizeText(doc.title),
    abstract: normalizeText(doc.abstract),
    claims: normalizeText(doc.claims),
  };
}

function emptyState(): IndexState {
  return { mini: createMiniSearch(), entries: new Map(), phrases: new PhraseStats() };
}

/** The texts whose phrases are counted (as the second stage reads them). */
function phraseTexts(entry: Entry): string[] {
  return [entry.title, entry.abstract, entry.claims];
}

function upsertInto(state: IndexState, docs: readonly PatentSearchDoc[]): void {
  for (const doc of docs) {
    const previous = state.entries.get(doc.id);
    if (previous) {
      state.mini.discard(doc.id);
      state.phrases.remove(phraseTexts(previous));
    }
    const entry = toEntry(doc);
    state.mini.add(doc);
    state.entries.set(doc.id, entry);
    state.phrases.add(phraseTexts(entry));
  }
}

function removeFrom(state: IndexState, ids: readonly string[]): void {
  for (const id of ids) {
    const entry = state.entries.get(id);
    if (!entry) continue;
    state.mini.discard(id);
    state.entries.delete(id);
    state.phrases.remove(phraseTexts(entry));
  }
}

/** Last write wins per id within a batch: the outbox may deliver the same patent twice. */
function lastPerId(docs: readonly PatentSearchDoc[]): PatentSearchDoc[] {
  const byId = new Map<string, PatentSearchDoc>();
  for (const doc of docs) byId.set(doc.id, doc);
  return byId.size === docs.length ? [...docs] : [...byId.values()];
}

// ---------------------------------------------------------------------------------------
// Querying

const ASCII_TERM = /^[a-z][a-z0-9-]*$/;

/** Prefix matching only for Latin words long enough to be a stem ("graph" → "graphene"). */
function wantsPrefix(term: string): boolean {
  return term.length >= 4 && ASCII_TERM.test(term);
}

/** One typo allowed in Latin words of five letters or more; Chinese words are never fuzzy. */
function fuzziness(term: string): number | false {
  return term.length >= 5 && ASCII_TERM.test(term) ? 1 : false;
}

function textMatches(state: IndexState, query: AnalyzedQuery, ranking: RankingOptions, keep: ((entry: Entry) => boolean) | undefined): Match[] {
  const weights = weightedTerms(query, ranking);
  if (weights.size === 0) return [];
  const results = state.mini.search([...weights.keys()].join(" "), {
    // The query is pre-analysed: split back into its terms, no further processing.
    tokenize: (text) => text.split(" "),
    processTerm: (term) => term,
    boostTerm: (term) => weights.get(term) ?? 1,
    boost: ranking.fieldBoosts,
    bm25: ranking.bm25,
    prefix: wantsPrefix,
    fuzzy: fuzziness,
    combineWith: "OR",
  });

  // First stage: BM25 × coverage, for every document matching a term.
  const scorer = createQueryScorer(query, ranking);
  const matches: Match[] = [];
  for (const result of results) {
    const entry = state.entries.get(result.id as string);
    if (!entry || (keep && !keep(entry))) continue;
    const credits = scorer.chunkCredits(scorer.conceptMatches(result.queryTerms));
    // MiniSearch multiplies its BM25 sum by the number of matched terms; undo that, our
    // coverage replaces it (synonyms and sub-words would inflate that count).
    const bm25 = result.score / Math.max(1, result.queryTerms.length);
    const score = bm25 * coverageFactor(credits, ranking.coverageExponent);
    matches.push({ entry, score, tier: 0, queryTerms: result.queryTerms, docTerms: result.terms });
  }

  // Second stage on the best candidates: verbatim occurrences of the chunks. Rescored
  // documents form a tier above the rest, so paging is stable whatever the new scores.
  const chunks = verbatimChunks(query, state.phrases, ranking);
  for (const match of topK(matches, ranking.rescoreWindow, byScore)) {
    match.score = blendScores(match.score, verbatimScore(chunks, match.entry, ranking), ranking);
    match.tier = 1;
  }
  return matches;
}

function allMatches(state: IndexState, keep: ((entry: Entry) => boolean) | undefined): Match[] {
  const matches: Match[] = [];
  for (const entry of state.entries.values()) {
    if (!keep || keep(entry)) matches.push({ entry, score: 0, queryTerms: [], docTerms: [], tier: 0 });
  }
  return matches;
}

// ---------------------------------------------------------------------------------------
// Ordering

type Compare = (a: Match, b: Match) => number;

const byId: Compare = (a, b) => (a.entry.doc.id < b.entry.doc.id ? -1 : a.entry.doc.id > b.entry.doc.id ? 1 : 0);
const byScore: Compare = (a, b) => b.tier - a.tier || b.score - a.score || byId(a, b);

/** Missing values sort last whatever the direction. */
function byNullable(read: (doc: PatentSearchDoc) => number | null, direction: 1 | -1): Compare {
  return (a, b) => {
    const x = read(a.entry.doc);
    const y = read(b.entry.doc);
    if (x === y) return byScore(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return direction * (x - y) || byScore(a, b);
  };
}

const COMPARATORS: Record<Sort, Compare> = {
  relevance: byScore,
  newest: (a, b) => b.entry.doc.listedAt - a.entry.doc.listedAt || byScore(a, b),
  "price-asc": byNullable((doc) => doc.priceFen, 1),
  "price-desc": byNullable((doc) => doc.priceFen, -1),
  "remaining-life-desc": byNullable((doc) => doc.remainingLifeYears, -1),
};

/**
 * The first `k` items in `compare` order without sorting everything: a page needs 20 of
 * possibly 100,000 matches. Insertion into a short sorted buffer; O(n·log k) comparisons.
 */
function topK<T>(items: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  if (items.length <= k) return [...items].sort(compare);
  const best: T[] = [];
  for (const item of items) {
    if (best.length === k && compare(item, best[k - 1]) >= 0) continue;
    let low = 0;
    let high = best.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compare(item, best[mid]) < 0) high = mid;
      else low = mid + 1;
    }
    best.splice(low, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}

// ---------------------------------------------------------------------------------------
// Hits

function toHit(match: Match): SearchHit {
  const { entry } = match;
  // Highlight what matched in the document: the query terms, and the index terms they
  // reached by prefix or typo tolerance.
  const terms = new Set([...match.queryTerms, ...match.docTerms]);
  const titleRanges = findMatchRanges(entry.title, terms);
  const abstractRanges = findMatchRanges(entry.abstract, terms);
  return {
    id: entry.doc.id,
    score: match.score,
    title: toSegments(entry.doc.title, titleRanges),
    snippet: snippetSegments(entry.doc.abstract, abstractRanges),
    matchedTerms: match.queryTerms,
  };
}

// ---------------------------------------------------------------------------------------
// The engine

type Write = { kind: "index"; docs: PatentSearchDoc[] } | { kind: "remove"; ids: string[] };

export function createEmbeddedEngine(options: EmbeddedEngineOptions = {}): SearchEngine {
  const ranking = mergeRanking(options.ranking);
  let state = emptyState();
  /**
   * Writes made while a rebuild runs, replayed onto the new index before the swap: the
   * outbox worker keeps syncing during a reindex and none of its writes may be lost.
   */
  let pendingWrites: Write[] | undefined;

  const search = async (query: SearchQuery): Promise<SearchResult> => {
    const started = performance.now();
    const snapshot = state;
    const filters = query.filters ?? {};
    assertNumericBounds(filters);
    const sort = readSort(query.sort);
    const paging = readPaging(query);
    const keep = compileFilters(filters);
    const text = readText(query.q);
    const matches = text ? textMatches(snapshot, analyzeQuery(text), ranking, keep) : allMatches(snapshot, keep);
    const facets = query.facets?.length ? countFacets(matchEntries(matches), query.facets) : {};
    const page = topK(matches, paging.offset + paging.pageSize, COMPARATORS[sort]).slice(paging.offset);
    return {
      hits: page.map(toHit),
      total: matches.length,
      page: paging.page,
      pageSize: paging.pageSize,
      facets,
      tookMs: performance.now() - started,
    };
  };

  return {
    name: "embedded",
    async init() {},
    async index(docs) {
      const latest = lastPerId(docs);
      upsertInto(state, latest);
      pendingWrites?.push({ kind: "index", docs: latest });
    },
    async remove(ids) {
      removeFrom(state, ids);
      pendingWrites?.push({ kind: "remove", ids: [...ids] });
    },
    search,
    async rebuild(batches) {
      const next = emptyState();
      const writes: Write[] = [];
      pendingWrites = writes;
      try {
        for await (const batch of batches) {
          upsertInto(next, lastPerId(batch));
          // Let searches (and writes) in between batches: they keep using the old state.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        for (const write of writes) {
          if (write.kind === "index") upsertInto(next, write.docs);
          else removeFrom(next, write.ids);
        }
        state = next;
      } finally {
        if (pendingWrites === writes) pendingWrites = undefined;
      }
      return { count: next.entries.size };
    },
    async count() {
      return state.entries.size;
    },
    async close() {
      state = emptyState();
    },
  };
}

function* matchEntries(matches: readonly Match[]): Iterable<Entry> {
  for (const match of matches) yield match.entry;
}
