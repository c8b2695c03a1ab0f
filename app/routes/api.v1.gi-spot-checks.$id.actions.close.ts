import { closeGiSpotCheckOp } from "~/domain/gi/spot-check-api-operations";
import { closeGiSpotCheck } from "~/domain/gi/spot-checks.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(closeGiSpotCheckOp, ({ actor, params, body }) => closeGiSpotCheck(actor, params.id, body)));
