/** Search documents for tests and benchmarks (no test runner needed to import it). */
import { HOLDER_KINDS, type PatentSearchDoc } from "../port";

export const T0 = Date.UTC(2025, 0, 1);

/** A listed patent with sensible defaults; tests override what they are about. */
export function patentDoc(id: string, overrides: Partial<PatentSearchDoc> = {}): PatentSearchDoc {
  return {
    id,
    title: `示例专利 ${id}`,
    abstract: "本发明公开了一种装置。",
    claims: "",
    applicationNumber: null,
    publicationNumber: null,
    type: "INVENTION",
    ipc: [],
    ipcSection: [],
    ipcClass: [],
    ipcSubclass: [],
    ipcGroup: [],
    holderId: "holder-x",
    holderName: "示例研究院(示例)",
    holderKind: "RESEARCH_INSTITUTE",
    clusters: [],
    legalStatus: "VALID",
    listingMode: "ASSIGNMENT",
    priceFen: 1_000_000,
    remainingLifeYears: 10,
    highValue: false,
    listedAt: T0,
    ...overrides,
  };
}


/**
 * A benchmark document from a real patent's text, with the listing facts the source lacks
 * (holder, price, life, flags) spread deterministically by `n`; synthetic, like the demo's.
 */
export function syntheticBenchDoc(id: string, n: number, text: { title: string; abstract: string; claims: string; publicationNumber: string | null }): PatentSearchDoc {
  return patentDoc(id, {
    title: text.title,
    abstract: text.abstract,
    claims: text.claims,
    publicationNumber: text.publicationNumber,
    holderId: `holder-${n % 25}`,
    holderName: `示例持有人${n % 25}(示例)`,
    holderKind: HOLDER_KINDS[n % HOLDER_KINDS.length],
    priceFen: 100_000 * (1 + (n % 50)),
    remainingLifeYears: 1 + (n % 19),
    highValue: n % 7 === 0,
    listedAt: 1_700_000_000_000 + n * 60_000,
  });
}
