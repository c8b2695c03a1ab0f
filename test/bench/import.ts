/**
 * npm run bench:import — patents/s through the bulk-import job into PostgreSQL and then
 * into the search index, for 100,000 rows built from the real KPPatent-ZH abstracts
 * (repeated with variations). Runs the same code the worker runs (startPatentImport +
 * runPatentImport) against a fresh migrated database; files are cut below the 50 MB
 * upload limit, as a holder would. Bar (issue 3): ≥ 1,000 patents/s.
 *
 *   BENCH_ROWS=100000 npm run bench:import
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { adminUrl, dropDatabase, quoteIdent, withAdmin } from "../setup/pg-admin";
import { deleteRedisKeys } from "../setup/redis-keys";
import { makeRow, sourceTexts } from "./patent-rows";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const FILE_LIMIT = 45 * 1024 * 1024;
function toFiles(rows: object[]): Uint8Array[] {
  const files: Uint8Array[] = [];
  let lines: string[] = [];
  let size = 0;
  for (const row of rows) {
    const line = JSON.stringify(row);
    const bytes = Buffer.byteLength(line) + 1;
    if (size + bytes > FILE_LIMIT) {
      files.push(Buffer.from(lines.join("\n") + "\n"));
      lines = [];
      size = 0;
    }
    lines.push(line);
    size += bytes;
  }
  if (lines.length) files.push(Buffer.from(lines.join("\n") + "\n"));
  return files;
}

async function main() {
  const database = `ipb_bench_import_${randomBytes(4).toString("hex")}`;
  const redisPrefix = `ipbbench_${randomBytes(3).toString("hex")}`;
  Object.assign(process.env, { DATABASE_URL: adminUrl(database), REDIS_PREFIX: redisPrefix, LOG_LEVEL: "warn" });
  await withAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(database)}`));
  try {
    execFileSync("npx", ["prisma", "migrate", "deploy"], { env: process.env, stdio: "pipe" });
    const { db, disconnectDb } = await import("~/utils/db.server");
    const { startPatentImport, runPatentImport } = await import("~/domain/patents/import-patents.server");
    const { getPatentSearchEngine, syncSearchNow, closePatentSearch } = await import("~/domain/patents/search-index.server");

    const org = await db.organization.create({ data: { name: "基准测试高校(示例)", kind: "UNIVERSITY", status: "ACTIVE", uscc: "12611002MB2900999", county: "柞水县", clusters: [] } });
    const actor = { userId: null, apiKeyId: "bench", orgId: org.id, orgKind: "UNIVERSITY" as const, orgStatus: "ACTIVE" as const, role: "OWNER" as const };
    const engine = await getPatentSearchEngine(); // empty index, following changes from now on

    const texts = sourceTexts();
    const files = toFiles(Array.from({ length: ROWS }, (_, i) => makeRow(i, texts)));
    const mb = files.reduce((s, f) => s + f.byteLength, 0) / 1024 / 1024;

    const t0 = performance.now();
    let created = 0;
    for (const [i, bytes] of files.entries()) {
      const started = await startPatentImport(actor, { fileName: `bench-${i + 1}.jsonl`, bytes, mode: "ALL_OR_NOTHING" });
      await runPatentImport(started.id);
      const done = await db.patentImport.findUniqueOrThrow({ where: { id: started.id } });
      if (done.status !== "SUCCEEDED") throw new Error(`import ${i + 1} ${done.status}: ${done.message}`);
      created += done.created;
    }
    const t1 = performance.now();
    await syncSearchNow();
    const t2 = performance.now();
    const indexed = await engine.count();

    const s = (ms: number) => (ms / 1000).toFixed(1);
    const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString("en");
    console.log(`\nbench:import — ${ROWS.toLocaleString("en")} rows in ${files.length} JSON Lines files (${mb.toFixed(1)} MB, each < 50 MB), all-or-nothing mode, embedded index`);
    console.table([
      { phase: "import job → PostgreSQL", patents: created, seconds: s(t1 - t0), "patents/s": rate(created, t1 - t0) },
      { phase: "change feed → search index", patents: indexed, seconds: s(t2 - t1), "patents/s": rate(indexed, t2 - t1) },
      { phase: "end to end (searchable)", patents: indexed, seconds: s(t2 - t0), "patents/s": rate(indexed, t2 - t0) },
    ]);
    const endToEnd = indexed / ((t2 - t0) / 1000);
    console.log(`bar ≥ 1,000 patents/s end to end: ${endToEnd >= 1000 && indexed === ROWS ? "MET" : "MISSED"} (${Math.round(endToEnd)} /s, ${indexed} of ${ROWS} searchable)`);
    await closePatentSearch();
    await disconnectDb();
  } finally {
    await dropDatabase(database);
    await deleteRedisKeys(redisPrefix);
  }
}

await main();
