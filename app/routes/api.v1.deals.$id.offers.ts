import { makeOffer } from "~/domain/deals/act-on-deal.server";
import { makeDealOfferOp } from "~/domain/deals/api-operations";
import { offerInputSchema } from "~/domain/deals/schemas";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(makeDealOfferOp, ({ actor, params, body }) => makeOffer(actor, params.id, offerInputSchema.parse(body))));
