// Runs before every integration test file, before the file imports app modules:
// gives the file its own database (cloned from the migrated template) and its own
// Redis key prefix, and removes both afterwards.
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, inject, vi } from "vitest";
import type { Redis } from "ioredis";
import { deleteRedisKeys } from "./redis-keys";
import { adminUrl, createDatabaseFromTemplate, dropDatabase } from "./pg-admin";

const suffix = `${process.env.VITEST_POOL_ID ?? "0"}_${randomBytes(4).toString("hex")}`;
const database = `ipb_test_${suffix}`;
const redisPrefix = `ipbtest_${suffix}`;

await createDatabaseFromTemplate(database, inject("templateDatabase"));
process.env.DATABASE_URL = adminUrl(database);
process.env.REDIS_PREFIX = redisPrefix;
process.env.LOGIN_MAX_ATTEMPTS ??= "5";
process.env.LOGIN_MAX_ATTEMPTS_PER_IP ??= "8";

const errorSpy = vi.spyOn(console, "error");
afterEach(() => {
  const calls = errorSpy.mock.calls;
  errorSpy.mockClear();
  if (calls.length) throw new Error(`unexpected console.error: ${calls.map((c) => c.join(" ")).join("\n")}`);
});

afterAll(async () => {
  // What app/utils/db.server.ts and redis.server.ts keep on globalThis, if a test loaded them.
  const g = globalThis as { __ipbDb?: { client: { $disconnect(): Promise<void> } }; __ipbRedis?: Redis };
  await g.__ipbDb?.client.$disconnect().catch(() => {});
  g.__ipbRedis?.disconnect();
  await dropDatabase(database);
  await deleteRedisKeys(redisPrefix);
});
