/**
 * npm run import:patents -- FILE --holder ORG [--skip-invalid] [--draft]
 *
 * Imports a JSON Lines or CSV file into a holder's catalog with the same use case as the
 * web upload and `POST /api/v1/patent-imports`, run here in the foreground (as the system
 * actor, audited as "system") instead of by the worker: progress is printed as it goes,
 * then every bad row (line, field, reason). ORG is the holder's id or USCC.
 * Exit code 0 when the import succeeded, 1 otherwise.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkEnvOrExit } from "~/utils/env.server";

if (existsSync(".env")) (await import("dotenv")).config({ quiet: true });
checkEnvOrExit();

const USAGE = "用法 / usage: npm run import:patents -- <文件.jsonl|文件.csv> --holder <机构ID或统一社会信用代码> [--skip-invalid] [--draft]";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { holder: { type: "string" }, "skip-invalid": { type: "boolean", default: false }, draft: { type: "boolean", default: false } },
});
const file = positionals[0];
if (!file || !values.holder) {
  console.error(USAGE);
  process.exit(1);
}
if (!existsSync(file) || !statSync(file).isFile()) {
  console.error(`找不到文件 / no such file: ${file}`);
  process.exit(1);
}

const { systemActor } = await import("~/domain/shared/actor");
const { DomainError } = await import("~/domain/shared/errors");
const { findOrgIdByRef } = await import("~/domain/identity/org-queries.server");
const { startPatentImport, runPatentImport, getPatentImport } = await import("~/domain/patents/import-patents.server");
const { closePatentSearch } = await import("~/domain/patents/search-index.server");
const { db, disconnectDb } = await import("~/utils/db.server");

const actor = systemActor();
let exitCode = 1;
try {
  const holderId = await findOrgIdByRef(values.holder);
  if (!holderId) throw new DomainError("NOT_FOUND", `找不到机构 / no organization "${values.holder}"`);
  const started = await startPatentImport(actor, {
    holderId,
    fileName: path.basename(file),
    bytes: readFileSync(file),
    mode: values["skip-invalid"] ? "SKIP_INVALID" : "ALL_OR_NOTHING",
    publish: !values.draft,
  });
  // The job row was also queued for the worker; running it here first makes the worker's copy a no-op.
  const ticker = setInterval(async () => {
    const row = await db.patentImport.findUnique({ where: { id: started.id }, select: { processed: true, total: true } });
    if (row?.total) process.stdout.write(`\r已处理 / processed ${row.processed} / ${row.total}`);
  }, 500);
  await runPatentImport(started.id).finally(() => clearInterval(ticker));
  const done = await getPatentImport(actor, started.id);
  console.log(`\n${done.status === "SUCCEEDED" ? "导入完成 / import succeeded" : "导入失败 / import failed"}: ${done.total} 行 rows, 新增 created ${done.created}, 更新 updated ${done.updated}, 错误 failed ${done.failed}`);
  if (done.message) console.log(done.message);
  for (const e of done.errors) console.log(`  第 ${e.line} 行 line ${e.line} · ${e.field}: ${e.message}`);
  if (done.errors.length < done.failed) console.log(`  …（共 ${done.failed} 行有错误，仅列出前 ${done.errors.length} 条）`);
  exitCode = done.status === "SUCCEEDED" ? 0 : 1;
} catch (err) {
  console.error(err instanceof DomainError ? err.message : err);
} finally {
  await closePatentSearch();
  await disconnectDb();
}
process.exit(exitCode);
