import { getGiSpotCheckOp } from "~/domain/gi/spot-check-api-operations";
import { getGiSpotCheck } from "~/domain/gi/spot-checks.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(getGiSpotCheckOp, ({ actor, params }) => getGiSpotCheck(actor, params.id)));
