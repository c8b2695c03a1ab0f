import type { Tx } from "~/utils/db.server";
import { jobSchemas, type JobName, type JobPayload, queueOf } from "./jobs";
import { clock } from "./clock";

/**
 * Emits follow-up work in the caller's transaction: the row commits or rolls back with
 * the domain change, and the dispatcher (workers/dispatcher.ts) delivers it to BullMQ
 * at least once. Processors must therefore be idempotent.
 *
 * `at` holds the work until a deadline (the close of bidding), `delayMs` for a while; both
 * by the application's clock, which the dispatcher also reads (never the database's now()).
 */
export async function emit<N extends JobName>(tx: Tx, name: N, payload: JobPayload<N>, options: { delayMs?: number; at?: Date } = {}) {
  const parsed = jobSchemas[name].parse(payload);
  const now = clock.now();
  const availableAt = options.at && options.at > now ? options.at : new Date(now.getTime() + Math.max(0, options.delayMs ?? 0));
  return tx.outboxMessage.create({
    data: {
      queue: queueOf(name),
      jobName: name,
      payload: parsed as object,
      availableAt,
    },
    select: { id: true },
  });
}

/** Several follow-ups in one statement (a move that tells several orgs at once), due now. */
export async function emitMany(tx: Tx, jobs: readonly { [N in JobName]: { name: N; payload: JobPayload<N> } }[JobName][]) {
  if (jobs.length === 0) return;
  const availableAt = clock.now();
  await tx.outboxMessage.createMany({
    data: jobs.map(({ name, payload }) => ({ queue: queueOf(name), jobName: name, payload: jobSchemas[name].parse(payload) as object, availableAt })),
  });
}
