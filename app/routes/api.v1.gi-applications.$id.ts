import { getGiApplicationOp } from "~/domain/gi/api-operations";
import { getGiApplication } from "~/domain/gi/queries.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(getGiApplicationOp, ({ actor, params }) => getGiApplication(actor, params.id)));
