import { UnrecoverableError, type Job } from "bullmq";
import { jobSchemas } from "~/domain/shared/jobs";
import { computeNeedMatches, handlePatentsChanged } from "~/domain/matching/compute-matches.server";

/** The `matching` queue: need matches and subscription pushes; both are idempotent. */
export async function processMatchingJob(job: Pick<Job, "id" | "name" | "data">) {
  switch (job.name) {
    case "matching.compute-need": {
      const parsed = jobSchemas["matching.compute-need"].safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError("invalid matching.compute-need payload");
      return { matches: (await computeNeedMatches(parsed.data.needId)).length };
    }
    case "matching.patent-changed": {
      const parsed = jobSchemas["matching.patent-changed"].safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError("invalid matching.patent-changed payload");
      return handlePatentsChanged(parsed.data.patentIds);
    }
    default:
      throw new UnrecoverableError(`unknown job ${job.name} on the matching queue`);
  }
}
