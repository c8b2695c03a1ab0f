import { UnrecoverableError, type Job } from "bullmq";
import { flagOverdueRectifications } from "~/domain/gi/flag-overdue.server";
import { clock } from "~/domain/shared/clock";

/** The `gi` queue: the scheduled check of spot-check rectifications past their deadline (idempotent: a FAIL is flagged once). */
export async function processGiJob(job: Pick<Job, "id" | "name" | "data">) {
  switch (job.name) {
    case "gi.flag-overdue-rectifications":
      return flagOverdueRectifications(clock.now());
    default:
      throw new UnrecoverableError(`unknown job ${job.name} on the gi queue`);
  }
}
