import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { checkEnvOrExit } from "~/utils/env.server";

const env = checkEnvOrExit();
const { logger } = await import("~/utils/logger.server");
const { createApp } = await import("./server/app");
const { disconnectDb } = await import("~/utils/db.server");
const { closeRedis } = await import("~/utils/redis.server");
const { closeQueues } = await import("~/domain/shared/queue-producer.server");

const buildPath = path.resolve("build/index.js");
const build = (await import(pathToFileURL(buildPath).href).catch((e) => {
  logger.fatal({ err: e }, `no Remix build at ${buildPath}: run "npm run build" first`);
  process.exit(1);
})) as ServerBuild;

const app = await createApp({ build, mode: env.NODE_ENV === "production" ? "production" : "development" });
const server = app.listen(env.PORT, () => {
  logger.info(`知产桥 IP Bridge listening on http://localhost:${env.PORT}`);
});
server.keepAliveTimeout = 65_000;

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
    await disconnectDb().catch(() => {});
    await closeRedis();
    logger.info("stopped");
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
