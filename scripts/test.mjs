// `npm test`: typecheck → lint → build → service checks → vitest (unit, integration, e2e), then
// one summary line "N passed, N failed[, N skipped]". Stops at the first failing step and
// exits with vitest's exit code.
//
//   node scripts/test.mjs                 all three projects
//   node scripts/test.mjs unit            one project (build only for e2e; services not
//   node scripts/test.mjs integration       needed for unit); further arguments go to
//   node scripts/test.mjs e2e [filter…]     vitest, e.g. a file filter
import fs from "node:fs";
import path from "node:path";
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  HOW_TO_START_POSTGRES,
  HOW_TO_START_REDIS,
  ROOT,
  checkPostgres,
  fail,
  loadDotenv,
  log,
  pingRedis,
  redact,
  run,
} from "./start.mjs";

const PROJECTS = ["unit", "integration", "e2e"];
const REPORT = path.join(ROOT, "test", ".reports", "vitest.json");

const [first, ...rest] = process.argv.slice(2);
const only = PROJECTS.includes(first) ? first : undefined;
const vitestExtra = only ? rest : process.argv.slice(2);
const projects = only ? [only] : PROJECTS;
const needsBuild = projects.includes("e2e");
const needsServices = projects.some((p) => p !== "unit");

process.chdir(ROOT);
await loadDotenv();
// IPB_NOW reaches every test process and the servers they start through the environment;
// vitest.config.ts anchors it when the tests begin (ADR 0010).
if (process.env.IPB_NOW) log(`测试时钟从 ${process.env.IPB_NOW} 开始`, `the tests' clock starts at IPB_NOW=${process.env.IPB_NOW}`);

async function mustPass(cmd, args) {
  const code = await run(cmd, args);
  if (code !== 0) {
    fail(`${[cmd, ...args].join(" ")} 失败`, `failed (exit ${code})`);
    process.exit(code);
  }
}

await mustPass("npx", ["tsc", "--noEmit"]);
await mustPass("npx", ["eslint", "--max-warnings", "0", "."]);
if (needsBuild) await ensureChromium();
if (needsBuild) await mustPass("npm", ["run", "build"]);

if (needsServices) {
  // Same server the test setup creates its databases on (test/setup/pg-admin.ts).
  const databaseUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  let ok = true;
  try {
    const version = await checkPostgres(databaseUrl);
    log(`PostgreSQL ${version} 可用`, `PostgreSQL is up: ${redact(databaseUrl)}`);
  } catch (e) {
    fail("PostgreSQL 无法连接", `PostgreSQL is not reachable at ${redact(databaseUrl)}: ${e.message}`, HOW_TO_START_POSTGRES);
    ok = false;
  }
  try {
    await pingRedis(redisUrl);
    log("Redis 可用", `Redis is up: ${redact(redisUrl)}`);
  } catch (e) {
    fail("Redis 无响应", `Redis does not answer at ${redact(redisUrl)}: ${e.message}`, HOW_TO_START_REDIS);
    ok = false;
  }
  if (!ok) process.exit(1);
}

fs.mkdirSync(path.dirname(REPORT), { recursive: true });
fs.rmSync(REPORT, { force: true }); // never summarise a stale report
const vitestCode = await run("npx", [
  "vitest",
  "run",
  ...projects.flatMap((p) => ["--project", p]),
  "--reporter=default",
  "--reporter=json",
  `--outputFile=${path.relative(ROOT, REPORT)}`,
  ...vitestExtra,
]);

let report;
try {
  report = JSON.parse(fs.readFileSync(REPORT, "utf8"));
} catch {
  fail("vitest 没有写出报告", `vitest wrote no report at ${path.relative(ROOT, REPORT)}`);
  process.exit(vitestCode || 1);
}
const passed = report.numPassedTests ?? 0;
// A file can fail outside any test (an import, a hook): count it as one failure, so the
// summary never reads "0 failed" for a red run.
const failedFiles = (report.testResults ?? []).filter(
  (file) => file.status === "failed" && !(file.assertionResults ?? []).some((t) => t.status === "failed"),
);
const failed = (report.numFailedTests ?? 0) + failedFiles.length;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
for (const file of failedFiles) console.log(`✖ ${path.relative(ROOT, file.name)}: ${(file.message ?? "failed outside a test").split("\n")[0]}`);
console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(vitestCode);

/** End-to-end tests drive Debian's Chromium; as root we install it (with CJK fonts) when missing. */
async function ensureChromium() {
  const browser = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (fs.existsSync(browser)) return;
  if (process.getuid?.() === 0 && fs.existsSync("/usr/bin/apt-get")) {
    log("安装 Chromium 与中文字体", "installing chromium + fonts-noto-cjk for end-to-end tests");
    await mustPass("apt-get", ["update"]);
    await mustPass("apt-get", ["install", "-y", "chromium", "fonts-noto-cjk"]);
    return;
  }
  fail("缺少 Chromium", `end-to-end tests need ${browser}`, "sudo apt-get install -y chromium fonts-noto-cjk");
  process.exit(1);
}
