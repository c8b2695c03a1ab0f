/**
 * The embedded engine's documents as columns, indexed by internal document number: what
 * filters, facets and sorts read is precomputed into typed arrays (facet values as small
 * integer codes), so a query over 100,000 documents touches compact arrays instead of
 * 100,000 scattered objects.
 *
 * Every coded value of a document — facet values, value lists, holder, IPC codes — is one
 * *profile* (the distinct combination, numbered): documents share few of them, so a
 * filter decides once per profile and facets are counted per profile, then spread over
 * the values. A query reads one number per document for both.
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

/** A filter on a coded field of the profile: a profile passes when `allowed[code]` is 1. */
type CodeCheck = { field: number; allowed: Uint8Array; bit: number };
/** Inclusive bounds over a numeric column (NaN, no value, fails both). */
type RangeCheck = { column: Float64Array; low: number; high: number };

/** The mask bit of a failed condition that no facet narrows (IPC prefix, holder, ranges, ids). */
const OTHER_BIT = 1;

/** The mask bit of a facet's own filter (for disjunctive counts). */
export function facetBit(facet: Facet): number {
  return 1 << (FACETS.indexOf(facet) + 1);
}

/** The coded fields of a profile: the facets (value code + 1, or combination id), then holder code + 1 and IPC list id. */
const FACET_FIELDS: readonly Facet[] = [...SINGLE_FACETS, ...MULTI_FACETS];
const HOLDER_FIELD = FACET_FIELDS.length;
const IPC_FIELD = HOLDER_FIELD + 1;
const PROFILE_WIDTH = IPC_FIELD + 1;

/**
 * Compiled filters. Besides a yes/no per document, it gives each profile a mask of the
 * conditions it fails — one bit per facet filtered on, one for all the rest — so one
 * histogram of the matches' profiles serves the results (mask 0) and every disjunctive
 * facet count (mask within that facet's bit). Ranges and ids are decided per document: a
 * document failing one counts nowhere.
 */
export class CompiledFilter {
  /** The bits some condition sets. */
  readonly bits: number;
  /** Whether some condition is decided per document (ranges, ids) rather than per profile. */
  readonly perDocument: boolean;
  /** The failed-condition mask of each profile, -1 until first asked (a filter lives for one search). */
  private readonly profileMasks: Int32Array;

  constructor(
    private readonly codes: readonly CodeCheck[],
    private readonly ranges: readonly RangeCheck[],
    private readonly ids: ReadonlySet<string> | undefined,
    private readonly docIds: readonly string[],
    private readonly profiles: Int32Array,
    private readonly profileRows: Int32Array,
    profileCount: number,
  ) {
    this.bits = codes.reduce((bits, check) => bits | check.bit, ranges.length || ids ? OTHER_BIT : 0);
    this.perDocument = ranges.length > 0 || ids !== undefined;
    this.profileMasks = new Int32Array(profileCount).fill(-1);
  }

  /** The conditions a profile fails, as bits (0: it passes every one). */
  profileMask(profile: number): number {
    let mask = this.profileMasks[profile];
    if (mask >= 0) return mask;
    mask = 0;
    for (const { field, allowed, bit } of this.codes) if (allowed[this.profileRows[profile * PROFILE_WIDTH + field]] !== 1) mask |= bit;
    return (this.profileMasks[profile] = mask);
  }

  /** Whether the document fails a condition decided per document (its mask would have `OTHER_BIT`). */
  failsPerDocument(doc: number): boolean {
    for (const { column, low, high } of this.ranges) if (!(column[doc] >= low && column[doc] <= high)) return true;
    return this.ids !== undefined && !this.ids.has(this.docIds[doc]);
  }

  passes(doc: number): boolean {
    return !(this.perDocument && this.failsPerDocument(doc)) && this.profileMask(this.profiles[doc]) === 0;
  }
}

/**
 * Documents per profile over some set of documents (those passing the per-document
 * conditions): what facet counts are spread from. `touched` lists the profiles counted.
 */
export type ProfileHistogram = { counts: Int32Array; touched: Int32Array; touchedCount: number };

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
  private readonly combinations = new Map<MultiFacet, Combinations<number>>();
  private readonly ipcLists = new Combinations<string>();
  private readonly holderIds = new Dictionary();
  /** Profile number → its fields (`PROFILE_WIDTH` each); profile 0 has no values at all. */
  private profileRows = new Int32Array(64 * PROFILE_WIDTH);
  private profileCount = 1;
  private readonly profileIds = new Map<string, number>([[new Array(PROFILE_WIDTH).fill(EMPTY).join(","), 0]]);
  /** Per document: its profile number (0 for dead numbers). */
  private profiles = new Int32Array(1024);
  /**
   * Per document: a number ordered as the document ids are (ties in every ranking go to the
   * smaller id, and comparing numbers is much cheaper than comparing strings). Kept with
   * the id order (`orders.get("relevance")`): a new document gets the midpoint of its
   * neighbours' labels, and all are renumbered when two neighbours leave no room.
   */
  private labels: Float64Array<ArrayBuffer> | undefined;
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
    for (const facet of FACET_FIELDS) this.dictionaries.set(facet, new Dictionary());
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
    const fields = new Array<number>(PROFILE_WIDTH);
    SINGLE_FACETS.forEach((facet, field) => {
      const facetValue = singleValues[facet];
      fields[field] = facetValue === null ? EMPTY : this.dictionary(facet).code(facetValue) + 1;
    });
    MULTI_FACETS.forEach((facet, i) => {
      const dictionary = this.dictionary(facet);
      const codes = [...new Set(value[facet].map((v) => dictionary.code(v)))].sort((a, b) => a - b);
      fields[SINGLE_FACETS.length + i] = (this.combinations.get(facet) as Combinations<number>).id(codes);
    });
    fields[HOLDER_FIELD] = this.holderIds.code(value.holderId) + 1;
    fields[IPC_FIELD] = this.ipcLists.id(value.ipc.map(normalizeIpc));
    this.profiles[doc] = this.profileOf(fields);
    this.listedAt[doc] = value.listedAt;
    this.priceFen[doc] = value.priceFen ?? Number.NaN;
    this.remainingLife[doc] = value.remainingLifeYears ?? Number.NaN;
    for (const [sort, order] of this.orders) {
      const at = this.positionIn(order, sort, doc);
      order.splice(at, 0, doc);
      if (sort === "relevance" && this.labels) this.labelAt(order, at);
    }
  }

  /** The number of a combination of coded fields, new or known. */
  private profileOf(fields: readonly number[]): number {
    const key = fields.join(",");
    let profile = this.profileIds.get(key);
    if (profile === undefined) {
      profile = this.profileCount++;
      if (this.profileRows.length < this.profileCount * PROFILE_WIDTH) this.profileRows = grow(new Int32Array(this.profileRows.length * 2), this.profileRows);
      this.profileRows.set(fields, profile * PROFILE_WIDTH);
      this.profileIds.set(key, profile);
    }
    return profile;
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
    // A dead number is never a candidate (the posting index drops it too), but give it the
    // empty profile so nothing can count it under its old values.
    this.profiles[doc] = 0;
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

  /** Per document number, a label ordered as the ids are (see `labels`; shared: do not modify). */
  idLabels(): Float64Array {
    if (!this.labels) this.relabel();
    return this.labels as Float64Array;
  }

  /** Labels every live document by its place in id order, `LABEL_GAP` apart. */
  private relabel(): void {
    const labels = new Float64Array(this.listedAt.length);
    this.browseOrder("relevance").forEach((doc, i) => (labels[doc] = (i + 1) * LABEL_GAP));
    this.labels = labels;
  }

  /** Labels the document just placed at `order[at]` between its neighbours (or renumbers all). */
  private labelAt(order: readonly number[], at: number): void {
    const labels = this.labels as Float64Array;
    const low = at > 0 ? labels[order[at - 1]] : 0;
    const high = at + 1 < order.length ? labels[order[at + 1]] : low + 2 * LABEL_GAP;
    const middle = (low + high) / 2;
    if (middle > low && middle < high) labels[order[at]] = middle;
    else this.relabel();
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
      if (wanted && wanted.length > 0) codes.push({ field: FACET_FIELDS.indexOf(facet), allowed: this.allowedCodes(facet, wanted), bit: facetBit(facet) });
    }
    for (const facet of MULTI_FACETS) {
      const wanted = filters[facet];
      if (!wanted || wanted.length === 0) continue;
      const allowedValues = this.allowedCodes(facet, wanted);
      const lists = (this.combinations.get(facet) as Combinations<number>).lists;
      codes.push({ field: FACET_FIELDS.indexOf(facet), allowed: allowedLists(lists, (code) => allowedValues[code + 1] === 1), bit: facetBit(facet) });
    }
    if (filters.ipcPrefix !== undefined && filters.ipcPrefix.trim() !== "") {
      const prefix = normalizeIpc(filters.ipcPrefix);
      codes.push({ field: IPC_FIELD, allowed: allowedLists(this.ipcLists.lists, (code) => code.startsWith(prefix)), bit: OTHER_BIT });
    }
    if (filters.holderId !== undefined) {
      const allowed = new Uint8Array(this.holderIds.values.length + 1);
      const code = this.holderIds.find(filters.holderId);
      if (code !== undefined) allowed[code + 1] = 1;
      codes.push({ field: HOLDER_FIELD, allowed, bit: OTHER_BIT });
    }
    addRange(ranges, this.priceFen, filters.priceMinFen, filters.priceMaxFen);
    addRange(ranges, this.remainingLife, filters.remainingLifeMin, filters.remainingLifeMax);
    const ids = filters.ids === undefined ? undefined : new Set(filters.ids);
    if (codes.length === 0 && ranges.length === 0 && ids === undefined) return undefined;
    return new CompiledFilter(codes, ranges, ids, this.ids, this.profiles, this.profileRows, this.profileCount);
  }

  /** A filter with no condition: every document passes (for code that always asks one). */
  openFilter(): CompiledFilter {
    return new CompiledFilter([], [], undefined, this.ids, this.profiles, this.profileRows, this.profileCount);
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

  /** Per document number: its profile (shared: do not modify). */
  get profileColumn(): Int32Array {
    return this.profiles;
  }

  /** An empty histogram over the current profiles. */
  histogram(): ProfileHistogram {
    return { counts: new Int32Array(this.profileCount), touched: new Int32Array(this.profileCount), touchedCount: 0 };
  }

  /** Adds the first `count` documents of `docs` to the histogram. */
  addToHistogram(histogram: ProfileHistogram, docs: Int32Array, count: number): void {
    const { counts, touched } = histogram;
    const profiles = this.profiles;
    let touchedCount = histogram.touchedCount;
    for (let i = 0; i < count; i++) {
      const profile = profiles[docs[i]];
      if (counts[profile]++ === 0) touched[touchedCount++] = profile;
    }
    histogram.touchedCount = touchedCount;
  }

  /**
   * Facet values counted from a histogram of the matches (those passing the per-document
   * conditions): each facet over the profiles failing no condition but its own (see
   * `CompiledFilter`), so a facet filtered on is counted disjunctively and the others over
   * the results.
   */
  countFacets(histogram: ProfileHistogram, facets: readonly Facet[], filter?: CompiledFilter): FacetCounts {
    const result: FacetCounts = {};
    const { counts: perProfile, touched, touchedCount } = histogram;
    const rows = this.profileRows;
    for (const facet of new Set(facets)) {
      const dictionary = this.dictionaries.get(facet);
      if (!dictionary) continue;
      const field = FACET_FIELDS.indexOf(facet);
      const others = ~facetBit(facet);
      const lists = this.combinations.get(facet as MultiFacet)?.lists;
      const counts = new Int32Array(dictionary.values.length);
      for (let t = 0; t < touchedCount; t++) {
        const profile = touched[t];
        if (filter && (filter.profileMask(profile) & others) !== 0) continue;
        const n = perProfile[profile];
        const code = rows[profile * PROFILE_WIDTH + field];
        if (lists) for (const value of lists[code]) counts[value] += n;
        else if (code !== EMPTY) counts[code - 1] += n;
      }
      result[facet] = toRecord(dictionary.values, counts);
    }
    return result;
  }

  // -------------------------------------------------------------------------------------

  private dictionary(facet: Facet): Dictionary {
    return this.dictionaries.get(facet) as Dictionary;
  }

  private ensureCapacity(documents: number): void {
    if (documents <= this.listedAt.length) return;
    const capacity = Math.max(documents, this.listedAt.length * 2);
    this.listedAt = grow(new Float64Array(capacity), this.listedAt);
    this.priceFen = grow(new Float64Array(capacity), this.priceFen);
    this.remainingLife = grow(new Float64Array(capacity), this.remainingLife);
    this.profiles = grow(new Int32Array(capacity), this.profiles);
    if (this.labels) this.labels = grow(new Float64Array(capacity), this.labels);
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

/** The spacing of fresh id labels: room for about 20 insertions between two neighbours before a renumbering. */
const LABEL_GAP = 2 ** 20;

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
