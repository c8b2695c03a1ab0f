import { putBidOp } from "~/domain/appraisal/api-operations";
import { putBid } from "~/domain/appraisal/put-bid.server";
import { getAppraisalJob } from "~/domain/appraisal/queries.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(putBidOp, async ({ actor, params, body }) => {
    // The use case validates the body as a whole, with the job's ceiling (every bad field at once).
    await putBid(actor, params.id, body);
    return getAppraisalJob(actor, params.id);
  }),
);
