import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildFilter, createMeilisearchEngine, HIGHLIGHT_POST_TAG, HIGHLIGHT_PRE_TAG, MeilisearchError, quote, taggedToSegments, type MeilisearchOptions } from "./meilisearch";
import { RELEVANCE_FLOOR } from "./embedded-ranking";
import type { PatentFilters, PatentSearchDoc, SearchEngine, Segment } from "./port";
import { JUNK_QUERY_SUGGESTION } from "./query-options";
import { searchEngineContract } from "./contract";
import { startFakeMeilisearch, trivialSearch, type FakeMeilisearch } from "./testing/fake-meilisearch";

const PRE = "\uE000";
const POST = "\uE001";

function doc(id: string, overrides: Partial<PatentSearchDoc> = {}): PatentSearchDoc {
  return {
    id,
    title: `一种黑木耳的栽培方法 ${id}`,
    abstract: "本发明公开了一种黑木耳的栽培方法，包括菌种制备、装袋、灭菌、接种和出耳管理。",
    claims: "1. 一种黑木耳的栽培方法，其特征在于……",
    applicationNumber: "CN202310000001.X",
    publicationNumber: null,
    type: "INVENTION",
    ipc: ["A01G18/20"],
    ipcSection: ["A"],
    ipcClass: ["A01"],
    ipcSubclass: ["A01G"],
    ipcGroup: ["A01G18"],
    holderId: "holder-1",
    holderName: "东北林业大学",
    holderKind: "UNIVERSITY",
    clusters: ["食用菌"],
    legalStatus: "VALID",
    listingMode: "ASSIGNMENT",
    priceFen: 5_000_000,
    remainingLifeYears: 12.5,
    highValue: false,
    listedAt: 1_700_000_000_000,
    ...overrides,
  };
}

async function* batchesOf(...batches: PatentSearchDoc[][]): AsyncIterable<PatentSearchDoc[]> {
  for (const batch of batches) yield batch;
}

const joined = (segments: Segment[]) => segments.map((s) => s.text).join("");

/**
 * Reads a filter the way Meilisearch's parser does: a double-quoted literal ends at the
 * first `"` not preceded by an escaping `\`, and `\x` reads as `x`. Returns the filter with
 * every literal replaced by `"…"` (its syntax) and the literals' values, in order.
 */
function readFilter(filter: string): { skeleton: string; values: string[] } {
  let skeleton = "";
  const values: string[] = [];
  for (let i = 0; i < filter.length; i++) {
    if (filter[i] !== '"') {
      skeleton += filter[i];
      continue;
    }
    let value = "";
    for (i++; i < filter.length && filter[i] !== '"'; i++) value += filter[i] === "\\" ? filter[++i] : filter[i];
    if (i >= filter.length) throw new Error(`unterminated literal in ${filter}`);
    values.push(value);
    skeleton += '"…"';
  }
  return { skeleton, values };
}

let fake: FakeMeilisearch;
let engine: SearchEngine;

function engineFor(options: Partial<MeilisearchOptions> = {}): SearchEngine {
  return createMeilisearchEngine({ host: fake.url, apiKey: "test-key", indexUid: "patents", pollIntervalMs: 1, taskTimeoutMs: 2_000, ...options });
}

/** The body of the last search request. */
function lastSearch(): Record<string, unknown> {
  const request = [...fake.requests].reverse().find((r) => r.path.endsWith("/search"));
  if (!request) throw new Error("no search request");
  return request.body as Record<string, unknown>;
}

beforeEach(async () => {
  fake = await startFakeMeilisearch({ apiKey: "test-key" });
  engine = engineFor();
});

afterEach(async () => {
  await fake.close();
});

describe("init", () => {
  it("creates the index with primary key id, then applies the settings", async () => {
    await engine.init();
    const ops = fake.operations();
    expect(ops.map((op) => `${op.method} ${op.path}`)).toEqual(["POST /indexes", "PATCH /indexes/patents/settings"]);
    expect(ops[0].body).toEqual({ uid: "patents", primaryKey: "id" });
  });

  it("sends the exact settings payload", async () => {
    await engine.init();
    const settings = fake.operations()[1].body as Record<string, unknown>;
    expect(Object.keys(settings).sort()).toEqual(
      ["faceting", "filterableAttributes", "localizedAttributes", "pagination", "rankingRules", "searchableAttributes", "sortableAttributes", "synonyms", "typoTolerance"].sort(),
    );
    // Order is weight: claims last.
    expect(settings.searchableAttributes).toEqual(["title", "abstract", "holderName", "clusters", "ipc", "claims"]);
    expect(settings.filterableAttributes).toEqual([
      "id",
      "type",
      "ipc",
      "ipcSection",
      "ipcClass",
      "ipcSubclass",
      "ipcGroup",
      "holderId",
      "holderKind",
      "clusters",
      "listingMode",
      "legalStatus",
      "priceFen",
      "remainingLifeYears",
      "highValue",
    ]);
    expect(settings.sortableAttributes).toEqual(["listedAt", "priceFen", "remainingLifeYears"]);
    expect(settings.rankingRules).toEqual(["sort", "words", "typo", "proximity", "attribute", "exactness"]);
    expect(settings.typoTolerance).toEqual({ enabled: true, disableOnAttributes: ["ipc", "applicationNumber", "publicationNumber"] });
    expect(settings.pagination).toEqual({ maxTotalHits: 100_000 });
    expect(settings.faceting).toEqual({ maxValuesPerFacet: 200 });
    expect(settings.localizedAttributes).toEqual([{ attributePatterns: ["*"], locales: ["cmn"] }]);
  });

  it("sends every synonym group both ways", async () => {
    await engine.init();
    const synonyms = (fake.operations()[1].body as { synonyms: Record<string, string[]> }).synonyms;
    expect(synonyms["黑木耳"]).toEqual(["木耳"]);
    expect(synonyms["木耳"]).toEqual(["黑木耳"]);
    expect(synonyms["中药"]).toEqual(["中药材", "中草药"]);
    expect(synonyms["中草药"]).toEqual(["中药", "中药材"]);
    for (const [word, others] of Object.entries(synonyms)) {
      expect(others).not.toContain(word);
      for (const other of others) expect(synonyms[other]).toContain(word);
    }
  });

  it("is idempotent: an existing index is not an error", async () => {
    await engine.init();
    await engine.init();
    expect(fake.tasks.get(2)?.error?.code).toBe("index_already_exists");
    expect(fake.operations().map((op) => op.method)).toEqual(["POST", "PATCH", "POST", "PATCH"]);
  });

  it("rejects when the settings task fails", async () => {
    fake.failTasks((task) => task.type === "settingsUpdate", { message: "Attribute `x` is not sortable.", code: "invalid_settings_sortable_attributes" });
    await expect(engine.init()).rejects.toThrow(/Attribute `x` is not sortable\..*invalid_settings_sortable_attributes/);
  });
});

describe("writes wait for their task", () => {
  beforeEach(async () => {
    await engine.init();
  });

  it("index() resolves only once its task went enqueued → processing → succeeded", async () => {
    const statuses: string[] = [];
    const observingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).includes("/tasks/")) statuses.push(((await response.clone().json()) as { status: string }).status);
      return response;
    };
    await engineFor({ fetch: observingFetch }).index([doc("p1")]);
    expect(statuses).toEqual(["enqueued", "processing", "succeeded"]);
    const add = fake.operations().find((op) => op.path.startsWith("/indexes/patents/documents"));
    expect(add?.method).toBe("POST");
    expect(add?.path).toBe("/indexes/patents/documents?primaryKey=id");
    expect(add?.body).toEqual([doc("p1")]);
    expect(await engine.count()).toBe(1);
  });

  it("index() rejects with the failed task's message and code", async () => {
    fake.failTasks((task) => task.type === "documentAdditionOrUpdate", {
      message: "Document identifier `a b` is invalid.",
      code: "invalid_document_id",
    });
    const error = await engine.index([doc("p1")]).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MeilisearchError);
    expect((error as MeilisearchError).message).toContain("Document identifier `a b` is invalid.");
    expect((error as MeilisearchError).message).toContain("invalid_document_id");
    expect((error as MeilisearchError).code).toBe("invalid_document_id");
  });

  it("gives up on a task that never finishes", async () => {
    fake.pollsUntilDone = Number.MAX_SAFE_INTEGER;
    await expect(engineFor({ taskTimeoutMs: 30 }).index([doc("p1")])).rejects.toThrow(/did not finish within 30 ms \(still processing\)/);
  });

  it("sends at most 5,000 documents per request", async () => {
    const docs = Array.from({ length: 12_001 }, (_, i) => doc(`p${i}`, { abstract: "", claims: "" }));
    await engine.index(docs);
    const adds = fake.operations().filter((op) => op.path.startsWith("/indexes/patents/documents"));
    expect(adds.map((op) => (op.body as unknown[]).length)).toEqual([5_000, 5_000, 2_001]);
    expect(await engine.count()).toBe(12_001);
  });

  it("strips the highlight tag characters from stored texts", async () => {
    await engine.index([doc("p1", { title: `真${PRE}假高亮${POST}标题`, abstract: `${POST}摘要${PRE}`, claims: `权${PRE}利` })]);
    const stored = fake.indexes.get("patents")?.get("p1");
    expect(stored?.title).toBe("真假高亮标题");
    expect(stored?.abstract).toBe("摘要");
    expect(stored?.claims).toBe("权利");
  });

  it("remove() posts the ids to delete-batch and waits", async () => {
    await engine.index([doc("p1"), doc("p2")]);
    await engine.remove(["p1", "unknown"]);
    const deletion = fake.operations().find((op) => op.path.endsWith("/delete-batch"));
    expect(deletion).toEqual({ method: "POST", path: "/indexes/patents/documents/delete-batch", body: ["p1", "unknown"] });
    expect(await engine.count()).toBe(1);
  });

  it("empty writes send nothing", async () => {
    const before = fake.requests.length;
    await engine.index([]);
    await engine.remove([]);
    expect(fake.requests.length).toBe(before);
  });

  it("count() reads numberOfDocuments from stats, 0 before the index exists", async () => {
    await engine.index([doc("p1"), doc("p2"), doc("p1")]);
    expect(await engine.count()).toBe(2);
    expect(fake.requests.at(-1)).toMatchObject({ method: "GET", path: "/indexes/patents/stats" });
    expect(await engineFor({ indexUid: "nothing_here" }).count()).toBe(0);
  });
});

describe("filters", () => {
  it("builds the expression for every kind of filter", () => {
    const filters: PatentFilters = {
      type: ["INVENTION", "UTILITY_MODEL"],
      ipcSection: ["A"],
      ipcClass: ["A01", "C12"],
      ipcPrefix: "A23L",
      holderKind: ["UNIVERSITY"],
      holderId: "holder-1",
      clusters: ["食用菌", "中药材"],
      listingMode: ["ASSIGNMENT", "OPEN_LICENCE"],
      legalStatus: ["VALID"],
      priceMinFen: 100_000,
      priceMaxFen: 5_000_000,
      remainingLifeMin: 2.5,
      remainingLifeMax: 15,
      highValue: true,
      ids: ["p1", "p2"],
    };
    expect(buildFilter(filters)).toBe(
      [
        '(type = "INVENTION" OR type = "UTILITY_MODEL")',
        '(ipcSection = "A")',
        '(ipcClass = "A01" OR ipcClass = "C12")',
        'ipcSubclass = "A23L"',
        '(holderKind = "UNIVERSITY")',
        'holderId = "holder-1"',
        '(clusters = "食用菌" OR clusters = "中药材")',
        '(listingMode = "ASSIGNMENT" OR listingMode = "OPEN_LICENCE")',
        '(legalStatus = "VALID")',
        "priceFen IS NOT NULL AND priceFen >= 100000 AND priceFen <= 5000000",
        "remainingLifeYears IS NOT NULL AND remainingLifeYears >= 2.5 AND remainingLifeYears <= 15",
        "highValue = true",
        'id IN ["p1", "p2"]',
      ].join(" AND "),
    );
  });

  it("leaves out what is not filtered", () => {
    expect(buildFilter(undefined)).toBeUndefined();
    expect(buildFilter({})).toBeUndefined();
    expect(buildFilter({ type: [], clusters: [], ipcPrefix: "  " })).toBeUndefined();
    expect(buildFilter({ highValue: false })).toBe("highValue = false");
    expect(buildFilter({ priceMaxFen: 0 })).toBe("priceFen IS NOT NULL AND priceFen <= 0");
    expect(buildFilter({ remainingLifeMin: 3 })).toBe("remainingLifeYears IS NOT NULL AND remainingLifeYears >= 3");
  });

  it("matches an IPC prefix on the field of its depth", () => {
    expect(buildFilter({ ipcPrefix: "A" })).toBe('ipcSection = "A"');
    expect(buildFilter({ ipcPrefix: "a23" })).toBe('ipcClass = "A23"');
    expect(buildFilter({ ipcPrefix: "A23L" })).toBe('ipcSubclass = "A23L"');
    expect(buildFilter({ ipcPrefix: "A23L31" })).toBe('ipcGroup = "A23L31"');
    // The app's canonical group prefix ends with "/" (so it cannot match A23L310).
    expect(buildFilter({ ipcPrefix: "A23L31/" })).toBe('ipcGroup = "A23L31"');
    expect(buildFilter({ ipcPrefix: "a23l 31/00" })).toBe('ipc = "A23L31/00"');
  });

  it("writes numbers as plain decimals", () => {
    expect(buildFilter({ priceMinFen: 1e21 })).toBe("priceFen IS NOT NULL AND priceFen >= 1000000000000000000000");
    expect(buildFilter({ remainingLifeMin: 1e-7 })).toBe("remainingLifeYears IS NOT NULL AND remainingLifeYears >= 0.0000001");
    expect(buildFilter({ remainingLifeMin: -1 })).toBe("remainingLifeYears IS NOT NULL AND remainingLifeYears >= -1");
  });

  it("quotes and escapes backslashes and double quotes", () => {
    expect(quote("plain")).toBe('"plain"');
    expect(quote('a"b')).toBe('"a\\"b"');
    expect(quote("a\\b")).toBe('"a\\\\b"');
    expect(quote('a\\"')).toBe('"a\\\\\\""');
    expect(quote("")).toBe('""');
  });

  const attacks = ['木耳" OR holderKind = "SOE', 'a\\"', ") OR (1=1", "\\", "C:\\dir\\", '\\" OR id EXISTS OR "', "x'] OR id EXISTS", "AND", "\n) OR NOT (", "💥\\\\\""];

  it.each(attacks)("keeps %j a value in a facet list", (attack) => {
    const filter = buildFilter({ clusters: [attack, "食用菌"] })!;
    expect(readFilter(filter)).toEqual({ skeleton: '(clusters = "…" OR clusters = "…")', values: [attack, "食用菌"] });
  });

  it.each(attacks)("keeps %j a value in holderId, ids and ipcPrefix", (attack) => {
    const filter = buildFilter({ holderId: attack, ids: [attack, "p1"], ipcPrefix: attack })!;
    const { skeleton, values } = readFilter(filter);
    const ipcValue = attack.replace(/\s+/g, "").toUpperCase();
    if (ipcValue === "") {
      expect(skeleton).toBe('holderId = "…" AND id IN ["…", "…"]');
      expect(values).toEqual([attack, attack, "p1"]);
    } else {
      expect(skeleton).toBe('ipc = "…" AND holderId = "…" AND id IN ["…", "…"]');
      expect(values).toEqual([ipcValue, attack, attack, "p1"]);
    }
  });

  it("escapes the injection attempts exactly", () => {
    expect(buildFilter({ clusters: ['木耳" OR holderKind = "SOE'] })).toBe('(clusters = "木耳\\" OR holderKind = \\"SOE")');
    expect(buildFilter({ holderId: 'a\\"' })).toBe('holderId = "a\\\\\\""');
    expect(buildFilter({ clusters: [") OR (1=1"] })).toBe('(clusters = ") OR (1=1")');
    expect(buildFilter({ holderId: "C:\\dir\\" })).toBe('holderId = "C:\\\\dir\\\\"');
  });

  it.each([
    ["a NaN price", { priceMinFen: Number.NaN }],
    ["an infinite price", { priceMaxFen: Number.POSITIVE_INFINITY }],
    ["a string price", { priceMinFen: "100 OR 1=1" as unknown as number }],
    ["a NaN remaining life", { remainingLifeMax: Number.NaN }],
    ["a non-boolean highValue", { highValue: "true OR 1" as unknown as boolean }],
    ["a non-string value", { clusters: [{ toString: () => "x" } as unknown as string] }],
    ["a non-list facet", { type: "INVENTION" as unknown as ["INVENTION"] }],
  ])("refuses %s before any request", async (_, filters) => {
    await engine.init();
    const before = fake.requests.length;
    await expect(engine.search({ q: "木耳", filters: filters as PatentFilters })).rejects.toThrow(/filter/);
    expect(fake.requests.length).toBe(before);
  });

  it("sends the filter string in the search request", async () => {
    await engine.init();
    await engine.search({ q: "", filters: { clusters: ['木耳" OR holderKind = "SOE'], priceMinFen: 100 } });
    expect(lastSearch().filter).toBe('(clusters = "木耳\\" OR holderKind = \\"SOE") AND priceFen IS NOT NULL AND priceFen >= 100');
  });

  it("answers an empty ids list with nothing, without asking Meilisearch", async () => {
    await engine.init();
    const before = fake.requests.length;
    const result = await engine.search({ q: "木耳", filters: { ids: [] }, facets: ["type"] });
    expect(result).toMatchObject({ hits: [], total: 0, facets: { type: {} } });
    expect(fake.requests.length).toBe(before);
  });
});

describe("search", () => {
  beforeEach(async () => {
    await engine.init();
  });

  it("asks for highlights, crop, ranking score (with its details) and paging", async () => {
    await engine.search({ q: "  黑木耳 ", page: 3, pageSize: 15 });
    expect(lastSearch()).toEqual({
      q: "黑木耳",
      page: 3,
      hitsPerPage: 15,
      attributesToRetrieve: ["id", "title", "abstract"],
      locales: ["cmn"],
      attributesToHighlight: ["title"],
      attributesToCrop: ["abstract"],
      cropLength: 60,
      cropMarker: "",
      highlightPreTag: HIGHLIGHT_PRE_TAG,
      highlightPostTag: HIGHLIGHT_POST_TAG,
      showRankingScore: true,
      showRankingScoreDetails: true,
    });
    expect(HIGHLIGHT_PRE_TAG).toBe(PRE);
    expect(HIGHLIGHT_POST_TAG).toBe(POST);
  });

  it.each([
    ["relevance", undefined],
    ["newest", ["listedAt:desc"]],
    ["price-asc", ["priceFen:asc"]],
    ["price-desc", ["priceFen:desc"]],
    ["remaining-life-desc", ["remainingLifeYears:desc"]],
  ] as const)("sorts %s as %j", async (sort, expected) => {
    await engine.search({ q: "木耳", sort });
    expect(lastSearch().sort).toEqual(expected);
  });

  it("defaults and clamps paging", async () => {
    await engine.search({ q: "" });
    expect(lastSearch()).toMatchObject({ page: 1, hitsPerPage: 20 });
    await engine.search({ q: "", page: 0, pageSize: 1_000 });
    expect(lastSearch()).toMatchObject({ page: 1, hitsPerPage: 100 });
  });

  it("refuses an unknown sort", async () => {
    await expect(engine.search({ q: "", sort: "cheapest" as never })).rejects.toThrow(/unknown sort/);
  });

  it("turns highlights into segments whose text is the original", async () => {
    const title = "一种黑木耳的栽培方法及黑木耳菌棒";
    await engine.index([doc("p1", { title }), doc("p2", { title: "镁合金", abstract: "无关" })]);
    const result = await engine.search({ q: "黑木耳" });
    expect(result.total).toBe(1);
    const [hit] = result.hits;
    expect(hit.id).toBe("p1");
    expect(hit.score).toBe(1);
    expect([hit.relevance, hit.lowRelevance]).toEqual([1, false]);
    expect(hit.title).toEqual([
      { text: "一种", match: false },
      { text: "黑木耳", match: true },
      { text: "的栽培方法及", match: false },
      { text: "黑木耳", match: true },
      { text: "菌棒", match: false },
    ]);
    expect(joined(hit.title)).toBe(title);
    expect(joined(hit.snippet)).toBe(doc("p1").abstract);
    expect(hit.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(["黑木耳"]);
    expect(hit.matchedTerms).toEqual(["黑木耳"]);
  });

  it("returns markup and tag characters from documents as plain text", async () => {
    const title = `<script>alert("x")</script>${PRE}伪造${POST}<b>木耳</b>`;
    await engine.index([doc("p1", { title, abstract: `<img src=x onerror=alert(1)>${PRE}${PRE}摘要` })]);
    const [hit] = (await engine.search({ q: "script" })).hits;
    expect(hit.title).toEqual([
      { text: "<", match: false },
      { text: "script", match: true },
      { text: '>alert("x")</', match: false },
      { text: "script", match: true },
      { text: ">伪造<b>木耳</b>", match: false },
    ]);
    expect(joined(hit.title)).toBe(title.replaceAll(PRE, "").replaceAll(POST, ""));
    expect(hit.snippet).toEqual([{ text: "<img src=x onerror=alert(1)>摘要", match: false }]);
    expect(hit.matchedTerms).toEqual(["script"]);
  });

  it("never lets a tag character in a response fake a highlight beyond the tags' own meaning", () => {
    expect(taggedToSegments("a<b>")).toEqual([{ text: "a<b>", match: false }]);
    expect(taggedToSegments(`x${POST}y${PRE}z`)).toEqual([
      { text: "xy", match: false },
      { text: "z", match: true },
    ]);
    expect(taggedToSegments(`${PRE}${POST}`)).toEqual([]);
    expect(taggedToSegments(`${PRE}a${POST}${PRE}b${POST}`)).toEqual([{ text: "ab", match: true }]);
  });

  it("answers an empty q with the start of the abstract and no score", async () => {
    const abstract = "本发明".repeat(60);
    await engine.index([doc("p1", { abstract, title: "标题<i>" })]);
    const result = await engine.search({ q: "" });
    const body = lastSearch();
    expect(body.attributesToHighlight).toBeUndefined();
    expect(body.showRankingScore).toBeUndefined();
    expect(result.hits).toEqual([
      { id: "p1", score: 0, title: [{ text: "标题<i>", match: false }], snippet: [{ text: abstract.slice(0, 120), match: false }], matchedTerms: [] },
    ]);
  });

  it("does not split a surrogate pair at the end of the no-query snippet", async () => {
    const abstract = `${"字".repeat(119)}𠀀后面`;
    await engine.index([doc("p1", { abstract })]);
    const [hit] = (await engine.search({ q: "" })).hits;
    expect(hit.snippet[0].text).toBe(`${"字".repeat(119)}𠀀`);
  });

  it("maps facets, total and took from the response", async () => {
    await engine.index([
      doc("p1", { highValue: true, clusters: ["食用菌", "中药材"] }),
      doc("p2", { type: "DESIGN", holderKind: "SOE" }),
      doc("p3", { type: null }),
    ]);
    const result = await engine.search({ q: "", facets: ["type", "highValue", "clusters", "type", "bogus" as never], pageSize: 2 });
    expect(lastSearch().facets).toEqual(["type", "highValue", "clusters"]);
    expect(result.total).toBe(3);
    expect(result.hits).toHaveLength(2);
    expect(result.page).toBe(1);
    expect(result.pageSize).toBe(2);
    expect(result.tookMs).toBe(1);
    expect(result.facets).toEqual({
      type: { INVENTION: 1, DESIGN: 1 },
      highValue: { true: 1, false: 2 },
      clusters: { 食用菌: 3, 中药材: 1 },
    });
  });

  it("uses a configured answer as Meilisearch would send it", async () => {
    fake.searchResponse = () => ({
      hits: [{ id: "x1", title: "锂电池", abstract: "一种锂离子电池", _formatted: { title: `${PRE}锂电池${POST}`, abstract: `一种${PRE}锂离子电池${POST}` }, _rankingScore: 0.87 }],
      totalHits: 41,
      facetDistribution: { legalStatus: { VALID: 40, PENDING: 1 } },
      processingTimeMs: 7,
    });
    const result = await engine.search({ q: "锂电池", facets: ["legalStatus", "type"], page: 2, pageSize: 20 });
    expect(result).toEqual({
      hits: [
        {
          id: "x1",
          score: 0.87,
          title: [{ text: "锂电池", match: true }],
          snippet: [
            { text: "一种", match: false },
            { text: "锂离子电池", match: true },
          ],
          matchedTerms: ["锂电池", "锂离子电池"],
          relevance: 0.87,
          lowRelevance: false,
        },
      ],
      total: 41,
      page: 2,
      pageSize: 20,
      facets: { legalStatus: { VALID: 40, PENDING: 1 }, type: {} },
      tookMs: 7,
    });
  });
});

describe("rebuild", () => {
  it("builds a temporary index, swaps it in, then deletes the old one", async () => {
    await engine.init();
    await engine.index([doc("old1"), doc("old2")]);
    const before = fake.operations().length;

    const result = await engine.rebuild(batchesOf([doc("n1"), doc("n2")], [doc("n3"), doc("n1")]));

    expect(result).toEqual({ count: 3 });
    const ops = fake.operations().slice(before);
    const temp = (ops.find((op) => op.method === "POST" && op.path === "/indexes" && (op.body as { uid: string }).uid !== "patents")?.body as { uid: string }).uid;
    expect(temp).toMatch(/^patents_rebuild_\d+$/);
    expect(ops.map((op) => `${op.method} ${op.path}`)).toEqual([
      "POST /indexes", // the live index, in case it does not exist yet
      "POST /indexes",
      `PATCH /indexes/${temp}/settings`,
      `POST /indexes/${temp}/documents?primaryKey=id`,
      `POST /indexes/${temp}/documents?primaryKey=id`,
      "POST /swap-indexes",
      `DELETE /indexes/${temp}`,
    ]);
    expect(ops[1].body).toEqual({ uid: temp, primaryKey: "id" });
    expect(ops[2].body).toEqual(fake.operations()[1].body); // the same settings as init
    expect(ops[5].body).toEqual([{ indexes: ["patents", temp] }]);
    expect([...(fake.indexes.get("patents")?.keys() ?? [])].sort()).toEqual(["n1", "n2", "n3"]);
    expect(fake.indexes.has(temp)).toBe(false);
    expect(await engine.count()).toBe(3);
  });

  it("keeps answering from the old index until the swap", async () => {
    await engine.init();
    await engine.index([doc("old1")]);
    const seen: string[][] = [];
    async function* slowBatches(): AsyncIterable<PatentSearchDoc[]> {
      yield [doc("n1")];
      seen.push((await engine.search({ q: "" })).hits.map((h) => h.id));
      yield [doc("n2")];
    }
    await engine.rebuild(slowBatches());
    expect(seen).toEqual([["old1"]]);
    expect((await engine.search({ q: "" })).hits.map((h) => h.id).sort()).toEqual(["n1", "n2"]);
  });

  it("waits for every task, and on failure deletes the temporary index and leaves the live one", async () => {
    await engine.init();
    await engine.index([doc("old1")]);
    fake.failTasks((task) => task.type === "documentAdditionOrUpdate" && task.indexUid !== "patents", {
      message: "The primary key inference failed.",
      code: "index_primary_key_no_candidate_found",
    });
    await expect(engine.rebuild(batchesOf([doc("n1")]))).rejects.toThrow(/primary key inference failed/);
    const paths = fake.operations().map((op) => `${op.method} ${op.path}`);
    expect(paths).not.toContain("POST /swap-indexes");
    expect(paths.at(-1)).toMatch(/^DELETE \/indexes\/patents_rebuild_\d+$/);
    expect([...fake.indexes.keys()]).toEqual(["patents"]);
    expect(await engine.count()).toBe(1);
  });

  it("creates the live index when rebuilding before any init", async () => {
    const result = await engine.rebuild(batchesOf([doc("n1")]));
    expect(result).toEqual({ count: 1 });
    expect(await engine.count()).toBe(1);
  });
});

describe("HTTP", () => {
  it("sends the API key as a bearer token and JSON content type", async () => {
    await engine.init();
    for (const request of fake.requests) {
      expect(request.headers.authorization).toBe("Bearer test-key");
      expect(request.headers["content-type"]).toBe("application/json");
    }
  });

  it("sends no Authorization header without a key", async () => {
    await fake.close();
    fake = await startFakeMeilisearch();
    await engineFor({ apiKey: undefined }).init();
    expect(fake.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it("reports a refused key with method, path, status and Meilisearch's code", async () => {
    const error = await engineFor({ apiKey: "wrong" })
      .count()
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MeilisearchError);
    expect((error as Error).message).toBe("Meilisearch GET /indexes/patents/stats → HTTP 403 invalid_api_key: The provided API key is invalid.");
    expect((error as MeilisearchError).status).toBe(403);
  });

  it("reports an HTTP error of a search with Meilisearch's message", async () => {
    await engine.init();
    fake.failRequest((r) => r.path.endsWith("/search"), 400, { message: "Attribute `foo` is not filterable.", code: "invalid_search_filter" });
    await expect(engine.search({ q: "镁合金" })).rejects.toThrow(
      "Meilisearch POST /indexes/patents/search → HTTP 400 invalid_search_filter: Attribute `foo` is not filterable.",
    );
  });

  it("reports a network failure with method and path", async () => {
    const refused = createMeilisearchEngine({ host: "http://127.0.0.1:1/", pollIntervalMs: 1 });
    await expect(refused.count()).rejects.toThrow(/^Meilisearch GET \/indexes\/patents\/stats failed \(no response\)/);
  });

  it("uses the injected fetch and trims the host's trailing slash", async () => {
    const urls: string[] = [];
    const recording: typeof fetch = (input, init) => {
      urls.push(String(input));
      return fetch(input, init);
    };
    await createMeilisearchEngine({ host: `${fake.url}/`, apiKey: "test-key", indexUid: "a-b_c", fetch: recording, pollIntervalMs: 1 }).init();
    expect(urls[0]).toBe(`${fake.url}/indexes`);
    expect(urls).toContain(`${fake.url}/indexes/a-b_c/settings`);
  });

  it("close() resolves", async () => {
    await expect(engine.close()).resolves.toBeUndefined();
    expect(engine.name).toBe("meilisearch");
  });
});

// Against a real server: MEILI_URL=http://localhost:7700 MEILI_API_KEY=… (docker-compose).
describe.skipIf(!process.env.MEILI_URL)("a real Meilisearch (smoke)", () => {
  const uid = `ipb_smoke_${Date.now()}`;
  let real: SearchEngine;

  beforeAll(async () => {
    real = createMeilisearchEngine({ host: process.env.MEILI_URL!, apiKey: process.env.MEILI_API_KEY, indexUid: uid, taskTimeoutMs: 60_000 });
    await real.init();
    await real.index([
      doc("s1", { title: "一种黑木耳的栽培方法", clusters: ["食用菌"], holderKind: "UNIVERSITY", priceFen: 100_000, highValue: true }),
      doc("s2", { title: "一种镁合金板材的轧制工艺", abstract: "本发明涉及镁合金板材轧制。", clusters: ["新材料"], holderKind: "SOE", priceFen: null, ipc: ["B21B1/22"], ipcSection: ["B"], ipcClass: ["B21"], ipcSubclass: ["B21B"], ipcGroup: ["B21B1"] }),
      doc("s3", { title: "锂离子电池正极材料及其制备方法", abstract: "一种锂离子电池正极材料。", clusters: ["新材料"], holderKind: "RESEARCH_INSTITUTE", priceFen: 9_000_000 }),
    ]);
  }, 120_000);

  afterAll(async () => {
    // Not part of the port: remove the smoke index directly.
    const headers: Record<string, string> = process.env.MEILI_API_KEY ? { Authorization: `Bearer ${process.env.MEILI_API_KEY}` } : {};
    await fetch(`${process.env.MEILI_URL!.replace(/\/+$/, "")}/indexes/${uid}`, { method: "DELETE", headers }).catch(() => undefined);
  });

  it("counts and finds with highlights", async () => {
    expect(await real.count()).toBe(3);
    const result = await real.search({ q: "镁合金" });
    expect(result.hits[0].id).toBe("s2");
    expect(result.hits[0].title.some((s) => s.match)).toBe(true);
    expect(joined(result.hits[0].title)).toBe("一种镁合金板材的轧制工艺");
    expect(result.hits[0].score).toBeGreaterThan(0);
  });

  it("filters, with quoted values and price bounds", async () => {
    const soe = await real.search({ q: "", filters: { holderKind: ["SOE"] } });
    expect(soe.hits.map((h) => h.id)).toEqual(["s2"]);
    const injected = await real.search({ q: "", filters: { clusters: ['食用菌" OR holderKind = "SOE'] } });
    expect(injected.total).toBe(0);
    const priced = await real.search({ q: "", filters: { priceMaxFen: 1_000_000 } });
    expect(priced.hits.map((h) => h.id)).toEqual(["s1"]);
    const ipc = await real.search({ q: "", filters: { ipcPrefix: "B21B" } });
    expect(ipc.hits.map((h) => h.id)).toEqual(["s2"]);
  });

  it("counts facets", async () => {
    const result = await real.search({ q: "", facets: ["clusters", "highValue"] });
    expect(result.facets.clusters).toEqual({ 新材料: 2, 食用菌: 1 });
    expect(result.facets.highValue).toEqual({ false: 2, true: 1 });
  });

  it("sorts by price with missing prices last", async () => {
    const result = await real.search({ q: "", sort: "price-desc" });
    expect(result.hits.map((h) => h.id)).toEqual(["s3", "s1", "s2"]);
  });

  it("rebuilds with a swap", async () => {
    const { count } = await real.rebuild(batchesOf([doc("r1", { title: "板栗深加工方法" })], [doc("r2", { title: "核桃破壳装置" })]));
    expect(count).toBe(2);
    expect(await real.count()).toBe(2);
    expect((await real.search({ q: "板栗" })).hits.map((h) => h.id)).toEqual(["r1"]);
  }, 120_000);
});

describe("writes during a rebuild", () => {
  it("reach the new index too, replayed after the batches, so the swap loses none", async () => {
    await engine.init();
    await engine.index([doc("a", { title: "旧标题" }), doc("b")]);
    async function* batches(): AsyncIterable<PatentSearchDoc[]> {
      yield [doc("a", { title: "快照里的旧版本" }), doc("b")];
      // The outbox worker keeps writing while the reindex reads its snapshot.
      await engine.index([doc("a", { title: "重建期间的新版本" }), doc("c")]);
      await engine.remove(["b"]);
      yield [doc("d")];
    }
    expect(await engine.rebuild(batches())).toEqual({ count: 3 });
    const live = fake.indexes.get("patents");
    expect([...(live?.keys() ?? [])].sort()).toEqual(["a", "c", "d"]);
    expect(live?.get("a")?.title).toBe("重建期间的新版本");
  });
});

// The shared contract, against a real server: MEILI_URL=http://localhost:7700 MEILI_API_KEY=…
describe.skipIf(!process.env.MEILI_URL)("a real Meilisearch (contract)", () => {
  const created: string[] = [];
  let counter = 0;

  afterAll(async () => {
    const headers: Record<string, string> = process.env.MEILI_API_KEY ? { Authorization: `Bearer ${process.env.MEILI_API_KEY}` } : {};
    for (const uid of created) {
      await fetch(`${process.env.MEILI_URL!.replace(/\/+$/, "")}/indexes/${uid}`, { method: "DELETE", headers }).catch(() => undefined);
    }
  });

  searchEngineContract("meilisearch", async () => {
    const uid = `ipb_contract_${Date.now()}_${counter++}`;
    created.push(uid);
    const real = createMeilisearchEngine({ host: process.env.MEILI_URL!, apiKey: process.env.MEILI_API_KEY, indexUid: uid, taskTimeoutMs: 60_000 });
    await real.init();
    return real;
  });
});

describe("disjunctive facet counts", () => {
  it("asks once more per facet the query filters on, without that facet's filter", async () => {
    await engine.init();
    await engine.search({ q: "木耳", filters: { type: ["INVENTION"], clusters: ["木耳深加工"] }, facets: ["type", "holderKind"] });
    const searches = fake.requests.filter((r) => r.path.endsWith("/search")).map((r) => r.body as Record<string, unknown>);
    expect(searches).toHaveLength(2);
    expect(searches[0]).toMatchObject({ facets: ["type", "holderKind"], filter: expect.stringContaining('type = "INVENTION"') });
    expect(searches[1]).toMatchObject({ q: "木耳", facets: ["type"], hitsPerPage: 0 });
    expect(String(searches[1].filter)).not.toContain("INVENTION");
    expect(String(searches[1].filter)).toContain('"木耳深加工"');
  });
});

describe("relevance (issue 18, item 3)", () => {
  /** Searches sent to the fake since `from`, their bodies. */
  const searchesSince = (from: number) => fake.requests.slice(from).filter((r) => r.path.endsWith("/search")).map((r) => r.body as Record<string, unknown>);
  /** Scores by id: a test decides what Meilisearch would have scored. */
  const scoresOf = (scores: Record<string, number>) => (d: { id: string }) => scores[d.id] ?? 0;

  beforeEach(async () => {
    await engine.init();
  });

  it("asks for the ranking score and maps it to relevance, flagging hits below the embedded engine's floor", async () => {
    await engine.index([doc("hi"), doc("edge"), doc("lo")]);
    fake.rankingScore = scoresOf({ hi: 0.92, edge: RELEVANCE_FLOOR, lo: RELEVANCE_FLOOR - 0.01 });
    const result = await engine.search({ q: "黑木耳" });
    expect(lastSearch().showRankingScore).toBe(true);
    expect(lastSearch().rankingScoreThreshold).toBeUndefined();
    expect(result.hits.map((h) => [h.id, h.relevance, h.lowRelevance])).toEqual([
      ["hi", 0.92, false],
      ["edge", RELEVANCE_FLOOR, false],
      ["lo", RELEVANCE_FLOOR - 0.01, true],
    ]);
    expect(result.total).toBe(3);
    expect(result.suggestion).toBeUndefined();
  });

  it("flags a hit with fewer of the query's words than the minimum should match, by the words rule's details, and puts it after the others", async () => {
    await engine.index([
      doc("one", { title: "电池", abstract: "一种电池。" }),
      doc("both", { title: "电池外壳", abstract: "一种电池的外壳。" }),
    ]);
    // Both score above the floor; "one" matches 1 of 2 words, and a two-word query needs both.
    fake.rankingScore = scoresOf({ one: 0.9, both: 0.8 });
    const result = await engine.search({ q: "电池 外壳" });
    expect(lastSearch().showRankingScoreDetails).toBe(true);
    expect(result.hits.map((h) => [h.id, h.relevance, h.lowRelevance])).toEqual([
      ["both", 0.8, false],
      ["one", 0.9, true],
    ]);
  });

  it("gives no verdict on the minimum should match without the words rule's details (an older Meilisearch)", async () => {
    await engine.index([doc("one", { title: "电池", abstract: "一种电池。" })]);
    fake.searchResponse = (context) => trivialSearch({ ...context, body: { ...context.body, showRankingScoreDetails: false } });
    fake.rankingScore = scoresOf({ one: 0.9 });
    const [hit] = (await engine.search({ q: "电池 外壳" })).hits;
    expect([hit.id, hit.lowRelevance]).toEqual(["one", false]);
  });

  it("gives no relevance while q is empty", async () => {
    await engine.index([doc("a")]);
    const [hit] = (await engine.search({ q: "", minRelevance: 0.9 })).hits;
    expect(hit.relevance).toBeUndefined();
    expect(hit.lowRelevance).toBeUndefined();
    expect(lastSearch().rankingScoreThreshold).toBeUndefined();
  });

  it("sends minRelevance as rankingScoreThreshold, in the facet requests too: total and facets follow", async () => {
    await engine.index([doc("hi", { holderKind: "SOE", type: "DESIGN" }), doc("mid", { holderKind: "UNIVERSITY" }), doc("lo", { holderKind: "UNIVERSITY" })]);
    fake.rankingScore = scoresOf({ hi: 0.9, mid: 0.6, lo: 0.2 });
    const from = fake.requests.length;
    const result = await engine.search({ q: "黑木耳", minRelevance: 0.5, filters: { type: ["INVENTION", "DESIGN"] }, facets: ["holderKind", "type"] });
    const searches = searchesSince(from);
    expect(searches.map((body) => body.rankingScoreThreshold)).toEqual([0.5, 0.5]);
    expect(result.hits.map((h) => h.id)).toEqual(["hi", "mid"]);
    expect(result.total).toBe(2);
    expect(result.facets).toEqual({ holderKind: { SOE: 1, UNIVERSITY: 1 }, type: { DESIGN: 1, INVENTION: 1 } });
  });

  it.each([[-0.1], [1.5], [Number.NaN], ["0.5" as never]])("refuses a minRelevance of %j before asking Meilisearch", async (minRelevance) => {
    const before = fake.requests.length;
    await expect(engine.search({ q: "黑木耳", minRelevance })).rejects.toThrow(/minRelevance/);
    expect(fake.requests.length).toBe(before);
  });

  it("and the fake answers an out-of-range threshold as Meilisearch does", async () => {
    const response = await fetch(`${fake.url}/indexes/patents/search`, {
      method: "POST",
      headers: { Authorization: "Bearer test-key", "Content-Type": "application/json" },
      body: JSON.stringify({ q: "x", rankingScoreThreshold: 2 }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe("invalid_search_ranking_score_threshold");
  });

  it.each([["<p>&nbsp;</p>"], ["的 了 是"], ["一种 方法 装置"], ["，。！"]])("answers the junk query %j with a suggestion, without asking Meilisearch", async (q) => {
    await engine.index([doc("a")]);
    const before = fake.requests.length;
    const result = await engine.search({ q, facets: ["type"] });
    expect(fake.requests.length).toBe(before);
    expect(result).toMatchObject({ hits: [], total: 0, facets: { type: {} }, suggestion: JUNK_QUERY_SUGGESTION });
  });

  it("keeps one request with the relevance sort: hits come in decreasing score, the low ones last", async () => {
    await engine.index([doc("lo"), doc("hi")]);
    fake.rankingScore = scoresOf({ hi: 0.8, lo: 0.1 });
    const from = fake.requests.length;
    const result = await engine.search({ q: "黑木耳" });
    expect(searchesSince(from)).toHaveLength(1);
    expect(result.hits.map((h) => [h.id, h.lowRelevance])).toEqual([
      ["hi", false],
      ["lo", true],
    ]);
  });

  it("with another sort, puts the hits below the floor after the others, in that sort, across pages", async () => {
    await engine.index([
      doc("hi-300", { priceFen: 300 }),
      doc("lo-100", { priceFen: 100 }),
      doc("hi-200", { priceFen: 200 }),
      doc("lo-50", { priceFen: 50 }),
      doc("hi-none", { priceFen: null }),
    ]);
    fake.rankingScore = (d) => (d.id.startsWith("hi") ? 0.9 : 0.1);
    const all = await engine.search({ q: "黑木耳", sort: "price-asc", facets: ["type"] });
    expect(all.hits.map((h) => h.id)).toEqual(["hi-200", "hi-300", "hi-none", "lo-50", "lo-100"]);
    expect(all.total).toBe(5);
    expect(all.facets).toEqual({ type: { INVENTION: 5 } });

    const pages = [];
    for (const page of [1, 2, 3]) pages.push(await engine.search({ q: "黑木耳", sort: "price-asc", page, pageSize: 2 }));
    expect(pages.map((p) => p.hits.map((h) => h.id))).toEqual([["hi-200", "hi-300"], ["hi-none", "lo-50"], ["lo-100"]]);
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5]);
  });

  it("asks for the page above the floor, then only as many of all hits as the page reaches", async () => {
    await engine.index([doc("a", { priceFen: 1 }), doc("b", { priceFen: 2 }), doc("c", { priceFen: 3 })]);
    fake.rankingScore = scoresOf({ a: 0.9, b: 0.9, c: 0.1 });
    let from = fake.requests.length;
    await engine.search({ q: "黑木耳", sort: "newest", page: 1, pageSize: 2 });
    let [above, rest] = searchesSince(from);
    expect(above).toMatchObject({ sort: ["listedAt:desc"], page: 1, hitsPerPage: 2, rankingScoreThreshold: RELEVANCE_FLOOR, showRankingScore: true });
    // The page is all above the floor: the second request only counts (and would count facets).
    expect(rest).toMatchObject({ sort: ["listedAt:desc"], page: 1, hitsPerPage: 0 });
    expect(rest.rankingScoreThreshold).toBeUndefined();

    from = fake.requests.length;
    await engine.search({ q: "黑木耳", sort: "newest", page: 2, pageSize: 2, minRelevance: 0.05 });
    [above, rest] = searchesSince(from);
    expect(above).toMatchObject({ page: 2, hitsPerPage: 2, rankingScoreThreshold: RELEVANCE_FLOOR });
    expect(rest).toMatchObject({ page: 1, hitsPerPage: 4, rankingScoreThreshold: 0.05, showRankingScore: true });
  });

  it("needs no second request when minRelevance is at or above the floor", async () => {
    await engine.index([doc("a", { priceFen: 1 }), doc("c", { priceFen: 3 })]);
    fake.rankingScore = scoresOf({ a: 0.9, c: 0.1 });
    const from = fake.requests.length;
    const result = await engine.search({ q: "黑木耳", sort: "price-desc", minRelevance: RELEVANCE_FLOOR });
    expect(searchesSince(from)).toEqual([expect.objectContaining({ rankingScoreThreshold: RELEVANCE_FLOOR, sort: ["priceFen:desc"] })]);
    expect(result.hits.map((h) => h.id)).toEqual(["a"]);
  });
});
