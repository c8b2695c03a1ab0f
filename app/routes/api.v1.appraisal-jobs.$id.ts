import { getAppraisalJobOp } from "~/domain/appraisal/api-operations";
import { getAppraisalJob } from "~/domain/appraisal/queries.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(getAppraisalJobOp, ({ actor, params }) => getAppraisalJob(actor, params.id)));
