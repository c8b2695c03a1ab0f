/**
 * A small fake Meilisearch for tests of the adapter: a real HTTP server (node:http, port 0)
 * that records every request and answers the endpoints the adapter uses the way
 * Meilisearch v1.x does — writes answer 202 with a task, tasks go enqueued → processing →
 * succeeded over successive polls, errors have Meilisearch's `{message, code, type, link}`.
 *
 * It is not a search engine: it stores documents per index (for stats and a trivial
 * search), applies a write when it is enqueued, ignores filters (tests assert the requests
 * instead), matches q words literally and never crops. What it does honour, the way
 * Meilisearch does: `sort` ("field:asc|desc", missing values last), `_rankingScore`
 * (`showRankingScore`; the share of the q words a document contains, or `rankingScore`
 * when a test sets it) in decreasing order without a sort, and `rankingScoreThreshold`
 * (v1.9+: a number from 0 to 1, else 400 `invalid_search_ranking_score_threshold`; hits
 * scoring below it are left out of the hits, `totalHits` and the facet distribution).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = { method: string; path: string; body: unknown; headers: IncomingHttpHeaders };

export type FakeTaskError = { message: string; code: string; type: string; link?: string };

export type FakeTask = {
  uid: number;
  indexUid: string | null;
  type: string;
  status: "enqueued" | "processing" | "succeeded" | "failed";
  enqueuedAt: string;
  error: FakeTaskError | null;
  /** How many times GET /tasks/:uid asked for it. */
  polls: number;
};

type Doc = Record<string, unknown> & { id: string };
type SearchBody = Record<string, unknown>;

/** What a configured search answer is built from. */
export type FakeSearchContext = { indexUid: string; body: SearchBody; docs: Doc[]; rankingScore?: FakeRankingScore };

/** A document's `_rankingScore` for a query's words (0 = does not match). */
export type FakeRankingScore = (doc: Doc, words: readonly string[]) => number;

export type FakeMeilisearchOptions = {
  /** When set, every request needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Polls a task answers "enqueued"/"processing" before its final status. Default 2. */
  pollsUntilDone?: number;
};

export type FakeMeilisearch = {
  url: string;
  requests: RecordedRequest[];
  tasks: Map<number, FakeTask>;
  /** Documents per index, by id. */
  indexes: Map<string, Map<string, Doc>>;
  settings: Map<string, Record<string, unknown>>;
  pollsUntilDone: number;
  /** Makes tasks matching `when` fail with `error` (checked at enqueue time). */
  failTasks(when: (task: Pick<FakeTask, "type" | "indexUid">) => boolean, error: Omit<FakeTaskError, "type"> & { type?: string }): void;
  /** Replaces the built-in trivial search with a configured answer. */
  searchResponse: ((context: FakeSearchContext) => Record<string, unknown>) | undefined;
  /** The trivial search's ranking score of a matching document; default: the share of the q words it contains. */
  rankingScore: FakeRankingScore | undefined;
  /** Answers the next matching request with this HTTP error instead of handling it. */
  failRequest(when: (request: RecordedRequest) => boolean, status: number, error: Omit<FakeTaskError, "type"> & { type?: string }): void;
  /** Requests other than task polls: the adapter's actual operations, in order. */
  operations(): { method: string; path: string; body: unknown }[];
  close(): Promise<void>;
};

type Answer = { status: number; body: unknown };

const notFound = (what: string, code: string): Answer => ({
  status: 404,
  body: { message: `${what} not found.`, code, type: "invalid_request", link: `https://docs.meilisearch.com/errors#${code}` },
});

export async function startFakeMeilisearch(options: FakeMeilisearchOptions = {}): Promise<FakeMeilisearch> {
  const requests: RecordedRequest[] = [];
  const tasks = new Map<number, FakeTask>();
  const indexes = new Map<string, Map<string, Doc>>();
  const settings = new Map<string, Record<string, unknown>>();
  const taskFailures: { when: (task: Pick<FakeTask, "type" | "indexUid">) => boolean; error: FakeTaskError }[] = [];
  const requestFailures: { when: (request: RecordedRequest) => boolean; status: number; error: FakeTaskError }[] = [];
  let nextTaskUid = 0;

  const fake: FakeMeilisearch = {
    url: "",
    requests,
    tasks,
    indexes,
    settings,
    pollsUntilDone: options.pollsUntilDone ?? 2,
    failTasks(when, error) {
      taskFailures.push({ when, error: { type: "invalid_request", ...error } });
    },
    searchResponse: undefined,
    rankingScore: undefined,
    failRequest(when, status, error) {
      requestFailures.push({ when, status, error: { type: "invalid_request", ...error } });
    },
    operations() {
      return requests.filter((r) => !(r.method === "GET" && r.path.startsWith("/tasks/"))).map(({ method, path, body }) => ({ method, path, body }));
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };

  /**
   * Registers a task. `apply` runs now unless the task is configured to fail; it may
   * return an error to fail the task the way Meilisearch would (e.g. index_already_exists).
   */
  const enqueue = (indexUid: string | null, type: string, apply: () => FakeTaskError | void): Answer => {
    const uid = nextTaskUid++;
    const configured = taskFailures.find((failure) => failure.when({ type, indexUid }))?.error;
    const error = configured ?? apply() ?? null;
    const task: FakeTask = { uid, indexUid, type, status: "enqueued", enqueuedAt: new Date().toISOString(), error, polls: 0 };
    tasks.set(uid, task);
    return { status: 202, body: { taskUid: uid, indexUid, status: "enqueued", type, enqueuedAt: task.enqueuedAt } };
  };

  const indexOf = (uid: string) => {
    let docs = indexes.get(uid);
    if (!docs) indexes.set(uid, (docs = new Map()));
    return docs;
  };

  const routes: { method: string; pattern: RegExp; handle: (match: string[], body: unknown) => Answer }[] = [
    {
      method: "POST",
      pattern: /^\/indexes$/,
      handle: (_, body) => {
        const { uid } = body as { uid: string };
        return enqueue(uid, "indexCreation", () => {
          if (indexes.has(uid)) return { message: `Index \`${uid}\` already exists.`, code: "index_already_exists", type: "invalid_request" };
          indexOf(uid);
        });
      },
    },
    {
      method: "PATCH",
      pattern: /^\/indexes\/([^/]+)\/settings$/,
      handle: ([uid], body) =>
        enqueue(uid, "settingsUpdate", () => {
          indexOf(uid);
          settings.set(uid, { ...(settings.get(uid) ?? {}), ...(body as Record<string, unknown>) });
        }),
    },
    {
      method: "GET",
      pattern: /^\/indexes\/([^/]+)\/settings$/,
      handle: ([uid]) => (indexes.has(uid) ? { status: 200, body: settings.get(uid) ?? {} } : notFound(`Index \`${uid}\``, "index_not_found")),
    },
    {
      method: "POST",
      pattern: /^\/indexes\/([^/]+)\/documents$/,
      handle: ([uid], body) =>
        enqueue(uid, "documentAdditionOrUpdate", () => {
          const docs = indexOf(uid);
          for (const doc of body as Doc[]) docs.set(String(doc.id), doc);
        }),
    },
    {
      method: "POST",
      pattern: /^\/indexes\/([^/]+)\/documents\/delete-batch$/,
      handle: ([uid], body) =>
        enqueue(uid, "documentDeletion", () => {
          for (const id of body as string[]) indexes.get(uid)?.delete(String(id));
        }),
    },
    {
      method: "GET",
      pattern: /^\/indexes\/([^/]+)\/stats$/,
      handle: ([uid]) => {
        const docs = indexes.get(uid);
        if (!docs) return notFound(`Index \`${uid}\``, "index_not_found");
        return { status: 200, body: { numberOfDocuments: docs.size, isIndexing: false, fieldDistribution: {} } };
      },
    },
    {
      method: "POST",
      pattern: /^\/indexes\/([^/]+)\/search$/,
      handle: ([uid], body) => {
        const docs = indexes.get(uid);
        if (!docs) return notFound(`Index \`${uid}\``, "index_not_found");
        const context = { indexUid: uid, body: body as SearchBody, docs: [...docs.values()], rankingScore: fake.rankingScore };
        const threshold = (body as SearchBody).rankingScoreThreshold;
        if (threshold !== undefined && !(typeof threshold === "number" && threshold >= 0 && threshold <= 1)) {
          return {
            status: 400,
            body: {
              message: `Invalid value in parameter \`rankingScoreThreshold\`: the value of \`rankingScoreThreshold\` is invalid, expected a float between \`0.0\` and \`1.0\`.`,
              code: "invalid_search_ranking_score_threshold",
              type: "invalid_request",
              link: "https://docs.meilisearch.com/errors#invalid_search_ranking_score_threshold",
            },
          };
        }
        return { status: 200, body: fake.searchResponse ? fake.searchResponse(context) : trivialSearch(context) };
      },
    },
    {
      method: "POST",
      pattern: /^\/swap-indexes$/,
      handle: (_, body) =>
        enqueue(null, "indexSwap", () => {
          for (const { indexes: pair } of body as { indexes: [string, string] }[]) {
            const [a, b] = pair;
            const docsA = indexes.get(a);
            const docsB = indexes.get(b);
            if (!docsA || !docsB) return { message: `Indexes \`${!docsA ? a : b}\` not found.`, code: "index_not_found", type: "invalid_request" };
            indexes.set(a, docsB);
            indexes.set(b, docsA);
            const settingsA = settings.get(a);
            settings.set(a, settings.get(b) ?? {});
            settings.set(b, settingsA ?? {});
          }
        }),
    },
    {
      method: "DELETE",
      pattern: /^\/indexes\/([^/]+)$/,
      handle: ([uid]) =>
        enqueue(uid, "indexDeletion", () => {
          if (!indexes.delete(uid)) return { message: `Index \`${uid}\` not found.`, code: "index_not_found", type: "invalid_request" };
          settings.delete(uid);
        }),
    },
    {
      method: "GET",
      pattern: /^\/tasks\/(\d+)$/,
      handle: ([uid]) => {
        const task = tasks.get(Number(uid));
        if (!task) return notFound(`Task \`${uid}\``, "task_not_found");
        task.polls += 1;
        // Reported progress only: the effect was applied at enqueue time.
        if (task.polls > fake.pollsUntilDone) task.status = task.error ? "failed" : "succeeded";
        else task.status = task.polls === 1 ? "enqueued" : "processing";
        const { polls: _polls, ...shown } = task;
        return { status: 200, body: { ...shown, error: task.status === "failed" ? task.error : null } };
      },
    },
  ];

  const authorize = (headers: IncomingHttpHeaders): Answer | undefined => {
    if (!options.apiKey) return undefined;
    const header = headers.authorization;
    if (!header) return { status: 401, body: { message: "The Authorization header is missing.", code: "missing_authorization_header", type: "auth" } };
    if (header !== `Bearer ${options.apiKey}`) return { status: 403, body: { message: "The provided API key is invalid.", code: "invalid_api_key", type: "auth" } };
    return undefined;
  };

  const answer = (request: RecordedRequest): Answer => {
    const denied = authorize(request.headers);
    if (denied) return denied;
    const failure = requestFailures.findIndex((f) => f.when(request));
    if (failure !== -1) {
      const [{ status, error }] = requestFailures.splice(failure, 1);
      return { status, body: error };
    }
    const pathname = request.path.split("?")[0];
    for (const route of routes) {
      const match = route.method === request.method ? route.pattern.exec(pathname) : null;
      if (match) return route.handle(match.slice(1).map(decodeURIComponent), request.body);
    }
    return notFound("Route", "not_found");
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        send(res, { status: 400, body: { message: "The json payload provided is malformed.", code: "malformed_payload", type: "invalid_request" } });
        return;
      }
      const request: RecordedRequest = { method: req.method ?? "GET", path: req.url ?? "/", body, headers: req.headers };
      requests.push(request);
      send(res, answer(request));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function send(res: ServerResponse, { status, body }: Answer): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

// ---------------------------------------------------------------------------------------
// The trivial search

/** Every occurrence of a q word wrapped in the tags, literally (no tokenizer). */
function highlight(text: string, words: readonly string[], pre: string, post: string): string {
  if (!words.length) return text;
  const pattern = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  return text.replace(pattern, (found) => pre + found + post);
}

const textOf = (doc: Doc) => `${String(doc.title ?? "")} ${String(doc.abstract ?? "")}`;

/** The share of the q words found in the title or abstract (0 = no match). */
const shareOfWords: FakeRankingScore = (doc, words) => {
  const text = textOf(doc);
  return words.filter((w) => text.includes(w)).length / words.length;
};

/** `sort` as Meilisearch reads it: "field:asc" / "field:desc", earlier fields first, missing values last. */
function compareBySort(sort: readonly string[]): (a: Doc, b: Doc) => number {
  const keys = sort.map((rule) => {
    const [field, direction] = rule.split(":");
    return { field, sign: direction === "desc" ? -1 : 1 };
  });
  return (a, b) => {
    for (const { field, sign } of keys) {
      const x = a[field];
      const y = b[field];
      const missingX = x === null || x === undefined;
      const missingY = y === null || y === undefined;
      if (missingX || missingY) {
        if (missingX !== missingY) return missingX ? 1 : -1;
        continue;
      }
      if (x !== y) return (x as number) < (y as number) ? -sign : sign;
    }
    return 0;
  };
}

/**
 * Documents whose title or abstract contains a q word (all documents for an empty q),
 * scored (`_rankingScore`, and the words rule of `_rankingScoreDetails`), kept at or above `rankingScoreThreshold`, ordered by `sort` or
 * else by decreasing score (stable), paged with page/hitsPerPage, with `_formatted` and
 * facet counts.
 */
export function trivialSearch({ body, docs, rankingScore = shareOfWords }: FakeSearchContext): Record<string, unknown> {
  const words = String(body.q ?? "").split(/\s+/).filter(Boolean);
  const threshold = typeof body.rankingScoreThreshold === "number" ? body.rankingScoreThreshold : undefined;
  const scored = docs
    .map((doc) => ({ doc, score: words.length ? rankingScore(doc, words) : 1 }))
    .filter(({ score }) => score > 0 && (threshold === undefined || score >= threshold));
  const sort = body.sort as string[] | undefined;
  if (sort?.length) {
    const compare = compareBySort(sort);
    scored.sort((a, b) => compare(a.doc, b.doc));
  } else if (words.length) {
    scored.sort((a, b) => b.score - a.score);
  }
  const matching = scored.map(({ doc }) => doc);
  const scores = new Map(scored.map(({ doc, score }) => [doc.id, score]));
  const page = Number(body.page ?? 1);
  const hitsPerPage = Number(body.hitsPerPage ?? 20);
  const pre = String(body.highlightPreTag ?? "<em>");
  const post = String(body.highlightPostTag ?? "</em>");
  const toFormat = new Set([...((body.attributesToHighlight as string[]) ?? []), ...((body.attributesToCrop as string[]) ?? [])]);
  const retrieve = body.attributesToRetrieve as string[] | undefined;

  const hits = matching.slice((page - 1) * hitsPerPage, page * hitsPerPage).map((doc) => {
    const shown = retrieve ? Object.fromEntries(retrieve.filter((key) => key in doc).map((key) => [key, doc[key]])) : { ...doc };
    const hit: Record<string, unknown> = { ...shown };
    if (toFormat.size) {
      hit._formatted = Object.fromEntries(
        Object.entries(shown).map(([key, value]) => [key, toFormat.has(key) && typeof value === "string" ? highlight(value, words, pre, post) : value]),
      );
    }
    if (body.showRankingScore) hit._rankingScore = scores.get(doc.id);
    if (body.showRankingScoreDetails && words.length) {
      // The words rule as Meilisearch details it: how many q words the document has, of how many.
      const matchingWords = words.filter((w) => textOf(doc).includes(w)).length;
      hit._rankingScoreDetails = { words: { order: 0, matchingWords, maxMatchingWords: words.length, score: matchingWords / words.length } };
    }
    return hit;
  });

  const facetDistribution: Record<string, Record<string, number>> = {};
  for (const facet of (body.facets as string[] | undefined) ?? []) {
    const counts: Record<string, number> = {};
    for (const doc of matching) {
      const value = doc[facet];
      for (const one of Array.isArray(value) ? value : value === null || value === undefined ? [] : [value]) {
        counts[String(one)] = (counts[String(one)] ?? 0) + 1;
      }
    }
    facetDistribution[facet] = counts;
  }

  return {
    hits,
    query: body.q ?? "",
    processingTimeMs: 1,
    hitsPerPage,
    page,
    totalPages: hitsPerPage > 0 ? Math.ceil(matching.length / hitsPerPage) : 0,
    totalHits: matching.length,
    ...(body.facets ? { facetDistribution, facetStats: {} } : {}),
  };
}
