import { actOnGiApplication } from "~/domain/gi/act-on-application.server";
import { actOnGiApplicationOp } from "~/domain/gi/api-operations";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(actOnGiApplicationOp, ({ actor, params, body }) => actOnGiApplication(actor, params.id, params.action, body)));
