import { describe, expect, it } from "vitest";
import { FIXTURE, patentDoc, searchEngineContract } from "./contract";
import { DOMAIN_WORDS, domainDictionary } from "./dictionary";
import { createEmbeddedEngine, grown, MaskSlots } from "./embedded";
import { DEFAULT_RANKING, mergeRanking } from "./embedded-ranking";
import { findMatchRanges, parseTaggedText, snippetSegments, snippetWindow, toSegments } from "./highlight";
import { PhraseStats } from "./phrase-stats";
import type { FacetCounts } from "./document-table";
import type { PatentSearchDoc, SearchEngine } from "./port";
import { PostingIndex } from "./postings";
import { readPaging, SearchQueryError } from "./query-options";
import { analyzeQuery, indexTokens, ipcTokens, isIndexable, normalizeText, segmentWords, subwordsOf } from "./segmenter";
import { meilisearchSynonyms, SYNONYM_GROUPS, synonymsOf } from "./synonyms";

searchEngineContract("embedded", async () => {
  const engine = createEmbeddedEngine();
  await engine.init();
  return engine;
});

const text = (segments: { text: string }[]) => segments.map((segment) => segment.text).join("");

async function* batchesOf(...batches: PatentSearchDoc[][]): AsyncIterable<PatentSearchDoc[]> {
  for (const batch of batches) yield batch;
}

describe("segmenter", () => {
  it("folds full-width characters and case without changing the length", () => {
    const input = "ＡＢＣ　ｄｅｆ１２３，Graphene：石墨烯";
    const output = normalizeText(input);
    expect(output).toBe("abc def123,graphene:石墨烯");
    expect(output.length).toBe(input.length);
    expect(normalizeText("已经规范")).toBe("已经规范");
  });

  it("keeps county words whole and still indexes their parts", () => {
    const tokens = indexTokens("柞水木耳与秦岭医药的石墨烯和镁合金");
    expect(tokens).toEqual(expect.arrayContaining(["柞水木耳", "柞水", "木耳", "秦岭医药", "石墨烯", "镁合金"]));
    expect(segmentWords("旅游康养 绞股蓝 五味子 猪苓")).toEqual(["旅游康养", "绞股蓝", "五味子", "猪苓"]);
  });

  it("drops punctuation and stop words, keeps Latin words and numbers", () => {
    const tokens = indexTokens("本发明公开了一种LED灯，所述灯的功率为5W及300mm。");
    expect(tokens).not.toEqual(expect.arrayContaining(["，", "。", "的", "所述", "一种", "及", "本发明"]));
    expect(tokens).toEqual(expect.arrayContaining(["led", "5w", "300mm"]));
    expect(isIndexable("的")).toBe(false);
    expect(isIndexable("、")).toBe(false);
    expect(isIndexable("木耳")).toBe(true);
  });

  it("reads IPC codes with their hierarchy", () => {
    expect(ipcTokens("A23L 31/00")).toEqual(["a23l", "a23l31", "a23l31/00"]);
    expect(ipcTokens("h01m")).toEqual(["h01m"]);
    expect(indexTokens("分类号A01G18/20")).toEqual(expect.arrayContaining(["a01g", "a01g18", "a01g18/20"]));
    // A chemical formula is not a code.
    expect(indexTokens("C18H36O2")).not.toContain("c18h");
  });

  it("analyses a query into chunks and concepts with their terms", () => {
    expect(segmentWords("A23L31/00")).toEqual(["a23l31/00"]);
    const query = analyzeQuery("木耳 黑木耳多糖，A23L");
    expect(query.chunks.map((chunk) => chunk.text)).toEqual(["木耳", "黑木耳多糖", "a23l"]);
    const muer = query.concepts.find((concept) => concept.word === "木耳");
    expect(muer?.terms).toEqual(
      expect.arrayContaining([
        { term: "木耳", origin: "word" },
        { term: "黑木耳", origin: "synonym" },
        { term: "木", origin: "char" },
      ]),
    );
    expect(subwordsOf("木耳多糖")).toEqual(expect.arrayContaining(["木耳", "多糖"]));
    expect(analyzeQuery("的 了 ，").concepts).toEqual([]);
  });
});

describe("dictionary and synonyms", () => {
  it("has the county's industries", () => {
    expect(DOMAIN_WORDS.length).toBeGreaterThanOrEqual(80);
    for (const word of ["柞水木耳", "黑木耳", "木耳多糖", "中药材", "秦岭医药", "五味子", "连翘", "猪苓", "天麻", "绞股蓝", "食用菌", "菌棒", "新型材料", "石墨烯", "镁合金", "旅游康养", "绿色食品", "核桃", "板栗"]) {
      expect(DOMAIN_WORDS).toContain(word);
    }
    expect(new TextDecoder().decode(domainDictionary(["测试词"]))).toMatch(/^测试词 \d+ n$/m);
  });

  it("expands a word to its whole group, both ways", () => {
    expect(synonymsOf("木耳")).toEqual(["黑木耳"]);
    expect(synonymsOf("黑木耳")).toEqual(["木耳"]);
    expect(synonymsOf("中草药")).toEqual(["中药", "中药材"]);
    expect(synonymsOf("石墨烯")).toEqual([]);
    const map = meilisearchSynonyms();
    for (const group of SYNONYM_GROUPS) for (const word of group) expect(map[word]).toEqual(group.filter((other) => other !== word));
  });
});

describe("highlight", () => {
  it("finds terms, Latin ones at word boundaries only", () => {
    expect(findMatchRanges("chair ai 木耳", ["ai", "木耳"]).map((range) => [range.start, range.end])).toEqual([
      [6, 8],
      [9, 11],
    ]);
  });

  it("merges overlapping matches and keeps the text intact", () => {
    const source = "柞水木耳与黑木耳";
    const segments = toSegments(source, findMatchRanges(source, ["木耳", "黑木耳"]));
    expect(segments).toEqual([
      { text: "柞水", match: false },
      { text: "木耳", match: true },
      { text: "与", match: false },
      { text: "黑木耳", match: true },
    ]);
    expect(text(segments)).toBe(source);
  });

  it("cuts a snippet around the densest matches, never through a surrogate pair", () => {
    const abstract = `${"甲".repeat(200)}木耳和多糖${"乙".repeat(200)}`;
    const ranges = findMatchRanges(abstract, ["木耳", "多糖"]);
    const window = snippetWindow(abstract.length, ranges);
    expect(window.end - window.start).toBe(120);
    expect(window.start).toBeLessThanOrEqual(200);
    const snippet = snippetSegments(abstract, ranges);
    expect(abstract).toContain(text(snippet));
    expect(snippet.filter((segment) => segment.match).map((segment) => segment.text)).toEqual(["木耳", "多糖"]);
    const surrogates = `${"字".repeat(119)}𠀀后`;
    expect(text(snippetSegments(surrogates, []))).toBe(`${"字".repeat(119)}𠀀`);
  });

  it("reads tagged text without letting stray tags through", () => {
    expect(parseTaggedText("a\uE000b\uE001c\uE001d", "\uE000", "\uE001")).toEqual({ text: "abcd", ranges: [{ start: 1, end: 2, key: "b" }] });
  });
});

describe("phrase statistics", () => {
  it("counts each character and pair once per document, and forgets removed documents", () => {
    const stats = new PhraseStats();
    stats.add(["木耳多糖", "木耳"]);
    stats.add(["黑木耳"]);
    stats.add(["木头"]);
    expect(stats.documentFrequency("木")).toBe(3);
    expect(stats.documentFrequency("木耳")).toBe(2);
    expect(stats.documentFrequency("木耳多糖")).toBe(1);
    expect(stats.documentFrequency("石墨")).toBe(0);
    stats.remove(["黑木耳"]);
    expect([stats.documentFrequency("木耳"), stats.documentCount]).toEqual([1, 2]);
  });

  it("grows its table without losing counts", () => {
    const stats = new PhraseStats();
    for (let doc = 0; doc < 300; doc++) stats.add([Array.from({ length: 200 }, (_, i) => String.fromCharCode(0x4e00 + ((doc * 7 + i * 13) % 4000))).join("")]);
    let total = 0;
    for (let code = 0x4e00; code < 0x4e00 + 4000; code++) total += stats.documentFrequency(String.fromCharCode(code));
    expect(total).toBeGreaterThan(0);
    expect(stats.documentFrequency(String.fromCharCode(0x4e00) + String.fromCharCode(0x4e00 + 13))).toBeGreaterThan(0);
  });
});

describe("posting index", () => {
  const options = { fieldBoosts: [2, 1], bm25: DEFAULT_RANKING.bm25 };
  const lookup = (term: string, overrides: Partial<{ prefix: boolean; fuzzy: number; qualifies: boolean }> = {}) => ({
    term,
    weight: 1,
    credits: [{ group: 0, credit: 1 }],
    prefix: false,
    fuzzy: 0,
    qualifies: true,
    ...overrides,
  });

  it("scores with BM25 per field and boosts", () => {
    const index = new PostingIndex(2);
    const a = index.add([["木耳"], ["栽培"]]);
    const b = index.add([["栽培"], ["木耳", "木耳"]]);
    const result = index.search([lookup("木耳")], 1, options);
    const score = (doc: number) => result.scores[doc];
    expect(Array.from(result.docs).sort()).toEqual([a, b]);
    // Title (boost 2) beats a repeated word in the abstract (boost 1).
    expect(score(a)).toBeGreaterThan(score(b));
  });

  it("matches Latin prefixes and typos, never Chinese ones", () => {
    const index = new PostingIndex(2);
    const doc = index.add([["graphene"], []]);
    index.add([["石墨烯"], []]);
    expect(Array.from(index.search([lookup("graph", { prefix: true })], 1, options).docs)).toEqual([doc]);
    expect(Array.from(index.search([lookup("graphine", { fuzzy: 1 })], 1, options).docs)).toEqual([doc]);
    expect(index.search([lookup("石墨")], 1, options).docs.length).toBe(0);
    expect(index.termsContaining("石墨", 5)).toEqual(["石墨烯"]);
  });

  it("lets non-qualifying terms only add to documents found otherwise", () => {
    const index = new PostingIndex(1);
    const both = index.add([["木耳", "木"]]);
    index.add([["木"]]);
    const result = index.search([lookup("木耳"), lookup("木", { qualifies: false })], 1, { fieldBoosts: [1], bm25: DEFAULT_RANKING.bm25 });
    expect(Array.from(result.docs)).toEqual([both]);
  });

  it("scores every document number alike, past the first rows of its per-field arrays", () => {
    const index = new PostingIndex(6);
    const docs = Array.from({ length: 400 }, () => index.add([["木耳"], ["木耳", "多糖"], [], [], [], []]));
    const result = index.search([lookup("木耳")], 1, { fieldBoosts: [1, 1, 1, 1, 1, 1], bm25: DEFAULT_RANKING.bm25 });
    // Identical documents score identically: before, numbers from 1024 / 6 on had no field lengths (NaN scores).
    expect(new Set(docs.map((doc) => result.scores[doc])).size).toBe(1);
    expect(Number.isFinite(result.scores[docs[399]])).toBe(true);
  });

  it("forgets removed documents, also after compaction", () => {
    const index = new PostingIndex(1);
    const docs = Array.from({ length: 30 }, (_, i) => index.add([[`t${i % 3}`, "common"]]));
    for (const doc of docs.slice(0, 20)) index.remove(doc);
    expect(index.search([lookup("common")], 1, { fieldBoosts: [1], bm25: DEFAULT_RANKING.bm25 }).docs.length).toBe(10);
    index.compact();
    expect(index.search([lookup("common")], 1, { fieldBoosts: [1], bm25: DEFAULT_RANKING.bm25 }).docs.length).toBe(10);
    expect(index.termsOf(docs[25], ["common", "t1", "t2"])).toEqual(["common", "t1"]);
    expect(index.documentCount).toBe(10);
  });
});

describe("embedded engine", () => {
  it("ranks a document matching more of the query above one repeating a word", async () => {
    const engine = createEmbeddedEngine();
    await engine.index([
      patentDoc("repeat", { title: "木耳", abstract: "木耳木耳木耳木耳木耳木耳木耳木耳。" }),
      patentDoc("broad", { title: "木耳多糖提取", abstract: "以木耳为原料提取多糖，超声辅助。" }),
    ]);
    expect((await engine.search({ q: "木耳 多糖 超声" })).hits[0].id).toBe("broad");
  });

  it("prefers the words the user typed together, in that order", async () => {
    const engine = createEmbeddedEngine();
    await engine.index([
      patentDoc("apart", { title: "多糖的木耳加工", abstract: "本品以多糖为辅料，木耳为主料，经提取而成。" }),
      patentDoc("together", { title: "木耳多糖加工", abstract: "本品为木耳多糖，经提取而成。" }),
    ]);
    expect((await engine.search({ q: "木耳多糖" })).hits.map((hit) => hit.id)).toEqual(["together", "apart"]);
  });

  it("finds a word its documents were segmented around", async () => {
    const engine = createEmbeddedEngine();
    await engine.index([patentDoc("k1", { title: "糖果包装用扭结膜", abstract: "一种扭结膜及其制备工艺。" }), patentDoc("k2")]);
    const result = await engine.search({ q: "扭结" });
    expect(result.hits.map((hit) => hit.id)).toEqual(["k1"]);
    expect(result.hits[0].matchedTerms).toContain("扭结");
    expect(result.hits[0].title.filter((segment) => segment.match).map((segment) => segment.text)).toContain("扭结");
  });

  it("searches IPC codes and holder names too", async () => {
    const engine = createEmbeddedEngine();
    await engine.index([...FIXTURE]);
    expect((await engine.search({ q: "A23L31" })).hits.map((hit) => hit.id)).toEqual(["m2"]);
    expect((await engine.search({ q: "商洛学院" })).hits[0].id).toBe("m8");
  });

  it("runs one rebuild at a time", async () => {
    const engine = createEmbeddedEngine();
    const [first, second] = await Promise.all([engine.rebuild(batchesOf([patentDoc("x")])), engine.rebuild(batchesOf([patentDoc("y"), patentDoc("z")]))]);
    expect([first, second]).toEqual([{ count: 1 }, { count: 2 }]);
    expect(await engine.count()).toBe(2);
  });

  it("answers a query of stop words only with nothing", async () => {
    const engine = createEmbeddedEngine();
    await engine.index([...FIXTURE]);
    expect((await engine.search({ q: "的 了" })).total).toBe(0);
  });

  it("merges partial ranking options with the defaults", () => {
    const ranking = mergeRanking({ fieldBoosts: { title: 9 } as never });
    expect(ranking.fieldBoosts.title).toBe(9);
    expect(ranking.fieldBoosts.abstract).toBe(DEFAULT_RANKING.fieldBoosts.abstract);
    expect(mergeRanking(undefined)).toBe(DEFAULT_RANKING);
  });
});

describe("query options", () => {
  it("clamps paging", () => {
    expect(readPaging({})).toEqual({ page: 1, pageSize: 20, offset: 0 });
    expect(readPaging({ page: 3, pageSize: 15 })).toEqual({ page: 3, pageSize: 15, offset: 30 });
    expect(readPaging({ page: -1, pageSize: 500 })).toEqual({ page: 1, pageSize: 100, offset: 0 });
    expect(readPaging({ page: Number.NaN, pageSize: 2.7 })).toEqual({ page: 1, pageSize: 2, offset: 0 });
  });

  it("refuses an unknown sort", async () => {
    await expect(createEmbeddedEngine().search({ q: "", sort: "cheapest" as never })).rejects.toThrow(SearchQueryError);
  });
});

describe("embedded engine against a brute-force model", () => {
  /** A small deterministic PRNG, so a failure replays. */
  function random(seed: number) {
    let state = seed >>> 0;
    return () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
  }

  const TYPES = ["INVENTION", "UTILITY_MODEL", "DESIGN"] as const;
  const CLUSTERS = ["秦岭医药", "木耳深加工", "旅游康养"];
  const SORTS = ["newest", "price-asc", "price-desc", "remaining-life-desc", "relevance"] as const;

  function randomDoc(next: () => number, id: string): PatentSearchDoc {
    const pick = <T,>(values: readonly T[]) => values[Math.floor(next() * values.length)];
    return patentDoc(id, {
      type: pick(TYPES),
      clusters: CLUSTERS.filter(() => next() < 0.4),
      priceFen: next() < 0.2 ? null : Math.floor(next() * 5) * 100_000,
      remainingLifeYears: next() < 0.2 ? null : Math.floor(next() * 4),
      // Few distinct instants: many ties, as a bulk import makes.
      listedAt: 1_700_000_000_000 + Math.floor(next() * 6) * 1_000,
    });
  }

  /** Key descending with a missing value last, then id: what "no text" sorting means. */
  function expectedOrder(docs: PatentSearchDoc[], sort: (typeof SORTS)[number]): string[] {
    const key = (doc: PatentSearchDoc) => {
      const value = sort === "newest" ? doc.listedAt : sort === "remaining-life-desc" ? doc.remainingLifeYears : sort === "relevance" ? 0 : doc.priceFen;
      if (value === null) return Number.NEGATIVE_INFINITY;
      return sort === "price-asc" ? -value : value;
    };
    return [...docs].sort((a, b) => key(b) - key(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((doc) => doc.id);
  }

  /**
   * The disjunctive counts the model expects: type and clusters (the facets these tests
   * filter on) over the documents passing every other condition, listing mode over the
   * matches.
   */
  function expectFacets(facets: FacetCounts, all: PatentSearchDoc[], passes: (doc: PatentSearchDoc, without?: "type" | "clusters") => boolean, context: string) {
    const count = (docs: PatentSearchDoc[], values: (doc: PatentSearchDoc) => string[]) => {
      const counts: Record<string, number> = {};
      for (const doc of docs) for (const value of values(doc)) counts[value] = (counts[value] ?? 0) + 1;
      return counts;
    };
    expect(facets.type, context).toEqual(count(all.filter((doc) => passes(doc, "type")), (doc) => [doc.type as string]));
    expect(facets.clusters, context).toEqual(count(all.filter((doc) => passes(doc, "clusters")), (doc) => doc.clusters));
    expect(facets.listingMode, context).toEqual(count(all.filter((doc) => passes(doc)), (doc) => [doc.listingMode as string]));
  }

  /** Up to three writes between queries: new documents, edits (a new internal number), removals. */
  async function randomWrites(engine: SearchEngine, live: Map<string, PatentSearchDoc>, next: () => number, label: string, make: (id: string) => PatentSearchDoc) {
    for (let w = Math.floor(next() * 4); w > 0; w--) {
      const ids = [...live.keys()];
      const roll = next();
      if (roll < 0.8) {
        const doc = make(roll < 0.4 ? `${label}-${w}` : ids[Math.floor(next() * ids.length)]);
        live.set(doc.id, doc);
        await engine.index([doc]);
      } else {
        const id = ids[Math.floor(next() * ids.length)];
        live.delete(id);
        await engine.remove([id]);
      }
    }
  }

  const WORDS = ["cat", "dog", "owl", "elk", "yak"];

  it("finds, filters, pages and counts facets of text queries exactly, also after writes", async () => {
    const next = random(20261130);
    const withWords = (doc: PatentSearchDoc): PatentSearchDoc => ({ ...doc, abstract: WORDS.filter(() => next() < 0.4).join(" ") || "无关内容" });
    const engine = createEmbeddedEngine();
    const live = new Map<string, PatentSearchDoc>();
    const initial = Array.from({ length: 300 }, (_, i) => withWords(randomDoc(next, `t${String(i).padStart(4, "0")}`)));
    for (const doc of initial) live.set(doc.id, doc);
    await engine.rebuild(batchesOf(initial));

    for (let round = 0; round < 30; round++) {
      await randomWrites(engine, live, next, `n${round}`, (id) => withWords(randomDoc(next, id)));
      const words = WORDS.filter(() => next() < 0.3).slice(0, 2);
      if (words.length === 0) words.push(WORDS[Math.floor(next() * WORDS.length)]);
      const type = next() < 0.5 ? [TYPES[Math.floor(next() * TYPES.length)]] : undefined;
      const clusters = next() < 0.4 ? [CLUSTERS[Math.floor(next() * CLUSTERS.length)]] : undefined;
      const priceMaxFen = next() < 0.4 ? 200_000 : undefined;
      const sort = SORTS[Math.floor(next() * SORTS.length)];
      const query = { q: words.join(" "), sort, filters: { type, clusters, priceMaxFen }, facets: ["type", "clusters", "listingMode"] as const };

      const has = (doc: PatentSearchDoc) => doc.abstract.split(" ").some((word) => words.includes(word));
      const passes = (doc: PatentSearchDoc, without?: "type" | "clusters") =>
        has(doc) &&
        (without === "type" || !type || type.includes(doc.type as never)) &&
        (without === "clusters" || !clusters || doc.clusters.some((c) => clusters.includes(c))) &&
        (priceMaxFen === undefined || (doc.priceFen !== null && doc.priceFen <= priceMaxFen));
      const matching = [...live.values()].filter((doc) => passes(doc));
      const context = `round ${round}, q ${query.q}, sort ${sort}, type ${type}, clusters ${clusters}, price ≤ ${priceMaxFen}`;

      const pages: string[][] = [];
      for (let page = 1; page <= Math.ceil(matching.length / 40) || page === 1; page++) {
        const result = await engine.search({ ...query, facets: [...query.facets], page, pageSize: 40 });
        expect(result.total, context).toBe(matching.length);
        pages.push(result.hits.map((hit) => hit.id));
        if (page === 1) expectFacets(result.facets, [...live.values()], passes, context);
      }
      // The pages partition the matches: every one exactly once, in one stable order.
      const paged = pages.flat();
      expect(new Set(paged).size, context).toBe(paged.length);
      expect([...paged].sort(), context).toEqual(matching.map((doc) => doc.id).sort());
      const again = await engine.search({ ...query, facets: [...query.facets], page: 1, pageSize: 40 });
      expect(again.hits.map((hit) => hit.id), context).toEqual(pages[0]);
    }
  });

  it("browses, filters, pages and counts facets exactly, also after writes", async () => {
    const next = random(20261129);
    const engine = createEmbeddedEngine();
    const live = new Map<string, PatentSearchDoc>();
    const initial = Array.from({ length: 300 }, (_, i) => randomDoc(next, `p${String(i).padStart(4, "0")}`));
    for (const doc of initial) live.set(doc.id, doc);
    await engine.rebuild(batchesOf(initial));

    for (let round = 0; round < 40; round++) {
      await randomWrites(engine, live, next, `q${round}`, (id) => randomDoc(next, id));

      const sort = SORTS[Math.floor(next() * SORTS.length)];
      const type = next() < 0.5 ? [TYPES[Math.floor(next() * TYPES.length)]] : undefined;
      const clusters = next() < 0.3 ? [CLUSTERS[Math.floor(next() * CLUSTERS.length)]] : undefined;
      const priceMaxFen = next() < 0.3 ? 200_000 : undefined;
      const page = 1 + Math.floor(next() * 3);
      const result = await engine.search({ q: "", sort, filters: { type, clusters, priceMaxFen }, facets: ["type", "clusters", "listingMode"], page, pageSize: 20 });

      const passes = (doc: PatentSearchDoc, without?: "type" | "clusters") =>
        (without === "type" || !type || type.includes(doc.type as never)) &&
        (without === "clusters" || !clusters || doc.clusters.some((c) => clusters.includes(c))) &&
        (priceMaxFen === undefined || (doc.priceFen !== null && doc.priceFen <= priceMaxFen));
      const matching = [...live.values()].filter((doc) => passes(doc));
      const context = `round ${round}, sort ${sort}, type ${type}, clusters ${clusters}, price ≤ ${priceMaxFen}, page ${page}`;
      expect(result.total, context).toBe(matching.length);
      expect(result.hits.map((hit) => hit.id), context).toEqual(expectedOrder(matching, sort).slice((page - 1) * 20, page * 20));

      expectFacets(result.facets, [...live.values()], passes, context);
    }
  });
});

describe("per-query tables of credit masks (MaskSlots)", () => {
  it("gives each distinct mask one slot, the same on every ask, and keeps the values through growth", () => {
    const slots = new MaskSlots();
    let values = new Float64Array(slots.capacity).fill(Number.NaN);
    const masks = Array.from({ length: 3000 }, (_, i) => (i * 2654435761) & 0x0fffffff);
    const slotOf = new Map<number, number>();
    for (const mask of masks) {
      const before = slots.capacity;
      const at = slots.slotOf(mask);
      if (slots.capacity !== before) {
        values = grown(values, slots);
        // Every slot handed out before the growth moved with its value.
        for (const [known, slot] of slotOf) slotOf.set(known, slots.moves![slot]);
      }
      if (!slotOf.has(mask)) {
        slotOf.set(mask, at);
        values[at] = mask / 7;
      }
      expect(at).toBe(slotOf.get(mask));
    }
    expect(slots.capacity).toBeGreaterThanOrEqual(2 * new Set(masks).size);
    for (const mask of new Set(masks)) {
      expect(slots.slotOf(mask)).toBe(slotOf.get(mask));
      expect(values[slotOf.get(mask)!]).toBe(mask / 7);
    }
    expect(new Set(slotOf.values()).size).toBe(new Set(masks).size);
  });
});
