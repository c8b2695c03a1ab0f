import { Worker, type JobsOptions, type Processor, type RedisOptions } from "bullmq";
import { QUEUES, type QueueName } from "~/domain/shared/jobs";
import { getEnv } from "~/utils/env.server";
import type { WorkerConfig } from "./config";
import { processAppraisalJob } from "./processors/appraisal";
import { processDealJob } from "./processors/deals";
import { processFinancingJob } from "./processors/financing";
import { processGiJob } from "./processors/gi";
import { processIndicatorJob } from "./processors/indicators";
import { processMatchingJob } from "./processors/matching";
import { processNotificationJob } from "./processors/notifications";
import { processPatentJob } from "./processors/patents";
import { processSearchJob } from "./processors/search";
import { processSubsidyJob } from "./processors/subsidies";

/** Options of every job the dispatcher adds (its job id is the outbox row id). */
export const JOB_OPTIONS = {
  // 5 s, 10 s, 20 s, 40 s between the five attempts: rides out a restarting database or SMTP relay.
  attempts: 5,
  backoff: { type: "exponential", delay: 5_000 },
  // Keep a day of completed jobs (for the board and for jobId de-duplication), two weeks of failures.
  removeOnComplete: { age: 24 * 3600, count: 5_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
} satisfies JobsOptions;

/** One processor per queue; each dispatches on the job name and calls domain use cases. */
export const processors: Record<QueueName, Processor> = {
  notifications: processNotificationJob,
  search: processSearchJob,
  patents: processPatentJob,
  matching: processMatchingJob,
  appraisal: processAppraisalJob,
  financing: processFinancingJob,
  subsidies: processSubsidyJob,
  deals: processDealJob,
  gi: processGiJob,
  indicators: processIndicatorJob,
};

const concurrencyOf: Record<QueueName, (c: WorkerConfig) => number> = {
  notifications: (c) => c.NOTIFICATIONS_CONCURRENCY,
  search: () => 2,
  // One import at a time: each is a long, heavy transaction.
  patents: () => 1,
  // Re-ranking reads the whole open-needs list; one at a time keeps it predictable.
  matching: () => 1,
  // Assignments read appraisers' active-job counts: one decision at a time keeps capacity exact.
  appraisal: () => 1,
  financing: () => 1,
  // Awards draw on one budget in event order: one at a time keeps that order (the budget row lock keeps the balance exact anyway).
  subsidies: () => 1,
  // Only the scheduled SLA check runs here; deal moves themselves are synchronous use cases.
  deals: () => 1,
  // Only the scheduled check of overdue rectifications runs here.
  gi: () => 1,
  // Only the scheduled monthly snapshots run here; one at a time writes each month once in order.
  indicators: () => 1,
};

/**
 * Consumer connections: BullMQ requires `maxRetriesPerRequest: null` for its blocking
 * commands, and they keep reconnecting for as long as Redis is away. BullMQ opens its
 * own connections from these options, so none is shared with the fail-fast producers.
 */
export function workerConnection(): RedisOptions {
  return {
    url: getEnv().REDIS_URL,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    connectTimeout: 5_000,
    retryStrategy: (times: number) => Math.min(500 * times, 5_000),
  };
}

/** A BullMQ Worker for every queue, keys under REDIS_PREFIX. */
export function createWorkers(config: WorkerConfig): Worker[] {
  return QUEUES.map(
    (name) =>
      new Worker(name, processors[name], {
        connection: workerConnection(),
        prefix: getEnv().REDIS_PREFIX,
        concurrency: concurrencyOf[name](config),
        lockDuration: config.WORKER_LOCK_DURATION_MS,
        stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
        // A job whose worker died is retried twice from the stalled state before it fails.
        maxStalledCount: 2,
        autorun: true,
      }),
  );
}

/** How often the SLA checks run (SPEC §6 timers are in hours, issue 14 §9's in working days; a quarter of an hour is timely enough). */
export const SLA_CHECK_EVERY_MS = 15 * 60_000;

/**
 * When the monthly indicator snapshots are looked at: daily at 00:15 in the county, so a month
 * is written a quarter of an hour after it ends, and a month missed while the worker was down
 * the next night. A cron pattern, not `every`: an `every` scheduler also runs the moment a
 * worker starts, which would write and notify in the middle of whatever the worker was started for.
 */
export const INDICATOR_SNAPSHOTS_SCHEDULE = { pattern: "15 0 * * *", tz: "Asia/Shanghai" } as const;

/**
 * Recurring jobs, registered (idempotently, by scheduler id) when the worker starts. A
 * scheduler lives in Redis: one registration serves every worker process.
 */
export async function registerSchedulers(getQueue: (name: QueueName) => { upsertJobScheduler: (id: string, repeat: { every: number } | { pattern: string; tz: string }, template: { name: string; data: object; opts?: JobsOptions }) => Promise<unknown> }) {
  const opts = { attempts: 3, backoff: { type: "exponential", delay: 5_000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } satisfies JobsOptions;
  await getQueue("financing").upsertJobScheduler("financing-flag-overdue", { every: SLA_CHECK_EVERY_MS }, { name: "financing.flag-overdue", data: {}, opts });
  await getQueue("deals").upsertJobScheduler("deals-flag-overdue", { every: SLA_CHECK_EVERY_MS }, { name: "deals.flag-overdue", data: {}, opts });
  // Rectification deadlines are days: a quarter-hourly check flags a FAIL soon after its deadline's day ends.
  await getQueue("gi").upsertJobScheduler("gi-flag-overdue-rectifications", { every: SLA_CHECK_EVERY_MS }, { name: "gi.flag-overdue-rectifications", data: {}, opts });
  await getQueue("indicators").upsertJobScheduler("indicators-write-monthly-snapshots", { ...INDICATOR_SNAPSHOTS_SCHEDULE }, { name: "indicators.write-monthly-snapshots", data: {}, opts });
}
