import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { checkEnvOrExit } from "~/utils/env.server";

const env = checkEnvOrExit();
const { logger } = await import("~/utils/logger.server");
const production = env.NODE_ENV === "production";
const processes = env.WEB_CONCURRENCY ?? (production ? availableParallelism() : 1);

// In production even a single web process runs under the supervisor, which restarts it
// if it dies and gives it the V8 flags below; in development the server runs directly.
if ((processes > 1 || production) && cluster.isPrimary) {
  await supervise(processes);
} else {
  await serve();
}

/** The primary forks one web process per core, replaces any that die, and stops them all on SIGTERM. */
async function supervise(count: number) {
  let stopping = false;
  // Rendering allocates many short-lived objects; a larger young generation means far
  // fewer scavenges (bench:http: about 15 % more logged-in pages per second). The old
  // generation may grow to twice what survived the last full collection, not V8's default
  // of up to four times: under search load a process holding the embedded index otherwise
  // carried some 500 MB of dead objects (bench:search RSS 1.2 GB instead of 0.8 GB).
  cluster.setupPrimary({ execArgv: [...process.execArgv, "--max-semi-space-size=64", "--heap-growing-percent=100"] });
  const fork = () => cluster.fork({ IPB_PROCESS: "web" });
  for (let i = 0; i < count; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info("all web processes stopped");
        process.exit(0);
      }
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, "web process died; starting another");
    setTimeout(fork, 1_000);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, processes: count }, "stopping web processes");
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  logger.info(`知产桥 IP Bridge: ${count} web processes on http://localhost:${env.PORT}`);
}

async function serve() {
  const { createApp } = await import("./server/app");
  const { disconnectDb } = await import("~/utils/db.server");
  const { closeRedis } = await import("~/utils/redis.server");
  const { closeQueues } = await import("~/domain/shared/queue-producer.server");
  const { closePatentSearch, getPatentSearchEngine } = await import("~/domain/patents/search-index.server");

  const buildPath = path.resolve("build/index.js");
  const build = (await import(pathToFileURL(buildPath).href).catch((e) => {
    logger.fatal({ err: e }, `no Remix build at ${buildPath}: run "npm run build" first`);
    process.exit(1);
  })) as ServerBuild;

  const app = await createApp({ build, mode: env.NODE_ENV === "production" ? "production" : "development" });
  const server = app.listen(env.PORT, () => {
    if (cluster.isPrimary) logger.info(`知产桥 IP Bridge listening on http://localhost:${env.PORT}`);
  });
  server.keepAliveTimeout = 65_000;
  // Build the patent index now rather than on the first search (embedded engine: from PostgreSQL).
  getPatentSearchEngine().catch((err) => logger.error({ err }, "patent search is not ready; it will be retried on the next search"));

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    const force = setTimeout(() => {
      logger.error("forced exit after 10 s");
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close(async () => {
      await closeQueues().catch(() => {});
      await closePatentSearch().catch(() => {});
      await disconnectDb().catch(() => {});
      await closeRedis();
      logger.info("stopped");
      process.exit(0);
    });
    server.closeIdleConnections();
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  // In a cluster the primary relays Ctrl-C as SIGTERM; a terminal's SIGINT reaches every process.
  process.on("SIGINT", () => void (cluster.isPrimary ? shutdown("SIGINT") : undefined));
}
