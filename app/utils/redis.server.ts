import { Redis, type RedisOptions } from "ioredis";
import { getEnv } from "./env.server";

/**
 * Connections for producers and rate limiting fail fast when Redis is down (no offline
 * queue): the transactional outbox makes that safe. Workers use blocking connections
 * (maxRetriesPerRequest: null), created in workers/queues.ts.
 */
export function createRedis(options: RedisOptions = {}): Redis {
  return new Redis(getEnv().REDIS_URL, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    lazyConnect: false,
    ...options,
  });
}

const globalForRedis = globalThis as unknown as { __ipbRedis?: Redis };
export function getRedis(): Redis {
  if (!globalForRedis.__ipbRedis) {
    const redis = createRedis();
    redis.on("error", () => {}); // reported by the callers that need Redis (health, rate limits)
    globalForRedis.__ipbRedis = redis;
  }
  return globalForRedis.__ipbRedis;
}

export async function closeRedis() {
  const r = globalForRedis.__ipbRedis;
  globalForRedis.__ipbRedis = undefined;
  if (r) await r.quit().catch(() => r.disconnect());
}

/**
 * The shared connection once it is ready, waiting up to `ms` for a (re)connect; throws
 * when Redis does not answer in time, so callers fail fast instead of queueing commands.
 */
export async function getReadyRedis(ms = 2_000): Promise<Redis> {
  const redis = getRedis();
  if (redis.status === "ready") return redis;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis not reachable at ${getEnv().REDIS_URL}`));
    }, ms);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off("ready", onReady);
    };
    redis.on("ready", onReady);
  });
  return redis;
}
