import { describe, expect, it } from "vitest";
import type { PatentSearchDoc } from "../../../search/port";
import {
  ipcOverlap,
  MATCH_FLOOR,
  rankMatches,
  readableTerms,
  saturatedRelevance,
  SCORE_HALF_TERMS,
  scoreCandidate,
  storedMatchFits,
  technicalScore,
  WEIGHTS,
  type NeedForMatching,
} from "./score";

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
    expect(m.score).toBe(WEIGHTS.technical + WEIGHTS.cluster + WEIGHTS.budget.within + WEIGHTS.life.long + WEIGHTS.holder.preferred);
    expect(m.score).toBe(100);
    expect(m.fits).toBe(true);
    expect(m.reasons.map((r) => r.text)).toEqual([
      "匹配关键词：黑木耳、多糖",
      "IPC 同大组（A23L31）",
      "同属产业集群：木耳深加工",
      "报价 30万元，在预算 50万元 内",
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
    expect(m.score).toBeCloseTo(WEIGHTS.technical * 0.5 + 0.5 + 1 + 0.25, 1);
  });

  it("ranks by score, then relevance, then id, and keeps the top N", () => {
    const cands = [
      { doc: doc({ id: "b", clusters: [] }), relevance: 0.9, matchedTerms: [] },
      { doc: doc({ id: "a" }), relevance: 0.9, matchedTerms: [] },
      { doc: doc({ id: "c", clusters: [] }), relevance: 0.9, matchedTerms: [] },
    ];
    expect(rankMatches(need(), cands, 2).map((m) => m.patentId)).toEqual(["a", "b"]);
  });

  it("lets budget, life, holder and cluster reorder near-ties only", () => {
    const cheapBest = doc({ id: "cheap", priceFen: 1, remainingLifeYears: 19, holderKind: "UNIVERSITY" });
    const dearWorst = doc({ id: "dear", priceFen: 900_000_000, remainingLifeYears: 0.5, holderKind: "SOE", clusters: [] });
    // Everything else equal, the structured signals decide between equally relevant patents …
    expect(rankMatches(need(), [{ doc: dearWorst, relevance: 0.6, matchedTerms: [] }, { doc: cheapBest, relevance: 0.6, matchedTerms: [] }]).map((m) => m.patentId)).toEqual(["cheap", "dear"]);
    // … and within the bound (tieBreak ÷ technical of the text relevance) they may overturn a slightly better one …
    const bound = WEIGHTS.tieBreak / (WEIGHTS.technical * (1 - WEIGHTS.ipcShare));
    expect(rankMatches(need(), [{ doc: dearWorst, relevance: 0.6 + bound / 2, matchedTerms: [] }, { doc: cheapBest, relevance: 0.6, matchedTerms: [] }])[0].patentId).toBe("cheap");
    // … but never one whose technical score is clearly higher.
    expect(rankMatches(need(), [{ doc: cheapBest, relevance: 0.6, matchedTerms: [] }, { doc: dearWorst, relevance: 0.6 + bound + 0.001, matchedTerms: [] }])[0].patentId).toBe("dear");
  });

  it("never lets the budget beat technical relevance", () => {
    for (let rel = 0; rel <= 0.95; rel += 0.05) {
      const relevant = doc({ id: "relevant", priceFen: 900_000_000 }); // over budget
      const cheap = doc({ id: "cheap", priceFen: 1 }); // within budget
      const [first] = rankMatches(need({ ipcHints: [], clusters: [] }), [
        { doc: cheap, relevance: rel, matchedTerms: [] },
        { doc: relevant, relevance: rel + 0.05, matchedTerms: [] },
      ]);
      expect(first.patentId).toBe("relevant");
    }
  });

  it("gives IPC overlap a share of the technical score when the need names classes", () => {
    expect(technicalScore(0.5, null)).toBe(0.5);
    expect(technicalScore(0.5, "GROUP")).toBeCloseTo(0.8 * 0.5 + 0.2 * 1);
    expect(technicalScore(0.5, "NONE")).toBeCloseTo(0.4);
  });
});

describe("the nothing-fits floor", () => {
  it("maps engine scores to an absolute 0–1 relevance, whatever the other candidates, scaled to the catalog", () => {
    const idfMax = (n: number) => Math.log(1 + (n - 0.5) / 1.5);
    expect(saturatedRelevance(0, 450)).toBe(0);
    expect(saturatedRelevance(-3, 450)).toBe(0);
    expect(saturatedRelevance(Number.NaN, 450)).toBe(0);
    expect(saturatedRelevance(SCORE_HALF_TERMS * idfMax(450), 450)).toBeCloseTo(0.5);
    expect(saturatedRelevance(SCORE_HALF_TERMS * idfMax(58), 58)).toBeCloseTo(0.5);
    // The same score is worth more in a small catalog, whose BM25 weights are smaller.
    expect(saturatedRelevance(5, 58)).toBeGreaterThan(saturatedRelevance(5, 3000));
    expect(saturatedRelevance(1e9, 450)).toBeLessThan(1);
  });

  it("marks matches below the floor as not fitting, without reordering them", () => {
    const floor = 0.4;
    const low = { doc: doc({ id: "low" }), relevance: floor - 0.01, matchedTerms: [] };
    const at = { doc: doc({ id: "at", clusters: [], priceFen: 900_000_000, remainingLifeYears: 0.5 }), relevance: floor, matchedTerms: [] };
    const ranked = rankMatches(need(), [low, at], 20, floor);
    // A near-tie: the structured signals put the one below the floor first; it still does not fit.
    expect(ranked.map((m) => [m.patentId, m.fits])).toEqual([
      ["low", false],
      ["at", true],
    ]);
    expect(storedMatchFits(ranked[0].reasons, floor)).toBe(false);
    expect(storedMatchFits(ranked[1].reasons, floor)).toBe(true);
    expect(storedMatchFits([{ kind: "terms", text: "匹配关键词：木耳", points: 40 }], floor)).toBe(true); // stored before relevance was recorded
  });

  it("uses the production floor by default (0 until cross-validation shows a floor that helps held-out)", () => {
    expect(MATCH_FLOOR).toBeGreaterThanOrEqual(0);
    expect(MATCH_FLOOR).toBeLessThan(1);
    expect(scoreCandidate(need(), { doc: doc(), relevance: MATCH_FLOOR, matchedTerms: [] }).fits).toBe(true);
  });
});

describe("matched words shown to people", () => {
  it("drops single characters and words inside longer ones", () => {
    expect(readableTerms(["黑", "木耳", "黑木耳", "木", "耳", "多糖", "提取", "多糖"])).toEqual(["黑木耳", "多糖", "提取"]);
  });

  it("names the need's own terms that carried the score, never boilerplate, and keeps its technical single characters", () => {
    const matched = ["本发明", "所述", "镉", "砷", "稻米", "杏鲍菇", "菇", "检测"];
    expect(readableTerms(matched, 6, ["稻米", "镉", "砷", "检测", "菇"])).toEqual(["镉", "砷", "稻米", "菇", "检测"]);
    expect(readableTerms(["本发明", "所述", "一种", "烘干"])).toEqual(["烘干"]);
  });
});
