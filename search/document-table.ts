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
import type { Facet, PatentFilters, PatentSearchDoc } from "./port";

const SINGLE_FACETS = ["type", "holderKind", "listingMode", "legalStatus", "highValue"] as const;
const MULTI_FACETS = ["ipcSection", "ipcClass", "clusters"] as const;
type SingleFacet = (typeof SINGLE_FACETS)[number];
type MultiFacet = (typeof MULTI_FACETS)[number];

const NONE = -1;
const NO_CODES: readonly number[] = Object.freeze([]);

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

/** IPC codes compared without spaces and in upper case: "a23l 31/00" = "A23L31/00". */
export function normalizeIpc(code: string): string {
  return code.replace(/\s+/g, "").toUpperCase();
}

export type FacetCounts = Partial<Record<Facet, Record<string, number>>>;

type Predicate = (doc: number) => boolean;

export class DocumentTable {
  private docs: (PatentSearchDoc | undefined)[] = [];
  /** `docs[n].id`, kept flat: tie-breaks compare ids of many documents. */
  private ids: string[] = [];
  private live = 0;
  private readonly dictionaries = new Map<Facet, Dictionary>();
  private readonly single = new Map<SingleFacet, Int32Array<ArrayBuffer>>();
  private readonly multi = new Map<MultiFacet, (readonly number[])[]>();
  /** Code arrays are shared between documents with the same values (few distinct combinations). */
  private readonly internedCodes = new Map<string, readonly number[]>();
  private readonly holderIds = new Dictionary();
  private holderCodes = new Int32Array(1024);
  private ipcCodes: (readonly string[])[] = [];
  private listedAt = new Float64Array(1024);
  /** NaN where the document has no value. */
  private priceFen = new Float64Array(1024);
  private remainingLife = new Float64Array(1024);

  constructor() {
    for (const facet of [...SINGLE_FACETS, ...MULTI_FACETS]) this.dictionaries.set(facet, new Dictionary());
    for (const facet of SINGLE_FACETS) this.single.set(facet, new Int32Array(1024));
    for (const facet of MULTI_FACETS) this.multi.set(facet, []);
  }

  get size(): number {
    return this.live;
  }

  get(doc: number): PatentSearchDoc | undefined {
    return this.docs[doc];
  }

  set(doc: number, value: PatentSearchDoc): void {
    this.ensureCapacity(doc + 1);
    if (this.docs[doc] === undefined) this.live++;
    this.docs[doc] = value;
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
      (this.single.get(facet) as Int32Array)[doc] = facetValue === null ? NONE : this.dictionary(facet).code(facetValue);
    }
    for (const facet of MULTI_FACETS) (this.multi.get(facet) as (readonly number[])[])[doc] = this.intern(facet, value[facet]);
    this.holderCodes[doc] = this.holderIds.code(value.holderId);
    const normalized = value.ipc.map(normalizeIpc);
    this.ipcCodes[doc] = normalized.every((code, i) => code === value.ipc[i]) ? value.ipc : normalized;
    this.listedAt[doc] = value.listedAt;
    this.priceFen[doc] = value.priceFen ?? Number.NaN;
    this.remainingLife[doc] = value.remainingLifeYears ?? Number.NaN;
  }

  delete(doc: number): void {
    if (this.docs[doc] === undefined) return;
    this.docs[doc] = undefined;
    this.ipcCodes[doc] = NO_IPC;
    for (const facet of MULTI_FACETS) (this.multi.get(facet) as (readonly number[])[])[doc] = NO_CODES;
    this.live--;
  }

  /** Live document numbers, in increasing order. */
  numbers(): Int32Array {
    const numbers = new Int32Array(this.live);
    let count = 0;
    for (let doc = 0; doc < this.docs.length; doc++) if (this.docs[doc] !== undefined) numbers[count++] = doc;
    return numbers;
  }

  // -------------------------------------------------------------------------------------
  // Sort keys

  /** Orders two documents by id. */
  compareIds(a: number, b: number): number {
    const x = this.ids[a];
    const y = this.ids[b];
    return x < y ? -1 : x > y ? 1 : 0;
  }

  listedAtOf(doc: number): number {
    return this.listedAt[doc];
  }

  /** Null as NaN. */
  priceOf(doc: number): number {
    return this.priceFen[doc];
  }

  /** Null as NaN. */
  remainingLifeOf(doc: number): number {
    return this.remainingLife[doc];
  }

  // -------------------------------------------------------------------------------------
  // Filters

  /** The filters as one predicate over document numbers; `undefined` when nothing is filtered. */
  compileFilter(filters: PatentFilters | undefined): Predicate | undefined {
    if (!filters) return undefined;
    const checks: Predicate[] = [];
    this.addSingleCheck(checks, "type", filters.type);
    this.addSingleCheck(checks, "holderKind", filters.holderKind);
    this.addSingleCheck(checks, "listingMode", filters.listingMode);
    this.addSingleCheck(checks, "legalStatus", filters.legalStatus);
    if (filters.highValue !== undefined) this.addSingleCheck(checks, "highValue", [String(filters.highValue)]);
    this.addMultiCheck(checks, "ipcSection", filters.ipcSection);
    this.addMultiCheck(checks, "ipcClass", filters.ipcClass);
    this.addMultiCheck(checks, "clusters", filters.clusters);
    if (filters.ipcPrefix !== undefined && filters.ipcPrefix.trim() !== "") {
      const prefix = normalizeIpc(filters.ipcPrefix);
      const ipcCodes = this.ipcCodes;
      checks.push((doc) => {
        for (const code of ipcCodes[doc]) if (code.startsWith(prefix)) return true;
        return false;
      });
    }
    if (filters.holderId !== undefined) {
      const code = this.holderIds.find(filters.holderId) ?? NONE - 1;
      const holders = this.holderCodes;
      checks.push((doc) => holders[doc] === code);
    }
    if (filters.ids !== undefined) {
      const ids = new Set(filters.ids);
      checks.push((doc) => ids.has((this.docs[doc] as PatentSearchDoc).id));
    }
    addRange(checks, this.priceFen, filters.priceMinFen, filters.priceMaxFen);
    addRange(checks, this.remainingLife, filters.remainingLifeMin, filters.remainingLifeMax);

    if (checks.length === 0) return undefined;
    if (checks.length === 1) return checks[0];
    return (doc) => {
      for (const check of checks) if (!check(doc)) return false;
      return true;
    };
  }

  private addSingleCheck(checks: Predicate[], facet: SingleFacet, wanted: readonly string[] | undefined): void {
    if (!wanted || wanted.length === 0) return;
    const codes = this.wantedCodes(facet, wanted);
    const column = this.single.get(facet) as Int32Array;
    checks.push((doc) => codes.has(column[doc]));
  }

  private addMultiCheck(checks: Predicate[], facet: MultiFacet, wanted: readonly string[] | undefined): void {
    if (!wanted || wanted.length === 0) return;
    const codes = this.wantedCodes(facet, wanted);
    const column = this.multi.get(facet) as (readonly number[])[];
    checks.push((doc) => {
      for (const code of column[doc]) if (codes.has(code)) return true;
      return false;
    });
  }

  /** Codes of the wanted values; values no document has simply match nothing. */
  private wantedCodes(facet: Facet, wanted: readonly string[]): Set<number> {
    const dictionary = this.dictionary(facet);
    const codes = new Set<number>();
    for (const value of wanted) {
      const code = dictionary.find(value);
      if (code !== undefined) codes.add(code);
    }
    return codes;
  }

  // -------------------------------------------------------------------------------------
  // Facets

  /** Counts facet values over the first `count` documents of `docs`. */
  countFacets(docs: ArrayLike<number>, count: number, facets: readonly Facet[]): FacetCounts {
    const result: FacetCounts = {};
    for (const facet of new Set(facets)) {
      const dictionary = this.dictionaries.get(facet);
      if (!dictionary) continue;
      const counts = new Int32Array(dictionary.values.length);
      const single = this.single.get(facet as SingleFacet);
      if (single) {
        for (let i = 0; i < count; i++) {
          const code = single[docs[i]];
          if (code !== NONE) counts[code]++;
        }
      } else {
        const multi = this.multi.get(facet as MultiFacet) as (readonly number[])[];
        for (let i = 0; i < count; i++) for (const code of multi[docs[i]]) counts[code]++;
      }
      result[facet] = toRecord(dictionary.values, counts);
    }
    return result;
  }

  // -------------------------------------------------------------------------------------

  private dictionary(facet: Facet): Dictionary {
    return this.dictionaries.get(facet) as Dictionary;
  }

  private intern(facet: MultiFacet, values: readonly string[]): readonly number[] {
    if (values.length === 0) return NO_CODES;
    const dictionary = this.dictionary(facet);
    const codes = [...new Set(values.map((value) => dictionary.code(value)))].sort((a, b) => a - b);
    const key = `${facet}:${codes.join(",")}`;
    let shared = this.internedCodes.get(key);
    if (!shared) this.internedCodes.set(key, (shared = Object.freeze(codes)));
    return shared;
  }

  private ensureCapacity(documents: number): void {
    if (documents <= this.listedAt.length) return;
    const capacity = Math.max(documents, this.listedAt.length * 2);
    this.listedAt = grow(new Float64Array(capacity), this.listedAt);
    this.priceFen = grow(new Float64Array(capacity), this.priceFen);
    this.remainingLife = grow(new Float64Array(capacity), this.remainingLife);
    this.holderCodes = grow(new Int32Array(capacity), this.holderCodes);
    for (const facet of SINGLE_FACETS) this.single.set(facet, grow(new Int32Array(capacity), this.single.get(facet) as Int32Array));
  }
}

const NO_IPC: readonly string[] = Object.freeze([]);

function grow<T extends Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer>>(target: T, source: ArrayLike<number>): T {
  target.set(source);
  return target;
}

/** Inclusive bounds over a column where NaN (no value) never satisfies a bound. */
function addRange(checks: Predicate[], column: Float64Array, min: number | undefined, max: number | undefined): void {
  if (min === undefined && max === undefined) return;
  const low = min ?? Number.NEGATIVE_INFINITY;
  const high = max ?? Number.POSITIVE_INFINITY;
  // NaN fails both comparisons, so documents without a value drop out.
  checks.push((doc) => column[doc] >= low && column[doc] <= high);
}

/** Non-zero counts as a record, values in code order (stable: first seen first). */
function toRecord(values: readonly string[], counts: Int32Array): Record<string, number> {
  const record: Record<string, number> = {};
  const present = values.map((value, code) => [value, counts[code]] as const).filter(([, n]) => n > 0);
  present.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [value, n] of present) record[value] = n;
  return record;
}
