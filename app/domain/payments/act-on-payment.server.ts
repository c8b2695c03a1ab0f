import { db } from "~/utils/db.server";
import { feePaid } from "../financing/act-on-pledge-application.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { conflict, DomainError, forbidden, notFound } from "../shared/errors";
import { paymentSideOf } from "./policies";
import { nextPaymentStatus, type PaymentAction } from "./payment-machine";
import { paymentActionBodySchemas } from "./schemas";
import { clock } from "../shared/clock";

/**
 * The offline-transfer steps: the payer (the SME) enters its transfer reference, the
 * payee confirms receipt or that nothing arrived. A confirmed payment marks the
 * application's fee or premium paid and lets the platform contract the loan when the
 * terms are accepted and both are paid — in the same transaction.
 */
export async function actOnPayment(actor: Actor, paymentId: string, action: PaymentAction, rawBody: unknown) {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Payment" WHERE id = ${paymentId} FOR UPDATE`;
    const payment = await tx.payment.findUnique({ where: { id: paymentId } });
    const side = payment && paymentSideOf(actor, payment);
    if (!payment || !side) throw notFound("付款");
    if (actor.orgStatus !== "ACTIVE") throw forbidden();
    const body: { version: number; reference?: string } = paymentActionBodySchemas[action].parse(rawBody);
    if (body.version !== payment.version) throw conflict("该付款已更新，请刷新后重试");
    const to = nextPaymentStatus(payment.method, payment.status, action, side);
    if (!to) throw new DomainError("INVALID_STATE", "当前付款状态不能执行此操作");
    const now = clock.now();
    await tx.payment.update({
      where: { id: payment.id },
      data: { status: to, version: { increment: 1 }, ...(action === "submit-transfer" ? { transferReference: body.reference } : {}), ...(to === "PAID" ? { paidAt: now } : {}) },
    });
    await recordAudit(tx, actor, {
      entityType: "PledgeApplication",
      entityId: payment.applicationId,
      action: `payment.${action}`,
      data: { paymentId: payment.id, kind: payment.kind, status: to, ...(body.reference ? { reference: body.reference } : {}) },
    });
    if (to === "PAID") {
      await feePaid(tx, payment, now);
    }
    return { applicationId: payment.applicationId };
  });
}
