/**
 * The Meilisearch adapter (production engine): the `SearchEngine` port over Meilisearch's
 * v1.x HTTP API, with plain `fetch` (injectable, so tests drive it against a fake server).
 *
 * Three things matter more than the rest:
 * - Every write is asynchronous in Meilisearch (it answers with a task): we poll the task
 *   until it succeeds, and turn a failed task into an Error, so `await engine.index()`
 *   means "searchable now" exactly as with the embedded engine.
 * - Filters are a string language. Every value from user input goes through `quote()` and
 *   every number through `formatNumber()`, so a value can never become filter syntax.
 * - Highlights come back as text with private-use tag characters around matches; we split
 *   them into `Segment`s and strip those characters from documents before indexing, so a
 *   document can neither inject HTML nor fake a highlight.
 *
 * Requires Meilisearch ≥ 1.10 (`localizedAttributes`, the `locales` search parameter).
 */
import { FACETS, type Facet, type PatentFilters, type PatentSearchDoc, type SearchEngine, type SearchHit, type SearchQuery, type SearchResult, type Segment, type Sort } from "./port";
import { readPaging, readSort, readText, SearchQueryError } from "./query-options";
import { meilisearchSynonyms } from "./synonyms";

export type MeilisearchOptions = {
  host: string;
  apiKey?: string;
  /** Default "patents". */
  indexUid?: string;
  fetch?: typeof fetch;
  /** First delay between task polls; it grows up to 1 s for long tasks. Default 50 ms. */
  pollIntervalMs?: number;
  /** How long one task may take before we give up waiting. Default 5 minutes. */
  taskTimeoutMs?: number;
};

/** An HTTP, network or task failure, with what Meilisearch said about it. */
export class MeilisearchError extends Error {
  override name = "MeilisearchError";
  constructor(
    message: string,
    readonly details: { method?: string; path?: string; status?: number; code?: string; taskUid?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  get code(): string | undefined {
    return this.details.code;
  }
  get status(): number | undefined {
    return this.details.status;
  }
}

// ---------------------------------------------------------------------------------------
// Settings

/** Highlight tags: private-use characters never found in patent text (we strip them on the way in). */
export const HIGHLIGHT_PRE_TAG = "\uE000";
export const HIGHLIGHT_POST_TAG = "\uE001";
const TAG_CHARACTERS = /[\uE000\uE001]/g;

/** Order is weight: claims last so long claim texts do not outrank a matching title. */
const SEARCHABLE_ATTRIBUTES = ["title", "abstract", "holderName", "clusters", "ipc", "claims"];
const FILTERABLE_ATTRIBUTES = [
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
];
const SORTABLE_ATTRIBUTES = ["listedAt", "priceFen", "remainingLifeYears"];
/** Everything is Chinese (or codes and Latin words, which the locale does not affect). */
const LOCALES = ["cmn"];

/** The settings applied to the live index and to every rebuild index. */
function indexSettings(): Record<string, unknown> {
  return {
    searchableAttributes: SEARCHABLE_ATTRIBUTES,
    filterableAttributes: FILTERABLE_ATTRIBUTES,
    sortableAttributes: SORTABLE_ATTRIBUTES,
    // "sort" first: a chosen order (newest, price) is the order, as in the embedded
    // engine; without a sort parameter the rule does nothing and relevance decides.
    rankingRules: ["sort", "words", "typo", "proximity", "attribute", "exactness"],
    synonyms: meilisearchSynonyms(),
    // Codes and numbers must match exactly: a typo-tolerant "A23L" would also find "A23B".
    typoTolerance: { enabled: true, disableOnAttributes: ["ipc", "applicationNumber", "publicationNumber"] },
    // Exact totals for paging, up to far more patents than a county will list.
    pagination: { maxTotalHits: 100_000 },
    faceting: { maxValuesPerFacet: 200 },
    // Kanji-only text is otherwise sometimes detected as Japanese and segmented wrongly.
    localizedAttributes: [{ attributePatterns: ["*"], locales: LOCALES }],
  };
}

// ---------------------------------------------------------------------------------------
// Filters: user input → Meilisearch filter expression

/**
 * A string value as a filter literal: double-quoted, with `\` and `"` escaped. Meilisearch
 * unescapes `\"` and then `\\`, so the value reads back exactly and cannot end the literal.
 */
export function quote(value: string): string {
  if (typeof value !== "string") throw new SearchQueryError("filter values must be strings");
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** A number as a plain decimal literal (never "NaN", "Infinity" or "1e+21"). */
function formatNumber(value: number, what: string): string {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new SearchQueryError(`filter ${what} must be a finite number`);
  const text = value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new SearchQueryError(`filter ${what} cannot be written as a decimal number`);
  return text;
}

/** `(field = "a" OR field = "b")`; undefined for a missing or empty list (no constraint). */
function anyOf(field: string, values: readonly string[] | undefined): string | undefined {
  if (values === undefined) return undefined;
  if (!Array.isArray(values)) throw new SearchQueryError(`filter ${field} must be a list`);
  if (values.length === 0) return undefined;
  return `(${values.map((value) => `${field} = ${quote(value)}`).join(" OR ")})`;
}

/** Inclusive bounds; `IS NOT NULL` says explicitly that a missing value never matches. */
function range(field: string, min: number | undefined, max: number | undefined): string | undefined {
  if (min === undefined && max === undefined) return undefined;
  const parts = [`${field} IS NOT NULL`];
  if (min !== undefined) parts.push(`${field} >= ${formatNumber(min, field)}`);
  if (max !== undefined) parts.push(`${field} <= ${formatNumber(max, field)}`);
  return parts.join(" AND ");
}

/**
 * The IPC level a prefix names, matched on the precomputed hierarchy fields (filters have
 * no prefix operator): "A" section, "A23" class, "A23L" subclass, "A23L31" or "A23L31/"
 * group; anything deeper ("A23L31/00") must equal one of the document's full codes.
 */
function ipcCondition(prefix: string | undefined): string | undefined {
  if (prefix === undefined) return undefined;
  if (typeof prefix !== "string") throw new SearchQueryError("filter ipcPrefix must be a string");
  const code = prefix.replace(/\s+/g, "").toUpperCase();
  if (code === "") return undefined;
  const level = code.replace(/\/$/, "");
  const field = /^[A-Z]$/.test(level)
    ? "ipcSection"
    : /^[A-Z]\d{2}$/.test(level)
      ? "ipcClass"
      : /^[A-Z]\d{2}[A-Z]$/.test(level)
        ? "ipcSubclass"
        : /^[A-Z]\d{2}[A-Z]\d{1,4}$/.test(level)
          ? "ipcGroup"
          : undefined;
  return field ? `${field} = ${quote(level)}` : `ipc = ${quote(code)}`;
}

/**
 * The filter expression for `filters`, or undefined when nothing is filtered. Values
 * within a facet are OR-ed, facets AND-ed (same semantics as the embedded engine). Throws
 * `SearchQueryError` for values that are not what the types say (they come from URLs).
 */
export function buildFilter(filters: PatentFilters | undefined): string | undefined {
  if (!filters) return undefined;
  const single = (field: string, value: string | undefined) => (value === undefined ? undefined : `${field} = ${quote(value)}`);
  if (filters.highValue !== undefined && typeof filters.highValue !== "boolean") throw new SearchQueryError("filter highValue must be a boolean");
  const conditions = [
    anyOf("type", filters.type),
    anyOf("ipcSection", filters.ipcSection),
    anyOf("ipcClass", filters.ipcClass),
    ipcCondition(filters.ipcPrefix),
    anyOf("holderKind", filters.holderKind),
    single("holderId", filters.holderId),
    anyOf("clusters", filters.clusters),
    anyOf("listingMode", filters.listingMode),
    anyOf("legalStatus", filters.legalStatus),
    range("priceFen", filters.priceMinFen, filters.priceMaxFen),
    range("remainingLifeYears", filters.remainingLifeMin, filters.remainingLifeMax),
    filters.highValue === undefined ? undefined : `highValue = ${filters.highValue ? "true" : "false"}`,
    idsCondition(filters.ids),
  ].filter((condition): condition is string => condition !== undefined);
  return conditions.length ? conditions.join(" AND ") : undefined;
}

function idsCondition(ids: readonly string[] | undefined): string | undefined {
  if (ids === undefined) return undefined;
  if (!Array.isArray(ids)) throw new SearchQueryError("filter ids must be a list");
  // An empty list restricts to nothing; `search` answers that without asking Meilisearch.
  return `id IN [${ids.map(quote).join(", ")}]`;
}

// ---------------------------------------------------------------------------------------
// Highlights → segments

/** Removes the highlight tag characters, so text can never carry a highlight of its own. */
export function stripTags(text: string): string {
  return text.replace(TAG_CHARACTERS, "");
}

/**
 * Splits text marked with the highlight tags into plain and matched segments. The tags are
 * dropped, everything else is kept as text (never parsed as HTML); a stray tag only
 * switches state, so the concatenation is always the text without tag characters.
 */
export function taggedToSegments(tagged: string): Segment[] {
  const segments: Segment[] = [];
  let match = false;
  let current = "";
  const flush = () => {
    if (!current) return;
    const last = segments[segments.length - 1];
    if (last && last.match === match) last.text += current;
    else segments.push({ text: current, match });
    current = "";
  };
  for (const char of tagged) {
    if (char === HIGHLIGHT_PRE_TAG || char === HIGHLIGHT_POST_TAG) {
      flush();
      match = char === HIGHLIGHT_PRE_TAG;
    } else {
      current += char;
    }
  }
  flush();
  return segments;
}

function plain(text: string): Segment[] {
  return text ? [{ text, match: false }] : [];
}

/** Roughly the embedded engine's snippet length, for the no-query listing. */
const SNIPPET_CHARS = 120;

/** The first ≈120 characters of a text, not splitting a surrogate pair. */
function textStart(text: string): string {
  if (text.length <= SNIPPET_CHARS) return text;
  const cut = (text.charCodeAt(SNIPPET_CHARS) & 0xfc00) === 0xdc00 ? SNIPPET_CHARS + 1 : SNIPPET_CHARS;
  return text.slice(0, cut);
}

// ---------------------------------------------------------------------------------------
// HTTP

type Method = "GET" | "POST" | "PATCH" | "DELETE";
type Http = <T>(method: Method, path: string, body?: string) => Promise<T>;

/** One request must not hang a page render or a worker job forever. */
const REQUEST_TIMEOUT_MS = 60_000;

function createHttp(options: MeilisearchOptions): Http {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const base = options.host.replace(/\/+$/, "");
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (options.apiKey) headers.Authorization = `Bearer ${options.apiKey}`;

  return async <T>(method: Method, path: string, body?: string): Promise<T> => {
    let response: Response;
    try {
      response = await fetchImpl(base + path, { method, headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (err) {
      throw new MeilisearchError(`Meilisearch ${method} ${path} failed (no response): ${(err as Error).message}`, { method, path }, { cause: err });
    }
    const text = await response.text();
    const json = parseJson(text);
    if (!response.ok) {
      const { message, code } = errorFields(json);
      const said = code || message ? ` ${code ?? ""}${code && message ? ": " : ""}${message ?? ""}` : "";
      throw new MeilisearchError(`Meilisearch ${method} ${path} → HTTP ${response.status}${said}`, { method, path, status: response.status, code });
    }
    return json as T;
  };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorFields(json: unknown): { message?: string; code?: string } {
  if (!json || typeof json !== "object") return {};
  const { message, code } = json as { message?: unknown; code?: unknown };
  return { message: typeof message === "string" ? message : undefined, code: typeof code === "string" ? code : undefined };
}

// ---------------------------------------------------------------------------------------
// Tasks

type EnqueuedTask = { taskUid: number };
type TaskError = { message?: string; code?: string; type?: string };
type Task = { uid: number; status: "enqueued" | "processing" | "succeeded" | "failed" | "canceled"; type?: string; error?: TaskError | null };

type TaskWaiter = (task: EnqueuedTask) => Promise<Task>;

const MAX_POLL_INTERVAL_MS = 1_000;

function createTaskWaiter(http: Http, options: MeilisearchOptions): TaskWaiter {
  const firstInterval = Math.max(0, options.pollIntervalMs ?? 50);
  const timeout = options.taskTimeoutMs ?? 5 * 60_000;
  return async ({ taskUid }) => {
    const deadline = Date.now() + timeout;
    let interval = firstInterval;
    for (;;) {
      const task = await http<Task>("GET", `/tasks/${taskUid}`);
      if (task.status === "succeeded") return task;
      if (task.status === "failed" || task.status === "canceled") throw taskFailure(task, taskUid);
      if (Date.now() >= deadline) {
        throw new MeilisearchError(`Meilisearch task ${taskUid} (${task.type ?? "?"}) did not finish within ${timeout} ms (still ${task.status})`, { taskUid });
      }
      await sleep(interval);
      // Short tasks answer within a few polls; long ones (a big settings change) are not
      // polled dozens of times a second for minutes.
      interval = Math.max(interval, Math.min(MAX_POLL_INTERVAL_MS, Math.max(1, interval * 1.5)));
    }
  };
}

function taskFailure(task: Task, taskUid: number): MeilisearchError {
  const code = task.error?.code;
  const message = task.error?.message ?? `task ${task.status}`;
  return new MeilisearchError(`Meilisearch task ${taskUid} (${task.type ?? "?"}) ${task.status}: ${message}${code ? ` [${code}]` : ""}`, { taskUid, code });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------
// Documents

/** Meilisearch's default payload limit is 100 MB; claims can be long, so cap bytes too. */
const MAX_DOCS_PER_REQUEST = 5_000;
const MAX_BYTES_PER_REQUEST = 20 * 1024 * 1024;

/** The document as stored: highlight tag characters removed from the texts we highlight. */
function toStoredDoc(doc: PatentSearchDoc): PatentSearchDoc {
  return { ...doc, title: stripTags(doc.title), abstract: stripTags(doc.abstract), claims: stripTags(doc.claims ?? "") };
}

/** JSON array bodies of ≤ 5,000 documents and ≤ 20 MB each. */
function documentPayloads(docs: readonly PatentSearchDoc[]): string[] {
  const payloads: string[] = [];
  let parts: string[] = [];
  let bytes = 0;
  for (const doc of docs) {
    const json = JSON.stringify(toStoredDoc(doc));
    const size = Buffer.byteLength(json) + 1;
    if (parts.length && (parts.length >= MAX_DOCS_PER_REQUEST || bytes + size > MAX_BYTES_PER_REQUEST)) {
      payloads.push(`[${parts.join(",")}]`);
      parts = [];
      bytes = 0;
    }
    parts.push(json);
    bytes += size;
  }
  if (parts.length) payloads.push(`[${parts.join(",")}]`);
  return payloads;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

// ---------------------------------------------------------------------------------------
// Search

type MeiliHit = {
  id: string;
  title?: string;
  abstract?: string;
  _formatted?: { title?: unknown; abstract?: unknown };
  _rankingScore?: number;
};

type MeiliSearchResponse = {
  hits: MeiliHit[];
  totalHits?: number;
  estimatedTotalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
  processingTimeMs?: number;
};

const SORT_PARAMETER: Record<Sort, string[] | undefined> = {
  relevance: undefined,
  newest: ["listedAt:desc"],
  "price-asc": ["priceFen:asc"],
  "price-desc": ["priceFen:desc"],
  "remaining-life-desc": ["remainingLifeYears:desc"],
};

/** Meilisearch counts crop length in words; 60 Chinese words ≈ the embedded 120 characters. */
const CROP_LENGTH = 60;

/** Known facets only, each once: the list may come from a URL. */
function wantedFacets(facets: readonly Facet[] | undefined): Facet[] {
  if (!facets) return [];
  return facets.filter((facet, i) => (FACETS as readonly string[]).includes(facet) && facets.indexOf(facet) === i);
}

/** The body of `POST /indexes/{uid}/search`. Validates before anything is sent. */
function searchRequest(query: SearchQuery): Record<string, unknown> {
  const filter = buildFilter(query.filters);
  const sort = SORT_PARAMETER[readSort(query.sort)];
  const { page, pageSize } = readPaging(query);
  const q = readText(query.q);
  const facets = wantedFacets(query.facets);
  const body: Record<string, unknown> = {
    q,
    page,
    hitsPerPage: pageSize,
    attributesToRetrieve: ["id", "title", "abstract"],
    locales: LOCALES,
  };
  if (filter) body.filter = filter;
  if (sort) body.sort = sort;
  if (facets.length) body.facets = facets;
  if (q) {
    // Without words there is nothing to highlight or rank: the listing needs none of it.
    Object.assign(body, {
      attributesToHighlight: ["title"],
      attributesToCrop: ["abstract"],
      cropLength: CROP_LENGTH,
      // No "…": the snippet stays a stretch of the abstract, like the embedded engine's.
      cropMarker: "",
      highlightPreTag: HIGHLIGHT_PRE_TAG,
      highlightPostTag: HIGHLIGHT_POST_TAG,
      showRankingScore: true,
    });
  }
  return body;
}

function toHit(hit: MeiliHit, withText: boolean): SearchHit {
  const title = stripTags(hit.title ?? "");
  const abstract = stripTags(hit.abstract ?? "");
  if (!withText) return { id: String(hit.id), score: 0, title: plain(title), snippet: plain(textStart(abstract)), matchedTerms: [] };
  const formatted = hit._formatted ?? {};
  const titleSegments = typeof formatted.title === "string" ? taggedToSegments(formatted.title) : plain(title);
  const snippet = typeof formatted.abstract === "string" ? taggedToSegments(formatted.abstract) : plain(textStart(abstract));
  return {
    id: String(hit.id),
    score: typeof hit._rankingScore === "number" ? hit._rankingScore : 0,
    title: titleSegments,
    snippet,
    matchedTerms: matchedTerms([...titleSegments, ...snippet]),
  };
}

/** The highlighted words, lower-cased and each once, in order of appearance. */
function matchedTerms(segments: readonly Segment[]): string[] {
  const terms = new Set<string>();
  for (const segment of segments) {
    const term = segment.text.trim().toLowerCase();
    if (segment.match && term) terms.add(term);
  }
  return [...terms];
}

function toFacets(distribution: MeiliSearchResponse["facetDistribution"], facets: readonly Facet[]): SearchResult["facets"] {
  const result: SearchResult["facets"] = {};
  for (const facet of facets) result[facet] = { ...(distribution?.[facet] ?? {}) };
  return result;
}

// ---------------------------------------------------------------------------------------
// The engine

export function createMeilisearchEngine(options: MeilisearchOptions): SearchEngine {
  const http = createHttp(options);
  const waitFor = createTaskWaiter(http, options);
  const uid = options.indexUid ?? "patents";
  const indexPath = (index: string) => `/indexes/${encodeURIComponent(index)}`;

  /** Creates the index unless it exists ("index_already_exists" is the normal case). */
  const ensureIndex = async (index: string) => {
    try {
      await waitFor(await http<EnqueuedTask>("POST", "/indexes", JSON.stringify({ uid: index, primaryKey: "id" })));
    } catch (err) {
      if (!(err instanceof MeilisearchError && err.code === "index_already_exists")) throw err;
    }
  };

  const applySettings = async (index: string) => {
    await waitFor(await http<EnqueuedTask>("PATCH", `${indexPath(index)}/settings`, JSON.stringify(indexSettings())));
  };

  /** Sends every payload, then waits for each task: Meilisearch batches queued additions. */
  const addDocuments = async (index: string, docs: readonly PatentSearchDoc[]) => {
    const tasks: EnqueuedTask[] = [];
    for (const payload of documentPayloads(docs)) {
      // primaryKey: with several "…id" fields Meilisearch would refuse to guess.
      tasks.push(await http<EnqueuedTask>("POST", `${indexPath(index)}/documents?primaryKey=id`, payload));
    }
    for (const task of tasks) await waitFor(task);
  };

  const deleteIndex = async (index: string) => {
    await waitFor(await http<EnqueuedTask>("DELETE", indexPath(index)));
  };

  const search = async (query: SearchQuery): Promise<SearchResult> => {
    const started = performance.now();
    const body = searchRequest(query);
    const facets = wantedFacets(query.facets);
    const { page, pageSize } = readPaging(query);
    if (Array.isArray(query.filters?.ids) && query.filters.ids.length === 0) {
      return { hits: [], total: 0, page, pageSize, facets: toFacets(undefined, facets), tookMs: performance.now() - started };
    }
    const response = await http<MeiliSearchResponse>("POST", `${indexPath(uid)}/search`, JSON.stringify(body));
    const withText = typeof body.q === "string" && body.q !== "";
    return {
      hits: response.hits.map((hit) => toHit(hit, withText)),
      total: response.totalHits ?? response.estimatedTotalHits ?? response.hits.length,
      page,
      pageSize,
      facets: toFacets(response.facetDistribution, facets),
      tookMs: typeof response.processingTimeMs === "number" ? response.processingTimeMs : performance.now() - started,
    };
  };

  /**
   * Builds `{uid}_rebuild_{timestamp}` with the same settings, swaps it with the live index
   * (searches answer from the old one until then) and deletes it, now holding the old
   * documents. Writes that other processes make to the live index during the rebuild land
   * in the old index and are lost with it; the outbox re-sends changes it is told about.
   */
  const rebuild = async (batches: AsyncIterable<PatentSearchDoc[]>): Promise<{ count: number }> => {
    const temp = `${uid}_rebuild_${Date.now()}`;
    const ids = new Set<string>();
    await ensureIndex(uid); // the swap needs both indexes to exist
    try {
      await ensureIndex(temp);
      await applySettings(temp);
      for await (const batch of batches) {
        await addDocuments(temp, batch);
        for (const doc of batch) ids.add(doc.id);
      }
      await waitFor(await http<EnqueuedTask>("POST", "/swap-indexes", JSON.stringify([{ indexes: [uid, temp] }])));
    } catch (err) {
      // Leave no half-built index behind; the live one was not touched.
      await deleteIndex(temp).catch(() => undefined);
      throw err;
    }
    try {
      await deleteIndex(temp);
    } catch (err) {
      throw new MeilisearchError(`the rebuilt index is live, but deleting the old one (${temp}) failed: ${(err as Error).message}`, {}, { cause: err });
    }
    return { count: ids.size };
  };

  return {
    name: "meilisearch",
    async init() {
      await ensureIndex(uid);
      await applySettings(uid);
    },
    async index(docs) {
      if (docs.length) await addDocuments(uid, docs);
    },
    async remove(ids) {
      const tasks: EnqueuedTask[] = [];
      for (const chunk of chunks(ids, MAX_DOCS_PER_REQUEST)) {
        tasks.push(await http<EnqueuedTask>("POST", `${indexPath(uid)}/documents/delete-batch`, JSON.stringify(chunk)));
      }
      for (const task of tasks) await waitFor(task);
    },
    search,
    rebuild,
    async count() {
      try {
        return (await http<{ numberOfDocuments: number }>("GET", `${indexPath(uid)}/stats`)).numberOfDocuments;
      } catch (err) {
        // No index yet holds no documents.
        if (err instanceof MeilisearchError && err.code === "index_not_found") return 0;
        throw err;
      }
    },
    async close() {
      // Stateless HTTP: nothing to release.
    },
  };
}
