import { putBidOp } from "~/domain/appraisal/api-operations";
import { putBid } from "~/domain/appraisal/put-bid.server";
import { getAppraisalJob } from "~/domain/appraisal/queries.server";
import { bidInputSchema } from "~/domain/appraisal/schemas";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(putBidOp, async ({ actor, params, body }) => {
    await putBid(actor, params.id, bidInputSchema.parse(body));
    return getAppraisalJob(actor, params.id);
  }),
);
