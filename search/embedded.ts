/**
 * The embedded engine: everything in this process — jieba segmentation, a compact inverted
 * index with MiniSearch's BM25+ scoring (`postings.ts`), documents as columns for filters,
 * facets and sorts (`document-table.ts`), two-stage ranking (`embedded-ranking.ts`). The
 * default engine (no Meilisearch to run) and the one tests use.
 *
 * State is one `IndexState`, replaced as a whole by `rebuild`: a search reads the state
 * it started with, so it never sees half of a rebuild.
 */
import { DocumentTable, type CompiledFilter, type FacetCounts, type ProfileHistogram, type StoredDoc } from "./document-table";
import {
  blendScores,
  coverageOfBits,
  conceptWeights,
  coveragePlan,
  type CoveragePlan,
  lookupTerms,
  mergeRanking,
  RELEVANCE_FLOOR,
  MINIMUM_SHOULD_MATCH_SHARE,
  minimumShouldMatch,
  relevanceOfBits,
  verbatimChunks,
  verbatimScore,
  type RankingOptions,
} from "./embedded-ranking";
import { findMatchRanges, snippetSegments, toSegments } from "./highlight";
import { PhraseStats } from "./phrase-stats";
import { type Facet, type PatentSearchDoc, type SearchEngine, type SearchHit, type SearchQuery, type SearchResult, type Sort } from "./port";
import { FOUND, PostingIndex, type Gate, type ScoredDocuments } from "./postings";
import { assertFilterShapes, JUNK_QUERY_SUGGESTION, readMinRelevance, readPaging, readSort, readText } from "./query-options";
import { isJunkQuery } from "./need-query";
import { analyzeQuery, indexTokens, ipcTokens, normalizeText, searchModeTokens, type AnalyzedQuery } from "./segmenter";
import { isPatentBoilerplate, isProseStopword, keepSingleCharacter } from "./stopwords";

export type EmbeddedEngineOptions = {
  /** Ranking knobs; defaults are `DEFAULT_RANKING`. For benchmarks and experiments. */
  ranking?: Partial<RankingOptions>;
  /**
   * Hits whose absolute relevance is below this are flagged `lowRelevance` and ranked after
   * the others; default `RELEVANCE_FLOOR` (0 turns the tier off, for calibrating it).
   */
  relevanceFloor?: number;
  /** The share of `minimumShouldMatch`; default `MINIMUM_SHOULD_MATCH_SHARE` (negative turns the rule off, for calibrating it). */
  minimumShouldMatch?: number;
};

/**
 * Subtracted from the relevance a candidate carries internally when it matches fewer
 * concepts than the minimum should match: below any floor and any minScore, and restored
 * (with `lowRelevance`) when the hit is reported.
 */
const INCOMPLETE = 2;

/** What a query that holds nothing to search for gets instead of every document (the same in both adapters). */
export const JUNK_SUGGESTION = JUNK_QUERY_SUGGESTION;

const SEARCHABLE_FIELDS = ["title", "abstract", "claims", "holderName", "clusters", "ipc"] as const;

type IndexState = {
  postings: PostingIndex;
  table: DocumentTable;
  /** Document id → internal number (shared by the posting index and the table). */
  numbers: Map<string, number>;
  phrases: PhraseStats;
  /** Facet counts over all documents, kept until the next write (the browse page asks often). */
  allFacets: Map<string, FacetCounts>;
  /** A score of 0 for every live document (see `allDocuments`). */
  zeros?: Float64Array;
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
function normalizedTexts(doc: StoredDoc): NormalizedTexts {
  return { title: normalizeText(doc.title), abstract: normalizeText(doc.abstract), claims: normalizeText(doc.claims) };
}

/**
 * Characters that normalization produces from other characters (ASCII from full-width
 * forms, lower case from upper case). A needle without any of them — Chinese text — occurs
 * in the normalized text exactly where it occurs in the original, so the second stage can
 * skip normalizing the documents it reads.
 */
const FOLDING_CAN_PRODUCE = /[\u0020-\u007E\u00C0-\u024F\u0370-\u04FF]/;

function rawTexts(doc: StoredDoc): NormalizedTexts {
  return { title: doc.title, abstract: doc.abstract, claims: doc.claims };
}

function phraseTexts(doc: StoredDoc): string[] {
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
    state.phrases.remove(phraseTexts(state.table.get(number) as StoredDoc));
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

/** Documents as parallel arrays (no object per document): the first `count` entries are used. */
type Candidates = {
  count: number;
  /** Internal document numbers. */
  docs: Int32Array;
  /**
   * Relevance, larger first. A document rescored by the second stage holds `lift` plus its
   * final score, so the rescored tier ranks above every other document.
   */
  scores: Float64Array;
  /** Above every first-stage score (0 until the second stage ran). */
  lift: number;
  /**
   * Absolute relevance (0–1) of each candidate, by position; with text only. Minus
   * `INCOMPLETE` for a candidate below the minimum should match.
   */
  relevance?: Float64Array;
  /**
   * Subtracted from the score of a candidate below the relevance floor, so that those rank
   * after all others (a tier); 0 when none was.
   */
  floorShift?: number;
  text?: TextContext;
};

type TextContext = {
  query: AnalyzedQuery;
  /** The query's lookup terms, but for the characters looked up for recall only. */
  queryTerms: Set<string>;
  /** Those characters. */
  recallCharacters: Set<string>;
  /** Every index term looked at (also prefix and typo matches). */
  indexTerms: string[];
  /** Whether no query word nor index term looked at has a character normalization produces (see `FOLDING_CAN_PRODUCE`). */
  plainNeedles: boolean;
};

/**
 * Arrays a search fills, reused by the next one (searches are synchronous from start to
 * finish): at 100,000 matches a query would otherwise allocate megabytes.
 */
class Scratch {
  docs = new Int32Array(0);
  scores = new Float64Array(0);
  relevance = new Float64Array(0);

  /** Room for `count` documents (the previous contents are not kept). */
  reserve(count: number): this {
    if (this.docs.length < count) {
      const capacity = Math.max(count, this.docs.length * 2);
      this.docs = new Int32Array(capacity);
      this.scores = new Float64Array(capacity);
      this.relevance = new Float64Array(capacity);
    }
    return this;
  }
}

/**
 * First stage: every document the text matches and the filter passes, scored BM25 ×
 * coverage, into `scratch`. The filter is decided as the scoring loop first meets each
 * match (see `FilterGate`), which also takes the matches' histogram: a common word matches
 * most of the catalog, a filter keeps a few percent of it, and only those are scored.
 */
function textCandidates(
  state: IndexState,
  query: AnalyzedQuery,
  ranking: RankingOptions,
  filter: CompiledFilter | undefined,
  histogram: ProfileHistogram,
  scratch: Scratch,
  minimumRelevance: number | undefined,
  msmShare: number,
): Candidates {
  const lookups = lookupTerms(query, ranking, state.postings);
  const options = { fieldBoosts: SEARCHABLE_FIELDS.map((field) => ranking.fieldBoosts[field]), bm25: ranking.bm25 };
  // With a minimum relevance, the histogram is taken of the documents kept (see `keepRelevant`).
  const filterGate = minimumRelevance === undefined ? new FilterGate(state.table.profileColumn, filter ?? state.table.openFilter(), histogram) : undefined;
  const scored = state.postings.search(lookups, query.concepts.length, options, filterGate ?? new PerDocumentGate(filter));
  filterGate?.finish();
  const weights = conceptWeights(query, state.phrases, isUninformative);
  const informative = weights.reduce((count, weight) => count + (weight > 0 ? 1 : 0), 0);
  const required = minimumShouldMatch(informative, msmShare);
  const candidates = withCoverage(scored, coveragePlan(query, ranking), weights, required, Math.fround(ranking.partialCredit), scratch);
  const plainNeedles = [...scored.indexTerms, ...query.concepts.map(({ word }) => word)].every((needle) => !FOLDING_CAN_PRODUCE.test(needle));
  candidates.text = { ...reportableTerms(query, lookups), query, indexTerms: scored.indexTerms, plainNeedles };
  return minimumRelevance === undefined ? candidates : keepRelevant(state.table, candidates, minimumRelevance, filter, histogram);
}

/**
 * The filter, asked once per match (see `Gate`): counts the match in the histogram unless
 * it fails a per-document condition (then it counts nowhere), and admits it when it fails
 * nothing.
 */
class FilterGate implements Gate {
  private touchedCount: number;

  constructor(
    private readonly profiles: Int32Array,
    private readonly filter: CompiledFilter,
    private readonly histogram: ProfileHistogram,
  ) {
    this.touchedCount = histogram.touchedCount;
  }

  admit(doc: number): boolean {
    if (this.filter.failsPerDocument(doc)) return false;
    const profile = this.profiles[doc];
    if (this.histogram.counts[profile]++ === 0) this.histogram.touched[this.touchedCount++] = profile;
    return this.filter.profileMask(profile) === 0;
  }

  finish(): void {
    this.histogram.touchedCount = this.touchedCount;
  }
}

/**
 * Query words that carry no information for the absolute relevance: corpus-derived patent
 * boilerplate and prose stop words, and single characters the corpus does not make
 * meaningful on their own (stopwords.ts).
 */
function isUninformative(word: string): boolean {
  return isPatentBoilerplate(word) || isProseStopword(word) || ([...word].length === 1 && !keepSingleCharacter(word));
}

/** Up to this many credit bits, the per-query tables are indexed by the bits themselves (2^12 entries). */
const DENSE_MASK_BITS = 12;

/**
 * Slots for the distinct credit masks of one query (open addressing on an Int32Array): a
 * query with more credit bits than `DENSE_MASK_BITS` meets few distinct masks among its
 * 2^n, so its tables hold one entry per mask met instead of 2^n.
 */
export class MaskSlots {
  private keys = new Int32Array(1024).fill(-1);
  private used = 0;
  /** Slots moved by the last growth: `moves[old slot]` is the new one. */
  moves: Int32Array | undefined;

  get capacity(): number {
    return this.keys.length;
  }

  slotOf(mask: number): number {
    let at = this.find(mask);
    if (this.keys[at] === -1) {
      if ((this.used + 1) * 2 > this.keys.length) {
        this.grow();
        at = this.find(mask);
      }
      this.keys[at] = mask;
      this.used++;
    }
    return at;
  }

  private find(mask: number): number {
    const last = this.keys.length - 1;
    let at = Math.imul(mask, 0x9e3779b1) >>> (32 - Math.log2(this.keys.length));
    while (this.keys[at] !== -1 && this.keys[at] !== mask) at = (at + 1) & last;
    return at;
  }

  private grow(): void {
    const old = this.keys;
    this.keys = new Int32Array(old.length * 2).fill(-1);
    this.moves = new Int32Array(old.length).fill(-1);
    for (let slot = 0; slot < old.length; slot++) {
      if (old[slot] === -1) continue;
      const at = this.find(old[slot]);
      this.keys[at] = old[slot];
      this.moves[slot] = at;
    }
  }
}

/** A table of per-mask values moved to the slots of `slots` after it grew (NaN where nothing was). */
export function grown(values: Float64Array, slots: MaskSlots): Float64Array<ArrayBuffer> {
  const next = new Float64Array(slots.capacity).fill(Number.NaN);
  const moves = slots.moves as Int32Array;
  for (let slot = 0; slot < moves.length; slot++) if (moves[slot] !== -1) next[moves[slot]] = values[slot];
  return next;
}

/**
 * The scored documents with their coverage factors applied, as candidates (scores in
 * `scratch`), and each one's absolute relevance from the same credits.
 */
function withCoverage(scored: ScoredDocuments, plan: CoveragePlan | null, weights: Float64Array, required: number, matchedCredit: number, scratch: Scratch): Candidates {
  const { docs, scores: sums, marks, credits, groups } = scored;
  const count = docs.length;
  const { scores, relevance } = scratch.reserve(count);
  if (credits.kind === "bits") {
    const pairs = credits.bits;
    // Both are functions of the credit bits alone: computed once per distinct set of bits,
    // in tables indexed by the bits (few pairs) or by a slot of `MaskSlots` (more).
    const slots = pairs.length <= DENSE_MASK_BITS ? undefined : new MaskSlots();
    const size = slots ? slots.capacity : 1 << pairs.length;
    let factors = new Float64Array(size).fill(Number.NaN);
    let shares = new Float64Array(size).fill(Number.NaN);
    for (let i = 0; i < count; i++) {
      const doc = docs[i];
      const mask = marks[doc] & ~FOUND;
      let at = mask;
      if (slots) {
        at = slots.slotOf(mask);
        if (slots.capacity !== factors.length) [factors, shares] = [grown(factors, slots), grown(shares, slots)];
      }
      let factor = factors[at];
      if (factor !== factor) {
        factor = factors[at] = plan ? coverageOfBits(mask, pairs, groups, plan) : 1;
        shares[at] = relevanceOfBits(mask, pairs, weights, required, INCOMPLETE, matchedCredit);
      }
      scores[i] = sums[doc] * factor;
      relevance[i] = shares[at];
    }
  } else {
    // One pass per document over the concepts it has credit in (the `touched` bits, when
    // kept), for both figures: the coordination factor and the relevance are linear in the
    // credits (see `CoveragePlan`, `relevanceOf`). A long query matches most of a big
    // catalog through one common word or another: up to 100,000 documents × 40 concepts.
    const rows = credits.credits;
    const touched = credits.touched;
    const perConcept = plan?.perConcept ?? new Float64Array(groups);
    const exponent = plan?.exponent ?? 0;
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    for (let i = 0; i < count; i++) {
      const offset = i * groups;
      let earned = 0;
      let matched = 0;
      let mean = 0;
      if (touched) {
        for (let bits = touched[i]; bits !== 0; bits &= bits - 1) {
          const g = 31 - Math.clz32(bits & -bits);
          const credit = rows[offset + g];
          earned += weights[g] * credit;
          mean += perConcept[g] * credit;
          if (credit >= matchedCredit && weights[g] > 0) matched++;
        }
      } else {
        for (let g = 0; g < groups; g++) {
          const credit = rows[offset + g];
          if (credit === 0) continue;
          earned += weights[g] * credit;
          mean += perConcept[g] * credit;
          if (credit >= matchedCredit && weights[g] > 0) matched++;
        }
      }
      relevance[i] = Math.min(1, earned / total) - (matched < required ? INCOMPLETE : 0);
      scores[i] = plan ? sums[docs[i]] * (exponent === 2 ? mean * mean : Math.pow(mean, exponent)) : sums[docs[i]];
    }
  }
  return { count, docs, scores, lift: 0, relevance };
}

/**
 * Ranks the candidates below `floor` after all the others (their order among themselves
 * kept): their scores are lowered by more than any score.
 */
function tierByRelevance(candidates: Candidates, floor: number): void {
  const { relevance, scores, count } = candidates;
  if (!relevance || floor <= 0) return;
  let highest = 0;
  let below = false;
  for (let i = 0; i < count; i++) {
    if (scores[i] > highest) highest = scores[i];
    if (relevance[i] < floor) below = true;
  }
  if (!below) return;
  const shift = highest + 1;
  for (let i = 0; i < count; i++) if (relevance[i] < floor) scores[i] -= shift;
  candidates.floorShift = shift;
}

/**
 * Leaves out the candidates whose relevance is below `minimum` (API v1 minScore), and
 * counts the facets over what is left: the candidates were found with only the
 * per-document conditions of the filter applied (see `PerDocumentGate`), so the histogram
 * here is the one the filter gate would have taken of the kept documents, and the
 * profile conditions are applied last.
 */
function keepRelevant(table: DocumentTable, candidates: Candidates, minimum: number, filter: CompiledFilter | undefined, histogram: ProfileHistogram): Candidates {
  const { count, relevance } = candidates;
  const docs = new Int32Array(count);
  const scores = new Float64Array(count);
  const kept = new Float64Array(count);
  const profiles = table.profileColumn;
  let n = 0;
  for (let i = 0; i < count; i++) {
    // The number only: a candidate below the minimum should match keeps its share (and its flag).
    if (!relevance || (relevance[i] < 0 ? relevance[i] + INCOMPLETE : relevance[i]) < minimum) continue;
    const doc = candidates.docs[i];
    const profile = profiles[doc];
    if (histogram.counts[profile]++ === 0) histogram.touched[histogram.touchedCount++] = profile;
    if (filter && filter.profileMask(profile) !== 0) continue;
    docs[n] = doc;
    scores[n] = candidates.scores[i];
    kept[n++] = relevance ? relevance[i] : 0;
  }
  return { count: n, docs, scores, lift: 0, relevance: kept, text: candidates.text };
}

/** Admits every document passing the filter's per-document conditions, counting nothing (see `keepRelevant`). */
class PerDocumentGate implements Gate {
  constructor(private readonly filter: CompiledFilter | undefined) {}

  admit(doc: number): boolean {
    return !this.filter?.perDocument || !this.filter.failsPerDocument(doc);
  }
}

/**
 * Every live document, unscored. The arrays are shared by every browse until the next
 * write — nothing writes scores without text — so a browse allocates nothing per document.
 */
function allDocuments(state: IndexState): Candidates {
  const docs = state.table.numbers();
  if (state.zeros?.length !== docs.length) state.zeros = new Float64Array(docs.length);
  return { count: docs.length, docs, scores: state.zeros, lift: 0 };
}

/**
 * A filtered browse: the documents passing the filter, in `scratch`, and the histogram of
 * every document's profile for the facets (see `FilterGate`).
 */
function collect(table: DocumentTable, from: Candidates, filter: CompiledFilter, histogram: ProfileHistogram, scratch: Scratch): Candidates {
  const { docs, scores } = scratch.reserve(from.count);
  const gate = new FilterGate(table.profileColumn, filter, histogram);
  const count = selectInto(gate, from, docs, scores);
  gate.finish();
  return { count, docs, scores, lift: 0 };
}

/**
 * The loop of `collect`, a function of its own: the optimizing compiler drops code it has
 * not seen run, and a long loop inside a larger function that later reaches such code is
 * thrown back to the interpreter, query after query.
 */
function selectInto(gate: FilterGate, from: Candidates, docs: Int32Array, scores: Float64Array): number {
  let count = 0;
  for (let i = 0; i < from.count; i++) {
    const doc = from.docs[i];
    if (!gate.admit(doc)) continue;
    docs[count] = doc;
    scores[count++] = from.scores[i];
  }
  return count;
}

/**
 * Second stage on the best candidates: verbatim occurrences of the query's chunks.
 * Rescored documents form a tier above the rest, so paging is stable.
 */
function rescore(state: IndexState, candidates: Candidates, ranking: RankingOptions): void {
  if (!candidates.text) return;
  const chunks = verbatimChunks(candidates.text.query, state.phrases, ranking);
  // No candidate is rescored yet: the first-stage scores are the order.
  const textsOf = chunks.every(({ variants }) => variants.every(({ text }) => !FOLDING_CAN_PRODUCE.test(text))) ? rawTexts : normalizedTexts;
  const best = topK(candidates.count, ranking.rescoreWindow, candidates.scores, undefined, state.table.idLabels(), candidates.docs, false);
  if (best.length === 0) return;
  // The best first-stage score comes first: everything not rescored stays below the lift.
  const lift = candidates.scores[best[0]] + 1;
  for (const i of best) {
    const texts = textsOf(state.table.get(candidates.docs[i]) as StoredDoc);
    candidates.scores[i] = lift + blendScores(candidates.scores[i], verbatimScore(chunks, texts, ranking), ranking);
  }
  candidates.lift = lift;
}

/** Splits the lookup terms into those a hit reports and the characters looked up for recall only. */
function reportableTerms(query: AnalyzedQuery, lookups: readonly { term: string }[]): { queryTerms: Set<string>; recallCharacters: Set<string> } {
  const characters = new Set<string>();
  const words = new Set<string>();
  for (const concept of query.concepts) for (const { term, origin } of concept.terms) (origin === "char" ? characters : words).add(term);
  const recallCharacters = new Set([...characters].filter((term) => !words.has(term)));
  return { queryTerms: new Set(lookups.map(({ term }) => term).filter((term) => !recallCharacters.has(term))), recallCharacters };
}

// ---------------------------------------------------------------------------------------
// Ordering

/** Whether item `a` ranks before item `b`: `primary` larger, then `secondary` larger, then the smaller id (by its label). */
function ranksBefore(primary: Float64Array, secondary: Float64Array | undefined, labels: Float64Array, docs: Int32Array, a: number, b: number): boolean {
  if (primary[a] !== primary[b]) return primary[a] > primary[b];
  if (secondary !== undefined && secondary[a] !== secondary[b]) return secondary[a] > secondary[b];
  return labels[docs[a]] < labels[docs[b]];
}

/** Restores the heap (worst at the root) after its root was replaced. */
function siftDown(heap: Int32Array, filled: number, primary: Float64Array, secondary: Float64Array | undefined, labels: Float64Array, docs: Int32Array): void {
  let at = 0;
  for (;;) {
    const left = 2 * at + 1;
    if (left >= filled) return;
    const right = left + 1;
    const worse = right < filled && ranksBefore(primary, secondary, labels, docs, heap[left], heap[right]) ? right : left;
    if (!ranksBefore(primary, secondary, labels, docs, heap[at], heap[worse])) return;
    const swap = heap[at];
    heap[at] = heap[worse];
    heap[worse] = swap;
    at = worse;
  }
}

/**
 * Positions of the first `k` of `count` items ordered by `primary` (larger first), then
 * `secondary`, then document id — without sorting them all: a page needs 20 of possibly
 * 100,000 matches. A heap of the best `k` with the worst at its root: most items are
 * rejected by one comparison of numbers with the root, and none costs more than log k.
 * The direction of the visit only changes how soon the heap holds good items: candidates
 * come roughly in indexing order, so for "newest" the best are met first from the end,
 * and among equal scores the smaller ids (older documents) from the start.
 */
function topK(count: number, k: number, primary: Float64Array, secondary: Float64Array | undefined, labels: Float64Array, docs: Int32Array, fromEnd: boolean): number[] {
  const size = Math.min(k, count);
  if (size <= 0) return [];
  const heap = new Int32Array(size);
  let filled = 0;
  let worstLabel = 0;
  const step = fromEnd ? -1 : 1;
  for (let n = 0, item = fromEnd ? count - 1 : 0; n < count; n++, item += step) {
    if (filled < size) {
      let at = filled++;
      heap[at] = item;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!ranksBefore(primary, secondary, labels, docs, heap[parent], heap[at])) break;
        const swap = heap[at];
        heap[at] = heap[parent];
        heap[parent] = swap;
        at = parent;
      }
      if (filled === size) worstLabel = labels[docs[heap[0]]];
    } else {
      // The common rejections without the comparator: a lower key, or an equal one (many
      // documents match alike) with a later id and nothing else to compare.
      const key = primary[item];
      const worst = primary[heap[0]];
      if (key < worst) continue;
      if (key === worst && secondary === undefined && labels[docs[item]] > worstLabel) continue;
      if (!ranksBefore(primary, secondary, labels, docs, item, heap[0])) continue;
      heap[0] = item;
      siftDown(heap, filled, primary, secondary, labels, docs);
      worstLabel = labels[docs[heap[0]]];
    }
  }
  return Array.from(heap).sort((a, b) => (ranksBefore(primary, secondary, labels, docs, a, b) ? -1 : ranksBefore(primary, secondary, labels, docs, b, a) ? 1 : 0));
}

type Ranked = { doc: number; score: number; relevance?: number };

/** One page of the candidates, in `sort` order; ties by relevance, then id. */
function pageOf(table: DocumentTable, candidates: Candidates, filter: CompiledFilter | undefined, sort: Sort, offset: number, end: number, floor: number): Ranked[] {
  if (!candidates.text && candidates.count * BROWSE_WALK_SHARE >= table.size) {
    // Browsing (no text) a good share of the catalog: the first documents of the kept order
    // that pass the filters are the page.
    const page: Ranked[] = [];
    let passed = 0;
    for (const doc of table.browseOrder(sort)) {
      if (filter && !filter.passes(doc)) continue;
      if (passed++ >= offset) page.push({ doc, score: 0 });
      if (passed === end) break;
    }
    return page;
  }
  const labels = table.idLabels();
  const positions =
    sort === "relevance"
      ? topK(candidates.count, end, candidates.scores, undefined, labels, candidates.docs, false)
      : // Without text every score is 0: relevance orders nothing, the id decides.
        topK(candidates.count, end, tieredKeys(table.sortKeys(sort, candidates.docs, candidates.count), candidates, floor), candidates.text ? candidates.scores : undefined, labels, candidates.docs, true);
  return positions.slice(offset).map((i) => {
    // A score without the shift that put it in the low tier, and a rescored one without the lift that put its tier first.
    const score = candidates.floorShift && candidates.scores[i] < 0 ? candidates.scores[i] + candidates.floorShift : candidates.scores[i];
    return {
      doc: candidates.docs[i],
      score: candidates.lift > 0 && score >= candidates.lift ? score - candidates.lift : score,
      relevance: candidates.relevance?.[i],
    };
  });
}

/**
 * Sort keys (larger first) with the candidates below the relevance floor after all the
 * others, each tier in the sort's order: a missing key (−∞, e.g. no price) goes last of its
 * tier, and the low tier's keys are lowered by more than the keys' span.
 */
function tieredKeys(keys: Float64Array, candidates: Candidates, floor: number): Float64Array {
  const { relevance, count } = candidates;
  if (!relevance || floor <= 0) return keys;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  let below = false;
  for (let i = 0; i < count; i++) {
    if (relevance[i] < floor) below = true;
    if (Number.isFinite(keys[i])) {
      if (keys[i] < low) low = keys[i];
      if (keys[i] > high) high = keys[i];
    }
  }
  if (!below) return keys;
  if (low > high) low = high = 0;
  const span = high - low + 2;
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(keys[i])) keys[i] = low - 1;
    if (relevance[i] < floor) keys[i] -= span;
  }
  return keys;
}

/**
 * Below this share of the catalog (1 in 16) a filtered browse ranks its candidates
 * instead: walking the kept order would pass over too many documents to fill a page.
 */
const BROWSE_WALK_SHARE = 16;

// ---------------------------------------------------------------------------------------
// Hits

function toHit(state: IndexState, candidates: Candidates, { doc: number, score, relevance }: Ranked, floor: number): SearchHit {
  const doc = state.table.get(number) as StoredDoc;
  // Nothing to find without text; Chinese needles are found in the original texts as in the normalized ones (see `FOLDING_CAN_PRODUCE`).
  const texts = !candidates.text || candidates.text.plainNeedles ? rawTexts(doc) : normalizedTexts(doc);
  const { terms, highlight } = matchedTermsOf(state, candidates, number, texts);
  return {
    id: doc.id,
    score,
    title: toSegments(doc.title, findMatchRanges(texts.title, highlight)),
    snippet: snippetSegments(doc.abstract, findMatchRanges(texts.abstract, highlight)),
    matchedTerms: terms,
    ...(relevance === undefined ? {} : { relevance: relevance < 0 ? relevance + INCOMPLETE : relevance, lowRelevance: relevance < floor }),
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

/** Characters that start markup (tags, character references): such a query is read as a need's text is. */
const MARKUP_SIGN = /[<&]/;

/**
 * Whether a query holds nothing to search for: every token punctuation, markup, patent
 * boilerplate or a prose stop word (need-query.ts `isJunkQuery`). Unlike a need's prose, a
 * typed query of one common character (铁, 茶) is still a query.
 */
function holdsNothing(text: string, query: AnalyzedQuery): boolean {
  // The usual query has an informative word and no markup: nothing more to look at.
  if (!MARKUP_SIGN.test(text) && query.concepts.some(({ word }) => !isUninformative(word))) return false;
  return isJunkQuery(text, searchModeTokens);
}

/** Facet counts of an empty result: every value of the asked facets counted 0. */
function emptyFacets(table: DocumentTable, facets: readonly Facet[]): FacetCounts {
  return facets.length === 0 ? {} : table.countFacets(table.histogram(), facets);
}

type Write = { kind: "index"; docs: PatentSearchDoc[] } | { kind: "remove"; ids: string[] };

export function createEmbeddedEngine(options: EmbeddedEngineOptions = {}): SearchEngine {
  const ranking = mergeRanking(options.ranking);
  const floor = options.relevanceFloor ?? RELEVANCE_FLOOR;
  const msmShare = options.minimumShouldMatch ?? MINIMUM_SHOULD_MATCH_SHARE;
  let state = emptyState();
  /**
   * Writes made while a rebuild runs, replayed onto the new index before the swap: the
   * outbox worker keeps syncing during a reindex and none of its writes may be lost.
   */
  let pendingWrites: Write[] | undefined;
  let rebuilding: Promise<unknown> | undefined;
  const scratch = new Scratch();

  // Runs from start to finish without awaiting anything: the posting index hands out views
  // of its reusable buffers (see `PostingIndex.search`), valid only until the next search.
  const search = async (query: SearchQuery): Promise<SearchResult> => {
    const started = performance.now();
    const snapshot = state;
    const filters = query.filters ?? {};
    assertFilterShapes(filters);
    const sort = readSort(query.sort);
    const paging = readPaging(query);
    const filter = snapshot.table.compileFilter(filters);
    const text = readText(query.q);
    const minimumRelevance = readMinRelevance(query.minRelevance);
    const analyzed = text ? analyzeQuery(text) : undefined;
    if (analyzed && (analyzed.concepts.length === 0 || holdsNothing(text, analyzed))) {
      // Nothing to search for (stop words, markup, punctuation): no hits rather than every document.
      return { hits: [], total: 0, page: paging.page, pageSize: paging.pageSize, facets: emptyFacets(snapshot.table, query.facets ?? []), tookMs: performance.now() - started, suggestion: JUNK_SUGGESTION };
    }

    // Facet counts are disjunctive (see port.ts): counted from the histogram of the
    // matches' profiles, each facet over the profiles failing no condition but its own.
    const wanted = [...new Set(query.facets ?? [])];
    const histogram = snapshot.table.histogram();
    let candidates: Candidates;
    let facets: FacetCounts = {};
    if (analyzed) {
      candidates = textCandidates(snapshot, analyzed, ranking, filter, histogram, scratch, minimumRelevance, msmShare);
      if (wanted.length > 0) facets = snapshot.table.countFacets(histogram, wanted, filter);
    } else if (filter) {
      candidates = collect(snapshot.table, allDocuments(snapshot), filter, histogram, scratch);
      if (wanted.length > 0) facets = snapshot.table.countFacets(histogram, wanted, filter);
    } else {
      // Browsing everything: the same counts until the next write (the catalog's landing page).
      candidates = allDocuments(snapshot);
      if (wanted.length > 0) {
        const key = wanted.join(",");
        let counts = snapshot.allFacets.get(key);
        if (!counts) {
          snapshot.table.addToHistogram(histogram, candidates.docs, candidates.count);
          snapshot.allFacets.set(key, (counts = snapshot.table.countFacets(histogram, wanted)));
        }
        facets = counts;
      }
    }
    rescore(snapshot, candidates, ranking);
    if (sort === "relevance") tierByRelevance(candidates, floor);

    const page = pageOf(snapshot.table, candidates, filter, sort, paging.offset, paging.offset + paging.pageSize, floor);
    return {
      hits: page.map((ranked) => toHit(snapshot, candidates, ranked, floor)),
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
      // The catalog's landing page browses newest first: have that order ready at the swap.
      next.table.browseOrder("newest");
      // Every ranking breaks ties by id, through the labels (see `DocumentTable.idLabels`).
      next.table.idLabels();
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
