import { UnrecoverableError, type Job } from "bullmq";
import { flagOverdueInquiries } from "~/domain/deals/flag-overdue.server";
import { clock } from "~/domain/shared/clock";

/** The `deals` queue: the scheduled inquiry SLA check (idempotent: a flagged inquiry is not flagged twice). */
export async function processDealJob(job: Pick<Job, "id" | "name" | "data">) {
  switch (job.name) {
    case "deals.flag-overdue":
      return flagOverdueInquiries(clock.now());
    default:
      throw new UnrecoverableError(`unknown job ${job.name} on the deals queue`);
  }
}
