/**
 * The embedded engine's inverted index: postings in typed arrays, BM25+ scoring into
 * per-query accumulators, MiniSearch's radix tree (`minisearch/SearchableMap`) for the
 * prefix and typo-tolerant lookups of Latin terms.
 *
 * Why not MiniSearch's own index: at 100,000 patent abstracts it took over a minute to
 * build (each token occurrence walks a radix tree whose nodes scan their children
 * linearly — thousands of them with Chinese first characters), held ~50 bytes per posting
 * in nested Maps (~500 MB), and built one result object per matching document plus a full
 * sort on every query (100–500 ms for a common word). Here a posting is 6 bytes, a query
 * touches only its terms' postings, and nothing per document is allocated while scoring.
 * The scoring is MiniSearch's BM25+ (per field, summed with field boosts; IDF from the
 * documents having the term in that field; field length = distinct terms), so relevance is
 * what MiniSearch would compute.
 *
 * Documents get increasing internal numbers; removal marks them dead and a compaction
 * drops dead postings once they are numerous (like MiniSearch's vacuuming).
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
  /** Internal numbers of the documents matching at least one term. */
  docs: Int32Array;
  /** Their BM25 sums, aligned with `docs`. */
  scores: Float64Array;
  /** Best credit per document and group: `credits[i * groups + g]`. */
  credits: Float32Array;
  groups: number;
  /** Every index term looked at (the terms themselves, their prefix and fuzzy matches). */
  indexTerms: string[];
};

const FIELD_SHIFT = 13;
const MAX_FREQUENCY = (1 << FIELD_SHIFT) - 1;
const MAX_FIELDS = 1 << (16 - FIELD_SHIFT);
const LATIN_TERM = /^[a-z0-9][a-z0-9-]*$/;

/** The postings of one term: document numbers in increasing order, with field and frequency. */
class PostingList {
  docs = new Int32Array(2);
  /** field << 13 | frequency */
  entries = new Uint16Array(2);
  length = 0;
  /** Documents with the term, per field (dead ones included until compaction). */
  readonly frequencies: Int32Array;

  constructor(fieldCount: number) {
    this.frequencies = new Int32Array(fieldCount);
  }

  push(doc: number, field: number, frequency: number): void {
    if (this.length === this.docs.length) this.resize(this.length * 2);
    this.docs[this.length] = doc;
    this.entries[this.length] = (field << FIELD_SHIFT) | Math.min(frequency, MAX_FREQUENCY);
    this.length++;
    this.frequencies[field]++;
  }

  resize(capacity: number): void {
    const docs = new Int32Array(capacity);
    const entries = new Uint16Array(capacity);
    docs.set(this.docs.subarray(0, Math.min(this.length, capacity)));
    entries.set(this.entries.subarray(0, Math.min(this.length, capacity)));
    this.docs = docs;
    this.entries = entries;
  }

  /** Whether `doc` has a posting (binary search: documents are in increasing order). */
  contains(doc: number): boolean {
    let low = 0;
    let high = this.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const value = this.docs[mid];
      if (value === doc) return true;
      if (value < doc) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }
}

/** Per-query accumulators, reused between queries (searches never interleave: they are synchronous). */
class Accumulator {
  private slotOf = new Int32Array(0);
  private docs = new Int32Array(1024);
  private scores = new Float64Array(1024);
  private credits = new Float32Array(1024);
  private count = 0;
  private groups = 0;

  begin(capacity: number, groups: number): void {
    if (this.slotOf.length < capacity) this.slotOf = new Int32Array(Math.max(capacity, this.slotOf.length * 2));
    this.groups = groups;
    this.count = 0;
    if (this.credits.length < this.docs.length * groups) this.credits = new Float32Array(this.docs.length * groups);
  }

  /** The slot of a document, created zeroed on first touch. */
  slot(doc: number): number {
    const existing = this.slotOf[doc];
    if (existing !== 0) return existing - 1;
    if (this.count === this.docs.length) this.grow();
    const slot = this.count++;
    this.slotOf[doc] = slot + 1;
    this.docs[slot] = doc;
    this.scores[slot] = 0;
    this.credits.fill(0, slot * this.groups, (slot + 1) * this.groups);
    return slot;
  }

  add(slot: number, score: number): void {
    this.scores[slot] += score;
  }

  credit(slot: number, group: number, credit: number): void {
    const at = slot * this.groups + group;
    if (credit > this.credits[at]) this.credits[at] = credit;
  }

  /** Copies the results out and clears the per-document marks for the next query. */
  finish(indexTerms: string[]): ScoredDocuments {
    const result: ScoredDocuments = {
      docs: this.docs.slice(0, this.count),
      scores: this.scores.slice(0, this.count),
      credits: this.credits.slice(0, this.count * this.groups),
      groups: this.groups,
      indexTerms,
    };
    for (let slot = 0; slot < this.count; slot++) this.slotOf[this.docs[slot]] = 0;
    this.count = 0;
    return result;
  }

  private grow(): void {
    const capacity = this.docs.length * 2;
    const docs = new Int32Array(capacity);
    docs.set(this.docs);
    const scores = new Float64Array(capacity);
    scores.set(this.scores);
    const credits = new Float32Array(capacity * this.groups);
    credits.set(this.credits.subarray(0, this.count * this.groups));
    this.docs = docs;
    this.scores = scores;
    this.credits = credits;
  }
}

export class PostingIndex {
  private readonly lists = new Map<string, PostingList>();
  /** Latin terms, for prefix and fuzzy lookups. */
  private readonly latin = new SearchableMap<true>();
  private readonly numbers = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private alive = new Uint8Array(1024);
  /** Distinct terms per document and field: `fieldLengths[doc * fieldCount + field]`. */
  private fieldLengths = new Uint16Array(1024);
  private readonly lengthTotals: number[];
  private live = 0;
  private livePostings = 0;
  private deadPostings = 0;
  private readonly accumulator = new Accumulator();
  private readonly frequencies = new Map<string, number>();

  constructor(private readonly fieldCount: number) {
    if (fieldCount > MAX_FIELDS) throw new Error(`at most ${MAX_FIELDS} fields`);
    this.lengthTotals = new Array<number>(fieldCount).fill(0);
  }

  get documentCount(): number {
    return this.live;
  }

  has(key: string): boolean {
    return this.numbers.has(key);
  }

  /** Adds (or replaces) a document: its tokens, field by field. Returns its internal number. */
  add(key: string, fieldTokens: readonly (readonly string[])[]): number {
    this.remove(key);
    const doc = this.keys.length;
    this.keys.push(key);
    this.numbers.set(key, doc);
    this.ensureCapacity(doc + 1);
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
      for (const [term, frequency] of frequencies) this.listFor(term).push(doc, field, frequency);
    }
    return doc;
  }

  /** Removes a document by key; unknown keys are ignored. */
  remove(key: string): boolean {
    const doc = this.numbers.get(key);
    if (doc === undefined) return false;
    this.numbers.delete(key);
    this.keys[doc] = undefined;
    this.alive[doc] = 0;
    this.live--;
    for (let field = 0; field < this.fieldCount; field++) {
      const length = this.fieldLengths[doc * this.fieldCount + field];
      this.lengthTotals[field] -= length;
      this.livePostings -= length;
      this.deadPostings += length;
    }
    if (this.deadPostings > 10_000 && this.deadPostings > this.livePostings / 2) this.compact();
    return true;
  }

  /** The key of a live document number. */
  keyOf(doc: number): string | undefined {
    return this.keys[doc];
  }

  numberOf(key: string): number | undefined {
    return this.numbers.get(key);
  }

  /** Which of `terms` the document has (in any field). */
  termsOf(doc: number, terms: Iterable<string>): string[] {
    const found: string[] = [];
    for (const term of terms) if (this.lists.get(term)?.contains(doc)) found.push(term);
    return found;
  }

  /**
   * Scores every live document having at least one of the terms. A term reached twice
   * (e.g. as itself and as another's prefix) counts once, with its best weight.
   */
  search(terms: readonly LookupTerm[], groups: number, options: SearchOptions): ScoredDocuments {
    const lookups = this.expand(terms, options);
    const accumulator = this.accumulator;
    accumulator.begin(this.keys.length, groups);
    const { k, b, d } = options.bm25;
    const averages = this.lengthTotals.map((total) => (this.live === 0 ? 0 : total / this.live));
    const fieldFactors = new Float64Array(this.fieldCount);
    for (const [indexTerm, { weight, credits }] of lookups) {
      const list = this.lists.get(indexTerm);
      if (!list) continue;
      for (let field = 0; field < this.fieldCount; field++) {
        const matching = list.frequencies[field];
        const idf = Math.log(1 + (this.live - matching + 0.5) / (matching + 0.5));
        fieldFactors[field] = weight * (options.fieldBoosts[field] ?? 0) * idf;
      }
      const { docs, entries, length } = list;
      for (let i = 0; i < length; i++) {
        const doc = docs[i];
        if (this.alive[doc] === 0) continue;
        const entry = entries[i];
        const field = entry >>> FIELD_SHIFT;
        const factor = fieldFactors[field];
        if (factor === 0) continue;
        const frequency = entry & MAX_FREQUENCY;
        const fieldLength = this.fieldLengths[doc * this.fieldCount + field];
        const average = averages[field] || 1;
        const saturation = (frequency * (k + 1)) / (frequency + k * (1 - b + (b * fieldLength) / average));
        const slot = accumulator.slot(doc);
        accumulator.add(slot, factor * (d + saturation));
        for (const { group, credit } of credits) accumulator.credit(slot, group, credit);
      }
    }
    return accumulator.finish([...lookups.keys()]);
  }

  /** Drops the postings of removed documents and makes the frequencies exact again. */
  compact(): void {
    for (const [term, list] of this.lists) {
      let kept = 0;
      list.frequencies.fill(0);
      for (let i = 0; i < list.length; i++) {
        if (this.alive[list.docs[i]] === 0) continue;
        list.docs[kept] = list.docs[i];
        list.entries[kept] = list.entries[i];
        list.frequencies[list.entries[i] >>> FIELD_SHIFT]++;
        kept++;
      }
      list.length = kept;
      if (kept === 0) {
        this.lists.delete(term);
        if (LATIN_TERM.test(term)) this.latin.delete(term);
      } else if (kept < list.docs.length / 4) list.resize(kept);
    }
    this.deadPostings = 0;
  }

  /** Releases the spare capacity of the posting arrays (after a bulk build). */
  trim(): void {
    for (const list of this.lists.values()) if (list.docs.length > list.length) list.resize(list.length);
  }

  private listFor(term: string): PostingList {
    let list = this.lists.get(term);
    if (!list) {
      list = new PostingList(this.fieldCount);
      this.lists.set(term, list);
      if (LATIN_TERM.test(term)) this.latin.set(term, true);
    }
    return list;
  }

  private ensureCapacity(documents: number): void {
    if (documents <= this.alive.length) return;
    const capacity = Math.max(documents, this.alive.length * 2);
    const alive = new Uint8Array(capacity);
    alive.set(this.alive);
    this.alive = alive;
    const lengths = new Uint16Array(capacity * this.fieldCount);
    lengths.set(this.fieldLengths);
    this.fieldLengths = lengths;
  }

  /** The index terms to score: each term, plus its prefix and fuzzy matches with MiniSearch's weighting. */
  private expand(terms: readonly LookupTerm[], options: SearchOptions): Map<string, { weight: number; credits: { group: number; credit: number }[] }> {
    const prefixWeight = options.prefixWeight ?? 0.375;
    const fuzzyWeight = options.fuzzyWeight ?? 0.45;
    const lookups = new Map<string, { weight: number; credits: { group: number; credit: number }[] }>();
    const add = (indexTerm: string, weight: number, credits: readonly { group: number; credit: number }[]) => {
      const existing = lookups.get(indexTerm);
      if (!existing) {
        lookups.set(indexTerm, { weight, credits: [...credits] });
        return;
      }
      existing.weight = Math.max(existing.weight, weight);
      for (const credit of credits) {
        const same = existing.credits.find((c) => c.group === credit.group);
        if (!same) existing.credits.push({ ...credit });
        else same.credit = Math.max(same.credit, credit.credit);
      }
    };
    for (const { term, weight, credits, prefix, fuzzy } of terms) {
      add(term, weight, credits);
      if (prefix) {
        for (const longer of this.latin.atPrefix(term).keys()) {
          if (longer === term) continue;
          const distance = longer.length - term.length;
          add(longer, (weight * prefixWeight * longer.length) / (longer.length + 0.3 * distance), credits);
        }
      }
      if (fuzzy > 0) {
        for (const [near, [, distance]] of this.latin.fuzzyGet(term, fuzzy)) {
          if (distance === 0 || lookups.has(near)) continue;
          add(near, (weight * fuzzyWeight * near.length) / (near.length + distance), credits);
        }
      }
    }
    return lookups;
  }
}
