/**
 * The embedded engine: everything in this process — jieba segmentation, a compact inverted
 * index with MiniSearch's BM25+ scoring (`postings.ts`), filters and facets over
 * precomputed values, two-stage ranking (`embedded-ranking.ts`). The default engine (no
 * Meilisearch to run) and the one tests use.
 *
 * State is one `IndexState`, replaced as a whole by `rebuild`: a search reads the state
 * it started with, so it never sees half of a rebuild.
 */
import { compileFilters, countFacets, facetValuesOf, normalizeIpc, type FilterableDoc } from "./embedded-filters";
import {
  blendScores,
  createCoverage,
  lookupTerms,
  mergeRanking,
  verbatimChunks,
  verbatimScore,
  type RankingOptions,
} from "./embedded-ranking";
import { findMatchRanges, snippetSegments, toSegments } from "./highlight";
import { PhraseStats } from "./phrase-stats";
import type { Facet, PatentSearchDoc, SearchEngine, SearchHit, SearchQuery, SearchResult, Sort } from "./port";
import { PostingIndex } from "./postings";
import { assertNumericBounds, readPaging, readSort, readText } from "./query-options";
import { analyzeQuery, indexTokens, ipcTokens, normalizeText, type AnalyzedQuery } from "./segmenter";

export type EmbeddedEngineOptions = {
  /** Ranking knobs; defaults are `DEFAULT_RANKING`. For benchmarks and experiments. */
  ranking?: Partial<RankingOptions>;
};

const SEARCHABLE_FIELDS = ["title", "abstract", "claims", "holderName", "clusters", "ipc"] as const;

/** One indexed document with everything a query needs precomputed. */
type Entry = FilterableDoc & {
  /** Internal number in the posting index. */
  number: number;
  /** Normalized title/abstract/claims (same length as the originals). */
  title: string;
  abstract: string;
  claims: string;
};

type IndexState = {
  postings: PostingIndex;
  entries: Map<string, Entry>;
  /** Entries by internal number (removed ones are undefined). */
  byNumber: (Entry | undefined)[];
  phrases: PhraseStats;
  /** Facet counts over all documents, kept until the next write (the browse page asks often). */
  allFacets: Map<string, Partial<Record<Facet, Record<string, number>>>>;
};

// ---------------------------------------------------------------------------------------
// Index construction

function fieldTokens(doc: PatentSearchDoc): string[][] {
  return [
    indexTokens(doc.title),
    indexTokens(doc.abstract),
    indexTokens(doc.claims),
    indexTokens(doc.holderName),
    indexTokens(doc.clusters.join(" ")),
    // IPC codes with their hierarchy, so "A23L" finds "A23L31/00".
    doc.ipc.flatMap(ipcTokens),
  ];
}

function phraseTexts(entry: Entry): string[] {
  return [entry.title, entry.abstract, entry.claims];
}

function emptyState(): IndexState {
  return { postings: new PostingIndex(SEARCHABLE_FIELDS.length), entries: new Map(), byNumber: [], phrases: new PhraseStats(), allFacets: new Map() };
}

function upsertInto(state: IndexState, docs: readonly PatentSearchDoc[]): void {
  for (const doc of docs) {
    removeFrom(state, [doc.id]);
    const number = state.postings.add(doc.id, fieldTokens(doc));
    const entry: Entry = {
      doc,
      number,
      facets: facetValuesOf(doc),
      ipcCodes: doc.ipc.map(normalizeIpc),
      title: normalizeText(doc.title),
      abstract: normalizeText(doc.abstract),
      claims: normalizeText(doc.claims),
    };
    state.entries.set(doc.id, entry);
    state.byNumber[number] = entry;
    state.phrases.add(phraseTexts(entry));
  }
  state.allFacets.clear();
}

function removeFrom(state: IndexState, ids: readonly string[]): void {
  for (const id of ids) {
    const entry = state.entries.get(id);
    if (!entry) continue;
    state.postings.remove(id);
    state.entries.delete(id);
    state.byNumber[entry.number] = undefined;
    state.phrases.remove(phraseTexts(entry));
  }
  state.allFacets.clear();
}

/** Lets queued searches and writes run between slices of a long rebuild. */
function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Documents indexed between two pauses of a rebuild (~50 ms of work). */
const REBUILD_SLICE = 500;

// ---------------------------------------------------------------------------------------
// Matching and scoring

/** The documents matching a query, as parallel arrays (no object per document). */
type Candidates = {
  entries: Entry[];
  scores: number[];
  /** 1 for documents rescored by the second stage: they rank above all others. */
  tiers: number[];
  /** The analysed query; absent for an empty query. */
  query?: AnalyzedQuery;
  /** Index terms the query looked at (its terms, their prefix and fuzzy matches). */
  indexTerms: string[];
};

function textCandidates(state: IndexState, query: AnalyzedQuery, ranking: RankingOptions, keep: ((entry: Entry) => boolean) | undefined): Candidates {
  const scored = state.postings.search(lookupTerms(query, ranking), query.concepts.length, {
    fieldBoosts: SEARCHABLE_FIELDS.map((field) => ranking.fieldBoosts[field]),
    bm25: ranking.bm25,
  });
  const coverage = createCoverage(query, ranking);
  const candidates: Candidates = { entries: [], scores: [], tiers: [], query, indexTerms: scored.indexTerms };

  // First stage: BM25 × coverage for every document matching a term.
  for (let i = 0; i < scored.docs.length; i++) {
    const entry = state.byNumber[scored.docs[i]];
    if (!entry || (keep && !keep(entry))) continue;
    candidates.entries.push(entry);
    candidates.scores.push(scored.scores[i] * coverage(scored.credits, i * scored.groups));
    candidates.tiers.push(0);
  }

  // Second stage on the best candidates: verbatim occurrences of the query's chunks.
  // Rescored documents form a tier above the rest, so paging is stable.
  const chunks = verbatimChunks(query, state.phrases, ranking);
  for (const i of topK(candidates.entries.length, ranking.rescoreWindow, byScore(candidates))) {
    candidates.scores[i] = blendScores(candidates.scores[i], verbatimScore(chunks, candidates.entries[i], ranking), ranking);
    candidates.tiers[i] = 1;
  }
  return candidates;
}

function allCandidates(state: IndexState, keep: ((entry: Entry) => boolean) | undefined): Candidates {
  const candidates: Candidates = { entries: [], scores: [], tiers: [], indexTerms: [] };
  for (const entry of state.entries.values()) {
    if (keep && !keep(entry)) continue;
    candidates.entries.push(entry);
    candidates.scores.push(0);
    candidates.tiers.push(0);
  }
  return candidates;
}

// ---------------------------------------------------------------------------------------
// Ordering: comparators over candidate positions

type Compare = (a: number, b: number) => number;

function byScore({ entries, scores, tiers }: Candidates): Compare {
  return (a, b) => tiers[b] - tiers[a] || scores[b] - scores[a] || compareIds(entries[a].doc.id, entries[b].doc.id);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Missing values sort last whatever the direction; ties by score, then id. */
function byNullable(candidates: Candidates, read: (doc: PatentSearchDoc) => number | null, direction: 1 | -1): Compare {
  const tieBreak = byScore(candidates);
  const { entries } = candidates;
  return (a, b) => {
    const x = read(entries[a].doc);
    const y = read(entries[b].doc);
    if (x === y) return tieBreak(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return direction * (x - y) || tieBreak(a, b);
  };
}

function comparator(sort: Sort, candidates: Candidates): Compare {
  switch (sort) {
    case "relevance":
      return byScore(candidates);
    case "newest": {
      const tieBreak = byScore(candidates);
      const { entries } = candidates;
      return (a, b) => entries[b].doc.listedAt - entries[a].doc.listedAt || tieBreak(a, b);
    }
    case "price-asc":
      return byNullable(candidates, (doc) => doc.priceFen, 1);
    case "price-desc":
      return byNullable(candidates, (doc) => doc.priceFen, -1);
    case "remaining-life-desc":
      return byNullable(candidates, (doc) => doc.remainingLifeYears, -1);
  }
}

/**
 * Positions of the first `k` of `count` items in `compare` order, without sorting them
 * all: a page needs 20 of possibly 100,000 matches. A short sorted buffer with binary
 * insertion; most items are rejected by one comparison with its last element.
 */
function topK(count: number, k: number, compare: Compare): number[] {
  const best: number[] = [];
  if (k <= 0) return best;
  for (let item = 0; item < count; item++) {
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

function toHit(state: IndexState, candidates: Candidates, position: number): SearchHit {
  const entry = candidates.entries[position];
  const { terms, highlight } = matchedTermsOf(state, candidates, entry);
  const titleRanges = findMatchRanges(entry.title, highlight);
  const abstractRanges = findMatchRanges(entry.abstract, highlight);
  return {
    id: entry.doc.id,
    score: candidates.scores[position],
    title: toSegments(entry.doc.title, titleRanges),
    snippet: snippetSegments(entry.doc.abstract, abstractRanges),
    matchedTerms: terms,
  };
}

/**
 * The query terms a document matched (words, synonyms, parts, containing words; and a
 * query word found verbatim even where the text was segmented differently), and the
 * strings to highlight (those, plus prefix and typo matches). Single characters looked up
 * for a two-character word are neither reported nor highlighted: they are recall aids.
 */
function matchedTermsOf(state: IndexState, candidates: Candidates, entry: Entry): { terms: string[]; highlight: string[] } {
  const query = candidates.query;
  if (!query) return { terms: [], highlight: [] };
  const charTerms = new Set(query.concepts.flatMap((concept) => concept.terms.filter((t) => t.origin === "char").map((t) => t.term)));
  const queryTerms = new Set(query.concepts.flatMap((concept) => concept.terms.map((t) => t.term)));
  const found = state.postings.termsOf(entry.number, candidates.indexTerms).filter((term) => !charTerms.has(term));
  const terms = new Set(found.filter((term) => queryTerms.has(term)));
  for (const { word } of query.concepts) {
    if (!terms.has(word) && (entry.title.includes(word) || entry.abstract.includes(word) || entry.claims.includes(word))) terms.add(word);
  }
  return { terms: [...terms], highlight: [...new Set([...terms, ...found])] };
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
  let rebuilding: Promise<unknown> | undefined;

  const facetsOf = (snapshot: IndexState, candidates: Candidates, facets: readonly Facet[], unfiltered: boolean) => {
    if (!unfiltered) return countFacets(candidates.entries, facets);
    // Browsing everything is the most common and the most expensive count: keep it.
    const key = facets.join(",");
    let counts = snapshot.allFacets.get(key);
    if (!counts) snapshot.allFacets.set(key, (counts = countFacets(candidates.entries, facets)));
    return counts;
  };

  const search = async (query: SearchQuery): Promise<SearchResult> => {
    const started = performance.now();
    const snapshot = state;
    const filters = query.filters ?? {};
    assertNumericBounds(filters);
    const sort = readSort(query.sort);
    const paging = readPaging(query);
    const keep = compileFilters(filters);
    const text = readText(query.q);
    const candidates = text ? textCandidates(snapshot, analyzeQuery(text), ranking, keep) : allCandidates(snapshot, keep);
    const facets = query.facets?.length ? facetsOf(snapshot, candidates, query.facets, !text && !keep) : {};
    const positions = topK(candidates.entries.length, paging.offset + paging.pageSize, comparator(sort, candidates)).slice(paging.offset);
    return {
      hits: positions.map((position) => toHit(snapshot, candidates, position)),
      total: candidates.entries.length,
      page: paging.page,
      pageSize: paging.pageSize,
      facets,
      tookMs: performance.now() - started,
    };
  };

  const rebuild = async (batches: AsyncIterable<PatentSearchDoc[]>): Promise<{ count: number }> => {
    const writes: Write[] = [];
    pendingWrites = writes;
    try {
      const next = emptyState();
      for await (const batch of batches) {
        for (let i = 0; i < batch.length; i += REBUILD_SLICE) {
          upsertInto(next, batch.slice(i, i + REBUILD_SLICE));
          await pause();
        }
      }
      next.postings.trim();
      // Writes that arrived meanwhile, replayed in order and synchronously up to the
      // swap, so none is lost and none slips in between.
      for (const write of writes) {
        if (write.kind === "index") upsertInto(next, write.docs);
        else removeFrom(next, write.ids);
      }
      state = next;
      return { count: next.entries.size };
    } finally {
      if (pendingWrites === writes) pendingWrites = undefined;
    }
  };

  return {
    name: "embedded",
    async init() {},
    async index(docs) {
      upsertInto(state, docs);
      pendingWrites?.push({ kind: "index", docs: [...docs] });
    },
    async remove(ids) {
      removeFrom(state, ids);
      pendingWrites?.push({ kind: "remove", ids: [...ids] });
    },
    search,
    rebuild(batches) {
      // One rebuild at a time: a second one starts when the first is done.
      const run = (rebuilding ?? Promise.resolve()).catch(() => undefined).then(() => rebuild(batches));
      rebuilding = run;
      return run;
    },
    async count() {
      return state.entries.size;
    },
    async close() {
      state = emptyState();
    },
  };
}
