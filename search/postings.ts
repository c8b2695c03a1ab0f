/**
 * The embedded engine's inverted index: postings in typed arrays, BM25+ scoring into
 * per-query accumulators, MiniSearch's radix tree (`minisearch/SearchableMap`) for the
 * prefix and typo-tolerant lookups of Latin terms.
 *
 * Why not MiniSearch's own index: at 100,000 patent abstracts it took over a minute to
 * build (each token occurrence walks a radix tree whose nodes scan their children
 * linearly — thousands of them with Chinese first characters), held ~50 bytes per posting
 * in nested Maps (~500 MB), and built one result object per matching document plus a full
 * sort on every query (100–500 ms for a common word). Here a posting is 8 bytes, a query
 * touches only its terms' postings, and nothing per document is allocated while scoring.
 * The scoring is MiniSearch's BM25+ (per field, summed with field boosts; IDF from the
 * documents having the term in that field; field length = distinct terms), so relevance is
 * what MiniSearch would compute.
 *
 * Documents get increasing internal numbers, so each posting list is sorted; removal marks
 * a document dead and a compaction drops dead postings once they are numerous (like
 * MiniSearch's vacuuming).
 */
import SearchableMap from "minisearch/SearchableMap";

export type Bm25Params = { k: number; b: number; d: number };

/** A term to look up and what a match of it is worth. */
export type LookupTerm = {
  term: string;
  /** Multiplies the BM25 score of its matches. */
  weight: number;
  /** The groups (query concepts) a match gives credit to, and how much (0–1). */
  credits: readonly { group: number; credit: number }[];
  /** Also match longer terms starting with this one (Latin words). */
  prefix: boolean;
  /** Also match terms within this edit distance (Latin words); 0 for none. */
  fuzzy: number;
  /**
   * Whether matching this term alone makes a document a result. When false the term only
   * adds to the score of documents that some other term brought in.
   */
  qualifies: boolean;
};

export type SearchOptions = {
  /** Boost per field number; 0 leaves the field out. */
  fieldBoosts: readonly number[];
  bm25: Bm25Params;
  /** How much a prefix / fuzzy match is worth relative to an exact one (MiniSearch's defaults). */
  prefixWeight?: number;
  fuzzyWeight?: number;
};

export type ScoredDocuments = {
  /** Internal numbers of the documents matching at least one qualifying term, in the order found. */
  docs: Int32Array;
  /** BM25 sums by document number (dense: read them at `docs` only). */
  scores: Float64Array;
  /** By document number, what each document was credited: see `credits`. */
  marks: Int32Array;
  credits: CreditLedger;
  groups: number;
  /** Every index term looked at (the terms themselves, their prefix and fuzzy matches). */
  indexTerms: string[];
};

/**
 * How a document's credits are kept. A query asks for few distinct (group, credit) pairs —
 * usually two per concept — so each gets a bit and `marks[doc]` holds the bits of every
 * pair the document earned (plus `FOUND`): one OR per posting, and the coverage factor is
 * a function of the bits alone. A query with more pairs than `MAX_CREDIT_BITS` (a need's
 * long description) keeps a row of credits per document instead: `marks[doc]` is then the
 * document's position in `docs` plus one, and its credits are `credits[position * groups + group]`.
 */
export type CreditLedger =
  | { kind: "bits"; bits: readonly { group: number; credit: number }[] }
  /** `touched[position]`: the groups the document has credit in, as bits (only when there are at most `MAX_TOUCHED_GROUPS`). */
  | { kind: "rows"; credits: Float32Array; touched?: Int32Array };

/** Up to this many groups, credit rows also keep which groups each document touched (bits of an int32). */
export const MAX_TOUCHED_GROUPS = 31;

/** Set in `marks` for every document found (bits mode). */
export const FOUND = 1 << 30;
/** The mark of a document the gate turned away (see `Gate`): never scored, never asked again. */
const REJECTED = 1 << 29;

/**
 * Decides, once per document the first qualifying term reaches, whether the search scores
 * it: a filtered search turns away what its filter rejects (most of the matches of a common
 * word), and sees every match go by — for the facet counts — in the same pass.
 */
export type Gate = { admit(doc: number): boolean };

/** Admits every document. */
export const OPEN_GATE: Gate = { admit: () => true };
/**
 * Pairs beyond this many switch a query to credit rows: bits 0–27 of a mark (29 is
 * `REJECTED`, 30 `FOUND`). A keyphrase query of a dozen words stays in bits mode.
 */
export const MAX_CREDIT_BITS = 28;

/** An index term to score, with its best weight and credits over the query terms reaching it. */
type Lookup = { weight: number; credits: { group: number; credit: number }[]; qualifies: boolean };

/** A posting is two int32: the document number, then field << 16 | frequency. */
const FIELD_SHIFT = 16;
const MAX_FREQUENCY = 0xffff;
const MAX_FIELDS = 1 << 15;
/** Printable ASCII only: tokens never carry control characters. */
const ASCII = /^[ -~]*$/;
/** Terms that may be looked up by prefix or with a typo: words starting with a Latin letter. */
const LATIN_TERM = /^[a-z][a-z0-9-]*$/;

/**
 * Per-query accumulators, reused between queries (searches never interleave: they are
 * synchronous). Scores and marks are dense — indexed by document number — so the scoring
 * loop reads and writes one slot per posting without any indirection; a document's score
 * is zeroed when it is first found, and the marks of the documents a query found are
 * cleared when the next query begins.
 */
class Accumulator {
  marks = new Int32Array(0);
  scores = new Float64Array(0);
  docs = new Int32Array(0);
  /** Documents the gate turned away (their marks are cleared with the others'). */
  rejected = new Int32Array(0);
  /** [documents found, documents rejected] by the current search. */
  readonly counts = new Int32Array(2);
  credits = new Float32Array(0);
  touched = new Int32Array(0);

  begin(documents: number, creditRows: number): void {
    clearMarks(this.marks, this.docs, this.counts[0]);
    clearMarks(this.marks, this.rejected, this.counts[1]);
    this.counts.fill(0);
    if (this.marks.length < documents) this.grow(documents);
    if (this.credits.length < creditRows) this.credits = new Float32Array(Math.max(creditRows, this.credits.length * 2));
    if (creditRows > 0 && this.touched.length < documents) this.touched = new Int32Array(Math.max(documents, this.touched.length * 2));
  }

  private grow(documents: number): void {
    const capacity = Math.max(documents, this.marks.length * 2);
    this.marks = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
    this.docs = new Int32Array(capacity);
    this.rejected = new Int32Array(capacity);
  }

  /**
   * The results as views of the accumulator's arrays (no copy: at 100,000 documents a query
   * would otherwise allocate megabytes), valid until the next search — searches run
   * synchronously from start to finish, so nothing else runs before the caller is done.
   */
  finish(groups: number, credits: CreditLedger, indexTerms: string[]): ScoredDocuments {
    return { docs: this.docs.subarray(0, this.counts[0]), scores: this.scores, marks: this.marks, credits, groups, indexTerms };
  }
}

type TypedArray = Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Float32Array<ArrayBuffer> | Float64Array<ArrayBuffer>;

function copyInto<T extends TypedArray>(target: T, source: ArrayLike<number>): T {
  target.set(source);
  return target;
}

export class PostingIndex {
  /** term → term id */
  private readonly termIds = new Map<string, number>();
  private terms: string[] = [];
  /** Postings per term id; `postingLengths[id]` int32 of them are used. */
  private postings: Int32Array<ArrayBuffer>[] = [];
  private postingLengths = new Int32Array(1024);
  /** Documents with the term per field, `fieldFrequencies[id * fieldCount + field]` (dead ones included until compaction). */
  private fieldFrequencies: Int32Array<ArrayBuffer>;
  /** Latin terms, for prefix and fuzzy lookups. */
  private latin = new SearchableMap<true>();
  /** Non-ASCII terms of two characters or more, under each of their characters: for `termsContaining`. */
  private termsByCharacter = new Map<string, string[]>();
  private documents = 0;
  private alive = new Uint8Array(1024);
  /** Distinct terms per document and field: `fieldLengths[doc * fieldCount + field]`. */
  private fieldLengths: Uint16Array<ArrayBuffer>;
  private readonly lengthTotals: number[];
  private live = 0;
  private livePostings = 0;
  private deadPostings = 0;
  private readonly accumulator = new Accumulator();
  private readonly frequencies = new Map<string, number>();

  constructor(private readonly fieldCount: number) {
    if (fieldCount > MAX_FIELDS) throw new Error(`at most ${MAX_FIELDS} fields`);
    this.lengthTotals = new Array<number>(fieldCount).fill(0);
    this.fieldFrequencies = new Int32Array(1024 * fieldCount);
    // A row per document, as `ensureDocumentCapacity` grows it (sized for 1,024 documents
    // like `alive`: a row per document number, else numbers past 1024 / fieldCount would
    // read and write outside it).
    this.fieldLengths = new Uint16Array(this.alive.length * fieldCount);
  }

  get documentCount(): number {
    return this.live;
  }

  /** Adds a document: its tokens, field by field. Returns its internal number. */
  add(fieldTokens: readonly (readonly string[])[]): number {
    const doc = this.documents++;
    this.ensureDocumentCapacity(doc + 1);
    this.alive[doc] = 1;
    this.live++;
    for (let field = 0; field < this.fieldCount; field++) {
      const frequencies = this.frequencies;
      frequencies.clear();
      for (const term of fieldTokens[field] ?? []) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
      const distinct = Math.min(frequencies.size, 0xffff);
      this.fieldLengths[doc * this.fieldCount + field] = distinct;
      this.lengthTotals[field] += distinct;
      this.livePostings += frequencies.size;
      for (const [term, frequency] of frequencies) this.push(this.idOf(term), doc, field, frequency);
    }
    return doc;
  }

  /** Removes a document by number (its postings go at the next compaction). */
  remove(doc: number): void {
    if (doc < 0 || doc >= this.documents || this.alive[doc] === 0) return;
    this.alive[doc] = 0;
    this.live--;
    for (let field = 0; field < this.fieldCount; field++) {
      const length = this.fieldLengths[doc * this.fieldCount + field];
      this.lengthTotals[field] -= length;
      this.livePostings -= length;
      this.deadPostings += length;
    }
    if (this.deadPostings > 10_000 && this.deadPostings > this.livePostings / 2) this.compact();
  }

  /** Whether some document has the term (in any field). */
  hasTerm(term: string): boolean {
    const id = this.termIds.get(term);
    return id !== undefined && this.postingLengths[id] > 0;
  }

  /**
   * Index terms containing `fragment` (not itself), those in most documents first: for a
   * short Chinese word, the longer words the texts spell it in (铁 → 铸铁, 铁粉).
   */
  termsContaining(fragment: string, limit: number): string[] {
    const found: { term: string; postings: number }[] = [];
    for (const term of this.termsByCharacter.get(fragment[0]) ?? []) {
      if (term === fragment || !term.includes(fragment)) continue;
      const id = this.termIds.get(term);
      if (id !== undefined && this.postingLengths[id] > 0) found.push({ term, postings: this.postingLengths[id] });
    }
    found.sort((a, b) => b.postings - a.postings || (a.term < b.term ? -1 : 1));
    return found.slice(0, limit).map(({ term }) => term);
  }

  /** Which of `terms` the document has (in any field). */
  termsOf(doc: number, terms: Iterable<string>): string[] {
    const found: string[] = [];
    for (const term of terms) {
      const id = this.termIds.get(term);
      if (id !== undefined && this.contains(id, doc)) found.push(term);
    }
    return found;
  }

  /**
   * Scores every live document having at least one of the qualifying terms that the gate
   * admits; the other terms only add to those documents' scores. A term reached twice (e.g.
   * as itself and as another's prefix) counts once, with its best weight.
   */
  search(terms: readonly LookupTerm[], groups: number, options: SearchOptions, gate: Gate = OPEN_GATE): ScoredDocuments {
    const expanded = this.expand(terms, options);
    // Qualifying terms first, so that the others only visit documents already found.
    const lookups = [...expanded].sort(([, a], [, b]) => Number(b.qualifies) - Number(a.qualifies));
    const pairs = creditPairs(lookups.map(([, lookup]) => lookup));
    const useBits = pairs.bits.length <= MAX_CREDIT_BITS;
    const accumulator = this.accumulator;
    // Rows mode needs a row per document found: at most every document.
    accumulator.begin(this.documents, useBits ? 0 : this.documents * groups);
    const { marks, scores, docs, rejected, counts, credits } = accumulator;
    const { k, b, d } = options.bm25;
    const averages = this.lengthTotals.map((total) => (this.live === 0 ? 1 : total / this.live || 1));
    const fieldFactors = new Float64Array(this.fieldCount);
    const fieldCount = this.fieldCount;
    const scoring: Scoring = {
      alive: this.alive,
      fieldLengths: this.fieldLengths,
      fieldCount,
      k,
      d,
      // Per field: k · (1 − b + b · length / average) = lengthBase + lengthScale · length.
      lengthBase: k * (1 - b),
      lengthScales: Float64Array.from(averages, (average) => (k * b) / average),
    };
    for (const [term, lookup] of lookups) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const { weight, qualifies } = lookup;
      this.fieldFactorsInto(fieldFactors, id, weight, options);
      const postings = this.postings[id];
      const length = this.postingLengths[id];
      if (useBits) scoreWithBits(postings, length, qualifies, pairs.bitsOf(lookup), fieldFactors, scoring, gate, marks, scores, docs, rejected, counts);
      else scoreWithRows(postings, length, qualifies, lookup.credits, fieldFactors, scoring, gate, marks, scores, docs, rejected, counts, credits, groups, accumulator.touched);
    }
    const ledger: CreditLedger = useBits ? { kind: "bits", bits: pairs.bits } : { kind: "rows", credits: credits.subarray(0, counts[0] * groups), ...(groups <= MAX_TOUCHED_GROUPS ? { touched: accumulator.touched.subarray(0, counts[0]) } : {}) };
    return accumulator.finish(groups, ledger, [...expanded.keys()]);
  }

  /** Per field, what a match of term `id` is worth before saturation: weight × boost × IDF. */
  private fieldFactorsInto(factors: Float64Array, id: number, weight: number, options: SearchOptions): void {
    for (let field = 0; field < this.fieldCount; field++) {
      const matching = this.fieldFrequencies[id * this.fieldCount + field];
      const idf = Math.log(1 + (this.live - matching + 0.5) / (matching + 0.5));
      factors[field] = weight * (options.fieldBoosts[field] ?? 0) * idf;
    }
  }

  /** Drops the postings of removed documents and makes the frequencies exact again. */
  compact(): void {
    this.fieldFrequencies.fill(0);
    for (let id = 0; id < this.terms.length; id++) {
      const postings = this.postings[id];
      const length = this.postingLengths[id];
      let kept = 0;
      for (let i = 0; i < length; i += 2) {
        if (this.alive[postings[i]] === 0) continue;
        postings[kept] = postings[i];
        postings[kept + 1] = postings[i + 1];
        this.fieldFrequencies[id * this.fieldCount + (postings[i + 1] >>> FIELD_SHIFT)]++;
        kept += 2;
      }
      this.postingLengths[id] = kept;
      if (kept < postings.length / 4) this.postings[id] = postings.slice(0, kept);
    }
    // Terms left without postings stay (their ids are stable) but leave the lookup aids.
    this.latin = new SearchableMap<true>();
    this.termsByCharacter = new Map();
    this.terms.forEach((term, id) => {
      if (this.postingLengths[id] > 0) this.registerTerm(term);
    });
    this.deadPostings = 0;
  }

  /** Releases the spare capacity of the posting arrays (after a bulk build). */
  trim(): void {
    for (let id = 0; id < this.terms.length; id++) {
      if (this.postings[id].length > this.postingLengths[id]) this.postings[id] = this.postings[id].slice(0, this.postingLengths[id]);
    }
  }

  private idOf(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.termIds.set(term, id);
      this.postings.push(new Int32Array(4));
      if (this.postingLengths.length === id) this.postingLengths = copyInto(new Int32Array(id * 2), this.postingLengths);
      if (this.fieldFrequencies.length < (id + 1) * this.fieldCount) {
        this.fieldFrequencies = copyInto(new Int32Array(this.fieldFrequencies.length * 2), this.fieldFrequencies);
      }
      this.registerTerm(term);
    }
    return id;
  }

  private push(id: number, doc: number, field: number, frequency: number): void {
    let postings = this.postings[id];
    const length = this.postingLengths[id];
    if (length + 2 > postings.length) postings = this.postings[id] = copyInto(new Int32Array(postings.length * 2), postings);
    postings[length] = doc;
    postings[length + 1] = (field << FIELD_SHIFT) | Math.min(frequency, MAX_FREQUENCY);
    this.postingLengths[id] = length + 2;
    this.fieldFrequencies[id * this.fieldCount + field]++;
  }

  /** Whether the term has a posting for `doc` (binary search: documents are in increasing order). */
  private contains(id: number, doc: number): boolean {
    const postings = this.postings[id];
    let low = 0;
    let high = this.postingLengths[id] / 2 - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const value = postings[mid * 2];
      if (value === doc) return this.alive[doc] === 1;
      if (value < doc) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }

  private registerTerm(term: string): void {
    if (LATIN_TERM.test(term)) {
      this.latin.set(term, true);
      return;
    }
    if (term.length < 2 || ASCII.test(term)) return;
    for (const char of new Set(term)) {
      const terms = this.termsByCharacter.get(char);
      if (terms) terms.push(term);
      else this.termsByCharacter.set(char, [term]);
    }
  }

  private ensureDocumentCapacity(documents: number): void {
    if (documents <= this.alive.length) return;
    const capacity = Math.max(documents, this.alive.length * 2);
    this.alive = copyInto(new Uint8Array(capacity), this.alive);
    this.fieldLengths = copyInto(new Uint16Array(capacity * this.fieldCount), this.fieldLengths);
  }

  /** The index terms to score: each term, plus its prefix and fuzzy matches with MiniSearch's weighting. */
  private expand(terms: readonly LookupTerm[], options: SearchOptions): Map<string, Lookup> {
    const prefixWeight = options.prefixWeight ?? 0.375;
    const fuzzyWeight = options.fuzzyWeight ?? 0.45;
    const lookups = new Map<string, Lookup>();
    const add = (indexTerm: string, weight: number, credits: readonly { group: number; credit: number }[], qualifies: boolean) => {
      const existing = lookups.get(indexTerm);
      if (!existing) {
        lookups.set(indexTerm, { weight, credits: credits.map((credit) => ({ ...credit })), qualifies });
        return;
      }
      existing.weight = Math.max(existing.weight, weight);
      existing.qualifies ||= qualifies;
      for (const credit of credits) {
        const same = existing.credits.find((c) => c.group === credit.group);
        if (!same) existing.credits.push({ ...credit });
        else same.credit = Math.max(same.credit, credit.credit);
      }
    };
    for (const { term, weight, credits, prefix, fuzzy, qualifies } of terms) {
      add(term, weight, credits, qualifies);
      if (prefix) {
        for (const longer of this.latin.atPrefix(term).keys()) {
          if (longer === term) continue;
          const distance = longer.length - term.length;
          add(longer, (weight * prefixWeight * longer.length) / (longer.length + 0.3 * distance), credits, qualifies);
        }
      }
      if (fuzzy > 0) {
        for (const [near, [, distance]] of this.latin.fuzzyGet(term, fuzzy)) {
          if (distance === 0 || lookups.has(near)) continue;
          add(near, (weight * fuzzyWeight * near.length) / (near.length + distance), credits, qualifies);
        }
      }
    }
    return lookups;
  }
}

/** The distinct (group, credit) pairs of a query's lookups, numbered (see `CreditLedger`). */
function creditPairs(lookups: readonly Lookup[]): { bits: { group: number; credit: number }[]; bitsOf(lookup: Lookup): number } {
  const numbers = new Map<string, number>();
  const bits: { group: number; credit: number }[] = [];
  const keyOf = (group: number, credit: number) => `${group}:${Math.fround(credit)}`;
  for (const { credits } of lookups) {
    for (const { group, credit } of credits) {
      const key = keyOf(group, credit);
      if (numbers.has(key)) continue;
      numbers.set(key, bits.length);
      bits.push({ group, credit: Math.fround(credit) });
    }
  }
  return {
    bits,
    bitsOf: (lookup) => (bits.length > MAX_CREDIT_BITS ? 0 : lookup.credits.reduce((mask, { group, credit }) => mask | (1 << (numbers.get(keyOf(group, credit)) as number)), 0)),
  };
}

/** What scoring a posting reads besides the posting: the index's per-document data and BM25's constants. */
type Scoring = {
  alive: Uint8Array;
  fieldLengths: Uint16Array;
  fieldCount: number;
  k: number;
  d: number;
  lengthBase: number;
  lengthScales: Float64Array;
};

/*
 * The scoring loops, one per credit ledger: plain functions over typed arrays, so that the
 * compiler keeps every array in a register — the inner loop runs once per posting, up to
 * several hundred thousand times per query. A document is found by the first qualifying
 * term reaching it, if the gate admits it (its score zeroed, its number appended to `docs`;
 * else appended to `rejected`); other terms only add to documents already found.
 * `counts` holds [found, rejected] and is updated.
 */

function scoreWithBits(
  postings: Int32Array,
  length: number,
  qualifies: boolean,
  termBits: number,
  fieldFactors: Float64Array,
  { alive, fieldLengths, fieldCount, k, d, lengthBase, lengthScales }: Scoring,
  gate: Gate,
  marks: Int32Array,
  scores: Float64Array,
  docs: Int32Array,
  rejected: Int32Array,
  counts: Int32Array,
): void {
  const bits = termBits | FOUND;
  const k1 = k + 1;
  let found = counts[0];
  let turnedAway = counts[1];
  for (let i = 0; i < length; i += 2) {
    const doc = postings[i];
    // Turned away already: most postings of a common word under a filter end here.
    const mark = marks[doc];
    if (mark === REJECTED) continue;
    const packed = postings[i + 1];
    const field = packed >>> FIELD_SHIFT;
    const factor = fieldFactors[field];
    if (factor === 0) continue;
    if (mark === 0) {
      // Not met yet (a document found by this search was alive when found).
      if (!qualifies || alive[doc] === 0) continue;
      if (!gate.admit(doc)) {
        marks[doc] = REJECTED;
        rejected[turnedAway++] = doc;
        continue;
      }
      docs[found++] = doc;
      scores[doc] = 0;
    }
    const frequency = packed & MAX_FREQUENCY;
    scores[doc] += factor * (d + (frequency * k1) / (frequency + lengthBase + lengthScales[field] * fieldLengths[doc * fieldCount + field]));
    marks[doc] = mark | bits;
  }
  counts[0] = found;
  counts[1] = turnedAway;
}

function scoreWithRows(
  postings: Int32Array,
  length: number,
  qualifies: boolean,
  termCredits: readonly { group: number; credit: number }[],
  fieldFactors: Float64Array,
  { alive, fieldLengths, fieldCount, k, d, lengthBase, lengthScales }: Scoring,
  gate: Gate,
  marks: Int32Array,
  scores: Float64Array,
  docs: Int32Array,
  rejected: Int32Array,
  counts: Int32Array,
  credits: Float32Array,
  groups: number,
  touched: Int32Array,
): void {
  const creditGroups = Int32Array.from(termCredits, (c) => c.group);
  const creditAmounts = Float32Array.from(termCredits, (c) => c.credit);
  // The term's groups as bits (meaningful up to MAX_TOUCHED_GROUPS groups).
  const termGroups = termCredits.reduce((bits, c) => (c.group < 32 ? bits | (1 << c.group) : bits), 0);
  const k1 = k + 1;
  let found = counts[0];
  let turnedAway = counts[1];
  for (let i = 0; i < length; i += 2) {
    const doc = postings[i];
    let mark = marks[doc];
    if (mark === REJECTED) continue;
    const packed = postings[i + 1];
    const field = packed >>> FIELD_SHIFT;
    const factor = fieldFactors[field];
    if (factor === 0) continue;
    if (mark === 0) {
      if (!qualifies || alive[doc] === 0) continue;
      if (!gate.admit(doc)) {
        marks[doc] = REJECTED;
        rejected[turnedAway++] = doc;
        continue;
      }
      mark = marks[doc] = found + 1;
      docs[found++] = doc;
      scores[doc] = 0;
      for (let g = (mark - 1) * groups; g < mark * groups; g++) credits[g] = 0;
      touched[mark - 1] = 0;
    }
    const frequency = packed & MAX_FREQUENCY;
    scores[doc] += factor * (d + (frequency * k1) / (frequency + lengthBase + lengthScales[field] * fieldLengths[doc * fieldCount + field]));
    touched[mark - 1] |= termGroups;
    const row = (mark - 1) * groups;
    for (let c = 0; c < creditGroups.length; c++) {
      const at = row + creditGroups[c];
      if (creditAmounts[c] > credits[at]) credits[at] = creditAmounts[c];
    }
  }
  counts[0] = found;
  counts[1] = turnedAway;
}

/** Zeroes the marks of the first `count` documents of `docs`. */
function clearMarks(marks: Int32Array, docs: Int32Array, count: number): void {
  for (let i = 0; i < count; i++) marks[docs[i]] = 0;
}
