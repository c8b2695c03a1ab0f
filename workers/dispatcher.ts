import type { Queue } from "bullmq";
import { clock, nowMs } from "~/domain/shared/clock";
import { QUEUES, type QueueName } from "~/domain/shared/jobs";
import { getQueue as getProducerQueue } from "~/domain/shared/queue-producer.server";
import { db } from "~/utils/db.server";
import { logger as rootLogger } from "~/utils/logger.server";
import { JOB_OPTIONS } from "./queues";

type OutboxRow = { id: string; queue: string; jobName: string; payload: unknown };

export type DispatchResult = { claimed: number; dispatched: number; failed: number };

export type DispatcherOptions = {
  /** Rows claimed per round. */
  batchSize?: number;
  /** Idle wait between rounds when there was nothing (or not a full batch) to do. */
  pollMs?: number;
  /** A Redis call that takes longer than this counts as failed (Redis unreachable). */
  addTimeoutMs?: number;
  /** Backoff after failures: 1 s, 2 s, 4 s … up to this. */
  maxBackoffMs?: number;
  getQueue?: (name: QueueName) => Pick<Queue, "addBulk">;
};

/** Dispatched rows are kept this long for diagnosis, then pruned. */
export const OUTBOX_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Unknown queue names (a bad deploy) are retried rarely instead of on every round. */
const UNKNOWN_QUEUE_RETRY_MS = 60 * 60 * 1000;

/**
 * Moves committed outbox rows to their BullMQ queues, at least once. Each round claims a
 * bounded batch of due rows with `FOR UPDATE SKIP LOCKED` (several dispatchers can run
 * side by side), adds them with the row id as job id (adding the same id again is a
 * no-op in BullMQ) and marks them dispatched in the same transaction. When Redis fails,
 * the rows stay undispatched with `attempts` and `lastError` recorded, and the loop backs
 * off until Redis answers again.
 */
export class OutboxDispatcher {
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly addTimeoutMs: number;
  private readonly maxBackoffMs: number;
  private readonly getQueue: (name: QueueName) => Pick<Queue, "addBulk">;
  private readonly log = rootLogger.child({ component: "outbox-dispatcher" });
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private consecutiveFailures = 0;
  private lastPruneAt = Number.NEGATIVE_INFINITY;

  constructor(options: DispatcherOptions = {}) {
    this.batchSize = options.batchSize ?? 100;
    this.pollMs = options.pollMs ?? 300;
    this.addTimeoutMs = options.addTimeoutMs ?? 3_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.getQueue = options.getQueue ?? getProducerQueue;
  }

  /** One round: claim, enqueue, mark. Exposed for tests and admin tools. */
  async dispatchOnce(): Promise<DispatchResult> {
    return db.$transaction(
      async (tx) => {
        // Due by the application's clock, not the database's: a row delayed to a deadline
        // (the close of bidding) is released when the clock the deadline was set by reaches it.
        const rows = await tx.$queryRaw<OutboxRow[]>`
          SELECT "id", "queue", "jobName", "payload"
          FROM "OutboxMessage"
          WHERE "dispatchedAt" IS NULL AND "availableAt" <= ${clock.now()}
          ORDER BY "availableAt", "id"
          LIMIT ${this.batchSize}
          FOR UPDATE SKIP LOCKED`;
        const result: DispatchResult = { claimed: rows.length, dispatched: 0, failed: 0 };
        if (rows.length === 0) return result;

        const byQueue = new Map<string, OutboxRow[]>();
        for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);

        const dispatched: string[] = [];
        for (const [queue, group] of byQueue) {
          const ids = group.map((r) => r.id);
          if (!(QUEUES as readonly string[]).includes(queue)) {
            await tx.outboxMessage.updateMany({
              where: { id: { in: ids } },
              data: { attempts: { increment: 1 }, lastError: `unknown queue "${queue}"`, availableAt: new Date(nowMs() + UNKNOWN_QUEUE_RETRY_MS) },
            });
            this.log.error({ queue, ids }, "outbox rows name an unknown queue");
            result.failed += group.length;
            continue;
          }
          try {
            const jobs = group.map((r) => ({ name: r.jobName, data: r.payload, opts: { ...JOB_OPTIONS, jobId: r.id } }));
            await withTimeout(this.getQueue(queue as QueueName).addBulk(jobs), this.addTimeoutMs, `Redis did not answer within ${this.addTimeoutMs} ms`);
            dispatched.push(...ids);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            await tx.outboxMessage.updateMany({
              where: { id: { in: ids } },
              data: { attempts: { increment: 1 }, lastError: message.slice(0, 1_000) },
            });
            result.failed += group.length;
          }
        }
        if (dispatched.length) {
          await tx.outboxMessage.updateMany({ where: { id: { in: dispatched } }, data: { dispatchedAt: clock.now(), lastError: null } });
        }
        result.dispatched = dispatched.length;
        return result;
      },
      { maxWait: 10_000, timeout: 10_000 + this.addTimeoutMs * QUEUES.length },
    );
  }

  /**
   * Deletes rows dispatched before `olderThan` (default: the retention window), in
   * bounded batches; undispatched rows are never touched. Returns how many went.
   */
  async pruneDispatched(olderThan = new Date(nowMs() - OUTBOX_RETENTION_MS)): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await db.$executeRaw`
        DELETE FROM "OutboxMessage" WHERE "id" IN (
          SELECT "id" FROM "OutboxMessage"
          WHERE "dispatchedAt" IS NOT NULL AND "dispatchedAt" < ${olderThan}
          LIMIT 1000)`;
      total += deleted;
      if (deleted < 1000) return total;
    }
  }

  /** Starts the loop (idempotent). */
  start() {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the current round; resolves when it is done. */
  async stop() {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    this.loop = null;
  }

  private async run() {
    while (this.running) {
      let waitMs = this.pollMs;
      try {
        const result = await this.dispatchOnce();
        if (result.failed > 0) {
          waitMs = this.backoff();
          this.log.warn(
            { failed: result.failed, dispatched: result.dispatched, retryInMs: waitMs },
            "could not hand outbox rows to Redis; they stay in the outbox and will be retried (is Redis running? see REDIS_URL)",
          );
        } else {
          if (this.consecutiveFailures > 0) this.log.info("outbox dispatch recovered");
          this.consecutiveFailures = 0;
          if (result.dispatched > 0) this.log.debug({ dispatched: result.dispatched }, "outbox rows dispatched");
          // A full batch means more may be waiting: go again at once.
          if (result.claimed === this.batchSize) waitMs = 0;
        }
      } catch (error) {
        waitMs = this.backoff();
        this.log.warn({ err: error, retryInMs: waitMs }, "outbox dispatch failed (database unavailable?)");
      }
      if (performance.now() - this.lastPruneAt > PRUNE_EVERY_MS) {
        this.lastPruneAt = performance.now();
        await this.pruneDispatched().then(
          (n) => n > 0 && this.log.info({ pruned: n }, "pruned old dispatched outbox rows"),
          (err) => this.log.warn({ err }, "could not prune the outbox"),
        );
      }
      if (this.running && waitMs > 0) await this.sleep(waitMs);
    }
  }

  private backoff(): number {
    this.consecutiveFailures += 1;
    return Math.min(1_000 * 2 ** (this.consecutiveFailures - 1), this.maxBackoffMs);
  }

  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  // A late answer is harmless: the row is re-dispatched with the same job id.
  promise.catch(() => {});
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
