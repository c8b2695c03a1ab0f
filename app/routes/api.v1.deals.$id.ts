import { getDealOp } from "~/domain/deals/api-operations";
import { getDeal } from "~/domain/deals/queries.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(getDealOp, ({ actor, params }) => getDeal(actor, params.id)));
