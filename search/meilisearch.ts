/**
 * The Meilisearch adapter (production), over Meilisearch's HTTP API v1.x with plain
 * `fetch` — every request is visible here and in the HTTP-level tests.
 *
 * - Every write returns a task; we wait for it (`GET /tasks/:uid`) and a failed task
 *   throws with Meilisearch's message and code, so the outbox worker retries.
 * - Filters are built by `meilisearch-filters.ts`: user values are only ever quoted string
 *   literals or checked numbers.
 * - Highlights come back in `_formatted` between private-use characters and are turned
 *   into `Segment`s; those characters are stripped from stored texts, so a document can
 *   never fake a highlight, and no markup from the engine reaches the page.
 * - `rebuild` fills a fresh index and swaps it with the live one (`POST /swap-indexes`),
 *   then deletes the old one: searches are served from the old index until the swap.
 *
 * Relevance (issue 18, item 3), as the embedded engine has it as far as Meilisearch allows:
 * - `relevance` is Meilisearch's `_rankingScore` (asked for with `showRankingScore`), and
 *   `lowRelevance` flags a hit below `RELEVANCE_FLOOR`, the same constant the embedded
 *   engine uses. What differs: the score is Meilisearch's own — a blend of its ranking
 *   rules (matched words, typos, proximity, attribute, exactness), where the embedded
 *   engine's is the share of the query's information (IDF-weighted concepts) a document
 *   matches — and the floor was calibrated by the bench on the embedded engine only, so
 *   here it is the same number, not a calibrated one. Stop words do not lower
 *   Meilisearch's score the way they weigh nothing in the embedded one.
 * - Minimum should match: a hit matching fewer of the query's words than
 *   `minimumShouldMatch` asks is flagged `lowRelevance` too, read from the words rule of
 *   `_rankingScoreDetails` (asked for with `showRankingScoreDetails`). What differs: the
 *   words are Meilisearch's (every query word counts; the embedded engine counts only
 *   informative ones), and the rule only flags and orders within a page: `totalHits`,
 *   facets and `minRelevance` know nothing of it (Meilisearch has no proportional
 *   minimum, only `matchingStrategy` last / all / frequency).
 * - `minRelevance` (API `minScore`) is sent as `rankingScoreThreshold` (Meilisearch ≥ 1.9):
 *   Meilisearch itself leaves the lower hits out of the hits, `totalHits` and the facet
 *   distribution, the disjunctive facet requests included.
 * - Hits below the floor come after the others. With the relevance sort they do anyway
 *   (hits come in decreasing `_rankingScore`); with another sort (price, newest …), which
 *   Meilisearch applies first, the page is put together from two requests: the hits at or
 *   above the floor (`rankingScoreThreshold` = floor) in that sort, then, once those run
 *   out, the ones below it in the same sort.
 * - A query with nothing to search for (stop words, markup, punctuation: `isJunkQuery`,
 *   the embedded engine's test) is answered without asking Meilisearch: no hits and a
 *   `suggestion`.
 */
import { alignToCodePoints, parseTaggedText, SNIPPET_LENGTH, snippetSegments, toSegments } from "./highlight";
import { MINIMUM_SHOULD_MATCH_SHARE, minimumShouldMatch, RELEVANCE_FLOOR } from "./embedded-ranking";
import { buildFilter } from "./meilisearch-filters";
import { isJunkQuery } from "./need-query";
import { FACETS, filtersWithout, type Facet, type PatentSearchDoc, type SearchEngine, type SearchHit, type SearchQuery, type SearchResult, type Segment, type Sort } from "./port";
import { JUNK_QUERY_SUGGESTION, readMinRelevance, readPaging, readSort, readText } from "./query-options";
import { searchModeTokens } from "./segmenter";
import { meilisearchSynonyms } from "./synonyms";

export { buildFilter, quote } from "./meilisearch-filters";

export type MeilisearchOptions = {
  /** e.g. "http://127.0.0.1:7700" */
  host: string;
  apiKey?: string;
  indexUid?: string;
  /** For tests and instrumentation; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Pause between two polls of a task. */
  pollIntervalMs?: number;
  /** How long to wait for one task before giving up. */
  taskTimeoutMs?: number;
};

/** An error answered by Meilisearch (HTTP error or failed task), with its error code. */
export class MeilisearchError extends Error {
  override name = "MeilisearchError";
  constructor(
    message: string,
    readonly code?: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------
// Settings and documents

/** Highlight tags: private-use characters, stripped from every stored text. */
export const HIGHLIGHT_PRE_TAG = "\uE000";
export const HIGHLIGHT_POST_TAG = "\uE001";
const TAG_CHARACTERS = /[\uE000\uE001]/g;

/** Documents per `POST /documents`: Meilisearch takes large payloads, but tasks stay short. */
const BATCH_SIZE = 5000;

/** Chinese for the tokenizer: Han characters alone would also read as Japanese. */
const LOCALES = ["cmn"];

export const INDEX_SETTINGS = {
  // Ordered by weight for the `attribute` rule; claims last (long and repetitive).
  searchableAttributes: ["title", "abstract", "holderName", "clusters", "ipc", "claims"],
  filterableAttributes: [
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
  ],
  sortableAttributes: ["listedAt", "priceFen", "remainingLifeYears"],
  // Meilisearch's default rules with `sort` first: a price sort asked for is a price sort.
  rankingRules: ["sort", "words", "typo", "proximity", "attribute", "exactness"],
  synonyms: meilisearchSynonyms(),
  typoTolerance: {
    enabled: true,
    // Codes are exact: a typo in "A23L31/00" or a publication number is another patent.
    disableOnAttributes: ["ipc", "applicationNumber", "publicationNumber"],
  },
  // The default (1,000) would cap `total` for a county-wide catalogue.
  pagination: { maxTotalHits: 100_000 },
  faceting: { maxValuesPerFacet: 200 },
  localizedAttributes: [{ attributePatterns: ["*"], locales: LOCALES }],
};

/** The document as stored: texts without the highlight tag characters. */
function toStoredDocument(doc: PatentSearchDoc): PatentSearchDoc {
  const clean = (text: string) => text.replace(TAG_CHARACTERS, "");
  return { ...doc, title: clean(doc.title), abstract: clean(doc.abstract), claims: clean(doc.claims) };
}

const SORT_PARAMETER: Record<Sort, string[] | undefined> = {
  relevance: undefined,
  newest: ["listedAt:desc"],
  "price-asc": ["priceFen:asc"],
  "price-desc": ["priceFen:desc"],
  "remaining-life-desc": ["remainingLifeYears:desc"],
};

/** Meilisearch counts Chinese crop length in words of one or two characters: ≈ 120 characters. */
const CROP_LENGTH_WORDS = 60;

// ---------------------------------------------------------------------------------------
// HTTP

type TaskStatus = "enqueued" | "processing" | "succeeded" | "failed" | "canceled";
type Task = { uid: number; type?: string; status: TaskStatus; error?: { message?: string; code?: string } | null };
type EnqueuedTask = { taskUid: number };

type MeilisearchHit = {
  id: string;
  title?: string;
  abstract?: string;
  _formatted?: { title?: string; abstract?: string };
  _rankingScore?: number;
  /** Per ranking rule; the words rule says how many of the query's words the document matched (Meilisearch ≥ 1.3). */
  _rankingScoreDetails?: { words?: { matchingWords?: number; maxMatchingWords?: number } };
};

type SearchResponse = {
  hits: MeilisearchHit[];
  totalHits?: number;
  estimatedTotalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
  processingTimeMs?: number;
};

function createClient(options: MeilisearchOptions) {
  const base = options.host.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (options.apiKey) headers.Authorization = `Bearer ${options.apiKey}`;
  const pollIntervalMs = options.pollIntervalMs ?? 25;
  const taskTimeoutMs = options.taskTimeoutMs ?? 120_000;

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new MeilisearchError(`Meilisearch ${method} ${path} failed (no response): ${(error as Error).message}`);
    }
    const text = await response.text();
    const payload: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const { message, code } = (payload ?? {}) as { message?: string; code?: string };
      throw new MeilisearchError(`Meilisearch ${method} ${path} → HTTP ${response.status} ${code ?? "error"}: ${message ?? text}`, code, response.status);
    }
    return payload as T;
  }

  /** Polls a task until it is done; a failed or canceled task throws its error. */
  async function waitForTask(taskUid: number): Promise<void> {
    const started = Date.now();
    for (;;) {
      const task = await request<Task>("GET", `/tasks/${taskUid}`);
      if (task.status === "succeeded") return;
      if (task.status === "failed" || task.status === "canceled") {
        const code = task.error?.code ?? task.status;
        throw new MeilisearchError(`Meilisearch task ${taskUid} (${task.type ?? "task"}) ${task.status}: ${task.error?.message ?? "no details"} (${code})`, code);
      }
      if (Date.now() - started >= taskTimeoutMs) {
        throw new MeilisearchError(`Meilisearch task ${taskUid} did not finish within ${taskTimeoutMs} ms (still ${task.status})`, "task_timeout");
      }
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
  }

  /** A write: send it, then wait for its task. */
  async function write(method: string, path: string, body?: unknown): Promise<void> {
    const { taskUid } = await request<EnqueuedTask>(method, path, body);
    await waitForTask(taskUid);
  }

  return { request, write };
}

// ---------------------------------------------------------------------------------------
// Results

/**
 * Text marked by Meilisearch with our tags as segments: a stray closing tag is ignored,
 * an unclosed opening tag marks the rest, empty parts are dropped and neighbours of the
 * same kind merged.
 */
export function taggedToSegments(tagged: string): Segment[] {
  const { text, ranges } = parseTaggedText(tagged, HIGHLIGHT_PRE_TAG, HIGHLIGHT_POST_TAG);
  return toSegments(text, ranges);
}

function toHit(hit: MeilisearchHit, hasText: boolean): SearchHit {
  if (!hasText) {
    const abstract = hit.abstract ?? "";
    const window = alignToCodePoints(abstract, { start: 0, end: Math.min(abstract.length, SNIPPET_LENGTH) });
    return {
      id: String(hit.id),
      score: 0,
      title: toSegments(hit.title ?? "", []),
      snippet: toSegments(abstract, [], window.start, window.end),
      matchedTerms: [],
    };
  }
  const title = parseTaggedText(hit._formatted?.title ?? hit.title ?? "", HIGHLIGHT_PRE_TAG, HIGHLIGHT_POST_TAG);
  const abstract = parseTaggedText(hit._formatted?.abstract ?? hit.abstract ?? "", HIGHLIGHT_PRE_TAG, HIGHLIGHT_POST_TAG);
  const relevance = relevanceOf(hit);
  return {
    id: String(hit.id),
    score: hit._rankingScore ?? 0,
    relevance,
    lowRelevance: relevance < RELEVANCE_FLOOR || belowMinimumShouldMatch(hit),
    title: toSegments(title.text, title.ranges),
    // Meilisearch already cropped around the matches; this keeps the ≈120-character bound.
    snippet: snippetSegments(abstract.text, abstract.ranges),
    matchedTerms: [...new Set([...title.ranges, ...abstract.ranges].map((range) => range.key))],
  };
}

/**
 * Whether the hit matched fewer of the query's words than `minimumShouldMatch` asks, by
 * Meilisearch's words rule (its own count of the query's words, stop words included as
 * its settings have them); no details, no verdict.
 */
function belowMinimumShouldMatch(hit: MeilisearchHit): boolean {
  const words = hit._rankingScoreDetails?.words;
  if (typeof words?.matchingWords !== "number" || typeof words.maxMatchingWords !== "number") return false;
  return words.matchingWords < minimumShouldMatch(words.maxMatchingWords, MINIMUM_SHOULD_MATCH_SHARE);
}

/** `_rankingScore` within [0, 1] (Meilisearch documents it so; a missing one reads as 0). */
function relevanceOf(hit: MeilisearchHit): number {
  const score = hit._rankingScore;
  return typeof score === "number" && Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
}

function pickFacets(distribution: Record<string, Record<string, number>> | undefined, facets: readonly Facet[]): SearchResult["facets"] {
  const result: SearchResult["facets"] = {};
  for (const facet of facets) result[facet] = { ...(distribution?.[facet] ?? {}) };
  return result;
}

/** The facets asked for, known ones only, each once. */
function readFacets(facets: readonly Facet[] | undefined): Facet[] {
  return [...new Set(facets ?? [])].filter((facet) => (FACETS as readonly string[]).includes(facet));
}

function totalOf(response: SearchResponse): number {
  return response.totalHits ?? response.estimatedTotalHits ?? response.hits.length;
}

// ---------------------------------------------------------------------------------------
// The engine

type Write = { kind: "index"; docs: PatentSearchDoc[] } | { kind: "remove"; ids: string[] };

export function createMeilisearchEngine(options: MeilisearchOptions): SearchEngine {
  const indexUid = options.indexUid ?? "patents";
  const client = createClient(options);
  const indexPath = (uid: string) => `/indexes/${encodeURIComponent(uid)}`;
  /** The index a running rebuild fills: writes go there too, so that the swap loses none. */
  let rebuildTarget: { uid: string; writes: Write[] } | undefined;

  /** Creates an index; one that already exists is fine (init is idempotent). */
  async function ensureIndex(uid: string): Promise<void> {
    try {
      await client.write("POST", "/indexes", { uid, primaryKey: "id" });
    } catch (error) {
      if (!(error instanceof MeilisearchError && error.code === "index_already_exists")) throw error;
    }
  }

  async function applySettings(uid: string): Promise<void> {
    await client.write("PATCH", `${indexPath(uid)}/settings`, INDEX_SETTINGS);
  }

  async function addDocuments(uid: string, docs: readonly PatentSearchDoc[]): Promise<void> {
    for (let i = 0; i < docs.length; i += BATCH_SIZE) {
      await client.write("POST", `${indexPath(uid)}/documents?primaryKey=id`, docs.slice(i, i + BATCH_SIZE).map(toStoredDocument));
    }
  }

  async function apply(uid: string, write: Write): Promise<void> {
    if (write.kind === "index") await addDocuments(uid, write.docs);
    else await client.write("POST", `${indexPath(uid)}/documents/delete-batch`, write.ids);
  }

  /** A write to the live index and, while a rebuild runs, to the index being built. */
  async function applyEverywhere(write: Write): Promise<void> {
    await apply(indexUid, write);
    const target = rebuildTarget;
    if (target) {
      target.writes.push(write);
      await apply(target.uid, write);
    }
  }

  async function search(query: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    const sort = readSort(query.sort);
    const paging = readPaging(query);
    const facets = readFacets(query.facets);
    const filter = buildFilter(query.filters);
    const q = readText(query.q);
    // Relevance is a property of a text query: browsing has none, and no threshold.
    const threshold = q ? readMinRelevance(query.minRelevance) : undefined;
    const base = { page: paging.page, pageSize: paging.pageSize };
    const nothing = (extra: Partial<SearchResult> = {}): SearchResult => ({ hits: [], total: 0, ...base, facets: pickFacets({}, facets), tookMs: performance.now() - started, ...extra });
    if (query.filters?.ids?.length === 0) {
      // Restricted to no ids: nothing can match, no need to ask.
      return nothing();
    }
    // Judged with the segmenter's jieba, as the embedded engine judges it.
    if (q && isJunkQuery(q, searchModeTokens)) {
      // Nothing to search for: Meilisearch would match the markup's letters or every stop word.
      return nothing({ suggestion: JUNK_QUERY_SUGGESTION });
    }
    const searchPath = `${indexPath(indexUid)}/search`;
    const common = {
      q,
      ...(filter ? { filter } : {}),
      locales: LOCALES,
    };
    const shown = {
      attributesToRetrieve: ["id", "title", "abstract"],
      ...(q
        ? {
            attributesToHighlight: ["title"],
            attributesToCrop: ["abstract"],
            cropLength: CROP_LENGTH_WORDS,
            cropMarker: "",
            highlightPreTag: HIGHLIGHT_PRE_TAG,
            highlightPostTag: HIGHLIGHT_POST_TAG,
            showRankingScore: true,
            showRankingScoreDetails: true,
          }
        : {}),
    };
    const sortParameter = SORT_PARAMETER[sort] ? { sort: SORT_PARAMETER[sort] } : {};
    const thresholdParameter = threshold === undefined ? {} : { rankingScoreThreshold: threshold };

    let hits: MeilisearchHit[];
    let response: SearchResponse;
    if (q && sort !== "relevance" && (threshold === undefined || threshold < RELEVANCE_FLOOR)) {
      // Another sort comes before relevance in Meilisearch: the hits at or above the floor
      // first, in that sort, then those below it (see the top of this file).
      const above = await client.request<SearchResponse>("POST", searchPath, {
        ...common,
        ...sortParameter,
        page: paging.page,
        hitsPerPage: paging.pageSize,
        ...shown,
        rankingScoreThreshold: RELEVANCE_FLOOR,
      });
      const aboveTotal = totalOf(above);
      const end = paging.offset + paging.pageSize;
      const needed = end - aboveTotal;
      // The first `end` hits of all contain at least `needed` below the floor.
      response = await client.request<SearchResponse>("POST", searchPath, {
        ...common,
        ...sortParameter,
        ...thresholdParameter,
        ...(facets.length ? { facets } : {}),
        page: 1,
        hitsPerPage: needed > 0 ? end : 0,
        ...(needed > 0 ? shown : {}),
      });
      const below = needed > 0 ? response.hits.filter((hit) => relevanceOf(hit) < RELEVANCE_FLOOR).slice(Math.max(0, paging.offset - aboveTotal), needed) : [];
      hits = [...above.hits.filter((hit) => relevanceOf(hit) >= RELEVANCE_FLOOR), ...below];
    } else {
      response = await client.request<SearchResponse>("POST", searchPath, {
        ...common,
        ...thresholdParameter,
        ...(facets.length ? { facets } : {}),
        ...sortParameter,
        page: paging.page,
        hitsPerPage: paging.pageSize,
        ...shown,
      });
      hits = response.hits;
    }
    const counts = facets.length ? pickFacets(response.facetDistribution, facets) : {};
    // Disjunctive counts (see port.ts): one more request per facet the query filters on.
    for (const facet of facets) {
      const rest = filtersWithout(query.filters, facet);
      if (!rest) continue;
      const restFilter = buildFilter(rest);
      const other = await client.request<SearchResponse>("POST", searchPath, {
        q,
        ...(restFilter ? { filter: restFilter } : {}),
        ...thresholdParameter,
        facets: [facet],
        hitsPerPage: 0,
        locales: LOCALES,
      });
      counts[facet] = pickFacets(other.facetDistribution, [facet])[facet];
    }
    const mapped = hits.map((hit) => toHit(hit, q !== ""));
    return {
      // Hits come in decreasing `_rankingScore`: this only keeps a page in order should a
      // Meilisearch version tie-break otherwise.
      hits: q ? [...mapped.filter((hit) => !hit.lowRelevance), ...mapped.filter((hit) => hit.lowRelevance)] : mapped,
      total: totalOf(response),
      ...base,
      facets: counts,
      tookMs: response.processingTimeMs ?? performance.now() - started,
    };
  }

  async function rebuild(batches: AsyncIterable<PatentSearchDoc[]>): Promise<{ count: number }> {
    await ensureIndex(indexUid);
    const temporary = `${indexUid}_rebuild_${Date.now()}`;
    const ids = new Set<string>();
    await client.write("POST", "/indexes", { uid: temporary, primaryKey: "id" });
    try {
      await applySettings(temporary);
      const target = { uid: temporary, writes: [] as Write[] };
      rebuildTarget = target;
      for await (const batch of batches) {
        if (!batch.length) continue;
        await addDocuments(temporary, batch);
        for (const doc of batch) ids.add(doc.id);
      }
      // Writes made during the rebuild reached the new index as they came, possibly before
      // an older copy from the batches: replay them after the batches.
      for (const write of target.writes) {
        await apply(temporary, write);
        if (write.kind === "index") for (const doc of write.docs) ids.add(doc.id);
        else for (const id of write.ids) ids.delete(id);
      }
      await client.write("POST", "/swap-indexes", [{ indexes: [indexUid, temporary] }]);
    } catch (error) {
      rebuildTarget = undefined;
      await client.write("DELETE", indexPath(temporary)).catch(() => undefined);
      throw error;
    }
    rebuildTarget = undefined;
    // After the swap, the temporary uid holds the old documents.
    await client.write("DELETE", indexPath(temporary));
    return { count: ids.size };
  }

  return {
    name: "meilisearch",
    async init() {
      await ensureIndex(indexUid);
      await applySettings(indexUid);
    },
    async index(docs) {
      if (docs.length) await applyEverywhere({ kind: "index", docs: [...docs] });
    },
    async remove(ids) {
      if (ids.length) await applyEverywhere({ kind: "remove", ids: [...ids] });
    },
    search,
    rebuild,
    async count() {
      try {
        const stats = await client.request<{ numberOfDocuments: number }>("GET", `${indexPath(indexUid)}/stats`);
        return stats.numberOfDocuments;
      } catch (error) {
        if (error instanceof MeilisearchError && error.code === "index_not_found") return 0;
        throw error;
      }
    },
    async close() {
      rebuildTarget = undefined;
    },
  };
}
