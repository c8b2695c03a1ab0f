import { describe, expect, it } from "vitest";
import { getWorkerConfig } from "./config";

describe("worker configuration", () => {
  it("has production defaults", () => {
    expect(getWorkerConfig({})).toEqual({
      NOTIFICATIONS_CONCURRENCY: 5,
      WORKER_LOCK_DURATION_MS: 30_000,
      WORKER_STALLED_INTERVAL_MS: 30_000,
      OUTBOX_POLL_MS: 300,
      OUTBOX_BATCH_SIZE: 100,
    });
  });

  it("names every bad variable", () => {
    expect(() => getWorkerConfig({ NOTIFICATIONS_CONCURRENCY: "0", OUTBOX_BATCH_SIZE: "lots" })).toThrow(
      /NOTIFICATIONS_CONCURRENCY[\s\S]*OUTBOX_BATCH_SIZE/,
    );
  });
});
