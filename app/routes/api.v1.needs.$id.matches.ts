import { getNeedMatchesOp } from "~/domain/patents/api-operations";
import { getNeedMatches } from "~/domain/matching/needs.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(getNeedMatchesOp, ({ actor, params }) => getNeedMatches(actor, params.id)));
