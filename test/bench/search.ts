/**
 * npm run bench:search — the patent search at scale. Builds 100,000 listed patents from the
 * real KPPatent-ZH abstracts (repeated and varied) in a fresh database, then prints:
 *  - the embedded index build time from PostgreSQL (what every web process does at start),
 *  - the RSS of each web process once it holds the index,
 *  - p50/p95 of GET /api/v1/patents at 20 concurrent connections for a plain, a filtered and
 *    a faceted (browse everything) query, each next to the engine-only latency of the same
 *    query and the ratio between them.
 * Bars (issue 3): API p95 ≤ 50 ms, build ≤ 60 s, RSS ≤ 1 GB.
 *
 *   BENCH_DOCS=100000 BENCH_SECONDS=10 npm run bench:search
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { adminUrl, dropDatabase, quoteIdent, withAdmin } from "../setup/pg-admin";
import { deleteRedisKeys } from "../setup/redis-keys";
import { makeRow, sourceTexts } from "./patent-rows";

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;
const PORT = Number(process.env.BENCH_PORT ?? 3193);
const base = `http://127.0.0.1:${PORT}`;

const QUERIES = [
  { name: "plain", params: "q=木耳 多糖 提取" },
  { name: "filtered", params: "q=提取 方法&type=INVENTION&cluster=秦岭医药&priceMax=2000000&sort=relevance" },
  { name: "faceted", params: "q=&sort=newest" },
] as const;

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

    // 2. Engine alone: build from PostgreSQL as a web process does, then time each query.
    const engine = createEmbeddedEngine();
    const t0 = performance.now();
    await engine.init();
    const { count } = await engine.rebuild(listedPatentDocs());
    const buildSeconds = (performance.now() - t0) / 1000;
    const engineLatency: Record<string, { p50: number; p95: number }> = {};
    for (const q of QUERIES) {
      const query = { ...patentListQuerySchema.parse(searchParamsToRecord(new URLSearchParams(q.params))).search, facets: [...FACETS] };
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const s = performance.now();
        await engine.search(query);
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      engineLatency[q.name] = { p50: percentile(times, 50), p95: percentile(times, 95) };
    }
    await engine.close();
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

    const rows: Record<string, string | number>[] = [];
    for (const q of QUERIES) {
      const url = `${base}/api/v1/patents?${new URLSearchParams(Object.fromEntries(new URLSearchParams(q.params)))}`;
      await autocannon({ url, connections: CONNECTIONS, duration: 2 });
      const latencies: number[] = [];
      let non2xx = 0;
      const inst = autocannon({ url, connections: CONNECTIONS, duration: DURATION });
      inst.on("response", (_c: unknown, status: number, _b: number, ms: number) => {
        latencies.push(ms);
        if (status !== 200) non2xx++;
      });
      const result = await inst;
      latencies.sort((a, b) => a - b);
      const e = engineLatency[q.name];
      rows.push({
        query: q.name,
        "req/s": Math.round(result.requests.average),
        "API p50 ms": percentile(latencies, 50).toFixed(1),
        "API p95 ms": percentile(latencies, 95).toFixed(1),
        "engine p50 ms": e.p50.toFixed(2),
        "engine p95 ms": e.p95.toFixed(2),
        "API÷engine p95": (percentile(latencies, 95) / e.p95).toFixed(1) + "×",
        "non-200": non2xx,
      });
    }
    const rss = webRssMb(web.pid!);

    console.log(`\nbench:search — ${count.toLocaleString("en")} listed patents (from ${texts.length.toLocaleString("en")} real KPPatent-ZH texts, varied), embedded engine, ${CONNECTIONS} connections, ${DURATION} s per query`);
    console.log(`index build from PostgreSQL: ${buildSeconds.toFixed(1)} s (bar ≤ 60 s: ${buildSeconds <= 60 ? "MET" : "MISSED"}); server answering searches ${readySeconds.toFixed(1)} s after start`);
    console.log(`RSS of each web process holding the index: ${rss.map((m) => `${m} MB`).join(", ")} (bar ≤ 1 GB: ${Math.max(...rss) <= 1024 ? "MET" : "MISSED"})`);
    console.table(rows);
    const worst = Math.max(...rows.map((r) => Number(r["API p95 ms"])));
    console.log(`bar API p95 ≤ 50 ms: ${worst <= 50 ? "MET" : "MISSED"} (worst ${worst} ms)`);
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
