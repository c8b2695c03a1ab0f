import { actOnAppraisalJob } from "~/domain/appraisal/act-on-appraisal-job.server";
import { actOnAppraisalJobOp } from "~/domain/appraisal/api-operations";
import { getAppraisalJob } from "~/domain/appraisal/queries.server";
import { isJobActionName } from "~/domain/appraisal/schemas";
import { notFound } from "~/domain/shared/errors";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(actOnAppraisalJobOp, async ({ actor, params, body }) => {
    if (!isJobActionName(params.action)) throw notFound("操作");
    await actOnAppraisalJob(actor, params.id, params.action, body);
    return getAppraisalJob(actor, params.id);
  }),
);
