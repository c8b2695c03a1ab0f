/** The embedded engine's absolute relevance, its floor and the answer to a query with nothing to search for (issue 18, items 3 and 6). */
import { describe, expect, it } from "vitest";
import { createEmbeddedEngine, JUNK_SUGGESTION } from "./embedded";
import { conceptWeights, matchedConcepts, minimumShouldMatch, MINIMUM_SHOULD_MATCH_SHARE, RELEVANCE_FLOOR, relevanceOf } from "./embedded-ranking";
import type { PatentSearchDoc, SearchEngine } from "./port";
import { analyzeQuery } from "./segmenter";
import { patentDoc } from "./testing/documents";

const DOCS: PatentSearchDoc[] = [
  patentDoc("both", { title: "木耳烘干设备", abstract: "一种木耳烘干设备，热风循环，烘干均匀。", holderKind: "UNIVERSITY" }),
  patentDoc("fungus", { title: "木耳种植大棚", abstract: "一种木耳种植大棚，遮阳保湿。", holderKind: "SOE" }),
  patentDoc("fungus2", { title: "木耳菌包", abstract: "木耳菌包的制作，木耳木耳。", holderKind: "SOE" }),
  patentDoc("dryer", { title: "谷物烘干塔", abstract: "一种谷物烘干塔，节能。", holderKind: "UNIVERSITY" }),
  patentDoc("other1", { title: "镁合金轧制工艺", abstract: "一种镁合金板材的轧制工艺。" }),
  patentDoc("other2", { title: "石墨烯导热膜", abstract: "一种石墨烯导热膜的制备。" }),
  patentDoc("other3", { title: "中药饮片炮制", abstract: "一种中药饮片的炮制方法。" }),
  patentDoc("other4", { title: "茶叶揉捻机", abstract: "一种茶叶揉捻机，揉捻均匀。" }),
];

async function engineWith(docs: PatentSearchDoc[], relevanceFloor?: number): Promise<SearchEngine> {
  const engine = createEmbeddedEngine({ relevanceFloor });
  await engine.init();
  await engine.index(docs);
  return engine;
}

describe("absolute relevance", () => {
  it("is in [0, 1] for every hit of a query, 1 for a document with every word, and absent without a query", async () => {
    const engine = await engineWith(DOCS);
    const { hits } = await engine.search({ q: "木耳 烘干" });
    expect(hits.length).toBeGreaterThan(2);
    for (const hit of hits) {
      expect(hit.relevance).toBeGreaterThanOrEqual(0);
      expect(hit.relevance).toBeLessThanOrEqual(1);
    }
    expect(hits.find((hit) => hit.id === "both")?.relevance).toBe(1);
    expect((await engine.search({ q: "" })).hits.every((hit) => hit.relevance === undefined && hit.lowRelevance === undefined)).toBe(true);
  });

  it("does not depend on the other hits: the best hit of a query half answered is not 1, and a hit's relevance is the same alone", async () => {
    const engine = await engineWith(DOCS);
    const withBest = await engine.search({ q: "木耳 烘干" });
    const fungus = withBest.hits.find((hit) => hit.id === "fungus")?.relevance;
    expect(fungus).toBeGreaterThan(0);
    expect(fungus).toBeLessThan(1);
    // Without the document that has both words, the best hit still answers only half.
    const without = await engine.search({ q: "木耳 烘干", filters: { holderKind: ["SOE"] } });
    expect(without.hits[0].relevance).toBeLessThan(1);
    expect(without.hits.find((hit) => hit.id === "fungus")?.relevance).toBe(fungus);
    expect((await engine.search({ q: "木耳 烘干", filters: { ids: ["fungus"] } })).hits[0].relevance).toBe(fungus);
  });

  it("weighs a query's words by their information; stop words weigh nothing", () => {
    const query = analyzeQuery("木耳 装置");
    const weights = conceptWeights(query, { documentCount: 100, documentFrequency: (word) => (word === "木耳" ? 5 : 60) }, (word) => word === "装置");
    expect([...weights]).toEqual([expect.any(Number), 0]);
    expect(weights[0]).toBeGreaterThan(0);
    // A word no document has weighs more than a word some have.
    const rare = conceptWeights(analyzeQuery("量子 芯片"), { documentCount: 100, documentFrequency: (word) => (word === "量子" ? 0 : 10) }, () => false);
    expect(rare[0]).toBeGreaterThan(rare[1]);
    // Matching only the common word answers less than half of what was asked.
    expect(relevanceOf([0, 1], 0, rare)).toBeLessThan(0.5);
    expect(relevanceOf([1, 1], 0, rare)).toBe(1);
    expect(relevanceOf([0.5, 0.5], 0, rare)).toBeCloseTo(0.5);
  });
});

describe("relevance floor", () => {
  it("is a calibrated number in (0, 1)", () => {
    expect(RELEVANCE_FLOOR).toBeGreaterThan(0);
    expect(RELEVANCE_FLOOR).toBeLessThan(1);
  });

  it("flags the hits below it and ranks them after all the others, in their order", async () => {
    const floor = 0.6;
    const tiered = await engineWith(DOCS, floor);
    const flat = await engineWith(DOCS, 0);
    const { hits } = await tiered.search({ q: "木耳 烘干" });
    const low = hits.filter((hit) => hit.lowRelevance);
    expect(low.length).toBeGreaterThan(0);
    expect(hits.some((hit) => !hit.lowRelevance)).toBe(true);
    for (const hit of hits) expect(hit.lowRelevance).toBe((hit.relevance as number) < floor);
    const firstLow = hits.findIndex((hit) => hit.lowRelevance);
    expect(hits.slice(firstLow).every((hit) => hit.lowRelevance)).toBe(true);
    const flatOrder = (await flat.search({ q: "木耳 烘干" })).hits.map((hit) => hit.id);
    expect(low.map((hit) => hit.id)).toEqual(flatOrder.filter((id) => low.some((hit) => hit.id === id)));
    // Scores are the engine's, unshifted: the same as without the floor.
    const flatScores = new Map((await flat.search({ q: "木耳 烘干" })).hits.map((hit) => [hit.id, hit.score]));
    for (const hit of hits) expect(hit.score).toBeCloseTo(flatScores.get(hit.id) as number, 9);
  });

  it("leaves out hits below minRelevance; total and facet counts follow what is returned", async () => {
    const engine = await engineWith(DOCS);
    const all = await engine.search({ q: "木耳 烘干", facets: ["holderKind"] });
    const minimum = 0.6;
    const kept = all.hits.filter((hit) => (hit.relevance as number) >= minimum);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(all.hits.length);
    const result = await engine.search({ q: "木耳 烘干", minRelevance: minimum, facets: ["holderKind"] });
    expect(result.hits.map((hit) => hit.id)).toEqual(kept.map((hit) => hit.id));
    expect(result.total).toBe(kept.length);
    const counted = Object.values(result.facets.holderKind ?? {}).reduce((sum, n) => sum + n, 0);
    expect(counted).toBe(kept.length);
    // A facet filtered on is still counted disjunctively, over the relevant documents only.
    const filtered = await engine.search({ q: "木耳 烘干", minRelevance: minimum, filters: { holderKind: ["SOE"] }, facets: ["holderKind"] });
    expect(filtered.hits.every((hit) => kept.some((k) => k.id === hit.id))).toBe(true);
    expect(filtered.facets.holderKind).toEqual(result.facets.holderKind);
    await expect(engine.search({ q: "木耳", minRelevance: 2 })).rejects.toThrow(/minRelevance/);
  });
});

describe("a query with nothing to search for", () => {
  it.each(["的 了", "<p>&nbsp;</p>", "，。！？", "本发明 所述 一种"])("%s: no hits, total 0 and a suggestion", async (q) => {
    const engine = await engineWith(DOCS);
    const result = await engine.search({ q, facets: ["holderKind"] });
    expect(result.hits).toEqual([]);
    expect(result.total).toBe(0);
    expect(result.suggestion).toBe(JUNK_SUGGESTION);
    expect(Object.values(result.facets.holderKind ?? {}).every((n) => n === 0)).toBe(true);
  });

  it("a query of one common character is still a query (a need's prose drops those, a typed query does not)", async () => {
    const engine = await engineWith([...DOCS, patentDoc("mountain", { title: "山地果园运输车", abstract: "一种山地果园用运输车。" })]);
    const result = await engine.search({ q: "山" });
    expect(result.suggestion).toBeUndefined();
    expect(result.hits.map((hit) => hit.id)).toContain("mountain");
  });

  it("a real query gets no suggestion", async () => {
    const engine = await engineWith(DOCS);
    const result = await engine.search({ q: "木耳" });
    expect(result.total).toBeGreaterThan(0);
    expect(result.suggestion).toBeUndefined();
  });
});

describe("minimum should match (issue 18 §2)", () => {
  it("asks all of one or two informative words, and of more at least two and the share rounded up", () => {
    expect([0, 1, 2, 3, 4, 20].map((n) => minimumShouldMatch(n, 0))).toEqual([0, 1, 2, 2, 2, 2]);
    const share = 0.5;
    // 3 → max(2, ⌈1.5⌉) = 2; 4 → 2; 5 → ⌈2.5⌉ = 3; 8 → 4; 20 → 10.
    expect([1, 2, 3, 4, 5, 8, 20].map((n) => minimumShouldMatch(n, share))).toEqual([1, 2, 2, 2, 3, 4, 10]);
    // An exact product is not rounded up past itself (0.3 × 10 = 3).
    expect(minimumShouldMatch(10, 0.3)).toBe(3);
    expect(minimumShouldMatch(10, 0.25)).toBe(3);
    expect(minimumShouldMatch(10, 1)).toBe(10);
  });

  it("is off for a negative share (calibration) and never asks more than there are", () => {
    expect(minimumShouldMatch(7, -1)).toBe(0);
    for (let n = 0; n <= 30; n++) expect(minimumShouldMatch(n, MINIMUM_SHOULD_MATCH_SHARE)).toBeLessThanOrEqual(n);
  });

  it("counts the informative concepts matched as the word, a synonym or inside a longer word, not through a part, nor stop words", () => {
    const weights = Float64Array.from([2, 0, 1.5, 0.7]);
    // Concept 1 weighs nothing (a stop word); concept 3 is found inside a longer word (0.5); a part (sub-word, character) earns 0.4.
    expect(matchedConcepts([1, 1, 0, 0.5], 0, weights, 0.5)).toBe(2);
    expect(matchedConcepts([1, 1, 0.4, 0.4], 0, weights, 0.5)).toBe(1);
    expect(matchedConcepts([0, 0, 1, 1, 0, 0], 2, weights, 0.5)).toBe(1);
  });

  it("does not take a part of a compound for the compound: 人工智能 is not matched by 智能 alone", async () => {
    const engine = await engineWith([
      patentDoc("ai", { title: "基于人工智能的茶叶分拣", abstract: "利用人工智能识别茶叶等级。" }),
      patentDoc("smart", { title: "智能码垛装置", abstract: "一种智能码垛装置，自动堆叠。" }),
      ...DOCS,
    ]);
    const { hits } = await engine.search({ q: "人工智能", pageSize: 20 });
    const byId = new Map(hits.map((hit) => [hit.id, hit]));
    expect(byId.get("ai")?.lowRelevance).toBe(false);
    expect(byId.get("smart")?.lowRelevance).toBe(true);
    expect(hits[0].id).toBe("ai");
  });

  it("flags a document with one of two words low even when that word carries most of the query's information", async () => {
    const engine = await engineWith(DOCS);
    const { hits } = await engine.search({ q: "木耳 烘干", pageSize: 20 });
    const byId = new Map(hits.map((hit) => [hit.id, hit]));
    expect(byId.get("both")?.lowRelevance).toBe(false);
    for (const id of ["fungus", "fungus2", "dryer"]) expect(byId.get(id)?.lowRelevance).toBe(true);
    // The share stays what it is: the flag is the rule's, the number the information's.
    expect(byId.get("dryer")!.relevance!).toBeGreaterThan(0);
    expect(hits[0].id).toBe("both");
  });
});
