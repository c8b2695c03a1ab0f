/**
 * npm run bench:deals — deals from INQUIRY to CONVERTED under load, through API v1 with the
 * real web server (production build) and worker processes on a fresh database (issue 14):
 *  - BENCH_DEALS (default 1,000) deals driven by 20 concurrent clients, each deal:
 *      SME POST /deals → holder POST /deals/:id/offers → SME accept-offer →
 *      SME submit-transfer → holder confirm-receipt (the upfront fee: PAID) →
 *      holder record → SME report-conversion;
 *    most are NON_EXCLUSIVE licences of UNIVERSITY holders' listed patents (five holders,
 *    250 patents); one in 25 is royalty-only (no upfront fee: AGREED → RECORDED, no
 *    payment); one in 20 is an ASSIGNMENT of a patent of its own, which another SME has
 *    also asked about, so recording it moves the patent and cancels that inquiry;
 *  - /healthz probed by one more client throughout, so its latency is measured under the
 *    same load;
 *  - the web server counts each request's SQL statements (IPB_COUNT_SQL=1, the
 *    X-SQL-Statements header; ADR 0014): printed per transition (p50 and max) against the
 *    bar of 12. With BENCH_SQL_LOG=1 the server logs every request's statements
 *    (IPB_COUNT_SQL=log) and the statements of each transition's worst request are printed.
 *
 *   BENCH_DEALS=1000 npm run bench:deals
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { adminUrl, dropDatabase, quoteIdent, withAdmin } from "../setup/pg-admin";
import { percentile, pool } from "./stats";
import { deleteRedisKeys } from "../setup/redis-keys";

const DEALS = Number(process.env.BENCH_DEALS ?? 1_000);
if (!Number.isSafeInteger(DEALS) || DEALS < 1) throw new Error(`BENCH_DEALS must be a positive integer, not ${process.env.BENCH_DEALS}`);
const CLIENTS = 20;
const HOLDERS = 5;
const LICENSED_PATENTS = 250;
const SMES = 20;
const STATEMENT_BAR = 12;
const SQL_LOG = process.env.BENCH_SQL_LOG === "1";
const PORT = Number(process.env.BENCH_PORT ?? 3196);
const base = `http://127.0.0.1:${PORT}`;

const isAssignment = (i: number) => i % 20 === 7;
const isRoyaltyOnly = (i: number) => !isAssignment(i) && i % 25 === 3;


type Sample = { ms: number; statements: number; requestId: string };
const samples = new Map<string, Sample[]>();
let running = true;

function record(label: string, res: Response, ms: number) {
  const statements = Number(res.headers.get("X-SQL-Statements") ?? NaN);
  samples.set(label, [...(samples.get(label) ?? []), { ms, statements, requestId: res.headers.get("X-Request-Id") ?? "" }]);
}

async function call(key: string, method: string, path: string, label: string, body?: unknown): Promise<any> {
  const started = performance.now();
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  if (!res.ok) throw new Error(`${label}: ${method} ${path} → ${res.status}: ${text.slice(0, 400)}`);
  record(label, res, ms);
  return JSON.parse(text);
}


/** One more client: /healthz, one request after another, while the deals run. */
async function probeHealth() {
  while (running) {
    const started = performance.now();
    const res = await fetch(`${base}/healthz`);
    await res.arrayBuffer();
    if (res.ok) record("GET /healthz", res, performance.now() - started);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function main() {
  const database = `ipb_bench_deals_${randomBytes(4).toString("hex")}`;
  const redisPrefix = `ipbbench_${randomBytes(3).toString("hex")}`;
  const env = { ...process.env, DATABASE_URL: adminUrl(database), REDIS_PREFIX: redisPrefix, LOG_LEVEL: "warn" };
  Object.assign(process.env, env);
  await withAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(database)}`));
  const children: ChildProcess[] = [];
  const logFile = SQL_LOG ? path.join(mkdtempSync(path.join(tmpdir(), "ipb-bench-deals-")), "web.log") : null;
  try {
    execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "pipe" });
    const { db, disconnectDb } = await import("~/utils/db.server");
    const { createApiKey } = await import("~/domain/identity/api-key-create.server");
    const { createPatent } = await import("~/domain/patents/save-patent.server");
    const { systemActor } = await import("~/domain/shared/actor");
    const { clock } = await import("~/domain/shared/clock");
    const { shanghaiDate } = await import("~/domain/shared/calendar");
    const { actorOf, patentInput } = await import("../factories/patents");

    // Five university holders with 50 NON_EXCLUSIVE listings each, plus one ASSIGNMENT
    // listing per assignment deal; twenty SMEs. Each org acts through its own API key.
    const setupStarted = performance.now();
    const key = async (orgId: string) => (await createApiKey(systemActor(), { orgId, name: "bench" })).key;
    const holders = await Promise.all(Array.from({ length: HOLDERS }, () => actorOf("UNIVERSITY")));
    const holderKeys = await Promise.all(holders.map((h) => key(h.orgId)));
    const smes = await Promise.all(Array.from({ length: SMES }, () => actorOf("SME")));
    const smeKeys = await Promise.all(smes.map((s) => key(s.orgId)));
    const licensed: { id: string; holder: number }[] = [];
    for (let p = 0; p < LICENSED_PATENTS; p++) {
      const holder = p % HOLDERS;
      const { id } = await createPatent(holders[holder], patentInput({ title: `基准专利${p}：一种木耳深加工方法`, listingMode: "NON_EXCLUSIVE", askingPrice: "50000.00" }), { publish: true });
      licensed.push({ id, holder });
    }
    const assigned = new Map<number, { id: string; holder: number }>();
    for (let i = 0; i < DEALS; i++) {
      if (!isAssignment(i)) continue;
      const holder = i % HOLDERS;
      const { id } = await createPatent(holders[holder], patentInput({ title: `基准转让专利${i}`, listingMode: "ASSIGNMENT", askingPrice: "800000.00" }), { publish: true });
      assigned.set(i, { id, holder });
    }
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    execFileSync("npx", ["remix", "build"], { stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
    const common: NodeJS.ProcessEnv = { ...env, NODE_ENV: "production", PORT: String(PORT), APP_URL: base, SESSION_SECRET: randomBytes(32).toString("hex") };
    const webOut = logFile ? openSync(logFile, "a") : "ignore";
    children.push(
      spawn(process.execPath, ["--import", "tsx", "server.ts"], {
        env: { ...common, IPB_COUNT_SQL: SQL_LOG ? "log" : "1", LOG_LEVEL: SQL_LOG ? "info" : "warn" },
        stdio: ["ignore", webOut, "inherit"],
        detached: true,
      }),
      spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env: common, stdio: ["ignore", "ignore", "inherit"], detached: true }),
    );
    for (let i = 0; ; i++) {
      if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
      if (i > 120) throw new Error("the server did not start");
      await new Promise((r) => setTimeout(r, 500));
    }

    const today = shanghaiDate(clock.now());
    const validUntil = shanghaiDate(new Date(clock.now().getTime() + 30 * 86_400_000));
    const probe = probeHealth();
    const started = performance.now();
    await pool(DEALS, CLIENTS, async (i) => {
      const sme = smeKeys[i % SMES];
      const assignment = assigned.get(i);
      const patent = assignment ?? licensed[i % LICENSED_PATENTS];
      const holder = holderKeys[patent.holder];
      const mode = assignment ? "ASSIGNMENT" : "NON_EXCLUSIVE";
      const variant = assignment ? " (assignment)" : isRoyaltyOnly(i) ? " (royalty only)" : "";

      if (assignment) {
        // Another SME asks about the same patent: recording the assignment cancels its inquiry.
        await call(smeKeys[(i + 1) % SMES], "POST", "/deals", "create (rival inquiry)", { patentId: patent.id, mode, message: "我们也有意受让该专利。" });
      }
      const created = await call(sme, "POST", "/deals", `create${variant}`, { patentId: patent.id, mode, message: "希望洽谈该专利的实施许可，用于木耳深加工产线。" });
      const offer = isRoyaltyOnly(i)
        ? { version: created.version, mode, upfront: "0", royaltyRate: "0.035", royaltyBasis: "NET_SALES", termMonths: 36, validUntil }
        : { version: created.version, mode, upfront: assignment ? "780000.00" : `${30_000 + (i % 50) * 100}.00`, royaltyRate: assignment ? null : "0.02", termMonths: assignment ? 240 : 36, validUntil };
      const offered = await call(holder, "POST", `/deals/${created.id}/offers`, `offer${variant}`, offer);
      const agreed = await call(sme, "POST", `/deals/${created.id}/actions/accept-offer`, `accept-offer${variant}`, { version: offered.version, offerId: offered.offerId });
      let version = agreed.version;
      if (!isRoyaltyOnly(i)) {
        const deal = await call(sme, "GET", `/deals/${created.id}`, "GET /deals/:id (read)");
        const payment = deal.payment as { id: string; version: number };
        await call(sme, "POST", `/payments/${payment.id}/actions/submit-transfer`, `submit-transfer${variant}`, { version: payment.version, reference: `BENCH-DEAL-${i}` });
        await call(holder, "POST", `/payments/${payment.id}/actions/confirm-receipt`, `confirm-receipt${variant}`, { version: payment.version + 1 });
        version += 1; // the payment made the deal PAID: one move
      }
      const recorded = await call(holder, "POST", `/deals/${created.id}/actions/record`, `record${variant}`, { version, recordNumber: `${assignment ? "ZL" : "BA"}2026${String(i).padStart(6, "0")}`, date: today });
      await call(sme, "POST", `/deals/${created.id}/actions/report-conversion`, `report-conversion${variant}`, { version: recorded.version, productName: `木耳产品${i}`, startedOn: today });
    });
    const seconds = (performance.now() - started) / 1000;
    running = false;
    await probe;

    const byStatus = Object.fromEntries((await db.deal.groupBy({ by: ["status"], _count: true })).map((g) => [g.status, g._count]));
    const assignments = [...assigned.entries()];
    const moved = await db.patent.count({ where: { id: { in: assignments.map(([, p]) => p.id) }, status: "UNLISTED", holderId: { in: smes.map((s) => s.orgId) } } });
    await disconnectDb();

    const rows = [...samples].map(([transition, list]) => {
      const ms = list.map((s) => s.ms).sort((a, b) => a - b);
      const sql = list.map((s) => s.statements).sort((a, b) => a - b);
      const read = transition.startsWith("GET ");
      return {
        transition,
        calls: list.length,
        "p50 ms": percentile(ms, 50).toFixed(1),
        "p95 ms": percentile(ms, 95).toFixed(1),
        "SQL p50": percentile(sql, 50),
        "SQL max": sql[sql.length - 1],
        [`calls > ${STATEMENT_BAR}`]: sql.filter((n) => !(n <= STATEMENT_BAR)).length,
        [`≤ ${STATEMENT_BAR}`]: read ? "(read)" : sql[sql.length - 1] <= STATEMENT_BAR ? "yes" : "NO",
      };
    });
    const over = rows.filter((r) => !r.transition.startsWith("GET ") && !(r["SQL max"] <= STATEMENT_BAR));

    console.log(`\nbench:deals — ${DEALS.toLocaleString("en")} deals INQUIRY → CONVERTED through API v1 (production server, WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY ?? "cores"}, + worker), ${CLIENTS} concurrent clients, ${(await import("node:os")).availableParallelism()} cores`);
    console.log(`setup: ${HOLDERS} UNIVERSITY holders, ${LICENSED_PATENTS} NON_EXCLUSIVE + ${assigned.size} ASSIGNMENT listed patents, ${SMES} SMEs (${setupSeconds.toFixed(1)} s)`);
    console.log(`mix: ${DEALS - assigned.size} NON_EXCLUSIVE (${[...Array(DEALS).keys()].filter(isRoyaltyOnly).length} royalty-only, no upfront fee) + ${assigned.size} ASSIGNMENT (each with a rival inquiry cancelled when it is recorded)`);
    console.log(`deals by status: ${JSON.stringify(byStatus)}; assigned patents moved to their SME: ${moved} of ${assigned.size}`);
    console.log(`deals/s: ${(DEALS / seconds).toFixed(1)} (${DEALS} in ${seconds.toFixed(1)} s; ${[...samples].filter(([l]) => !l.startsWith("GET /healthz")).reduce((n, [, l]) => n + l.length, 0)} API calls)`);
    console.table(rows);
    console.log(`bar: no transition issues more than ${STATEMENT_BAR} SQL statements (counted by the server, X-SQL-Statements) → ${over.length === 0 ? "PASS" : `FAIL (${over.map((r) => `${r.transition}: ${r["SQL max"]}`).join("; ")})`}`);

    if (over.length && logFile) {
      const lines = readFileSync(logFile, "utf8").split("\n").filter((l) => l.includes('"sql statements"'));
      for (const row of over) {
        const worst = [...(samples.get(row.transition) ?? [])].sort((a, b) => b.statements - a.statements)[0];
        const line = lines.find((l) => l.includes(`"reqId":"${worst.requestId}"`));
        const sql: string[] = line ? (JSON.parse(line) as { sql: string[] }).sql : [];
        console.log(`\n${row.transition}: ${worst.statements} statements (request ${worst.requestId})`);
        sql.forEach((s, n) => console.log(`  ${String(n + 1).padStart(2)}. ${s.slice(0, 220)}`));
      }
    } else if (over.length) {
      console.log("(run again with BENCH_SQL_LOG=1 to print the statements of each transition over the bar)");
    }
    const ok = byStatus.CONVERTED === DEALS && byStatus.CANCELLED === assigned.size && moved === assigned.size;
    if (!ok || over.length) process.exitCode = 1;
  } finally {
    running = false;
    for (const child of children) if (child.pid) process.kill(-child.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 1_500));
    await dropDatabase(database);
    await deleteRedisKeys(redisPrefix);
  }
}

await main();
