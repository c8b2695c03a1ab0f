/**
 * The embedded engine: everything in this process — jieba segmentation, a compact inverted
 * index with MiniSearch's BM25+ scoring (`postings.ts`), documents as columns for filters,
 * facets and sorts (`document-table.ts`), two-stage ranking (`embedded-ranking.ts`). The
 * default engine (no Meilisearch to run) and the one tests use.
 *
 * State is one `IndexState`, replaced as a whole by `rebuild`: a search reads the state
 * it started with, so it never sees half of a rebuild.
 */
import { DocumentTable, type FacetCounts } from "./document-table";
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
import { filtersWithout, type Facet, type PatentSearchDoc, type SearchEngine, type SearchHit, type SearchQuery, type SearchResult, type Sort } from "./port";
import { PostingIndex } from "./postings";
import { assertFilterShapes, readPaging, readSort, readText } from "./query-options";
import { analyzeQuery, indexTokens, ipcTokens, normalizeText, type AnalyzedQuery } from "./segmenter";

export type EmbeddedEngineOptions = {
  /** Ranking knobs; defaults are `DEFAULT_RANKING`. For benchmarks and experiments. */
  ranking?: Partial<RankingOptions>;
};

const SEARCHABLE_FIELDS = ["title", "abstract", "claims", "holderName", "clusters", "ipc"] as const;

type IndexState = {
  postings: PostingIndex;
  table: DocumentTable;
  /** Document id → internal number (shared by the posting index and the table). */
  numbers: Map<string, number>;
  phrases: PhraseStats;
  /** Facet counts over all documents, kept until the next write (the browse page asks often). */
  allFacets: Map<string, FacetCounts>;
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

type NormalizedTexts = { title: string; abstract: string; claims: string };

/**
 * The normalized texts of a document (same lengths as the originals, see
 * `normalizeText`). Not kept in memory — that would double the text held — but computed
 * for the few documents a query reads verbatim.
 */
function normalizedTexts(doc: PatentSearchDoc): NormalizedTexts {
  return { title: normalizeText(doc.title), abstract: normalizeText(doc.abstract), claims: normalizeText(doc.claims) };
}

function phraseTexts(doc: PatentSearchDoc): string[] {
  const { title, abstract, claims } = normalizedTexts(doc);
  return [title, abstract, claims];
}

function emptyState(): IndexState {
  return {
    postings: new PostingIndex(SEARCHABLE_FIELDS.length),
    table: new DocumentTable(),
    numbers: new Map(),
    phrases: new PhraseStats(),
    allFacets: new Map(),
  };
}

function upsertInto(state: IndexState, docs: readonly PatentSearchDoc[]): void {
  for (const doc of docs) {
    removeFrom(state, [doc.id]);
    const number = state.postings.add(fieldTokens(doc));
    state.table.set(number, doc);
    state.numbers.set(doc.id, number);
    state.phrases.add(phraseTexts(doc));
  }
  state.allFacets.clear();
}

function removeFrom(state: IndexState, ids: readonly string[]): void {
  for (const id of ids) {
    const number = state.numbers.get(id);
    if (number === undefined) continue;
    state.phrases.remove(phraseTexts(state.table.get(number) as PatentSearchDoc));
    state.postings.remove(number);
    state.table.delete(number);
    state.numbers.delete(id);
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
  count: number;
  /** Internal document numbers. */
  docs: Int32Array;
  scores: Float64Array;
  /** 1 for documents rescored by the second stage: they rank above all others. */
  tiers: Uint8Array;
  text?: {
    query: AnalyzedQuery;
    /** The query's lookup terms, but for the characters looked up for recall only. */
    queryTerms: Set<string>;
    /** Those characters. */
    recallCharacters: Set<string>;
    /** Every index term looked at (also prefix and typo matches). */
    indexTerms: string[];
  };
};

function textCandidates(state: IndexState, query: AnalyzedQuery, ranking: RankingOptions, keep: ((doc: number) => boolean) | undefined): Candidates {
  const lookups = lookupTerms(query, ranking, state.postings);
  const scored = state.postings.search(lookups, query.concepts.length, {
    fieldBoosts: SEARCHABLE_FIELDS.map((field) => ranking.fieldBoosts[field]),
    bm25: ranking.bm25,
  });
  const coverage = createCoverage(query, ranking);
  const size = scored.docs.length;
  const docs = new Int32Array(size);
  const scores = new Float64Array(size);

  // First stage: BM25 × coverage for every document found.
  let count = 0;
  for (let i = 0; i < size; i++) {
    const doc = scored.docs[i];
    if (keep !== undefined && !keep(doc)) continue;
    docs[count] = doc;
    scores[count++] = scored.scores[i] * coverage(scored.credits, i * scored.groups);
  }
  const candidates: Candidates = { count, docs, scores, tiers: new Uint8Array(count), text: { ...reportableTerms(query, lookups), query, indexTerms: scored.indexTerms } };

  // Second stage on the best candidates: verbatim occurrences of the query's chunks.
  // Rescored documents form a tier above the rest, so paging is stable.
  const chunks = verbatimChunks(query, state.phrases, ranking);
  for (const i of topK(count, ranking.rescoreWindow, byScore(state.table, candidates))) {
    const texts = normalizedTexts(state.table.get(docs[i]) as PatentSearchDoc);
    scores[i] = blendScores(scores[i], verbatimScore(chunks, texts, ranking), ranking);
    candidates.tiers[i] = 1;
  }
  return candidates;
}

/** Splits the lookup terms into those a hit reports and the characters looked up for recall only. */
function reportableTerms(query: AnalyzedQuery, lookups: readonly { term: string }[]): { queryTerms: Set<string>; recallCharacters: Set<string> } {
  const characters = new Set<string>();
  const words = new Set<string>();
  for (const concept of query.concepts) for (const { term, origin } of concept.terms) (origin === "char" ? characters : words).add(term);
  const recallCharacters = new Set([...characters].filter((term) => !words.has(term)));
  return { queryTerms: new Set(lookups.map(({ term }) => term).filter((term) => !recallCharacters.has(term))), recallCharacters };
}

function allCandidates(state: IndexState, keep: ((doc: number) => boolean) | undefined): Candidates {
  const all = state.table.numbers();
  let docs = all;
  if (keep) {
    docs = new Int32Array(all.length);
    let count = 0;
    for (const doc of all) if (keep(doc)) docs[count++] = doc;
    docs = docs.subarray(0, count);
  }
  return { count: docs.length, docs, scores: new Float64Array(docs.length), tiers: new Uint8Array(docs.length) };
}

// ---------------------------------------------------------------------------------------
// Ordering: comparators over candidate positions

type Compare = (a: number, b: number) => number;

function byScore(table: DocumentTable, { docs, scores, tiers }: Candidates): Compare {
  return (a, b) => tiers[b] - tiers[a] || scores[b] - scores[a] || table.compareIds(docs[a], docs[b]);
}

/** Missing values (NaN) sort last whatever the direction; ties by score, then id. */
function byNullable(table: DocumentTable, candidates: Candidates, read: (doc: number) => number, direction: 1 | -1): Compare {
  const tieBreak = byScore(table, candidates);
  const { docs } = candidates;
  return (a, b) => {
    const x = read(docs[a]);
    const y = read(docs[b]);
    const xMissing = Number.isNaN(x);
    const yMissing = Number.isNaN(y);
    if (xMissing || yMissing) return xMissing === yMissing ? tieBreak(a, b) : xMissing ? 1 : -1;
    return direction * (x - y) || tieBreak(a, b);
  };
}

function comparator(sort: Sort, table: DocumentTable, candidates: Candidates): Compare {
  switch (sort) {
    case "relevance":
      return byScore(table, candidates);
    case "newest": {
      const tieBreak = byScore(table, candidates);
      const { docs } = candidates;
      return (a, b) => table.listedAtOf(docs[b]) - table.listedAtOf(docs[a]) || tieBreak(a, b);
    }
    case "price-asc":
      return byNullable(table, candidates, (doc) => table.priceOf(doc), 1);
    case "price-desc":
      return byNullable(table, candidates, (doc) => table.priceOf(doc), -1);
    case "remaining-life-desc":
      return byNullable(table, candidates, (doc) => table.remainingLifeOf(doc), -1);
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
  const number = candidates.docs[position];
  const doc = state.table.get(number) as PatentSearchDoc;
  const texts = normalizedTexts(doc);
  const { terms, highlight } = matchedTermsOf(state, candidates, number, texts);
  return {
    id: doc.id,
    score: candidates.scores[position],
    title: toSegments(doc.title, findMatchRanges(texts.title, highlight)),
    snippet: snippetSegments(doc.abstract, findMatchRanges(texts.abstract, highlight)),
    matchedTerms: terms,
  };
}

/**
 * The query terms a document matched (words, synonyms, parts, containing words; and a
 * query word found verbatim even where the text was segmented differently), and the
 * strings to highlight (those, plus prefix and typo matches). Single characters looked up
 * for a two-character word are neither reported nor highlighted: they are recall aids.
 */
function matchedTermsOf(state: IndexState, candidates: Candidates, number: number, texts: NormalizedTexts): { terms: string[]; highlight: string[] } {
  if (!candidates.text) return { terms: [], highlight: [] };
  const { query, queryTerms, recallCharacters, indexTerms } = candidates.text;
  const found = state.postings.termsOf(number, indexTerms).filter((term) => !recallCharacters.has(term));
  const terms = new Set(found.filter((term) => queryTerms.has(term)));
  for (const { word } of query.concepts) {
    if (!terms.has(word) && (texts.title.includes(word) || texts.abstract.includes(word) || texts.claims.includes(word))) terms.add(word);
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

  const facetsOf = (snapshot: IndexState, candidates: Candidates, facets: readonly Facet[], unfiltered: boolean): FacetCounts => {
    const count = () => snapshot.table.countFacets(candidates.docs, candidates.count, facets);
    if (!unfiltered) return count();
    // Browsing everything is the most common and the most expensive count: keep it.
    const key = facets.join(",");
    let counts = snapshot.allFacets.get(key);
    if (!counts) snapshot.allFacets.set(key, (counts = count()));
    return counts;
  };

  const search = async (query: SearchQuery): Promise<SearchResult> => {
    const started = performance.now();
    const snapshot = state;
    const filters = query.filters ?? {};
    assertFilterShapes(filters);
    const sort = readSort(query.sort);
    const paging = readPaging(query);
    const keep = snapshot.table.compileFilter(filters);
    const text = readText(query.q);
    const candidates = text ? textCandidates(snapshot, analyzeQuery(text), ranking, keep) : allCandidates(snapshot, keep);
    const facets = query.facets?.length ? facetsOf(snapshot, candidates, query.facets, !text && !keep) : {};
    // Disjunctive counts (see port.ts): a facet filtered on is counted without its own filter.
    for (const facet of new Set(query.facets ?? [])) {
      const rest = filtersWithout(filters, facet);
      if (!rest) continue;
      const keepRest = snapshot.table.compileFilter(rest);
      const others = text ? textCandidates(snapshot, analyzeQuery(text), ranking, keepRest) : allCandidates(snapshot, keepRest);
      facets[facet] = facetsOf(snapshot, others, [facet], !text && !keepRest)[facet];
    }
    const positions = topK(candidates.count, paging.offset + paging.pageSize, comparator(sort, snapshot.table, candidates)).slice(paging.offset);
    return {
      hits: positions.map((position) => toHit(snapshot, candidates, position)),
      total: candidates.count,
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
      return { count: next.table.size };
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
      return state.table.size;
    },
    async close() {
      state = emptyState();
    },
  };
}
