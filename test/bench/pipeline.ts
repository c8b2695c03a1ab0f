/**
 * npm run bench:pipeline — the pledge pipeline under load, through API v1 with the real
 * web server (production build) and worker processes on a fresh database:
 *  - BENCH_APPLICATIONS (default 2,000) applications driven from creation to DISBURSED by
 *    20 concurrent clients (SME, two appraisers, bank and insurer each with an API key);
 *  - the appraisal deadlines are brought forward all at once (the test clock: their
 *    deadline and their outbox rows made due), so the worker's assignment throughput is
 *    measured on its own, next to a no-op BullMQ job's throughput on the same Redis;
 *  - prints applications/s and p50/p95 per transition (API call).
 *
 *   BENCH_APPLICATIONS=2000 npm run bench:pipeline
 */
import { noopJobsPerSecond } from "./noop-rate";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { adminUrl, dropDatabase, quoteIdent, withAdmin } from "../setup/pg-admin";
import { percentile, pool } from "./stats";
import { deleteRedisKeys } from "../setup/redis-keys";

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 2_000);
const CLIENTS = 20;
const PORT = Number(process.env.BENCH_PORT ?? 3194);
const base = `http://127.0.0.1:${PORT}`;

const timings = new Map<string, number[]>();

async function call(key: string, method: string, path: string, body?: unknown, label = path): Promise<any> {
  const started = performance.now();
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  if (method !== "GET") timings.set(label, [...(timings.get(label) ?? []), ms]);
  return JSON.parse(text);
}


function checkDigit(twelve: string) {
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  const sum = [...twelve].reduce((s, d, i) => s + Number(d) * weights[i], 0) % 11;
  return `CN${twelve}.${sum === 10 ? "X" : sum}`;
}

async function main() {
  const database = `ipb_bench_pipeline_${randomBytes(4).toString("hex")}`;
  const redisPrefix = `ipbbench_${randomBytes(3).toString("hex")}`;
  const env = { ...process.env, DATABASE_URL: adminUrl(database), REDIS_PREFIX: redisPrefix, LOG_LEVEL: "warn" };
  Object.assign(process.env, env);
  await withAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(database)}`));
  const children: ChildProcess[] = [];
  try {
    execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "pipe" });
    const { db, disconnectDb } = await import("~/utils/db.server");
    const { createApiKey } = await import("~/domain/identity/api-key-create.server");
    const { systemActor } = await import("~/domain/shared/actor");
    const { clock } = await import("~/domain/shared/clock");
    const { addMonths, shanghaiDate } = await import("~/domain/shared/calendar");
    const org = async (kind: "SME" | "BANK" | "INSURER" | "APPRAISER", name: string, uscc: string) =>
      db.organization.create({ data: { name, kind, status: "ACTIVE", uscc, county: "柞水县", clusters: [] } });
    const sme = await org("SME", "基准企业(示例)", "91611026MA6Y000017");
    const bank = await org("BANK", "基准银行(示例)", "91611026MA6Y00002X");
    const insurer = await org("INSURER", "基准保险(示例)", "91611026MA6Y000033");
    const appraisers = [await org("APPRAISER", "基准评估甲(示例)", "91611026MA6Y000041"), await org("APPRAISER", "基准评估乙(示例)", "91611026MA6Y00005Y")];
    for (const a of appraisers) {
      await db.appraiserProfile.create({ data: { orgId: a.id, filingRecordNumber: `BENCH-${a.id.slice(-4)}`, qualifiedAssetTypes: ["INVENTION", "UTILITY_MODEL"], affiliatedOrgIds: [], capacity: APPLICATIONS * 2 } });
    }
    const key = async (orgId: string) => (await createApiKey(systemActor(), { orgId, name: "bench" })).key;
    const keys = { sme: await key(sme.id), bank: await key(bank.id), insurer: await key(insurer.id), appraisers: [await key(appraisers[0].id), await key(appraisers[1].id)] };

    execFileSync("npx", ["remix", "build"], { stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
    const common: NodeJS.ProcessEnv = { ...env, NODE_ENV: "production", PORT: String(PORT), APP_URL: base, SESSION_SECRET: randomBytes(32).toString("hex") };
    for (const entry of ["server.ts", "workers/index.ts"]) {
      children.push(spawn(process.execPath, ["--import", "tsx", entry], { env: common, stdio: ["ignore", "ignore", "inherit"], detached: true }));
    }
    for (let i = 0; ; i++) {
      if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
      if (i > 120) throw new Error("the server did not start");
      await new Promise((r) => setTimeout(r, 500));
    }

    const ids: string[] = new Array(APPLICATIONS);
    const jobs: string[] = new Array(APPLICATIONS);
    const started = performance.now();

    // 1. Apply, submit (the appraisal job opens), two sealed bids each.
    await pool(APPLICATIONS, CLIENTS, async (i) => {
      const serial = String(1_000_000 + i).padStart(7, "0");
      const app = await call(keys.sme, "POST", "/pledge-applications", {
        bankId: bank.id,
        insurerId: insurer.id,
        requestedAmount: "1000000.00",
        termMonths: 12,
        purpose: "基准测试",
        assets: [
          { kind: "PATENT", applicationNumber: checkDigit(`20211${serial}`), title: "发明专利" },
          { kind: "PATENT", applicationNumber: checkDigit(`20212${serial}`), title: "实用新型" },
        ],
      }, "create");
      const submitted = await call(keys.sme, "POST", `/pledge-applications/${app.id}/actions/submit`, { version: app.version }, "submit");
      ids[i] = app.id;
      jobs[i] = submitted.report.jobId;
      await call(keys.appraisers[0], "PUT", `/appraisal-jobs/${jobs[i]}/bid`, { fee: "12000.00", days: 10, method: "INCOME" }, "bid");
      await call(keys.appraisers[1], "PUT", `/appraisal-jobs/${jobs[i]}/bid`, { fee: String(11000 + (i % 3) * 1000) + ".00", days: 8 + (i % 5), method: "MARKET" }, "bid");
    });
    const applied = performance.now();

    // 2. The test clock: every deadline passes at once; the worker closes and assigns.
    await db.$executeRawUnsafe(`UPDATE "AppraisalJob" SET deadline = now() - interval '5 days 1 second'`);
    await db.$executeRawUnsafe(`UPDATE "OutboxMessage" SET "availableAt" = now() WHERE "jobName" = 'appraisal.close-bidding' AND "dispatchedAt" IS NULL`);
    const assignStarted = performance.now();
    for (;;) {
      const open = await db.appraisalJob.count({ where: { status: "OPEN" } });
      if (open === 0) break;
      if (performance.now() - assignStarted > 15 * 60_000) throw new Error(`${open} jobs still open after 15 minutes`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const assignSeconds = (performance.now() - assignStarted) / 1000;
    const resumed = performance.now();

    // 3. From the offer to DISBURSED.
    await pool(APPLICATIONS, CLIENTS, async (i) => {
      const id = ids[i];
      const offered = await call(keys.sme, "GET", `/appraisal-jobs/${jobs[i]}`);
      const winner = keys.appraisers[appraisers.findIndex((a) => a.id === offered.assignedAppraiserId)];
      await call(winner, "POST", `/appraisal-jobs/${jobs[i]}/actions/accept-assignment`, { version: offered.version }, "accept-assignment");
      const assigned = await call(winner, "GET", `/appraisal-jobs/${jobs[i]}`);
      const values = assigned.assets.map((a: { id: string; assetType: string }) => ({ assetId: a.id, value: a.assetType === "INVENTION" ? "3000000.00" : "800000.00" }));
      await call(winner, "POST", `/appraisal-jobs/${jobs[i]}/actions/submit-report`, { version: assigned.version, values, method: "INCOME", validUntil: addMonths(shanghaiDate(clock.now()), 12) }, "submit-report");
      let app = await call(keys.sme, "POST", `/pledge-applications/${id}/actions/accept-report`, { version: (await call(keys.sme, "GET", `/pledge-applications/${id}`)).version }, "accept-report");
      app = await call(keys.bank, "POST", `/pledge-applications/${id}/actions/accept-report`, { version: app.version }, "accept-report");
      app = await call(keys.bank, "POST", `/pledge-applications/${id}/actions/bank-approve`, { version: app.version, amount: "850000.00", annualRate: "0.0385", termMonths: 12 }, "bank-approve");
      app = await call(keys.insurer, "POST", `/pledge-applications/${id}/actions/insurer-approve`, { version: app.version, premiumRate: "0.02" }, "insurer-approve");
      await call(keys.sme, "POST", `/pledge-applications/${id}/actions/accept-terms`, { version: app.version }, "accept-terms");
      const { items } = await call(keys.sme, "GET", `/payments?applicationId=${id}`);
      for (const p of items as { id: string; version: number; kind: string }[]) {
        await call(keys.sme, "POST", `/payments/${p.id}/actions/submit-transfer`, { version: p.version, reference: `BENCH${i}${p.kind}` }, "submit-transfer");
        await call(p.kind === "PREMIUM" ? keys.insurer : winner, "POST", `/payments/${p.id}/actions/confirm-receipt`, { version: p.version + 1 }, "confirm-receipt");
      }
      app = await call(keys.bank, "GET", `/pledge-applications/${id}`);
      // Dates of the books cannot lie ahead: registered and disbursed today, in CNIPA's number format.
      const today = shanghaiDate(clock.now());
      app = await call(keys.bank, "POST", `/pledge-applications/${id}/actions/register`, { version: app.version, cnipaRegNo: `Y${today.slice(0, 4)}${String(980_000_000 + i)}`, date: today }, "register");
      await call(keys.bank, "POST", `/pledge-applications/${id}/actions/disburse`, { version: app.version, amount: "850000.00", date: today }, "disburse");
    });
    const finished = performance.now();
    const disbursed = await db.pledgeApplication.count({ where: { status: "DISBURSED" } });
    await disconnectDb();

    const noop = await noopJobsPerSecond(`${redisPrefix}_noop`, APPLICATIONS);
    const assignRate = APPLICATIONS / assignSeconds;
    const apiSeconds = (applied - started + (finished - resumed)) / 1000;

    console.log(`\nbench:pipeline — ${APPLICATIONS.toLocaleString("en")} applications through API v1 (production server + worker), ${CLIENTS} concurrent clients`);
    console.log(`reached DISBURSED: ${disbursed} of ${APPLICATIONS}`);
    console.log(`applications/s through the API (excluding the assignment wait): ${(APPLICATIONS / apiSeconds).toFixed(1)}; end to end including it: ${(APPLICATIONS / ((finished - started) / 1000)).toFixed(1)}`);
    console.log(`assignment worker: ${assignRate.toFixed(1)} jobs/s (deadline → offer, outbox dispatch included) vs no-op BullMQ job: ${noop.toFixed(1)} jobs/s on the same Redis — ratio ${(assignRate / noop).toFixed(3)}`);
    console.table(
      [...timings].map(([transition, ms]) => {
        const sorted = [...ms].sort((a, b) => a - b);
        return { transition, calls: sorted.length, "p50 ms": percentile(sorted, 50).toFixed(1), "p95 ms": percentile(sorted, 95).toFixed(1) };
      }),
    );
    if (disbursed !== APPLICATIONS) process.exitCode = 1;
  } finally {
    for (const child of children) if (child.pid) process.kill(-child.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 1_500));
    await dropDatabase(database);
    await deleteRedisKeys(redisPrefix);
  }
}

await main();
