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
  return (globalForRedis.__ipbRedis ??= createRedis());
}

export async function closeRedis() {
  const r = globalForRedis.__ipbRedis;
  globalForRedis.__ipbRedis = undefined;
  if (r) await r.quit().catch(() => r.disconnect());
}
