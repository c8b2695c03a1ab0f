import { z } from "zod";
import { defineOperation } from "../shared/openapi";
import { paymentActionApiBodySchema } from "./schemas";

const payment = z
  .object({
    id: z.string(),
    applicationId: z.string().nullable().describe("the pledge application it is for (fee, premium)"),
    dealId: z.string().nullable().describe("the deal it is for (upfront fee)"),
    kind: z.enum(["APPRAISAL_FEE", "PREMIUM", "DEAL_UPFRONT"]),
    method: z.enum(["OFFLINE", "STRIPE"]),
    status: z.enum(["PENDING", "TRANSFER_SUBMITTED", "PAID", "FAILED", "REFUNDED"]),
    version: z.number().int(),
    amount: z.string().describe("yuan, two decimals"),
    payer: z.object({ id: z.string(), name: z.string() }),
    payee: z.object({ id: z.string(), name: z.string() }),
    transferReference: z.string().nullable(),
    paidAt: z.string().nullable().describe("when the payee confirmed (or Stripe reported) it"),
    receivedOn: z.string().nullable().describe("YYYY-MM-DD: the day the money arrived, as the payee confirmed it; the premium subsidy's year follows it"),
    actions: z.array(z.enum(["submit-transfer", "confirm-receipt", "report-missing", "pay-by-card"])),
  })
  .meta({ id: "Payment" });

export const listPaymentsOp = defineOperation({
  operationId: "listPayments",
  method: "GET",
  path: "/payments",
  summary: "An application's payments (appraisal fee, premium) or a deal's (upfront fee): give one of applicationId and dealId",
  tags: ["payments"],
  request: {
    query: z
      .object({ applicationId: z.string().min(1).max(64).optional(), dealId: z.string().min(1).max(64).optional() })
      .refine((q) => (q.applicationId === undefined) !== (q.dealId === undefined), { error: "请提供 applicationId 或 dealId 之一", path: ["applicationId"] }),
  },
  responses: { 200: z.object({ items: z.array(payment) }) },
  problems: [404],
});

export const actOnPaymentOp = defineOperation({
  operationId: "actOnPayment",
  method: "POST",
  path: "/payments/{id}/actions/{action}",
  summary:
    "Offline transfer: `submit-transfer` {version, reference} (payer), `confirm-receipt` {version, receivedOn?} (payee: the day the money arrived, default today; not after today in Asia/Shanghai, not before the payment was asked for), `report-missing` {version} (payee). Card (method STRIPE): `pay-by-card` {version} (payer) starts or resumes the Stripe payment and returns `clientSecret` for Stripe.js; the status moves when Stripe's webhook reports the outcome",
  tags: ["payments"],
  request: { params: z.object({ id: z.string().min(1).max(64), action: z.enum(["submit-transfer", "confirm-receipt", "report-missing", "pay-by-card"]) }), body: paymentActionApiBodySchema.meta({ id: "PaymentActionInput" }) },
  responses: { 200: z.object({ items: z.array(payment), clientSecret: z.string().optional().describe("`pay-by-card` only: the PaymentIntent's client secret, for Stripe.js") }) },
  problems: [403, 404, 409, 503],
});

export const paymentOperations = [listPaymentsOp, actOnPaymentOp];
