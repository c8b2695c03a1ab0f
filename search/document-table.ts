/**
 * The embedded engine's documents as columns, indexed by internal document number: what
 * filters, facets and sorts read is precomputed into typed arrays (facet values as small
 * integer codes), so a query over 100,000 documents touches compact arrays instead of
 * 100,000 scattered objects.
 *
 * Filter semantics (shared with the Meilisearch adapter): values within one facet are
 * OR-ed, facets are AND-ed; an empty list means "no constraint" (nothing ticked) — except
 * `ids`, where an empty list restricts to nothing. Numeric bounds are inclusive, and a
 * document without the value never satisfies a bound.
 */
import { FACETS, type Facet, type PatentFilters, type PatentSearchDoc, type Sort } from "./port";

const SINGLE_FACETS = ["type", "holderKind", "listingMode", "legalStatus", "highValue"] as const;
const MULTI_FACETS = ["ipcSection", "ipcClass", "clusters"] as const;
type SingleFacet = (typeof SINGLE_FACETS)[number];
type MultiFacet = (typeof MULTI_FACETS)[number];

/** Value codes are stored plus one: 0 is "no value" (single facets) or "no values" (lists). */
const EMPTY = 0;

/** Facet value ↔ code, per facet; codes are never reused, so counts index by code. */
class Dictionary {
  private readonly codes = new Map<string, number>();
  readonly values: string[] = [];

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  find(value: string): number | undefined {
    return this.codes.get(value);
  }
}

/**
 * Distinct value lists, numbered (0 is the empty list): a document stores one number per
 * list-valued field. Patents share few combinations (a cluster or two, a handful of IPC
 * codes), so filters decide once per combination and facets count per combination, then
 * spread the counts over its values.
 */
class Combinations<T> {
  private readonly ids = new Map<string, number>();
  readonly lists: (readonly T[])[] = [Object.freeze([])];

  id(list: readonly T[]): number {
    if (list.length === 0) return EMPTY;
    const key = `${list.length}:${list.join("\u0000")}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.lists.length;
      this.lists.push(Object.freeze([...list]));
      this.ids.set(key, id);
    }
    return id;
  }
}

/** IPC codes compared without spaces and in upper case: "a23l 31/00" = "A23L31/00". */
export function normalizeIpc(code: string): string {
  return code.replace(/\s+/g, "").toUpperCase();
}

/** What the table keeps of a document: its id and the texts the second stage and the hits read. */
export type StoredDoc = Pick<PatentSearchDoc, "id" | "title" | "abstract" | "claims">;

export type FacetCounts = Partial<Record<Facet, Record<string, number>>>;

/** A filter on a coded column: the document passes when `allowed[column[doc]]` is 1. */
type CodeCheck = { column: Int32Array; allowed: Uint8Array; bit: number };
/** Inclusive bounds over a numeric column (NaN, no value, fails both). */
type RangeCheck = { column: Float64Array; low: number; high: number };

/** The mask bit of a failed condition that no facet narrows (IPC prefix, holder, ranges, ids). */
const OTHER_BIT = 1;

/** The mask bit of a facet's own filter (for disjunctive counts). */
export function facetBit(facet: Facet): number {
  return 1 << (FACETS.indexOf(facet) + 1);
}

/**
 * Compiled filters. Besides a yes/no per document, it gives each document a mask of the
 * conditions it fails — one bit per facet filtered on, one for all the rest — so one pass
 * serves the results (mask 0) and every disjunctive facet count (mask within that facet's
 * bit).
 */
export class CompiledFilter {
  /** The bits some condition sets. */
  readonly bits: number;

  constructor(
    private readonly codes: readonly CodeCheck[],
    private readonly ranges: readonly RangeCheck[],
    private readonly ids: ReadonlySet<string> | undefined,
    private readonly docIds: readonly string[],
  ) {
    this.bits = codes.reduce((bits, check) => bits | check.bit, ranges.length || ids ? OTHER_BIT : 0);
  }

  passes(doc: number): boolean {
    for (const { column, allowed } of this.codes) if (allowed[column[doc]] !== 1) return false;
    for (const { column, low, high } of this.ranges) if (!(column[doc] >= low && column[doc] <= high)) return false;
    return this.ids === undefined || this.ids.has(this.docIds[doc]);
  }

  /** The failed-condition mask of each of the first `count` documents, a column at a time. */
  masks(docs: Int32Array, count: number): Uint16Array {
    const masks = new Uint16Array(count);
    for (const { column, allowed, bit } of this.codes) {
      for (let i = 0; i < count; i++) if (allowed[column[docs[i]]] !== 1) masks[i] |= bit;
    }
    for (const { column, low, high } of this.ranges) {
      for (let i = 0; i < count; i++) {
        const value = column[docs[i]];
        if (!(value >= low && value <= high)) masks[i] |= OTHER_BIT;
      }
    }
    if (this.ids) for (let i = 0; i < count; i++) if (!this.ids.has(this.docIds[docs[i]])) masks[i] |= OTHER_BIT;
    return masks;
  }
}

export class DocumentTable {
  /**
   * Only the texts are kept per document — everything filters, facets and sorts read is in
   * the columns below. Fewer objects per document keep the heap small, and a full garbage
   * collection (which visits every live object) short.
   */
  private docs: (StoredDoc | undefined)[] = [];
  /** `docs[n].id`, kept flat: tie-breaks compare ids of many documents. */
  private ids: string[] = [];
  private live = 0;
  /** Live document numbers, computed on demand and dropped by every write. */
  private liveNumbers: Int32Array | undefined;
  private readonly dictionaries = new Map<Facet, Dictionary>();
  /** Per facet and document: value code + 1 (single facets) or combination id (list facets). */
  private readonly columns = new Map<Facet, Int32Array<ArrayBuffer>>();
  private readonly combinations = new Map<MultiFacet, Combinations<number>>();
  private readonly ipcLists = new Combinations<string>();
  private ipcColumn = new Int32Array(1024);
  private readonly holderIds = new Dictionary();
  /** Holder code + 1. */
  private holderCodes = new Int32Array(1024);
  private listedAt = new Float64Array(1024);
  /** NaN where the document has no value. */
  private priceFen = new Float64Array(1024);
  private remainingLife = new Float64Array(1024);
  /**
   * Every live document in a sort's order (ties by id; "relevance" is by id alone, as
   * nothing scores a query without text): built on first use, then kept in order by every
   * write. Browsing without text reads a page off the front instead of ranking 100,000
   * documents per request.
   */
  private readonly orders = new Map<Sort, number[]>();

  constructor() {
    for (const facet of [...SINGLE_FACETS, ...MULTI_FACETS]) {
      this.dictionaries.set(facet, new Dictionary());
      this.columns.set(facet, new Int32Array(1024));
    }
    for (const facet of MULTI_FACETS) this.combinations.set(facet, new Combinations<number>());
  }

  get size(): number {
    return this.live;
  }

  get(doc: number): StoredDoc | undefined {
    return this.docs[doc];
  }

  idOf(doc: number): string {
    return this.ids[doc];
  }

  set(doc: number, value: PatentSearchDoc): void {
    this.ensureCapacity(doc + 1);
    if (this.docs[doc] !== undefined) this.delete(doc);
    this.live++;
    this.liveNumbers = undefined;
    this.docs[doc] = { id: value.id, title: value.title, abstract: value.abstract, claims: value.claims };
    this.ids[doc] = value.id;
    const singleValues: Record<SingleFacet, string | null> = {
      type: value.type,
      holderKind: value.holderKind,
      listingMode: value.listingMode,
      legalStatus: value.legalStatus,
      highValue: String(value.highValue),
    };
    for (const facet of SINGLE_FACETS) {
      const facetValue = singleValues[facet];
      this.column(facet)[doc] = facetValue === null ? EMPTY : this.dictionary(facet).code(facetValue) + 1;
    }
    for (const facet of MULTI_FACETS) {
      const dictionary = this.dictionary(facet);
      const codes = [...new Set(value[facet].map((v) => dictionary.code(v)))].sort((a, b) => a - b);
      this.column(facet)[doc] = (this.combinations.get(facet) as Combinations<number>).id(codes);
    }
    this.holderCodes[doc] = this.holderIds.code(value.holderId) + 1;
    this.ipcColumn[doc] = this.ipcLists.id(value.ipc.map(normalizeIpc));
    this.listedAt[doc] = value.listedAt;
    this.priceFen[doc] = value.priceFen ?? Number.NaN;
    this.remainingLife[doc] = value.remainingLifeYears ?? Number.NaN;
    for (const [sort, order] of this.orders) order.splice(this.positionIn(order, sort, doc), 0, doc);
  }

  delete(doc: number): void {
    if (this.docs[doc] === undefined) return;
    // Found by its values, so before they are cleared.
    for (const [sort, order] of this.orders) {
      const at = this.positionIn(order, sort, doc);
      if (order[at] === doc) order.splice(at, 1);
    }
    this.docs[doc] = undefined;
    this.liveNumbers = undefined;
    // A dead number is never a candidate (the posting index drops it too), but clear its
    // codes so nothing can count it.
    for (const facet of [...SINGLE_FACETS, ...MULTI_FACETS]) this.column(facet)[doc] = EMPTY;
    this.ipcColumn[doc] = EMPTY;
    this.holderCodes[doc] = EMPTY;
    this.live--;
  }

  /** Live document numbers, in increasing order (shared: do not modify). */
  numbers(): Int32Array {
    if (this.liveNumbers) return this.liveNumbers;
    const numbers = new Int32Array(this.live);
    let count = 0;
    for (let doc = 0; doc < this.docs.length; doc++) if (this.docs[doc] !== undefined) numbers[count++] = doc;
    this.liveNumbers = numbers;
    return numbers;
  }

  // -------------------------------------------------------------------------------------
  // Sort keys

  /** Document ids by number, for tie-breaks (shared: do not modify). */
  get idColumn(): readonly string[] {
    return this.ids;
  }

  /**
   * The sort key of each of the first `count` documents, larger first: newest listing,
   * lowest or highest price, most remaining life. A document without the value gets
   * -Infinity, so it sorts last whichever the direction.
   */
  sortKeys(sort: Exclude<Sort, "relevance">, docs: Int32Array, count: number): Float64Array {
    const keys = new Float64Array(count);
    const keyOf = this.sortKeyOf(sort);
    for (let i = 0; i < count; i++) keys[i] = keyOf(docs[i]);
    return keys;
  }

  /** One document's sort key, as `sortKeys` describes it. */
  private sortKeyOf(sort: Exclude<Sort, "relevance">): (doc: number) => number {
    const column = sort === "newest" ? this.listedAt : sort === "remaining-life-desc" ? this.remainingLife : this.priceFen;
    const sign = sort === "price-asc" ? -1 : 1;
    return (doc) => (Number.isNaN(column[doc]) ? Number.NEGATIVE_INFINITY : sign * column[doc]);
  }

  /** Live documents in `sort` order (see `orders`; shared: do not modify). */
  browseOrder(sort: Sort): readonly number[] {
    let order = this.orders.get(sort);
    if (!order) {
      const compare = this.browseComparator(sort);
      order = Array.from(this.numbers()).sort(compare);
      this.orders.set(sort, order);
    }
    return order;
  }

  /** Key descending (a missing value last), then id ascending. */
  private browseComparator(sort: Sort): (a: number, b: number) => number {
    const ids = this.ids;
    const byId = (a: number, b: number) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
    if (sort === "relevance") return byId;
    const key = this.sortKeyOf(sort);
    return (a, b) => {
      const x = key(a);
      const y = key(b);
      return x !== y ? (x > y ? -1 : 1) : byId(a, b);
    };
  }

  /** Where `doc` is (or belongs) in `order`: the first position not before it. */
  private positionIn(order: readonly number[], sort: Sort, doc: number): number {
    const compare = this.browseComparator(sort);
    let low = 0;
    let high = order.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compare(order[mid], doc) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  // -------------------------------------------------------------------------------------
  // Filters

  /**
   * The filters, compiled; `undefined` when nothing is filtered. Every facet and IPC
   * condition is decided ahead per value code or value combination, so checking a
   * document is a few array reads.
   */
  compileFilter(filters: PatentFilters | undefined): CompiledFilter | undefined {
    if (!filters) return undefined;
    const codes: CodeCheck[] = [];
    const ranges: RangeCheck[] = [];
    for (const facet of SINGLE_FACETS) {
      const wanted = facet === "highValue" ? (filters.highValue === undefined ? undefined : [String(filters.highValue)]) : filters[facet];
      if (wanted && wanted.length > 0) codes.push({ column: this.column(facet), allowed: this.allowedCodes(facet, wanted), bit: facetBit(facet) });
    }
    for (const facet of MULTI_FACETS) {
      const wanted = filters[facet];
      if (!wanted || wanted.length === 0) continue;
      const allowedValues = this.allowedCodes(facet, wanted);
      const lists = (this.combinations.get(facet) as Combinations<number>).lists;
      codes.push({ column: this.column(facet), allowed: allowedLists(lists, (code) => allowedValues[code + 1] === 1), bit: facetBit(facet) });
    }
    if (filters.ipcPrefix !== undefined && filters.ipcPrefix.trim() !== "") {
      const prefix = normalizeIpc(filters.ipcPrefix);
      codes.push({ column: this.ipcColumn, allowed: allowedLists(this.ipcLists.lists, (code) => code.startsWith(prefix)), bit: OTHER_BIT });
    }
    if (filters.holderId !== undefined) {
      const allowed = new Uint8Array(this.holderIds.values.length + 1);
      const code = this.holderIds.find(filters.holderId);
      if (code !== undefined) allowed[code + 1] = 1;
      codes.push({ column: this.holderCodes, allowed, bit: OTHER_BIT });
    }
    addRange(ranges, this.priceFen, filters.priceMinFen, filters.priceMaxFen);
    addRange(ranges, this.remainingLife, filters.remainingLifeMin, filters.remainingLifeMax);
    const ids = filters.ids === undefined ? undefined : new Set(filters.ids);
    if (codes.length === 0 && ranges.length === 0 && ids === undefined) return undefined;
    return new CompiledFilter(codes, ranges, ids, this.ids);
  }

  /** `allowed[code + 1]` is 1 for the wanted values; values no document has match nothing. */
  private allowedCodes(facet: Facet, wanted: readonly string[]): Uint8Array {
    const dictionary = this.dictionary(facet);
    const allowed = new Uint8Array(dictionary.values.length + 1);
    for (const value of wanted) {
      const code = dictionary.find(value);
      if (code !== undefined) allowed[code + 1] = 1;
    }
    return allowed;
  }

  // -------------------------------------------------------------------------------------
  // Facets

  /**
   * Counts facet values over the first `count` documents of `docs` — with `masks` (see
   * `CompiledFilter.masks`), over those failing no filter but the ones in `ignoredBits`: one
   * pass per facet over its column, counting codes (or combinations, then spread over their
   * values).
   */
  countFacets(docs: Int32Array, count: number, facets: readonly Facet[], masks?: Uint16Array, ignoredBits = 0): FacetCounts {
    const result: FacetCounts = {};
    const keepBits = ~ignoredBits;
    for (const facet of new Set(facets)) {
      const dictionary = this.dictionaries.get(facet);
      if (!dictionary) continue;
      const combinations = this.combinations.get(facet as MultiFacet);
      const column = this.column(facet);
      const perCode = new Int32Array((combinations ? combinations.lists.length : dictionary.values.length) + 1);
      if (masks) {
        for (let i = 0; i < count; i++) if ((masks[i] & keepBits) === 0) perCode[column[docs[i]]]++;
      } else {
        for (let i = 0; i < count; i++) perCode[column[docs[i]]]++;
      }
      const counts = new Int32Array(dictionary.values.length);
      if (combinations) {
        for (let id = 1; id < combinations.lists.length; id++) {
          if (perCode[id] === 0) continue;
          for (const code of combinations.lists[id]) counts[code] += perCode[id];
        }
      } else {
        for (let code = 0; code < counts.length; code++) counts[code] = perCode[code + 1];
      }
      result[facet] = toRecord(dictionary.values, counts);
    }
    return result;
  }

  // -------------------------------------------------------------------------------------

  private dictionary(facet: Facet): Dictionary {
    return this.dictionaries.get(facet) as Dictionary;
  }

  private column(facet: Facet): Int32Array<ArrayBuffer> {
    return this.columns.get(facet) as Int32Array<ArrayBuffer>;
  }

  private ensureCapacity(documents: number): void {
    if (documents <= this.listedAt.length) return;
    const capacity = Math.max(documents, this.listedAt.length * 2);
    this.listedAt = grow(new Float64Array(capacity), this.listedAt);
    this.priceFen = grow(new Float64Array(capacity), this.priceFen);
    this.remainingLife = grow(new Float64Array(capacity), this.remainingLife);
    this.holderCodes = grow(new Int32Array(capacity), this.holderCodes);
    this.ipcColumn = grow(new Int32Array(capacity), this.ipcColumn);
    for (const [facet, column] of this.columns) this.columns.set(facet, grow(new Int32Array(capacity), column));
  }
}

/** `allowed[id]` for each list: 1 when one of its values passes. */
function allowedLists<T>(lists: readonly (readonly T[])[], passes: (value: T) => boolean): Uint8Array {
  const allowed = new Uint8Array(lists.length);
  lists.forEach((list, id) => {
    if (list.some(passes)) allowed[id] = 1;
  });
  return allowed;
}

function grow<T extends Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer>>(target: T, source: ArrayLike<number>): T {
  target.set(source);
  return target;
}

/** Inclusive bounds over a column where NaN (no value) never satisfies a bound. */
function addRange(ranges: RangeCheck[], column: Float64Array, min: number | undefined, max: number | undefined): void {
  if (min === undefined && max === undefined) return;
  ranges.push({ column, low: min ?? Number.NEGATIVE_INFINITY, high: max ?? Number.POSITIVE_INFINITY });
}

/** Non-zero counts as a record, values in code order (stable: first seen first). */
function toRecord(values: readonly string[], counts: Int32Array): Record<string, number> {
  const record: Record<string, number> = {};
  const present = values.map((value, code) => [value, counts[code]] as const).filter(([, n]) => n > 0);
  present.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [value, n] of present) record[value] = n;
  return record;
}
