import { Queue, Worker } from "bullmq";

/**
 * The yardstick of the worker benches: `count` no-op jobs added first, then one Worker at
 * concurrency 1 drains them; jobs per second on the same Redis as the bench.
 */
export async function noopJobsPerSecond(prefix: string, count: number): Promise<number> {
  const connection = { url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", maxRetriesPerRequest: null };
  const queue = new Queue("bench-noop", { connection, prefix });
  let done = 0;
  let finished!: () => void;
  const all = new Promise<void>((r) => (finished = r));
  const worker = new Worker("bench-noop", async () => undefined, { connection, prefix, concurrency: 1, autorun: false });
  worker.on("completed", () => {
    if (++done === count) finished();
  });
  await queue.addBulk(Array.from({ length: count }, (_, i) => ({ name: "noop", data: { i } })));
  const started = performance.now();
  void worker.run();
  await all;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return count / seconds;
}
