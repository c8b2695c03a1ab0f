import { z } from "zod";

/**
 * Settings only the worker process reads (the shared ones live in app/utils/env.server.ts).
 * Defaults suit production; tests shorten the stalled-job timings to recover quickly.
 */
const schema = z.object({
  /** Jobs one worker runs in parallel per queue. */
  NOTIFICATIONS_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  /** How long a job's lock lasts without renewal; a killed worker's jobs stall after it. */
  WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1_000).default(30_000),
  /** How often stalled jobs (lock expired) are moved back to waiting. */
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
  /** How often the dispatcher looks for new outbox rows when idle. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(300),
  /** Outbox rows claimed per round. */
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(100),
});

export type WorkerConfig = z.infer<typeof schema>;

let cached: WorkerConfig | undefined;

/** Throws an EnvError-like message naming each bad variable. */
export function getWorkerConfig(source: Record<string, string | undefined> = process.env): WorkerConfig {
  if (source === process.env && cached) return cached;
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid worker configuration:\n${lines.join("\n")}`);
  }
  if (source === process.env) cached = result.data;
  return result.data;
}
