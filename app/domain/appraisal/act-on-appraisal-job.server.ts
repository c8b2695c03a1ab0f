import type { Actor } from "../shared/actor";
import { closeBidding } from "./close-bidding.server";
import { rateAppraiser } from "./rate-appraiser.server";
import { acceptAssignment, declineAssignment } from "./respond-to-assignment.server";
import { jobActionBodySchemas, type JobActionName } from "./schemas";
import { submitReport } from "./submit-report.server";
import { clock } from "../shared/clock";

/** API v1's action endpoint of an appraisal job: one use case per action. */
export async function actOnAppraisalJob(actor: Actor, jobId: string, action: JobActionName, rawBody: unknown): Promise<void> {
  switch (action) {
    case "close-bidding":
      await closeBidding(jobId, clock.now(), { actor, early: true });
      return;
    case "accept-assignment":
      return acceptAssignment(actor, jobId, jobActionBodySchemas["accept-assignment"].parse(rawBody).version);
    case "decline-assignment": {
      const body = jobActionBodySchemas["decline-assignment"].parse(rawBody);
      return declineAssignment(actor, jobId, body.version, body.reason);
    }
    case "submit-report":
      return submitReport(actor, jobId, jobActionBodySchemas["submit-report"].parse(rawBody));
    case "rate":
      return rateAppraiser(actor, jobId, jobActionBodySchemas.rate.parse(rawBody).stars);
  }
}
