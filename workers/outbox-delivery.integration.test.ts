import type { Worker } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { notify } from "~/domain/notifications/notify.server";
import { closeQueues, getQueue } from "~/domain/shared/queue-producer.server";
import { clock, nowMs } from "~/domain/shared/clock";
import { db } from "~/utils/db.server";
import { createUser } from "../test/factories";
import { waitFor } from "../test/setup/wait-for";
import { getWorkerConfig } from "./config";
import { OutboxDispatcher } from "./dispatcher";
import { processNotificationJob } from "./processors/notifications";
import { createWorkers, JOB_OPTIONS } from "./queues";


async function queueIdle() {
  const counts = await getQueue("notifications").getJobCounts("wait", "active", "delayed", "prioritized");
  return Object.values(counts).every((n) => n === 0);
}

describe("outbox → dispatcher → worker (happy path)", () => {
  let workers: Worker[] = [];
  const dispatcher = new OutboxDispatcher({ pollMs: 50 });

  beforeAll(() => {
    workers = createWorkers(getWorkerConfig({}));
    for (const w of workers) w.on("error", () => {});
  });
  afterEach(() => dispatcher.stop());
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await closeQueues();
  });

  it("delivers a notification written in a transaction exactly once, however often it is replayed", async () => {
    const { user, orgId } = await createUser();
    await db.$transaction(async (tx) => {
      await tx.organization.update({ where: { id: orgId }, data: { town: "营盘镇" } });
      await notify(tx, { sourceKey: `org.updated:${orgId}:1`, userIds: [user.id], orgId, kind: "org.updated", title: "机构资料已更新", body: "" });
    });
    const row = await db.outboxMessage.findFirstOrThrow();

    expect(await dispatcher.dispatchOnce()).toEqual({ claimed: 1, dispatched: 1, failed: 0 });
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).dispatchedAt).not.toBeNull();
    expect(await dispatcher.dispatchOnce()).toEqual({ claimed: 0, dispatched: 0, failed: 0 });

    await waitFor(async () => (await db.notification.count()) === 1, { what: "the notification" });
    await waitFor(queueIdle, { what: "an idle queue" });
    const job = await getQueue("notifications").getJob(row.id);
    expect(job?.name).toBe("notifications.deliver");
    expect(await job?.getState()).toBe("completed");

    // Replay 1: the outbox row is dispatched again (e.g. a crash before it was marked).
    await db.outboxMessage.update({ where: { id: row.id }, data: { dispatchedAt: null } });
    expect(await dispatcher.dispatchOnce()).toMatchObject({ dispatched: 1 });
    // Replay 2: the same job id is added again — BullMQ keeps the one job.
    await getQueue("notifications").add("notifications.deliver", row.payload, { ...JOB_OPTIONS, jobId: row.id });
    // Replay 3: the job ran on but was already removed — a fresh job id runs the processor again.
    await getQueue("notifications").add("notifications.deliver", row.payload, { ...JOB_OPTIONS, jobId: `${row.id}-again` });
    // Replay 4: the processor itself runs twice.
    await processNotificationJob({ id: row.id, name: "notifications.deliver", data: row.payload });

    await waitFor(async () => (await getQueue("notifications").getJob(`${row.id}-again`)?.then((j) => j?.getState())) === "completed", { what: "the replayed job" });
    await waitFor(queueIdle, { what: "an idle queue" });
    expect((await getQueue("notifications").getJobCounts("completed")).completed).toBe(2);
    const notifications = await db.notification.findMany();
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ userId: user.id, orgId, title: "机构资料已更新", sourceKey: `org.updated:${orgId}:1:${user.id}` });
  });

  it("the running loop picks up new rows promptly and in bounded batches", async () => {
    const { user } = await createUser();
    const before = await db.notification.count();
    dispatcher.start();
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 120; i++) {
        await notify(tx, { sourceKey: `test.batch:${i}`, userIds: [user.id], kind: "batch", title: "t", body: "" });
      }
    });
    await waitFor(async () => (await db.notification.count()) === before + 120, { what: "all 120 notifications" });
    expect(await db.outboxMessage.count({ where: { dispatchedAt: null } })).toBe(0);
  });

  it("prunes dispatched rows past the retention window and never undispatched ones", async () => {
    const { user } = await createUser();
    for (const key of ["old", "recent", "pending"]) {
      await db.$transaction((tx) => notify(tx, { sourceKey: `test.prune:${key}`, userIds: [user.id], kind: "t", title: "t", body: "" }));
    }
    const rows = await db.outboxMessage.findMany({ where: { payload: { path: ["sourceKey"], string_starts_with: "test.prune:" } }, orderBy: { createdAt: "asc" } });
    const [old, recent] = rows;
    await db.outboxMessage.update({ where: { id: old.id }, data: { dispatchedAt: new Date(nowMs() - 8 * 24 * 3600_000) } });
    await db.outboxMessage.update({ where: { id: recent.id }, data: { dispatchedAt: clock.now() } });
    expect(await dispatcher.pruneDispatched()).toBe(1);
    const left = await db.outboxMessage.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: { id: true } });
    expect(left.map((r) => r.id).sort()).toEqual([recent.id, rows[2].id].sort());
    await dispatcher.dispatchOnce(); // leave no undispatched rows for the next test
  });

  it("does not dispatch rows that are not due yet", async () => {
    const { user } = await createUser();
    const delayed = await db.$transaction(async (tx) => {
      const { emit } = await import("~/domain/shared/outbox.server");
      return emit(tx, "notifications.deliver", { sourceKey: "test.later:1", userIds: [user.id], kind: "later", title: "t", body: "" }, { delayMs: 60_000 });
    });
    expect(await dispatcher.dispatchOnce()).toMatchObject({ claimed: 0 });
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: delayed.id } })).dispatchedAt).toBeNull();
  });

  it("lets concurrent dispatchers share the work without sending a row twice", async () => {
    const { user } = await createUser();
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 30; i++) await notify(tx, { sourceKey: `test.concurrent:${i}`, userIds: [user.id], kind: "concurrent", title: "t", body: "" });
    });
    const others = [new OutboxDispatcher({ batchSize: 10 }), new OutboxDispatcher({ batchSize: 10 }), new OutboxDispatcher({ batchSize: 10 })];
    const results = await Promise.all([...others, ...others].map((d) => d.dispatchOnce()));
    const dispatched = results.reduce((sum, r) => sum + r.dispatched, 0);
    expect(dispatched).toBe(30);
    await waitFor(async () => (await db.notification.count({ where: { kind: "concurrent" } })) === 30, { what: "the 30 notifications" });
  });
});
