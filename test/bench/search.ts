/**
 * npm run bench:search — the patent search at scale. Builds 100,000 listed patents from the
 * real KPPatent-ZH abstracts (repeated and varied) in a fresh database, then prints:
 *  - the embedded index build time from PostgreSQL (what every web process does at start),
 *  - the RSS of each web process once it holds the index,
 *  - old against new (issue 18 §7): the engine of a baseline commit (`--baseline REF`,
 *    default 0c536c7, main before issue 18's work) and this tree's, both built from the
 *    same rows in this process, each query kind asked of them alternately (old, new, new,
 *    old, …) so that both meet the same machine state; p50/p95 of each and new ÷ old,
 *  - through the real server (production build, one web process per core): the throughput of
 *    GET /healthz at 20 connections, each query kind's throughput at 20 connections as a
 *    share of it, and each kind's p50/p95 at 1 connection (latency, not queueing: on 2
 *    cores, 20 connections measure 20 ÷ throughput).
 * Query kinds: plain (typed words), keyphrase (a patent's keyphrases joined by spaces,
 * cycling over 50 patents), filtered, faceted (browse everything).
 * Targets (issue 18 §7): engine p50/p95 not worse than the baseline; plain ≥ 0.3 × /healthz;
 * keyphrase p95 ≤ 10 ms at 1 connection. Bars of issue 3: build ≤ 60 s, RSS ≤ 1 GB.
 *
 *   BENCH_DOCS=100000 BENCH_SECONDS=10 npm run bench:search [-- --baseline REF]
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, symlinkSync } from "node:fs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { adminUrl, dropDatabase, quoteIdent, withAdmin } from "../setup/pg-admin";
import { deleteRedisKeys } from "../setup/redis-keys";
import { KPPATENT_PATENTS } from "../fixtures/shared-data";
import { makeRow, sourceTexts } from "./patent-rows";

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;
const PORT = Number(process.env.BENCH_PORT ?? 3193);
const base = `http://127.0.0.1:${PORT}`;

const { values: args } = parseArgs({ options: { baseline: { type: "string", default: process.env.BENCH_BASELINE ?? "0c536c7" } } });

/** Keyphrase queries: the first 50 KPPatent-ZH patents' keyphrases (their texts are in the catalog). */
const KEYPHRASES = readFileSync(KPPATENT_PATENTS(), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { keyphrases: string[] }).keyphrases)
  .filter((k) => k.length > 0)
  .slice(0, 50)
  .map((k) => k.join(" "));

type QueryKind = { name: string; params: string[] };
const QUERIES: QueryKind[] = [
  { name: "plain", params: ["q=木耳 多糖 提取"] },
  { name: "keyphrase", params: KEYPHRASES.map((q) => `q=${q}`) },
  { name: "filtered", params: ["q=提取 方法&type=INVENTION&cluster=秦岭医药&priceMax=2000000&sort=relevance"] },
  { name: "faceted", params: ["q=&sort=newest"] },
];

/** The API path of a query kind's i-th query. */
const apiPath = (q: QueryKind, i: number) => `/api/v1/patents?${new URLSearchParams(Object.fromEntries(new URLSearchParams(q.params[i % q.params.length])))}`;

type Engine = { init(): Promise<void>; rebuild(b: AsyncIterable<unknown[]>): Promise<{ count: number }>; search(q: unknown): Promise<unknown>; close(): Promise<void> };

/**
 * The embedded engine of commit `ref`, from a worktree of this repository (kept under
 * /tmp between runs) that shares this tree's node_modules.
 */
async function baselineEngine(ref: string): Promise<{ create: () => Engine; commit: string }> {
  const commit = execFileSync("git", ["rev-parse", "--short", `${ref}^{commit}`], { encoding: "utf8" }).trim();
  const dir = `/tmp/ipb-bench-baseline-${commit}`;
  if (!existsSync(dir)) execFileSync("git", ["worktree", "add", "--detach", dir, commit], { stdio: "pipe" });
  if (!existsSync(`${dir}/node_modules`)) symlinkSync(`${process.cwd()}/node_modules`, `${dir}/node_modules`);
  const module = (await import(`${dir}/search/embedded.ts`)) as { createEmbeddedEngine: () => Engine };
  return { create: module.createEmbeddedEngine, commit };
}

type Run = Awaited<ReturnType<typeof autocannon>>;

/** autocannon over a query kind's paths (cycled), at `connections`, for `duration` s; latencies of 200s. */
async function load(base: string, paths: string[], connections: number, duration: number): Promise<{ result: Run; latencies: number[]; non2xx: number }> {
  let next = 0;
  const requests = [{ setupRequest: (request: { path: string }) => ({ ...request, path: paths[next++ % paths.length] }) }];
  await autocannon({ url: base + paths[0], connections, duration: 2, requests });
  const latencies: number[] = [];
  let non2xx = 0;
  const inst = autocannon({ url: base + paths[0], connections, duration, requests });
  inst.on("response", (_c: unknown, status: number, _b: number, ms: number) => {
    if (status === 200) latencies.push(ms);
    else non2xx++;
  });
  const result = await inst;
  latencies.sort((a, b) => a - b);
  return { result, latencies, non2xx };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  const database = `ipb_bench_search_${randomBytes(4).toString("hex")}`;
  const redisPrefix = `ipbbench_${randomBytes(3).toString("hex")}`;
  const env = { ...process.env, DATABASE_URL: adminUrl(database), REDIS_PREFIX: redisPrefix, LOG_LEVEL: "warn" };
  Object.assign(process.env, env);
  await withAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(database)}`));
  let web: ChildProcess | undefined;
  try {
    execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "pipe" });
    const { db, disconnectDb } = await import("~/utils/db.server");
    const { insertPatentsInBulk } = await import("~/domain/patents/bulk-insert.server");
    const { patentImportRowSchema } = await import("~/domain/patents/schemas");
    const { patentRows } = await import("~/domain/patents/patent-data");
    const { listedPatentDocs } = await import("~/domain/patents/search-docs.server");
    const { createEmbeddedEngine } = await import("../../search/embedded");
    const { patentListQuerySchema, searchParamsToRecord } = await import("~/domain/patents/schemas");
    const { FACETS } = await import("../../search/port");

    // 1. The catalog: DOCS listed patents, written in bulk.
    const holder = await db.organization.create({ data: { name: "基准测试高校(示例)", kind: "UNIVERSITY", status: "ACTIVE", uscc: "12611002MB2900998", county: "柞水县", clusters: [] } });
    const texts = sourceTexts();
    for (let i = 0; i < DOCS; i += 2_000) {
      const items = Array.from({ length: Math.min(2_000, DOCS - i) }, (_, k) => ({ rows: patentRows(patentImportRowSchema.parse(makeRow(i + k, texts))), listed: true }));
      await db.$transaction((tx) => insertPatentsInBulk(tx, holder.id, items), { timeout: 120_000 });
    }

    // Fresh statistics, as autovacuum would have them within a minute of a real import.
    await db.$executeRawUnsafe("ANALYZE");

    // 2. Engine alone, old against new: both built from PostgreSQL as a web process does,
    // then every query kind asked of them alternately.
    const baseline = await baselineEngine(args.baseline!);
    const engine = createEmbeddedEngine();
    const t0 = performance.now();
    await engine.init();
    const { count } = await engine.rebuild(listedPatentDocs());
    const buildSeconds = (performance.now() - t0) / 1000;
    const old = baseline.create();
    await old.init();
    await old.rebuild(listedPatentDocs());
    const engines = [old, engine as unknown as Engine];
    const engineRows: Record<string, string | number>[] = [];
    const engineP95: Record<string, number> = {};
    for (const q of QUERIES) {
      const queries = q.params.map((params) => ({ ...patentListQuerySchema.parse(searchParamsToRecord(new URLSearchParams(params))).search, facets: [...FACETS] }));
      const times: number[][] = [[], []];
      for (let round = 0; round < 220; round++) {
        const query = queries[round % queries.length];
        // Old first on even rounds, new first on odd ones; the first 20 rounds warm up.
        for (const which of round % 2 === 0 ? [0, 1] : [1, 0]) {
          const s = performance.now();
          await engines[which].search(query);
          if (round >= 20) times[which].push(performance.now() - s);
        }
      }
      for (const t of times) t.sort((a, b) => a - b);
      const [o, n] = times.map((t) => ({ p50: percentile(t, 50), p95: percentile(t, 95) }));
      engineP95[q.name] = n.p95;
      engineRows.push({
        query: q.name,
        [`old ${baseline.commit} p50 ms`]: o.p50.toFixed(2),
        [`old p95 ms`]: o.p95.toFixed(2),
        "new p50 ms": n.p50.toFixed(2),
        "new p95 ms": n.p95.toFixed(2),
        "new÷old p50": (n.p50 / o.p50).toFixed(2) + "×",
        "new÷old p95": (n.p95 / o.p95).toFixed(2) + "×",
      });
    }
    await Promise.all([engine.close(), old.close()]);
    await disconnectDb();

    // 3. The real server (production build, one process per core), each building its own index.
    execFileSync("npx", ["remix", "build"], { stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
    const started = performance.now();
    web = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
      env: { ...env, NODE_ENV: "production", PORT: String(PORT), APP_URL: base, SESSION_SECRET: randomBytes(32).toString("hex") },
      stdio: ["ignore", "ignore", "inherit"],
      detached: true,
    });
    // Each web process builds its own index; a request reaching one still building waits for
    // it. Ready means: enough consecutive searches, spread over the processes by the
    // cluster's round robin, each answered at once with the whole catalog.
    const deadline = Date.now() + 5 * 60_000;
    for (let streak = 0; streak < 12; ) {
      if (Date.now() > deadline) throw new Error("the web processes did not all answer searches within 5 minutes");
      const asked = performance.now();
      const total = await fetch(`${base}/api/v1/patents?q=`, { signal: AbortSignal.timeout(5_000) }).then(
        (r) => (r.ok ? r.json().then((b: { total: number }) => b.total) : -1),
        () => -1,
      );
      const fast = performance.now() - asked < 1_000;
      streak = total === count && fast ? streak + 1 : 0;
      if (!streak) await new Promise((r) => setTimeout(r, 500));
    }
    const readySeconds = (performance.now() - started) / 1000;

    // /healthz: the cheapest request that still reaches PostgreSQL and Redis, on the same server.
    const health = await load(base, ["/healthz"], CONNECTIONS, DURATION);
    const healthRate = health.result.requests.average;
    const rows: Record<string, string | number>[] = [];
    const shares: Record<string, number> = {};
    const singleP95: Record<string, number> = {};
    for (const q of QUERIES) {
      const paths = q.params.map((_, i) => apiPath(q, i));
      const many = await load(base, paths, CONNECTIONS, DURATION);
      const one = await load(base, paths, 1, DURATION);
      shares[q.name] = many.result.requests.average / healthRate;
      singleP95[q.name] = percentile(one.latencies, 95);
      rows.push({
        query: q.name,
        [`req/s (${CONNECTIONS} conn.)`]: Math.round(many.result.requests.average),
        "÷ /healthz": shares[q.name].toFixed(2) + "×",
        "1 conn. p50 ms": percentile(one.latencies, 50).toFixed(1),
        "1 conn. p95 ms": singleP95[q.name].toFixed(1),
        "engine p95 ms": engineP95[q.name].toFixed(2),
        "non-200": many.non2xx + one.non2xx,
      });
    }
    const rss = webRssMb(web.pid!);

    console.log(`\nbench:search — ${count.toLocaleString("en")} listed patents (from ${texts.length.toLocaleString("en")} real KPPatent-ZH texts, varied), embedded engine`);
    console.log(`index build from PostgreSQL: ${buildSeconds.toFixed(1)} s (bar ≤ 60 s: ${buildSeconds <= 60 ? "MET" : "MISSED"}); server answering searches ${readySeconds.toFixed(1)} s after start`);
    console.log(`RSS of each web process holding the index: ${rss.map((m) => `${m} MB`).join(", ")} (bar ≤ 1 GB: ${Math.max(...rss) <= 1024 ? "MET" : "MISSED"})`);
    console.log(`\nengine, old (${baseline.commit}) and new asked alternately, 200 searches each per kind, all facets:`);
    console.table(engineRows);
    console.log(`\nAPI through the server: /healthz ${Math.round(healthRate)} req/s at ${CONNECTIONS} connections (p95 ${percentile(health.latencies, 95).toFixed(1)} ms); ${DURATION} s per measurement`);
    console.table(rows);
    const targets: [string, boolean, string][] = [
      ["plain search throughput ≥ 0.3 × /healthz", shares.plain >= 0.3, `${shares.plain.toFixed(2)}×`],
      ["keyphrase query p95 ≤ 10 ms at 1 connection", singleP95.keyphrase <= 10, `${singleP95.keyphrase.toFixed(1)} ms`],
    ];
    for (const [name, met, value] of targets) console.log(`${met ? "MET   " : "MISSED"} ${name}: ${value}`);
  } finally {
    if (web?.pid) process.kill(-web.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 1_000));
    await dropDatabase(database);
    await deleteRedisKeys(redisPrefix);
  }
}

/** VmRSS of the server's web processes (the cluster's workers, or the server itself). */
function webRssMb(pid: number): number[] {
  // Only the web processes: the loader's helpers (esbuild) are children too.
  const children = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map(Number)
    .filter((child) => readFileSync(`/proc/${child}/cmdline`, "utf8").includes("server.ts"));
  const pids = children.length ? children : [pid];
  return pids.map((p) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0) / 1024));
}

await main();
