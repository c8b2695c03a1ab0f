import { postDealMessage } from "~/domain/deals/act-on-deal.server";
import { postDealMessageOp } from "~/domain/deals/api-operations";
import { messageInputSchema } from "~/domain/deals/schemas";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(postDealMessageOp, ({ actor, params, body }) => postDealMessage(actor, params.id, messageInputSchema.parse(body))));
