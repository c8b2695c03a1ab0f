// SIGKILL the real worker process (`workers/index.ts`) in the middle of 200 notifications,
// start it again, and nothing is lost or doubled: BullMQ's stalled-job check re-runs the
// jobs the dead process held, the outbox re-dispatches rows whose claim died with it, and
// Notification.sourceKey keeps every replay idempotent.
import { afterAll, describe, expect, it } from "vitest";
import { notify } from "~/domain/notifications/notify.server";
import { closeQueues, getQueue } from "~/domain/shared/queue-producer.server";
import { db } from "~/utils/db.server";
import { createUser } from "../test/factories";
import { freePort } from "../test/fixtures/redis-server";
import { killWorkerProcesses, startWorkerProcess } from "../test/fixtures/worker-process";
import { waitFor } from "../test/setup/wait-for";

const TOTAL = 200;
/** One job at a time, so the kill lands mid-run. */
const ONE_AT_A_TIME = { NOTIFICATIONS_CONCURRENCY: "1", OUTBOX_BATCH_SIZE: "50" };

afterAll(async () => {
  killWorkerProcesses();
  await closeQueues();
});

describe("worker killed with SIGKILL", () => {
  it(`ends with exactly ${TOTAL} notifications after a kill -9 and a restart`, async () => {
    const { user, orgId } = await createUser();
    await db.$transaction(async (tx) => {
      for (let i = 0; i < TOTAL; i++) {
        await notify(tx, { sourceKey: `test.kill:${i}`, userIds: [user.id], orgId, kind: "kill", title: `第 ${i + 1} 条`, body: "" });
      }
    });
    expect(await db.outboxMessage.count({ where: { dispatchedAt: null } })).toBe(TOTAL);

    const first = startWorkerProcess(ONE_AT_A_TIME);
    await waitFor(async () => (await db.notification.count()) > 0, { what: "the first deliveries", intervalMs: 10 });
    first.child.kill("SIGKILL");
    expect(await first.exited).toBeNull(); // killed, no clean shutdown
    const deliveredBeforeKill = await db.notification.count();
    expect(deliveredBeforeKill, `the worker finished before it could be killed:\n${first.output()}`).toBeLessThan(TOTAL);
    expect(deliveredBeforeKill).toBeGreaterThan(0);
    const leftInRedis = await getQueue("notifications").getJobCounts("active", "wait");
    const leftInOutbox = await db.outboxMessage.count({ where: { dispatchedAt: null } });
    console.info(`killed after ${deliveredBeforeKill} deliveries; left: ${JSON.stringify(leftInRedis)} in Redis, ${leftInOutbox} in the outbox`);

    const second = startWorkerProcess(ONE_AT_A_TIME);
    await waitFor(async () => (await db.notification.count()) >= TOTAL && (await db.outboxMessage.count({ where: { dispatchedAt: null } })) === 0, {
      what: `all ${TOTAL} notifications`,
    });
    await waitFor(
      async () => {
        const counts = await getQueue("notifications").getJobCounts("wait", "active", "delayed", "prioritized");
        return Object.values(counts).every((n) => n === 0);
      },
      { what: "an idle queue" },
    );

    // A clean stop this time: SIGTERM lets active jobs finish and exits 0.
    second.child.kill("SIGTERM");
    expect(await second.exited, second.output()).toBe(0);

    const rows = await db.notification.findMany({ select: { sourceKey: true, userId: true } });
    expect(rows).toHaveLength(TOTAL);
    expect(new Set(rows.map((r) => r.sourceKey)).size).toBe(TOTAL);
    expect(rows.every((r) => r.userId === user.id)).toBe(true);
    expect(await db.outboxMessage.count({ where: { dispatchedAt: null } })).toBe(0);
    expect((await getQueue("notifications").getJobCounts("failed")).failed).toBe(0);
  }, 300_000);
});

describe("worker process without Redis", () => {
  it("keeps running with a clear warning, and still stops cleanly on SIGTERM", async () => {
    // A row to deliver: the worker's dispatcher keeps trying it, which shows the process keeps running.
    const { user } = await createUser();
    await db.$transaction((tx) => notify(tx, { sourceKey: "test.no-redis:1", userIds: [user.id], kind: "no-redis", title: "t", body: "" }));
    const worker = startWorkerProcess({ ...ONE_AT_A_TIME, REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    await waitFor(() => worker.output().includes("Redis is not reachable"), { what: "the warning" });
    const attempts = async () => (await db.outboxMessage.findFirstOrThrow({ where: { payload: { path: ["sourceKey"], equals: "test.no-redis:1" } } })).attempts;
    await waitFor(async () => (await attempts()) >= 2, { what: "a second dispatch attempt without Redis" });
    expect(worker.child.exitCode, worker.output()).toBeNull(); // still alive
    worker.child.kill("SIGTERM");
    expect(await worker.exited, worker.output()).toBe(0);
  });
});
