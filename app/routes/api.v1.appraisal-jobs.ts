import { listAppraisalJobsOp } from "~/domain/appraisal/api-operations";
import { listAppraisalJobs } from "~/domain/appraisal/queries.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(listAppraisalJobsOp, ({ actor, query }) => listAppraisalJobs(actor, query)));
