import { UnrecoverableError, type Job } from "bullmq";
import { DomainError } from "~/domain/shared/errors";
import { jobSchemas } from "~/domain/shared/jobs";
import { awardSubsidy } from "~/domain/subsidies/award-subsidy.server";

/** The `subsidies` queue: one award decision per event (idempotent: a replay finds the award made). */
export async function processSubsidyJob(job: Pick<Job, "id" | "name" | "data">) {
  switch (job.name) {
    case "subsidies.award": {
      const event = jobSchemas["subsidies.award"].safeParse(job.data);
      if (!event.success) throw new UnrecoverableError(`bad subsidies.award payload: ${event.error.message}`);
      try {
        const { award, created } = await awardSubsidy(event.data);
        return { awardId: award.id, created };
      } catch (error) {
        // The event names a record that is not there or cannot earn this subsidy: retrying will not change that.
        if (error instanceof DomainError && ["NOT_FOUND", "VALIDATION", "INVALID_STATE"].includes(error.code)) throw new UnrecoverableError(error.message);
        throw error;
      }
    }
    default:
      throw new UnrecoverableError(`unknown job ${job.name} on the subsidies queue`);
  }
}
