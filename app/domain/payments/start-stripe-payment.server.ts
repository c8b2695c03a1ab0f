import type Stripe from "stripe";
import { db } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { conflict, DomainError, forbidden, notFound } from "../shared/errors";
import { Money } from "../shared/money";
import { canPayByCard } from "./payment-machine";
import { paymentSideOf } from "./policies";
import { stripeClient, StripeError } from "./stripe-client.server";
import { auditSubjectOf } from "./subject.server";
import { ENDED_DEAL_STATUSES } from "../deals/deal-machine";

/**
 * The payer (the SME) pays a fee by card: creates the payment's Stripe PaymentIntent
 * (amount in fen, CNY) — or fetches the one it already has — and returns its client secret
 * for Stripe.js. The status does not move here: Stripe's webhook reports the outcome.
 *
 * One intent per payment: the create call carries the idempotency key `payment-<id>`, so
 * a retry, a double click or a crash between Stripe's answer and our write all get the
 * same intent back. No database transaction is held across the call to Stripe.
 */
export async function startStripePayment(actor: Actor, paymentId: string, expectedVersion?: number): Promise<{ clientSecret: string; applicationId: string | null; dealId: string | null }> {
  const stripe = stripeClient();
  const payment = await db.payment.findUnique({ where: { id: paymentId }, include: { deal: { select: { status: true } } } });
  const side = payment && paymentSideOf(actor, payment);
  if (!payment || !side) throw notFound("付款");
  if (actor.orgStatus !== "ACTIVE") throw forbidden();
  if (expectedVersion !== undefined && expectedVersion !== payment.version) throw conflict("该付款已更新，请刷新后重试");
  if (side !== "PAYER") throw forbidden("只有付款方可以用银行卡支付");
  if (!canPayByCard(payment.method, payment.status, side)) throw new DomainError("INVALID_STATE", "当前付款状态不能用银行卡支付");
  if (payment.deal && (ENDED_DEAL_STATUSES as readonly string[]).includes(payment.deal.status)) throw new DomainError("INVALID_STATE", "交易已结束，不能再办理这笔付款");
  if (!stripe) throw new DomainError("UNAVAILABLE", "银行卡支付暂不可用");

  let intent: Stripe.PaymentIntent;
  try {
    intent = payment.stripePaymentIntentId
      ? await stripe.paymentIntents.retrieve(payment.stripePaymentIntentId)
      : await stripe.paymentIntents.create(
          {
            amount: Money.fromFen(payment.amountFen).toFenNumber(),
            currency: "cny",
            metadata: { paymentId: payment.id, ...(payment.applicationId ? { applicationId: payment.applicationId } : {}), ...(payment.dealId ? { dealId: payment.dealId } : {}), kind: payment.kind },
          },
          { idempotencyKey: `payment-${payment.id}` },
        );
  } catch (err) {
    if (!(err instanceof StripeError)) throw err;
    logger.warn({ err, paymentId }, "stripe: could not start the card payment");
    throw new DomainError("UNAVAILABLE", "银行卡支付暂不可用，请稍后重试");
  }
  if (!intent.client_secret) throw new DomainError("UNAVAILABLE", "银行卡支付暂不可用，请稍后重试");

  if (!payment.stripePaymentIntentId) {
    await db.$transaction(async (tx) => {
      // Only the first start stores the intent (a concurrent one got the same intent from Stripe).
      const stored = await tx.payment.updateMany({ where: { id: payment.id, stripePaymentIntentId: null }, data: { stripePaymentIntentId: intent.id } });
      if (stored.count === 1) {
        await recordAudit(tx, actor, {
          ...auditSubjectOf(payment),
          action: "payment.pay-by-card",
          data: { paymentId: payment.id, kind: payment.kind, paymentIntentId: intent.id },
        });
      }
    });
  }
  return { clientSecret: intent.client_secret, applicationId: payment.applicationId, dealId: payment.dealId };
}
