// With Redis gone, a write that notifies still commits; its outbox row waits (attempts
// counted) and is delivered exactly once when Redis is back. Redis here is a real
// redis-server child process that the test kills and restarts on the same port.
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, ThrowawayRedis } from "../test/fixtures/redis-server";
import { waitFor } from "../test/setup/wait-for";

const redis = new ThrowawayRedis(await freePort());
await redis.start();
const originalRedisUrl = process.env.REDIS_URL;
process.env.REDIS_URL = redis.url; // before any app module reads the environment

const { db } = await import("~/utils/db.server");
const { notify } = await import("~/domain/notifications/notify.server");
const { closeQueues, getQueue } = await import("~/domain/shared/queue-producer.server");
const { createUser } = await import("../test/factories");
const { getWorkerConfig } = await import("./config");
const { OutboxDispatcher } = await import("./dispatcher");
const { createWorkers } = await import("./queues");

/** Waits for `check`, counting a check that fails (Redis is down) as not yet. */
const waitThroughOutage = (what: string, check: () => Promise<boolean>) => waitFor(() => check().catch(() => false), { what, intervalMs: 100 });

describe("Redis outage", () => {
  const dispatcher = new OutboxDispatcher({ pollMs: 100, addTimeoutMs: 1_000, maxBackoffMs: 500 });
  let workers: Worker[] = [];

  beforeAll(async () => {
    // The system was running normally: the producer is connected.
    await getQueue("notifications").waitUntilReady();
  });

  afterAll(async () => {
    await dispatcher.stop();
    await Promise.all(workers.map((w) => w.close()));
    await closeQueues();
    await redis.kill();
    if (originalRedisUrl === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = originalRedisUrl;
  });

  it("keeps the write and the outbox row while Redis is down, and delivers exactly once when it is back", async () => {
    const { user, orgId } = await createUser();
    await redis.kill();

    // The domain write does not touch Redis: it commits.
    await db.$transaction(async (tx) => {
      await tx.organization.update({ where: { id: orgId }, data: { town: "下梁镇" } });
      await notify(tx, { sourceKey: `org.updated:${orgId}:outage`, userIds: [user.id], orgId, kind: "org.updated", title: "机构资料已更新", body: "" });
    });
    expect((await db.organization.findUniqueOrThrow({ where: { id: orgId } })).town).toBe("下梁镇");

    // The dispatcher fails fast, records the attempt and leaves the row in the outbox.
    const first = await dispatcher.dispatchOnce();
    expect(first).toEqual({ claimed: 1, dispatched: 0, failed: 1 });
    await dispatcher.dispatchOnce();
    const waiting = await db.outboxMessage.findFirstOrThrow();
    expect(waiting.dispatchedAt).toBeNull();
    expect(waiting.attempts).toBe(2);
    expect(waiting.lastError).toBeTruthy();
    expect(await db.notification.count()).toBe(0);

    // The worker process keeps running (and retrying) without Redis; then Redis returns.
    dispatcher.start();
    workers = createWorkers(getWorkerConfig({}));
    for (const w of workers) w.on("error", () => {});
    // The running dispatcher tries again while Redis is still down; then Redis returns.
    await waitThroughOutage("a third attempt without Redis", async () => (await db.outboxMessage.findFirstOrThrow()).attempts >= 3);
    await redis.start();

    await waitThroughOutage("the notification", async () => (await db.notification.count()) === 1);
    await waitThroughOutage("the outbox row to be dispatched", async () => (await db.outboxMessage.count({ where: { dispatchedAt: null } })) === 0);
    await waitThroughOutage("an idle queue", async () => {
      const counts = await getQueue("notifications").getJobCounts("wait", "active", "delayed");
      return Object.values(counts).every((n) => n === 0);
    });
    // Nothing is left anywhere (outbox dispatched, queue idle) that could still deliver a duplicate.
    const notifications = await db.notification.findMany();
    expect(notifications).toHaveLength(1);
    expect(notifications[0].sourceKey).toBe(`org.updated:${orgId}:outage:${user.id}`);
    expect((await db.outboxMessage.findFirstOrThrow()).attempts).toBeGreaterThanOrEqual(2);
  });

  it("also copes when the producer never reached Redis (down since start-up), and workers reconnect", async () => {
    await dispatcher.stop();
    await closeQueues(); // the next producer is created while Redis is down
    const { user } = await createUser();
    await redis.kill();

    await db.$transaction((tx) => notify(tx, { sourceKey: "test.cold-start:1", userIds: [user.id], kind: "cold", title: "t", body: "" }));
    // Bounded by addTimeoutMs instead of hanging: the attempt fails with the timeout's message below.
    expect(await dispatcher.dispatchOnce()).toEqual({ claimed: 1, dispatched: 0, failed: 1 });
    const row = await db.outboxMessage.findFirstOrThrow({ where: { dispatchedAt: null } });
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/Redis did not answer/);

    dispatcher.start();
    await waitThroughOutage("a second attempt without Redis", async () => (await db.outboxMessage.findFirstOrThrow({ where: { id: row.id } })).attempts >= 2);
    await redis.start();
    await waitThroughOutage("the notification", async () => (await db.notification.count({ where: { kind: "cold" } })) === 1);
    await waitThroughOutage("the outbox row to be dispatched", async () => (await db.outboxMessage.count({ where: { dispatchedAt: null } })) === 0);
    await waitThroughOutage("an idle queue", async () => {
      const counts = await getQueue("notifications").getJobCounts("wait", "active", "delayed");
      return Object.values(counts).every((n) => n === 0);
    });
    expect(await db.notification.count({ where: { kind: "cold" } })).toBe(1);
  });
});
