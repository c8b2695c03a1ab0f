import { UnrecoverableError, type Job } from "bullmq";
import { writeMonthlySnapshots } from "~/domain/indicators/snapshots.server";
import { clock } from "~/domain/shared/clock";

/** The `indicators` queue: the scheduled monthly snapshots (idempotent: one row per indicator and month, whoever runs first). */
export async function processIndicatorJob(job: Pick<Job, "id" | "name" | "data">) {
  switch (job.name) {
    case "indicators.write-monthly-snapshots":
      return writeMonthlySnapshots(clock.now());
    default:
      throw new UnrecoverableError(`unknown job ${job.name} on the indicators queue`);
  }
}
