import { markGiRectifiedOp } from "~/domain/gi/spot-check-api-operations";
import { markGiRectified } from "~/domain/gi/spot-checks.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(markGiRectifiedOp, ({ actor, params, body }) => markGiRectified(actor, params.id, body)));
