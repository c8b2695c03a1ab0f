import { Queue } from "bullmq";
import { getEnv } from "~/utils/env.server";
import { createRedis } from "~/utils/redis.server";
import type { QueueName } from "./jobs";

/**
 * Producer-side queues (dispatcher, admin tools). They fail fast when Redis is down:
 * callers go through the outbox, which keeps the work until Redis is back.
 */
const queues = new Map<QueueName, Queue>();

export function getQueue(name: QueueName): Queue {
  let queue = queues.get(name);
  if (!queue) {
    queue = new Queue(name, { connection: createRedis(), prefix: getEnv().REDIS_PREFIX });
    queue.on("error", () => {}); // connection errors surface on the calls that need Redis
    queues.set(name, queue);
  }
  return queue;
}

export async function closeQueues() {
  const all = [...queues.values()];
  queues.clear();
  await Promise.all(all.map((q) => q.close().catch(() => {})));
}
