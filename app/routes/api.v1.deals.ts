import { createDealOp, listDealsOp } from "~/domain/deals/api-operations";
import { createDeal } from "~/domain/deals/create-deal.server";
import { listDeals } from "~/domain/deals/queries.server";
import { createDealInputSchema } from "~/domain/deals/schemas";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(listDealsOp, ({ actor, query }) => listDeals(actor, query)),
  endpoint(createDealOp, ({ actor, body }) => createDeal(actor, createDealInputSchema.parse(body))),
);
