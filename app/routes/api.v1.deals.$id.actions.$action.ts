import { actOnDeal } from "~/domain/deals/act-on-deal.server";
import { actOnDealOp } from "~/domain/deals/api-operations";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(actOnDealOp, ({ actor, params, body }) => actOnDeal(actor, params.id, params.action, body)));
