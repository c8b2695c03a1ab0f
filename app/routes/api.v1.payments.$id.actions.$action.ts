import { actOnPayment } from "~/domain/payments/act-on-payment.server";
import { actOnPaymentOp } from "~/domain/payments/api-operations";
import { listPayments } from "~/domain/payments/queries.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(actOnPaymentOp, async ({ actor, params, body }) => {
    const { applicationId } = await actOnPayment(actor, params.id, params.action, body);
    return { items: await listPayments(actor, applicationId) };
  }),
);
