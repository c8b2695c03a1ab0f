/** Search documents for tests and benchmarks (no test runner needed to import it). */
import type { PatentSearchDoc } from "../port";

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

