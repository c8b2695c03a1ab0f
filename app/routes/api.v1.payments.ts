import { listPaymentsOp } from "~/domain/payments/api-operations";
import { listPayments } from "~/domain/payments/queries.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(listPaymentsOp, async ({ actor, query }) => ({ items: await listPayments(actor, query) })));
