import type { Tx } from "~/utils/db.server";
import { jobSchemas, type JobName, type JobPayload, queueOf } from "./jobs";

/**
 * Emits follow-up work in the caller's transaction: the row commits or rolls back with
 * the domain change, and the dispatcher (workers/dispatcher.ts) delivers it to BullMQ
 * at least once. Processors must therefore be idempotent.
 */
export async function emit<N extends JobName>(tx: Tx, name: N, payload: JobPayload<N>, options: { delayMs?: number } = {}) {
  const parsed = jobSchemas[name].parse(payload);
  return tx.outboxMessage.create({
    data: {
      queue: queueOf(name),
      jobName: name,
      payload: parsed as object,
      availableAt: new Date(Date.now() + (options.delayMs ?? 0)),
    },
    select: { id: true },
  });
}
