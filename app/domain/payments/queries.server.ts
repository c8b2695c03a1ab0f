import { db } from "~/utils/db.server";
import { canOnApplication } from "../financing/policies";
import type { Actor } from "../shared/actor";
import { notFound } from "../shared/errors";
import { Money } from "../shared/money";
import { canPayByCard, paymentActions, STRIPE_PAYER_ACTION } from "./payment-machine";
import { paymentSideOf, paymentsVisibleTo } from "./policies";

/**
 * An application's payments as payments/policies.ts allows (SPEC §11 `GET /payments?applicationId=`):
 * all of them for the application's readers, its own for a payee (an appraiser never sees the premium).
 */
export async function listPayments(actor: Actor, applicationId: string) {
  const app = await db.pledgeApplication.findUnique({ where: { id: applicationId }, select: { smeId: true, bankId: true, insurerId: true, submittedAt: true, appraisal: { select: { assignedAppraiserId: true, status: true } } } });
  const payments = app
    ? await db.payment.findMany({ where: { AND: [{ applicationId }, paymentsVisibleTo(actor)] }, orderBy: { createdAt: "asc" }, include: { payer: { select: { id: true, name: true } }, payee: { select: { id: true, name: true } } } })
    : [];
  if (!app || (!canOnApplication(actor, app, "read") && payments.length === 0)) throw notFound("融资申请");
  return payments.map((p) => {
    const side = paymentSideOf(actor, p);
    return {
      id: p.id,
      applicationId: p.applicationId,
      kind: p.kind,
      method: p.method,
      status: p.status,
      version: p.version,
      amount: Money.fromFen(p.amountFen).toYuanString(),
      payer: p.payer,
      payee: p.payee,
      transferReference: p.transferReference,
      paidAt: p.paidAt?.toISOString() ?? null,
      actions: actor.orgStatus === "ACTIVE" ? [...paymentActions(p.method, p.status, side), ...(canPayByCard(p.method, p.status, side) ? [STRIPE_PAYER_ACTION] : [])] : [],
    };
  });
}
