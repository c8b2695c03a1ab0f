// The worker process (`npm run worker`): the outbox dispatcher plus one BullMQ Worker per
// queue. It starts even when Redis is down (and says so), and on SIGTERM/SIGINT it stops
// taking work, lets active jobs finish, then closes PostgreSQL and Redis.
import { checkEnvOrExit } from "~/utils/env.server";
import { getWorkerConfig, type WorkerConfig } from "./config";

process.env.IPB_PROCESS ??= "worker";
const env = checkEnvOrExit();
let config: WorkerConfig;
try {
  config = getWorkerConfig();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}

const { logger } = await import("~/utils/logger.server");
const { OutboxDispatcher } = await import("./dispatcher");
const { createWorkers, registerSchedulers } = await import("./queues");
const { closeQueues, getQueue } = await import("~/domain/shared/queue-producer.server");
const { disconnectDb } = await import("~/utils/db.server");
const { closeRedis, getReadyRedis } = await import("~/utils/redis.server");
const { closeMailer } = await import("~/utils/mailer.server");
const { closePatentSearch } = await import("~/domain/patents/search-index.server");

const SHUTDOWN_TIMEOUT_MS = 25_000;
const REDIS_WARNING_EVERY_MS = 30_000;
const redisUrl = withoutPassword(env.REDIS_URL);

const dispatcher = new OutboxDispatcher({ batchSize: config.OUTBOX_BATCH_SIZE, pollMs: config.OUTBOX_POLL_MS });
const workers = createWorkers(config);

let lastRedisWarning = Number.NEGATIVE_INFINITY;
for (const worker of workers) {
  const log = logger.child({ queue: worker.name });
  worker.on("ready", () => log.info({ concurrency: worker.concurrency }, "worker connected to Redis"));
  worker.on("error", (err) => {
    if (!isConnectionError(err)) {
      log.error({ err }, "worker error");
      return;
    }
    // Connection errors repeat on every reconnect attempt: say it clearly, but not in a flood.
    if (performance.now() - lastRedisWarning < REDIS_WARNING_EVERY_MS) return;
    lastRedisWarning = performance.now();
    log.warn(
      { err: { message: err.message } },
      `Redis is not reachable at ${redisUrl}; retrying. Nothing is lost: work waits in the outbox. Start Redis (e.g. "redis-server --appendonly yes") or fix REDIS_URL.`,
    );
  });
  worker.on("failed", (job, err) => {
    const final = !job || err.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1);
    const fields = { jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade, err: { name: err.name, message: err.message } };
    // A final failure stays in the failed list (see /admin/queues), where an operator can retry it.
    if (final) log.error(fields, "job failed for good");
    else log.warn(fields, "job failed; it will be retried");
  });
  worker.on("stalled", (jobId) => log.warn({ jobId }, "job stalled (its worker died?); it will run again"));
  worker.on("completed", (job) => log.debug({ jobId: job.id, job: job.name }, "job completed"));
}
dispatcher.start();
// Without Redis now, the next start registers them (the outbox holds everything else).
registerSchedulers(getQueue).catch((err) => logger.warn({ err: { message: err.message } }, "could not register the scheduled jobs; they are registered at the next start"));
logger.info({ queues: workers.map((w) => w.name), pid: process.pid }, "worker started");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "worker shutting down: finishing active jobs");
  const force = setTimeout(() => {
    logger.error(`forced exit: active jobs did not finish within ${SHUTDOWN_TIMEOUT_MS / 1000} s (they will be retried)`);
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS);
  force.unref();
  await dispatcher.stop();
  // Without Redis no active job can record its result anyway: close without waiting, and
  // BullMQ's stalled-job check runs those jobs again once Redis and a worker are back.
  const redisUp = await getReadyRedis(1_000).then(() => true, () => false);
  if (!redisUp) logger.warn("Redis unreachable: closing without waiting for active jobs");
  await Promise.all(workers.map((w) => w.close(!redisUp).catch((err) => logger.warn({ err }, "worker close failed"))));
  await closeQueues();
  await closePatentSearch().catch(() => {});
  await disconnectDb().catch(() => {});
  await closeRedis();
  closeMailer();
  logger.info("worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

function isConnectionError(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code ?? "";
  return (
    ["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "EAI_AGAIN", "EPIPE"].includes(code) ||
    /connection is closed|stream isn't writeable|connect ETIMEDOUT|ECONNREFUSED/i.test(err.message)
  );
}
