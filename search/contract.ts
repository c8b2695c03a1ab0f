/**
 * The contract every `SearchEngine` adapter passes: a vitest suite to call from the
 * adapter's test file. It states what the app relies on — writes, Chinese search with the
 * county dictionary and synonyms, filters (user input, so injection-proof), facets, sorts,
 * paging, highlights as plain-text segments, zero-downtime rebuild, the absolute relevance
 * and its floor (issue 18, item 3) — and nothing about an engine's own ranking scale or
 * tie order.
 *
 * `makeEngine` returns a fresh, empty, initialised engine each time (for a real server: a
 * new index); the suite closes it after each test.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RELEVANCE_FLOOR } from "./embedded-ranking";
import type { Facet, PatentSearchDoc, SearchEngine, SearchQuery, SearchResult, Segment } from "./port";
import { patentDoc, T0 } from "./testing/documents";

export { patentDoc } from "./testing/documents";

/** IPC fields derived from codes the way the domain derives them. */
function ipcOf(...codes: string[]): Pick<PatentSearchDoc, "ipc" | "ipcSection" | "ipcClass" | "ipcSubclass" | "ipcGroup"> {
  const unique = (values: string[]) => [...new Set(values)];
  return {
    ipc: codes,
    ipcSection: unique(codes.map((code) => code.slice(0, 1))),
    ipcClass: unique(codes.map((code) => code.slice(0, 3))),
    ipcSubclass: unique(codes.map((code) => code.slice(0, 4))),
    ipcGroup: unique(codes.map((code) => code.split("/")[0])),
  };
}

/** The county fixture: eight listed patents across the clusters. */
export const FIXTURE: readonly PatentSearchDoc[] = [
  patentDoc("m1", {
    title: "柞水木耳的袋料栽培方法",
    abstract: "本发明涉及食用菌栽培领域，公开了一种柞水木耳的袋料栽培方法，包括菌棒制备、接种、出耳管理和采收，提高了柞水木耳的产量和品质。",
    claims: "1.一种柞水木耳的袋料栽培方法，其特征在于，包括以下步骤：制备菌棒；接种；出耳管理。",
    ...ipcOf("A01G18/20"),
    holderId: "holder-u1",
    holderName: "西北农林科技大学(示例)",
    holderKind: "UNIVERSITY",
    clusters: ["柞水木耳"],
    priceFen: 500_000,
    remainingLifeYears: 12.5,
    highValue: true,
    listedAt: T0 + 1,
  }),
  patentDoc("m2", {
    title: "一种黑木耳多糖的提取工艺",
    abstract: "本发明提供一种黑木耳多糖的提取工艺，以黑木耳为原料，经超声辅助提取、醇沉和冷冻干燥，得到高纯度多糖。",
    ...ipcOf("A23L31/00", "C08B37/00"),
    holderId: "holder-s1",
    holderName: "陕西某食品集团(示例)",
    holderKind: "SOE",
    clusters: ["柞水木耳", "绿色食品"],
    listingMode: "EXCLUSIVE",
    priceFen: null,
    remainingLifeYears: 8,
    listedAt: T0 + 2,
  }),
  patentDoc("m3", {
    title: "五味子提取物及其在保健食品中的应用",
    abstract: "本发明公开了一种以秦岭五味子为原料的中药材提取物，采用乙醇回流提取，可用于保健食品。",
    ...ipcOf("A61K36/79"),
    holderId: "holder-r1",
    holderName: "秦岭中药研究所(示例)",
    holderKind: "RESEARCH_INSTITUTE",
    clusters: ["中药材"],
    listingMode: "NON_EXCLUSIVE",
    priceFen: 2_000_000,
    remainingLifeYears: 15,
    listedAt: T0 + 3,
  }),
  patentDoc("m4", {
    title: "一种高强度镁合金板材及其轧制方法",
    abstract: "本实用新型涉及新型材料技术领域，公开了一种高强度镁合金板材，通过多道次轧制提高强度。",
    type: "UTILITY_MODEL",
    ...ipcOf("C22C23/00", "B21B1/22"),
    holderId: "holder-s1",
    holderName: "陕西某食品集团(示例)",
    holderKind: "SOE",
    clusters: ["新材料"],
    priceFen: 100_000,
    remainingLifeYears: 3,
    listedAt: T0 + 4,
  }),
  patentDoc("m5", {
    title: "石墨烯导热膜的制备方法",
    abstract: "本发明公开了一种石墨烯导热膜的制备方法，属于新材料领域，导热系数高。",
    ...ipcOf("C01B32/184"),
    holderId: "holder-u1",
    holderName: "西北农林科技大学(示例)",
    holderKind: "UNIVERSITY",
    clusters: ["新材料"],
    priceFen: 9_000_000,
    remainingLifeYears: null,
    highValue: true,
    listedAt: T0 + 5,
  }),
  patentDoc("m6", {
    title: "<script>alert(1)</script>木耳酱的制作方法",
    abstract: "一种木耳酱的制作方法，<b>以木耳为主料</b>，加入辣椒和食盐调味。",
    ...ipcOf("A23L27/10"),
    holderKind: "RESEARCH_INSTITUTE",
    clusters: ["绿色食品"],
    priceFen: 300_000,
    remainingLifeYears: 6,
    listedAt: T0 + 6,
  }),
  patentDoc("m7", {
    title: "一种旅游康养步道的外观设计",
    abstract: "一种用于秦岭旅游康养基地的步道，造型简洁，适合健康养生。",
    type: "DESIGN",
    holderKind: "SOE",
    holderId: "holder-s2",
    holderName: "柞水文旅集团(示例)",
    clusters: ["旅游康养"],
    legalStatus: "PENDING",
    listingMode: "OPEN_LICENCE",
    priceFen: 50_000,
    remainingLifeYears: 9,
    listedAt: T0 + 7,
  }),
  patentDoc("m8", {
    title: "核桃板栗复合饮料及其制备方法",
    abstract: "本发明公开了一种以核桃仁和板栗为原料的复合植物蛋白饮料，口感醇厚。",
    ...ipcOf("A23L2/38"),
    holderKind: "UNIVERSITY",
    holderId: "holder-u2",
    holderName: "商洛学院(示例)",
    clusters: ["绿色食品"],
    type: null,
    listingMode: null,
    priceFen: 800_000,
    remainingLifeYears: 14,
    listedAt: T0 + 8,
  }),
];

const ids = (result: SearchResult) => result.hits.map((hit) => hit.id);
const sorted = (values: string[]) => [...values].sort();
const text = (segments: Segment[]) => segments.map((segment) => segment.text).join("");

async function* batchesOf(...batches: PatentSearchDoc[][]): AsyncIterable<PatentSearchDoc[]> {
  for (const batch of batches) yield batch;
}

/**
 * Documents for the relevance floor. `v-all` answers all eight words of `FLOOR_QUERY`; the
 * others only its first, 电池, the most common of them — one word in eight, and the least
 * informative: below any sensible floor in either engine (Meilisearch scores one matched
 * word of eight at most 1/8; `matchingStrategy: last` keeps documents matching the first
 * words, hence the common word first). `v-one` is cheaper and newer than `v-all`, so a
 * price or date sort alone would put it first.
 */
export const FLOOR_QUERY = "电池 电解液 隔膜 储能 电堆 双极板 离子交换 液流";
export const FLOOR_DOCS: readonly PatentSearchDoc[] = [
  patentDoc("v-all", {
    title: "全钒液流电池的电堆、双极板与离子交换隔膜",
    abstract: "本发明公开了一种全钒液流电池，包括电堆、双极板、离子交换隔膜和电解液，用于大规模储能。",
    holderKind: "UNIVERSITY",
    priceFen: 900_000,
    listedAt: T0 + 20,
  }),
  patentDoc("v-one", {
    title: "电池外壳",
    abstract: "本实用新型公开了一种电池的外壳结构，便于安装。",
    type: "UTILITY_MODEL",
    holderKind: "SOE",
    priceFen: 100_000,
    listedAt: T0 + 21,
  }),
  patentDoc("v-two", {
    title: "一种锂电池的充电保护电路",
    abstract: "本发明公开了一种电池充电保护电路，防止过充。",
    holderKind: "RESEARCH_INSTITUTE",
    priceFen: 200_000,
    listedAt: T0 + 22,
  }),
];

/** Counts of one facet over documents, as an engine counts it. */
function countsOf(docs: readonly PatentSearchDoc[], facet: Facet): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const doc of docs) {
    const value = doc[facet];
    for (const one of Array.isArray(value) ? value : value === null ? [] : [value]) counts[String(one)] = (counts[String(one)] ?? 0) + 1;
  }
  return counts;
}

/** Asked-for facets with no value counted above 0. */
const nothingCounted = (facets: SearchResult["facets"]) => Object.values(facets).every((counts) => Object.values(counts ?? {}).every((n) => n === 0));

export function searchEngineContract(name: string, makeEngine: () => Promise<SearchEngine>): void {
  describe(`SearchEngine contract: ${name}`, () => {
    let engine: SearchEngine;
    /** All matching ids (every page) for a query without text. */
    const all = async (query: Omit<SearchQuery, "q"> & { q?: string }) => sorted(ids(await engine.search({ q: "", pageSize: 100, ...query })));

    beforeEach(async () => {
      engine = await makeEngine();
      await engine.index([...FIXTURE]);
    });

    afterEach(async () => {
      await engine.close();
    });

    describe("writes", () => {
      it("counts what was indexed", async () => {
        expect(await engine.count()).toBe(FIXTURE.length);
        expect(engine.name).toMatch(/^(embedded|meilisearch)$/);
      });

      it("index is an upsert by id, and indexing the same document twice is a no-op", async () => {
        await engine.index([patentDoc("m4", { title: "一种钒电池电解液的制备方法", abstract: "钒电池电解液。" })]);
        await engine.index([FIXTURE[0], FIXTURE[0]]);
        expect(await engine.count()).toBe(FIXTURE.length);
        expect(ids(await engine.search({ q: "钒电池" }))).toEqual(["m4"]);
        expect(ids(await engine.search({ q: "镁合金" }))).not.toContain("m4");
      });

      it("remove drops documents and ignores unknown ids", async () => {
        await engine.remove(["m1", "does-not-exist"]);
        expect(await engine.count()).toBe(FIXTURE.length - 1);
        expect(ids(await engine.search({ q: "柞水木耳" }))).not.toContain("m1");
        await engine.remove([]);
        expect(await engine.count()).toBe(FIXTURE.length - 1);
      });
    });

    describe("Chinese search", () => {
      it("木耳 finds 黑木耳 (synonym) and 柞水木耳 (county dictionary)", async () => {
        const found = ids(await engine.search({ q: "木耳" }));
        expect(found).toEqual(expect.arrayContaining(["m1", "m2", "m6"]));
        expect(found).not.toContain("m4");
      });

      it("ranks the document about the query first", async () => {
        expect(ids(await engine.search({ q: "柞水木耳 栽培" }))[0]).toBe("m1");
        expect(ids(await engine.search({ q: "黑木耳多糖" }))[0]).toBe("m2");
        expect(ids(await engine.search({ q: "镁合金 轧制" }))[0]).toBe("m4");
        expect(ids(await engine.search({ q: "石墨烯" }))[0]).toBe("m5");
      });

      it("applies synonym groups in both directions", async () => {
        // 中药 ↔ 中药材: m3 says 中药材.
        expect(ids(await engine.search({ q: "中药" }))).toContain("m3");
        // 康养 ↔ 健康养生: m7 says both.
        expect(ids(await engine.search({ q: "健康养生" }))).toContain("m7");
      });

      it("normalizes full-width characters and case", async () => {
        await engine.index([patentDoc("x1", { title: "ＬＥＤ照明灯具", abstract: "一种led灯。" })]);
        expect(ids(await engine.search({ q: "led" }))).toContain("x1");
        expect(ids(await engine.search({ q: "ＬＥＤ" }))).toContain("x1");
      });

      it("returns scores that order the hits, and 0 without text", async () => {
        const result = await engine.search({ q: "木耳" });
        const scores = result.hits.map((hit) => hit.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        expect(scores.every((score) => score > 0)).toBe(true);
        const browse = await engine.search({ q: "" });
        expect(browse.hits.every((hit) => hit.score === 0 && hit.matchedTerms.length === 0)).toBe(true);
      });
    });

    describe("filters", () => {
      it("filters each facet kind", async () => {
        expect(await all({ filters: { type: ["UTILITY_MODEL"] } })).toEqual(["m4"]);
        expect(await all({ filters: { ipcSection: ["C"] } })).toEqual(["m2", "m4", "m5"]);
        expect(await all({ filters: { ipcClass: ["A23"] } })).toEqual(["m2", "m6", "m8"]);
        expect(await all({ filters: { holderKind: ["UNIVERSITY"] } })).toEqual(["m1", "m5", "m8"]);
        expect(await all({ filters: { holderId: "holder-s1" } })).toEqual(["m2", "m4"]);
        expect(await all({ filters: { clusters: ["新材料"] } })).toEqual(["m4", "m5"]);
        expect(await all({ filters: { listingMode: ["OPEN_LICENCE", "EXCLUSIVE"] } })).toEqual(["m2", "m7"]);
        expect(await all({ filters: { legalStatus: ["PENDING"] } })).toEqual(["m7"]);
        expect(await all({ filters: { highValue: true } })).toEqual(["m1", "m5"]);
        expect(await all({ filters: { highValue: false } })).toEqual(["m2", "m3", "m4", "m6", "m7", "m8"]);
        expect(await all({ filters: { ids: ["m3", "m8", "nope"] } })).toEqual(["m3", "m8"]);
      });

      it("matches IPC prefixes at every level", async () => {
        expect(await all({ filters: { ipcPrefix: "A" } })).toEqual(["m1", "m2", "m3", "m6", "m8"]);
        expect(await all({ filters: { ipcPrefix: "A23" } })).toEqual(["m2", "m6", "m8"]);
        expect(await all({ filters: { ipcPrefix: "A23L" } })).toEqual(["m2", "m6", "m8"]);
        expect(await all({ filters: { ipcPrefix: "a23l 31" } })).toEqual(["m2"]);
        expect(await all({ filters: { ipcPrefix: "A23L31/00" } })).toEqual(["m2"]);
        expect(await all({ filters: { ipcPrefix: "B21B" } })).toEqual(["m4"]);
      });

      it("ORs values within a facet and ANDs facets", async () => {
        expect(await all({ filters: { holderKind: ["UNIVERSITY", "SOE"], clusters: ["新材料", "柞水木耳"] } })).toEqual(["m1", "m2", "m4", "m5"]);
        expect(await all({ filters: { holderKind: ["SOE"], clusters: ["新材料"], type: ["UTILITY_MODEL"] } })).toEqual(["m4"]);
        expect(await all({ filters: { holderKind: ["SOE"], highValue: true } })).toEqual([]);
        expect(ids(await engine.search({ q: "木耳", filters: { holderKind: ["SOE"] } }))).toEqual(["m2"]);
      });

      it("treats an empty list as no constraint, but an empty ids list as nothing", async () => {
        expect(await all({ filters: { type: [], clusters: [] } })).toHaveLength(FIXTURE.length);
        expect((await engine.search({ q: "", filters: { ids: [] } })).total).toBe(0);
      });

      it("applies inclusive price bounds, and no price never matches a bound", async () => {
        expect(await all({ filters: { priceMinFen: 500_000, priceMaxFen: 500_000 } })).toEqual(["m1"]);
        expect(await all({ filters: { priceMinFen: 300_000, priceMaxFen: 800_000 } })).toEqual(["m1", "m6", "m8"]);
        expect(await all({ filters: { priceMaxFen: 100_000 } })).toEqual(["m4", "m7"]);
        // m2 has no upfront price: it matches no bound, however wide.
        expect(await all({ filters: { priceMinFen: 0 } })).not.toContain("m2");
        expect(await all({ filters: { priceMaxFen: 1e12 } })).toHaveLength(FIXTURE.length - 1);
      });

      it("applies inclusive remaining-life bounds", async () => {
        expect(await all({ filters: { remainingLifeMin: 12.5 } })).toEqual(["m1", "m3", "m8"]);
        expect(await all({ filters: { remainingLifeMin: 3, remainingLifeMax: 8 } })).toEqual(["m2", "m4", "m6"]);
        expect(await all({ filters: { remainingLifeMax: 100 } })).not.toContain("m5");
      });

      it.each([
        ["a quote that closes the literal", { clusters: ['木耳" OR holderKind = "SOE'] }],
        ["an escaped quote", { holderId: 'a\\"' }],
        ["a parenthesis", { type: [") OR (1=1"] as never }],
        ["a prefix with syntax", { ipcPrefix: ") OR (1=1" }],
        ["ids with syntax", { ids: ['m1" OR id != "x'] }],
        ["a backslash", { legalStatus: ["\\"] as never }],
      ])("matches nothing and does not throw for %s", async (_, filters) => {
        const result = await engine.search({ q: "", filters });
        expect(result.total).toBe(0);
        expect(result.hits).toEqual([]);
      });

      it("refuses bounds that are not finite numbers", async () => {
        await expect(engine.search({ q: "", filters: { priceMinFen: Number.NaN } })).rejects.toThrow(/filter/);
        await expect(engine.search({ q: "", filters: { remainingLifeMax: Number.POSITIVE_INFINITY } })).rejects.toThrow(/filter/);
        await expect(engine.search({ q: "", filters: { type: "INVENTION" as never } })).rejects.toThrow(/filter/);
      });
    });

    describe("facets", () => {
      it("counts values over all documents matching q and filters", async () => {
        const browse = await engine.search({ q: "", facets: ["type", "holderKind", "clusters", "highValue", "legalStatus", "listingMode", "ipcSection", "ipcClass"], pageSize: 1 });
        expect(browse.total).toBe(FIXTURE.length);
        expect(browse.facets.type).toEqual({ INVENTION: 5, UTILITY_MODEL: 1, DESIGN: 1 });
        expect(browse.facets.holderKind).toEqual({ UNIVERSITY: 3, SOE: 3, RESEARCH_INSTITUTE: 2 });
        expect(browse.facets.clusters).toEqual({ 柞水木耳: 2, 绿色食品: 3, 中药材: 1, 新材料: 2, 旅游康养: 1 });
        expect(browse.facets.highValue).toEqual({ true: 2, false: 6 });
        expect(browse.facets.legalStatus).toEqual({ VALID: 7, PENDING: 1 });
        expect(browse.facets.listingMode).toEqual({ ASSIGNMENT: 4, EXCLUSIVE: 1, NON_EXCLUSIVE: 1, OPEN_LICENCE: 1 });
        expect(browse.facets.ipcSection).toEqual({ A: 5, B: 1, C: 3 });
        expect(browse.facets.ipcClass).toEqual({ A01: 1, A23: 3, A61: 1, B21: 1, C08: 1, C22: 1, C01: 1 });

        const filtered = await engine.search({ q: "", filters: { holderKind: ["SOE"] }, facets: ["clusters", "type"] });
        expect(filtered.facets.clusters).toEqual({ 柞水木耳: 1, 绿色食品: 1, 新材料: 1, 旅游康养: 1 });
        expect(filtered.facets.type).toEqual({ INVENTION: 1, UTILITY_MODEL: 1, DESIGN: 1 });

        const withText = await engine.search({ q: "木耳", facets: ["holderKind"] });
        const counted = Object.values(withText.facets.holderKind ?? {}).reduce((a, b) => a + b, 0);
        expect(counted).toBe(withText.total);
      });

      it("counts a facet the query filters on as if that filter were absent (disjunctive)", async () => {
        const all = await engine.search({ q: "", facets: ["type", "holderKind"], pageSize: 1 });
        const picked = await engine.search({ q: "", filters: { type: ["INVENTION"] }, facets: ["type", "holderKind"], pageSize: 1 });
        expect(picked.facets.type).toEqual(all.facets.type); // the other types stay offered, with their counts
        expect(picked.total).toBe(all.facets.type?.INVENTION);
        const holders = Object.values(picked.facets.holderKind ?? {}).reduce((a, b) => a + b, 0);
        expect(holders).toBe(picked.total); // other facets count the matching documents only
      });

      it("returns only the facets asked for", async () => {
        expect(Object.keys((await engine.search({ q: "", facets: ["type"] })).facets)).toEqual(["type"]);
        expect((await engine.search({ q: "" })).facets).toEqual({});
      });
    });

    describe("sorts and paging", () => {
      it("sorts newest first", async () => {
        expect(ids(await engine.search({ q: "", sort: "newest" }))).toEqual(["m8", "m7", "m6", "m5", "m4", "m3", "m2", "m1"]);
      });

      it("sorts by price both ways, patents without a price last", async () => {
        expect(ids(await engine.search({ q: "", sort: "price-asc" }))).toEqual(["m7", "m4", "m6", "m1", "m8", "m3", "m5", "m2"]);
        expect(ids(await engine.search({ q: "", sort: "price-desc" }))).toEqual(["m5", "m3", "m8", "m1", "m6", "m4", "m7", "m2"]);
      });

      it("sorts by remaining life, unknown last", async () => {
        expect(ids(await engine.search({ q: "", sort: "remaining-life-desc" }))).toEqual(["m3", "m8", "m1", "m7", "m2", "m6", "m4", "m5"]);
      });

      it("sorts text matches too", async () => {
        expect(ids(await engine.search({ q: "木耳", sort: "newest" }))).toEqual(["m6", "m2", "m1"]);
      });

      it("pages through every match exactly once, with the total on each page", async () => {
        const pages = await Promise.all([1, 2, 3].map((page) => engine.search({ q: "", sort: "newest", page, pageSize: 3 })));
        expect(pages.map((page) => page.total)).toEqual([8, 8, 8]);
        expect(pages.map((page) => page.hits.length)).toEqual([3, 3, 2]);
        expect(pages.map((page) => [page.page, page.pageSize])).toEqual([
          [1, 3],
          [2, 3],
          [3, 3],
        ]);
        expect(pages.flatMap(ids)).toEqual(["m8", "m7", "m6", "m5", "m4", "m3", "m2", "m1"]);
        expect((await engine.search({ q: "", page: 9, pageSize: 3 })).hits).toEqual([]);
      });

      it("defaults to 20 per page and clamps the page size to 1–100", async () => {
        expect((await engine.search({ q: "" })).pageSize).toBe(20);
        expect((await engine.search({ q: "", pageSize: 1000 })).pageSize).toBe(100);
        const one = await engine.search({ q: "", pageSize: 0 });
        expect([one.pageSize, one.hits.length]).toEqual([1, 1]);
      });
    });

    describe("highlights", () => {
      it("are segments whose concatenation is the original text", async () => {
        const result = await engine.search({ q: "柞水木耳" });
        const hit = result.hits.find((h) => h.id === "m1");
        expect(hit).toBeDefined();
        const m1 = FIXTURE[0];
        expect(text(hit!.title)).toBe(m1.title);
        expect(hit!.title.some((segment) => segment.match && segment.text.includes("木耳"))).toBe(true);
        expect(m1.abstract).toContain(text(hit!.snippet));
        expect(hit!.snippet.some((segment) => segment.match)).toBe(true);
        expect(text(hit!.snippet).length).toBeLessThanOrEqual(130);
        expect(hit!.matchedTerms.length).toBeGreaterThan(0);
        for (const segment of [...hit!.title, ...hit!.snippet]) expect(segment.text.length).toBeGreaterThan(0);
      });

      it("show the start of the abstract when there is no text", async () => {
        const result = await engine.search({ q: "", filters: { ids: ["m1"] } });
        const snippet = text(result.hits[0].snippet);
        expect(FIXTURE[0].abstract.startsWith(snippet)).toBe(true);
        expect(snippet.length).toBeGreaterThan(0);
        expect(result.hits[0].title).toEqual([{ text: FIXTURE[0].title, match: false }]);
      });

      it("return markup in documents as plain text", async () => {
        const hit = (await engine.search({ q: "木耳酱" })).hits.find((h) => h.id === "m6");
        expect(hit).toBeDefined();
        expect(text(hit!.title)).toBe("<script>alert(1)</script>木耳酱的制作方法");
        expect(hit!.title.find((segment) => segment.text.includes("<script>"))?.match).toBe(false);
        expect(FIXTURE[5].abstract).toContain(text(hit!.snippet));
        for (const segment of [...hit!.title, ...hit!.snippet]) expect(Object.keys(segment).sort()).toEqual(["match", "text"]);
      });
    });

    describe("relevance and its floor", () => {
      const byId = new Map([...FIXTURE, ...FLOOR_DOCS].map((doc) => [doc.id, doc]));
      const docsOf = (result: SearchResult) => result.hits.map((hit) => byId.get(hit.id)!);

      beforeEach(async () => {
        await engine.index([...FLOOR_DOCS]);
      });

      it.each(["木耳", "柞水木耳 栽培", "黑木耳多糖", FLOOR_QUERY, "石墨烯 导热"])("gives every hit of %j a relevance in [0, 1], flagged low whenever below the floor", async (q) => {
        const result = await engine.search({ q, pageSize: 100 });
        expect(result.hits.length).toBeGreaterThan(0);
        for (const hit of result.hits) {
          expect(hit.relevance).toBeTypeOf("number");
          expect(hit.relevance).toBeGreaterThanOrEqual(0);
          expect(hit.relevance).toBeLessThanOrEqual(1);
          if (hit.relevance! < RELEVANCE_FLOOR) expect(hit.lowRelevance).toBe(true);
        }
        expect(result.suggestion ?? null).toBeNull();
      });

      it("gives no relevance while q is empty", async () => {
        const browse = await engine.search({ q: "" });
        expect(browse.hits.every((hit) => hit.relevance === undefined && !hit.lowRelevance)).toBe(true);
      });

      it("puts a document with every word above the floor and one with only the commonest word of eight below it", async () => {
        const result = await engine.search({ q: FLOOR_QUERY, pageSize: 100 });
        const hit = (id: string) => result.hits.find((h) => h.id === id);
        expect(hit("v-all")?.lowRelevance).toBe(false);
        expect(hit("v-one")?.lowRelevance).toBe(true);
        expect(hit("v-all")!.relevance!).toBeGreaterThan(hit("v-one")!.relevance!);
      });

      it("flags a hit with one word of a two-word query low, whatever its share of the query (minimum should match)", async () => {
        // v-all has 电池 but no 外壳; v-one (电池外壳) has both.
        const result = await engine.search({ q: "电池 外壳", pageSize: 100 });
        const hit = (id: string) => result.hits.find((h) => h.id === id);
        expect(hit("v-one")?.lowRelevance).toBe(false);
        expect(hit("v-all")?.lowRelevance).toBe(true);
        expect(result.hits.findIndex((h) => h.id === "v-one")).toBeLessThan(result.hits.findIndex((h) => h.id === "v-all"));
      });

      it.each(["relevance", "price-asc", "newest"] as const)("puts the low-relevance hits after the others (sort %s), on every page", async (sort) => {
        const whole = await engine.search({ q: FLOOR_QUERY, sort, pageSize: 100 });
        const flags = whole.hits.map((hit) => hit.lowRelevance);
        expect(flags).toContain(true);
        expect(flags).toContain(false);
        expect(flags).toEqual([...flags].sort((a, b) => Number(a) - Number(b)));
        expect(whole.hits.findIndex((h) => h.id === "v-all")).toBeLessThan(whole.hits.findIndex((h) => h.id === "v-one"));
        const paged: string[] = [];
        for (let page = 1; page <= whole.total; page++) paged.push(...ids(await engine.search({ q: FLOOR_QUERY, sort, page, pageSize: 1 })));
        expect(paged).toEqual(ids(whole));
      });

      it("leaves out the hits below minRelevance; total and facets count only what is left", async () => {
        const facets: Facet[] = ["holderKind", "type"];
        const whole = await engine.search({ q: FLOOR_QUERY, pageSize: 100, facets });
        const relevances = [...new Set(whole.hits.map((hit) => hit.relevance!))].sort((a, b) => b - a);
        expect(relevances.length).toBeGreaterThan(1);
        const minRelevance = relevances[0];
        const kept = whole.hits.filter((hit) => hit.relevance! >= minRelevance);

        const result = await engine.search({ q: FLOOR_QUERY, pageSize: 100, facets, minRelevance });
        expect(sorted(ids(result))).toEqual(sorted(kept.map((hit) => hit.id)));
        expect(ids(result)).not.toContain("v-one");
        expect(result.total).toBe(kept.length);
        expect(result.hits.every((hit) => hit.relevance! >= minRelevance)).toBe(true);
        for (const facet of facets) {
          expect(Object.fromEntries(Object.entries(result.facets[facet] ?? {}).filter(([, n]) => n > 0))).toEqual(countsOf(docsOf(result), facet));
        }

        // Disjunctive counts follow too: the type filter's own facet, counted without it.
        const filtered = await engine.search({ q: FLOOR_QUERY, pageSize: 100, facets, minRelevance, filters: { type: ["INVENTION"] } });
        expect(Object.fromEntries(Object.entries(filtered.facets.type ?? {}).filter(([, n]) => n > 0))).toEqual(countsOf(docsOf(result), "type"));

        const none = await engine.search({ q: FLOOR_QUERY, pageSize: 100, minRelevance: 0 });
        expect(none.total).toBe(whole.total);
      });

      it.each(["<p>&nbsp;</p>", "的 了 是"])("answers the junk query %j with no hits and a suggestion", async (q) => {
        const result = await engine.search({ q, facets: ["type", "holderKind"] });
        expect(result.hits).toEqual([]);
        expect(result.total).toBe(0);
        expect(result.suggestion).toMatch(/\S/);
        expect(nothingCounted(result.facets)).toBe(true);
      });

      it("reads a typed single common character as a query, not as junk (the same rule in every adapter)", async () => {
        const result = await engine.search({ q: "山" });
        expect(result.suggestion ?? null).toBeNull();
      });
    });

    describe("rebuild", () => {
      it("answers from the old index until the swap, from the new one after", async () => {
        const during: string[][] = [];
        async function* batches(): AsyncIterable<PatentSearchDoc[]> {
          yield [patentDoc("n1", { title: "板栗深加工方法" })];
          during.push(await all({}));
          yield [patentDoc("n2", { title: "核桃破壳装置" }), patentDoc("n1", { title: "板栗深加工方法及设备" })];
          during.push(await all({}));
        }
        const result = await engine.rebuild(batches());
        expect(result).toEqual({ count: 2 });
        const old = sorted(FIXTURE.map((doc) => doc.id));
        expect(during).toEqual([old, old]);
        expect(await all({})).toEqual(["n1", "n2"]);
        expect(await engine.count()).toBe(2);
        expect(ids(await engine.search({ q: "板栗" }))).toEqual(["n1"]);
        expect(text((await engine.search({ q: "板栗" })).hits[0].title)).toBe("板栗深加工方法及设备");
      });

      it("keeps writes made during a rebuild: replayed after the batches, so the swap loses none", async () => {
        await engine.index([patentDoc("a", { title: "旧标题" })]);
        async function* batches(): AsyncIterable<PatentSearchDoc[]> {
          yield [patentDoc("a", { title: "快照里的旧版本" }), patentDoc("b")];
          // The outbox worker keeps writing while the reindex reads its snapshot.
          await engine.index([patentDoc("a", { title: "重建期间的新版本" }), patentDoc("c")]);
          await engine.remove(["b"]);
          yield [patentDoc("d")];
        }
        expect(await engine.rebuild(batches())).toEqual({ count: 3 });
        expect(await all({})).toEqual(["a", "c", "d"]);
        expect(text((await engine.search({ q: "", filters: { ids: ["a"] } })).hits[0].title)).toBe("重建期间的新版本");
      });

      it("can rebuild to empty", async () => {
        expect(await engine.rebuild(batchesOf())).toEqual({ count: 0 });
        expect(await engine.count()).toBe(0);
        expect((await engine.search({ q: "木耳" })).total).toBe(0);
      });
    });
  });
}
