import { markSubsidiesPaidOp } from "~/domain/subsidies/api-operations";
import { markAwardsPaid } from "~/domain/subsidies/pay-out.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(markSubsidiesPaidOp, ({ actor, body }) => markAwardsPaid(actor, body)));
