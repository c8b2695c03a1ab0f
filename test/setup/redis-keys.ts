import { Redis } from "ioredis";

/** Removes every key under a test's prefix (queues, rate limits). Quiet when Redis is down. */
export async function deleteRedisKeys(prefix: string) {
  const redis = new Redis(process.env.REDIS_URL || "redis://127.0.0.1:6379", { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } catch {
    // Redis may be deliberately down in a test; nothing of ours is left there then.
  } finally {
    redis.disconnect();
  }
}
