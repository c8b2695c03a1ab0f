import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { createEmbeddedEngine } from "../../../search/embedded";
import type { SearchEngine } from "../../../search/port";
import { listedPatentDocs, loadSearchDocs } from "./search-docs.server";

/**
 * The process's patent search engine.
 *
 * - **embedded** (default): every process that searches (web processes, the worker for
 *   matching) holds its own in-memory index. It is built from PostgreSQL on first use and
 *   then follows the `changeTx` change feed (see the migration that adds it), polling every
 *   FOLLOW_INTERVAL_MS, so a patent listed or edited anywhere is searchable here within
 *   about a second.
 * - **meilisearch**: one shared index; the worker applies changes from the outbox
 *   (`search.sync-patents`), and `npm run search:reindex` rebuilds it with an index swap.
 */
const FOLLOW_INTERVAL_MS = 500;

type State = { ready: Promise<SearchEngine>; follower?: Follower };
const globalForSearch = globalThis as unknown as { __ipbSearch?: State };

export function patentSearchEngineName(): SearchEngine["name"] {
  return getEnv().SEARCH_ENGINE;
}

/** The engine, once its index is ready to answer. */
export async function getPatentSearchEngine(): Promise<SearchEngine> {
  return (globalForSearch.__ipbSearch ??= start()).ready;
}

function start(): State {
  const env = getEnv();
  const state: State = { ready: Promise.resolve(null as never) };
  if (env.SEARCH_ENGINE === "meilisearch") {
    // Loaded only when used: the default (embedded) setup never needs the client.
    state.ready = import("../../../search/meilisearch").then(async ({ createMeilisearchEngine }) => {
      const engine = createMeilisearchEngine({ host: env.MEILI_URL!, apiKey: env.MEILI_API_KEY, indexUid: env.MEILI_INDEX });
      await engine.init();
      return engine;
    });
  } else {
    state.ready = (async () => {
      const started = performance.now();
      const engine = createEmbeddedEngine();
      const horizon = await snapshotHorizon();
      await engine.init();
      const { count } = await engine.rebuild(listedPatentDocs());
      state.follower = new Follower(engine, horizon);
      state.follower.start();
      logger.info({ count, ms: Math.round(performance.now() - started) }, "embedded patent index built from PostgreSQL");
      return engine;
    })();
  }
  // A failed build is retried on the next use rather than cached as a rejection forever.
  state.ready.catch((err) => {
    logger.error({ err }, "building the embedded patent index failed");
    if (globalForSearch.__ipbSearch === state) globalForSearch.__ipbSearch = undefined;
  });
  return state;
}

/** Applies the changes committed so far (tests, and the import job, call it to skip the wait). */
export async function syncSearchNow(): Promise<void> {
  const state = globalForSearch.__ipbSearch;
  if (!state) return;
  await state.ready;
  await state.follower?.poll();
}

/** Brings the index in line with these patents now (Meilisearch: the worker's job). */
export async function syncPatentsToIndex(patentIds: string[]): Promise<{ indexed: number; removed: number }> {
  const engine = await getPatentSearchEngine();
  const { docs, removed } = await loadSearchDocs(patentIds);
  if (docs.length) await engine.index(docs);
  if (removed.length) await engine.remove(removed);
  return { indexed: docs.length, removed: removed.length };
}

/** Rebuilds the whole index from PostgreSQL; searches keep answering from the old one meanwhile. */
export async function rebuildPatentIndex(): Promise<{ count: number; engine: SearchEngine["name"]; caughtUp: number }> {
  const engine = await getPatentSearchEngine();
  const horizon = await snapshotHorizon();
  const { count } = await engine.rebuild(listedPatentDocs());
  // Writes applied to the old index while the new one was being built are lost with it:
  // apply again everything written since the rebuild began (the change feed knows).
  const changed = await db.$queryRaw<{ id: string }[]>`SELECT id FROM "Patent" WHERE "changeTx" >= ${horizon}::xid8`;
  for (let i = 0; i < changed.length; i += 1_000) await syncPatentsToIndex(changed.slice(i, i + 1_000).map((r) => r.id));
  return { count, engine: engine.name, caughtUp: changed.length };
}

export async function closePatentSearch(): Promise<void> {
  const state = globalForSearch.__ipbSearch;
  globalForSearch.__ipbSearch = undefined;
  if (!state) return;
  state.follower?.stop();
  const engine = await state.ready.catch(() => null);
  await engine?.close();
}

/** The oldest transaction still running: everything below it has committed or aborted. */
async function snapshotHorizon(): Promise<string> {
  const [row] = await db.$queryRaw<{ horizon: string }[]>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`;
  return row.horizon;
}

/**
 * Follows the patent change feed. Each poll reads, in one statement (one snapshot), the
 * rows written by transactions at or above the cursor and the current horizon, applies
 * them, then moves the cursor to that horizon. A transaction that was still running is at
 * or above the horizon, so its rows are read once it commits. Rows re-read while the
 * horizon is held back are skipped unless their transaction changed.
 */
class Follower {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private seen = new Map<string, string>();

  constructor(
    private readonly engine: SearchEngine,
    private cursor: string,
  ) {}

  start() {
    const tick = () => {
      this.poll()
        .catch((err) => logger.warn({ err }, "search index follower: poll failed; retrying"))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, FOLLOW_INTERVAL_MS).unref();
        });
    };
    this.timer = setTimeout(tick, FOLLOW_INTERVAL_MS).unref();
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One poll at a time; a caller arriving mid-poll waits for it and then polls again. */
  async poll(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.pollOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pollOnce() {
    const rows = await db.$queryRaw<{ horizon: string; id: string | null; tx: string | null }[]>`
      WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon)
      SELECT h.horizon::text AS horizon, p.id, p."changeTx"::text AS tx
        FROM h LEFT JOIN "Patent" p ON p."changeTx" >= ${this.cursor}::xid8`;
    const horizon = rows[0]?.horizon ?? this.cursor;
    const changed = rows.filter((r): r is { horizon: string; id: string; tx: string } => !!r.id && this.seen.get(r.id!) !== r.tx);
    for (let i = 0; i < changed.length; i += 1_000) {
      const batch = changed.slice(i, i + 1_000);
      const { docs, removed } = await loadSearchDocs(batch.map((r) => r.id));
      if (docs.length) await this.engine.index(docs);
      if (removed.length) await this.engine.remove(removed);
    }
    for (const r of changed) this.seen.set(r.id, r.tx);
    // Forget rows the horizon has passed: they will not be read again.
    for (const [id, tx] of this.seen) if (BigInt(tx) < BigInt(horizon)) this.seen.delete(id);
    this.cursor = horizon;
  }
}
