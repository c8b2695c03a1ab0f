import { db } from "~/utils/db.server";
import { getReadyRedis } from "~/utils/redis.server";

type Check = "ok" | "down";
export type Health = { status: "ok" | "degraded"; postgres: Check; redis: Check };

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref())]);
}

export async function checkHealth(): Promise<Health> {
  const [postgres, redis] = await Promise.all([
    withTimeout(db.$queryRaw`SELECT 1`, 2_000).then(() => "ok" as const, () => "down" as const),
    withTimeout(getReadyRedis(1_500).then((r) => r.ping()), 2_000).then(() => "ok" as const, () => "down" as const),
  ]);
  return { status: postgres === "ok" && redis === "ok" ? "ok" : "degraded", postgres, redis };
}
