import { UnrecoverableError, type Job } from "bullmq";
import { closeBidding } from "~/domain/appraisal/close-bidding.server";
import { expireOffer } from "~/domain/appraisal/respond-to-assignment.server";
import { jobSchemas } from "~/domain/shared/jobs";
import { clock } from "~/domain/shared/clock";

/** The `appraisal` queue: closing bidding at a deadline, expiring unanswered offers. Both idempotent under the job's row lock. */
export async function processAppraisalJob(job: Pick<Job, "id" | "name" | "data">) {
  switch (job.name) {
    case "appraisal.close-bidding": {
      const parsed = jobSchemas["appraisal.close-bidding"].safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError("invalid appraisal.close-bidding payload");
      return closeBidding(parsed.data.jobId, clock.now());
    }
    case "appraisal.acceptance-timeout": {
      const parsed = jobSchemas["appraisal.acceptance-timeout"].safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError("invalid appraisal.acceptance-timeout payload");
      return expireOffer(parsed.data.jobId, parsed.data.offeredAt, clock.now());
    }
    default:
      throw new UnrecoverableError(`unknown job ${job.name} on the appraisal queue`);
  }
}
