import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { getEnv } from "~/utils/env.server";
import { createRedis } from "~/utils/redis.server";
import type { QueueName } from "./jobs";

/**
 * Producer-side queues (dispatcher, admin tools). They fail fast when Redis is down:
 * callers go through the outbox, which keeps the work until Redis is back.
 */
const queues = new Map<QueueName, { queue: Queue; connection: Redis }>();

export function getQueue(name: QueueName): Queue {
  let entry = queues.get(name);
  if (!entry) {
    const connection = createRedis();
    // Connection errors surface on the calls that need Redis. The listeners stay after
    // BullMQ lets go of the client, so a reconnect attempt never goes unhandled.
    connection.on("error", () => {});
    const queue = new Queue(name, { connection, prefix: getEnv().REDIS_PREFIX });
    queue.on("error", () => {});
    entry = { queue, connection };
    queues.set(name, entry);
  }
  return entry.queue;
}

export async function closeQueues() {
  const all = [...queues.values()];
  queues.clear();
  await Promise.all(
    all.map(async ({ queue, connection }) => {
      await queue.close().catch(() => {});
      // BullMQ leaves a connection it was given open: it is ours to close.
      await connection.quit().catch(() => connection.disconnect());
    }),
  );
}
