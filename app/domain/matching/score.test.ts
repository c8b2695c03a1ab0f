import { describe, expect, it } from "vitest";
import type { PatentSearchDoc } from "../../../search/port";
import { ipcOverlap, rankMatches, readableTerms, scoreCandidate, WEIGHTS, type NeedForMatching } from "./score";

const doc = (over: Partial<PatentSearchDoc> = {}): PatentSearchDoc => ({
  id: "p1",
  title: "一种黑木耳多糖的提取方法",
  abstract: "本发明公开了一种黑木耳多糖的提取方法。",
  claims: "",
  applicationNumber: "CN201710117081.7",
  publicationNumber: null,
  type: "INVENTION",
  ipc: ["A23L31/00", "C08B37/00"],
  ipcSection: ["A", "C"],
  ipcClass: ["A23", "C08"],
  ipcSubclass: ["A23L", "C08B"],
  ipcGroup: ["A23L31", "C08B37"],
  holderId: "h1",
  holderName: "秦岭山地科技学院(示例)",
  holderKind: "UNIVERSITY",
  clusters: ["木耳深加工"],
  legalStatus: "VALID",
  listingMode: "NON_EXCLUSIVE",
  priceFen: 30_000_000, // 30 万元
  remainingLifeYears: 11.2,
  highValue: false,
  listedAt: 0,
  ...over,
});
const need = (over: Partial<NeedForMatching> = {}): NeedForMatching => ({
  ipcHints: ["A23L31/00"],
  clusters: ["木耳深加工"],
  budgetMaxFen: 50_000_000n, // 50 万元
  preferredHolderKinds: ["UNIVERSITY"],
  ...over,
});

describe("need–patent score", () => {
  it("gives every signal its points and says why, in Chinese", () => {
    const m = scoreCandidate(need(), { doc: doc(), relevance: 1, matchedTerms: ["黑木耳", "多糖"] });
    expect(m.score).toBe(WEIGHTS.text + WEIGHTS.ipc.GROUP + WEIGHTS.cluster + WEIGHTS.budget.within + WEIGHTS.life.long + WEIGHTS.holder.preferred);
    expect(m.score).toBe(100);
    expect(m.reasons.map((r) => r.text)).toEqual([
      "匹配关键词：黑木耳、多糖",
      "IPC 同大组（A23L31）",
      "同属产业集群：木耳深加工",
      "报价 30.00万元，在预算 50.00万元 内",
      "剩余保护期约 11.2 年",
      "持有方为高校（符合偏好）",
    ]);
  });

  it("grades budget fit exactly at the edges (fen, no floating point)", () => {
    const at = (priceFen: number | null) => scoreCandidate(need(), { doc: doc({ priceFen }), relevance: 0, matchedTerms: [] }).reasons.find((r) => r.kind === "budget")!;
    expect(at(50_000_000).points).toBe(WEIGHTS.budget.within);
    expect(at(60_000_000).points).toBe(WEIGHTS.budget.slightlyOver); // exactly 120 %
    expect(at(60_000_001).points).toBe(WEIGHTS.budget.over);
    expect(at(null).text).toBe("价格面议或按提成，需洽谈");
    // 120 % of 500,000.04 元 is 600,000.048 元: one fen above it is over, although budget × 1.2 rounded to the fen would admit it.
    const odd = (priceFen: number) => scoreCandidate(need({ budgetMaxFen: 50_000_004n }), { doc: doc({ priceFen }), relevance: 0, matchedTerms: [] }).reasons.find((r) => r.kind === "budget")!.points;
    expect(odd(60_000_004)).toBe(WEIGHTS.budget.slightlyOver);
    expect(odd(60_000_005)).toBe(WEIGHTS.budget.over);
    // A zero budget is never "slightly" exceeded.
    expect(scoreCandidate(need({ budgetMaxFen: 0n }), { doc: doc({ priceFen: 1 }), relevance: 0, matchedTerms: [] }).reasons.find((r) => r.kind === "budget")!.points).toBe(WEIGHTS.budget.over);
  });

  it("finds the deepest shared IPC level, hints may be prefixes", () => {
    expect(ipcOverlap(["A23L 31/00"], doc()).level).toBe("GROUP");
    expect(ipcOverlap(["a23l"], doc()).level).toBe("SUBCLASS");
    expect(ipcOverlap(["A23P"], doc())).toEqual({ level: "CLASS", code: "A23" });
    expect(ipcOverlap(["A61K36/00"], doc()).level).toBe("SECTION");
    expect(ipcOverlap(["H01M"], doc()).level).toBe("NONE");
  });

  it("leaves out signals the need does not ask about", () => {
    const m = scoreCandidate(need({ ipcHints: [], clusters: [], budgetMaxFen: null, preferredHolderKinds: [] }), { doc: doc(), relevance: 0.5, matchedTerms: [] });
    expect(m.reasons.map((r) => r.kind)).toEqual(["terms", "budget", "life", "holder"]);
    expect(m.score).toBe(20 + 5 + 10 + 5);
  });

  it("ranks by score, then relevance, then id, and keeps the top N", () => {
    const cands = [
      { doc: doc({ id: "b", clusters: [] }), relevance: 1, matchedTerms: [] },
      { doc: doc({ id: "a" }), relevance: 0.9, matchedTerms: [] },
      { doc: doc({ id: "c", clusters: [] }), relevance: 1, matchedTerms: [] },
    ];
    expect(rankMatches(need(), cands, 2).map((m) => m.patentId)).toEqual(["a", "b"]);
  });
});

describe("matched words shown to people", () => {
  it("drops single characters and words inside longer ones", () => {
    expect(readableTerms(["黑", "木耳", "黑木耳", "木", "耳", "多糖", "提取", "多糖"])).toEqual(["黑木耳", "多糖", "提取"]);
  });
});
