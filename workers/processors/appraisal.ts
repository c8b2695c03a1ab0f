import { UnrecoverableError, type Job } from "bullmq";
import { closeBidding } from "~/domain/appraisal/close-bidding.server";
import { jobSchemas } from "~/domain/shared/jobs";

/** The `appraisal` queue: closing bidding at a deadline. Idempotent: a closed job is left as it is. */
export async function processAppraisalJob(job: Pick<Job, "id" | "name" | "data">) {
  switch (job.name) {
    case "appraisal.close-bidding": {
      const parsed = jobSchemas["appraisal.close-bidding"].safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError("invalid appraisal.close-bidding payload");
      return closeBidding(parsed.data.jobId, new Date());
    }
    default:
      throw new UnrecoverableError(`unknown job ${job.name} on the appraisal queue`);
  }
}
