/**
 * npm run bench:http — p50/p95 latency and requests/s at 20 concurrent connections for
 * /healthz and for a logged-in page, served by the real production server process
 * (web + its PostgreSQL and Redis), on a fresh migrated and seeded database.
 * Target (issue 2): logged-in page p95 ≤ 50 ms on this machine.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { DEMO_PASSWORD, DEMO_USERS } from "../../prisma/seed-data";
import { percentile } from "./stats";
import { deleteRedisKeys } from "../setup/redis-keys";
import { adminUrl, dropDatabase, quoteIdent, withAdmin } from "../setup/pg-admin";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP = Number(process.env.BENCH_WARM_UP_SECONDS ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 3190);
const base = `http://127.0.0.1:${PORT}`;

type Figures = { path: string; requests: number; rps: number; p50: number; p95: number; p99: number; non2xx: number };


/** `cookies`: one per connection, so each connection is its own signed-in user session. */
async function measure(path: string, cookies: string[] = []): Promise<Figures> {
  const options = (duration: number) => {
    let next = 0;
    return {
      url: base + path,
      connections: CONNECTIONS,
      duration,
      setupClient: cookies.length ? (client: { setHeaders(h: Record<string, string>): void }) => client.setHeaders({ Cookie: cookies[next++ % cookies.length] }) : undefined,
    };
  };
  await autocannon(options(WARM_UP)); // not counted
  const latencies: number[] = [];
  let non2xx = 0;
  const instance = autocannon(options(DURATION));
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    if (status < 200 || status >= 300) non2xx++;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    path,
    requests: latencies.length,
    rps: result.requests.average,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non2xx,
  };
}

async function logIn(): Promise<string> {
  const login = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ email: DEMO_USERS.SME.email, password: DEMO_PASSWORD }).toString(),
  });
  if (login.status !== 302 && login.status !== 303) throw new Error(`login answered ${login.status}`);
  return login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

async function main() {
  const database = `ipb_bench_${randomBytes(4).toString("hex")}`;
  const redisPrefix = `ipbbench_${randomBytes(3).toString("hex")}`;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production",
    SESSION_SECRET: randomBytes(32).toString("hex"), DATABASE_URL: adminUrl(database), PORT: String(PORT), LOG_LEVEL: "warn", REDIS_PREFIX: redisPrefix, APP_URL: base };
  await withAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(database)}`));
  let web: ChildProcess | undefined;
  try {
    execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "pipe" });
    execFileSync("npx", ["tsx", "prisma/seed.ts"], { env, stdio: "pipe" });
    execFileSync("npx", ["remix", "build"], { stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
    // node --import tsx in its own process group, so the SIGTERM below reaches the server itself.
    web = spawn(process.execPath, [...(process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? []), "--import", "tsx", "server.ts"], { env, stdio: ["ignore", "ignore", "inherit"], detached: true });
    for (let i = 0; ; i++) {
      if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
      if (i > 240) throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 250));
    }
    // A session per connection, as 20 signed-in people would have: requests that share a
    // session also share its lookup (single flight), which would flatter the figures.
    const cookies: string[] = [];
    for (let i = 0; i < CONNECTIONS; i++) cookies.push(await logIn());
    const check = await fetch(`${base}/home`, { headers: { Cookie: cookies[0] }, redirect: "manual" });
    if (check.status !== 200) throw new Error(`logged-in page answered ${check.status}: login failed?`);

    const health = await measure("/healthz");
    const page = await measure("/home", cookies);
    console.log(`\nbench:http — ${CONNECTIONS} connections, ${DURATION} s each (after a ${WARM_UP} s warm-up), production build, one session per connection, WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY ?? "cores"}, LOG_LEVEL=warn, ${process.platform} ${process.arch}, ${(await import("node:os")).availableParallelism()} cores`);
    console.table([health, page].map((f) => ({ path: f.path, requests: f.requests, "req/s": Math.round(f.rps), "p50 ms": f.p50, "p95 ms": f.p95, "p99 ms": f.p99, "non-2xx": f.non2xx })));
    console.log(`ratio /home ÷ /healthz: p95 ${(page.p95 / health.p95).toFixed(2)}×, throughput ${(health.rps / page.rps).toFixed(2)}× fewer req/s`);
    console.log(`target logged-in page p95 ≤ 50 ms: ${page.p95 <= 50 ? "MET" : "MISSED"} (${page.p95} ms)`);
  } finally {
    if (web?.pid) process.kill(-web.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await dropDatabase(database);
    await deleteRedisKeys(redisPrefix);
  }
}

await main();
