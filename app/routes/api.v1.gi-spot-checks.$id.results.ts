import { recordGiSpotCheckResultOp } from "~/domain/gi/spot-check-api-operations";
import { recordGiSpotCheckResult } from "~/domain/gi/spot-checks.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(recordGiSpotCheckResultOp, ({ actor, params, body }) => recordGiSpotCheckResult(actor, params.id, body)));
