import { getPledgeApplicationOp } from "~/domain/financing/api-operations";
import { getPledgeApplication } from "~/domain/financing/queries.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(getPledgeApplicationOp, ({ actor, params }) => getPledgeApplication(actor, params.id)));
