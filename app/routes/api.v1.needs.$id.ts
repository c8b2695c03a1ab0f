import { getNeedOp } from "~/domain/patents/api-operations";
import { getNeed } from "~/domain/matching/needs.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(getNeedOp, ({ actor, params }) => getNeed(actor, params.id)));
