import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer } from "node:net";
import type { TestProject } from "vitest/node";
import { deleteRedisKeys } from "../setup/redis-keys";
import { adminUrl, dropDatabase, quoteIdent, withAdmin } from "../setup/pg-admin";
import { waitFor } from "../setup/wait-for";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** The e2e database, for the admin command line (what an operator runs next to the app). */
    databaseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * End-to-end runs against the real processes a user runs: the web server and the
 * worker, on a fresh migrated and seeded database and their own Redis prefix.
 */
export default async function setup(project: TestProject) {
  const suffix = randomBytes(4).toString("hex");
  const database = `ipb_e2e_${suffix}`;
  const redisPrefix = `ipbe2e_${suffix}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    // Carries IPB_NOW and its anchor (vitest.config.ts): the servers read the tests' time.
    ...process.env,
    NODE_ENV: "production",
    SESSION_SECRET: randomBytes(32).toString("hex"),
    DATABASE_URL: adminUrl(database),
    REDIS_PREFIX: redisPrefix,
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: "warn",
    // Uploaded report PDFs: a directory of this run's own, removed at the end.
    PRIVATE_FILES_DIR: mkdtempSync(path.join(tmpdir(), "ipb-e2e-private-")),
  };
  await withAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(database)}`));
  const children: ChildProcess[] = [];

  const teardown = async () => {
    for (const child of children) {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
    await dropDatabase(database);
    await deleteRedisKeys(redisPrefix);
    rmSync(env.PRIVATE_FILES_DIR as string, { recursive: true, force: true });
  };

  try {
    execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "pipe" });
    execFileSync("npx", ["tsx", "prisma/seed.ts"], { env, stdio: "pipe" });
    mkdirSync("test/.reports", { recursive: true });
    for (const [name, entry] of [
      ["web", "server.ts"],
      ["worker", "workers/index.ts"],
    ] as const) {
      // node --import tsx (not npx) in its own process group, so SIGTERM reaches the real process.
      const log = openSync(`test/.reports/e2e-${name}.log`, "w");
      const child = spawn(process.execPath, ["--import", "tsx", entry], {
        env: { ...env, IPB_PROCESS: name },
        stdio: ["ignore", log, log],
        detached: true,
      });
      children.push(child);
    }
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitFor(() => fetch(`${baseUrl}/healthz`).then((r) => r.ok, () => false), { what: "the web server to become healthy", intervalMs: 250 });
    project.provide("baseUrl", baseUrl);
    project.provide("databaseUrl", env.DATABASE_URL as string);
  } catch (e) {
    await teardown();
    const stderr = (e as { stderr?: Buffer }).stderr?.toString();
    throw stderr ? new Error(`end-to-end setup failed:\n${stderr}`) : e;
  }
  return teardown;
}
