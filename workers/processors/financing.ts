import { UnrecoverableError, type Job } from "bullmq";
import { flagOverdueApplications } from "~/domain/financing/flag-overdue.server";
import { clock } from "~/domain/shared/clock";

/** The `financing` queue: the scheduled SLA check (idempotent: a flagged stage is not flagged twice). */
export async function processFinancingJob(job: Pick<Job, "id" | "name" | "data">) {
  switch (job.name) {
    case "financing.flag-overdue":
      return flagOverdueApplications(clock.now());
    default:
      throw new UnrecoverableError(`unknown job ${job.name} on the financing queue`);
  }
}
