import { actOnPayment } from "~/domain/payments/act-on-payment.server";
import { actOnPaymentOp } from "~/domain/payments/api-operations";
import { listPayments, paymentView } from "~/domain/payments/queries.server";
import { paymentActionBodySchemas } from "~/domain/payments/schemas";
import { startStripePayment } from "~/domain/payments/start-stripe-payment.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(actOnPaymentOp, async ({ actor, params, body }) => {
    if (params.action === "pay-by-card") {
      const { version } = paymentActionBodySchemas["pay-by-card"].parse(body);
      const { applicationId, dealId, clientSecret } = await startStripePayment(actor, params.id, version);
      return { items: await listPayments(actor, { applicationId: applicationId ?? undefined, dealId: dealId ?? undefined }), clientSecret };
    }
    const { applicationId, payment } = await actOnPayment(actor, params.id, params.action, body);
    // A deal has one payment: the one just moved is the whole list, without another read.
    return { items: applicationId ? await listPayments(actor, { applicationId }) : [paymentView(actor, payment)] };
  }),
);
