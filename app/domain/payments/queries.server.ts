import { db } from "~/utils/db.server";
import { canReadApplication } from "../financing/parties";
import type { Actor } from "../shared/actor";
import { notFound } from "../shared/errors";
import { Money } from "../shared/money";
import { canPayByCard, paymentActions, STRIPE_PAYER_ACTION } from "./payment-machine";

/** An application's payments, for its parties and the payees (SPEC §11 `GET /payments?applicationId=`). */
export async function listPayments(actor: Actor, applicationId: string) {
  const app = await db.pledgeApplication.findUnique({ where: { id: applicationId }, select: { smeId: true, bankId: true, insurerId: true, status: true } });
  const payments = await db.payment.findMany({ where: { applicationId }, orderBy: { createdAt: "asc" }, include: { payer: { select: { id: true, name: true } }, payee: { select: { id: true, name: true } } } });
  const involved = payments.some((p) => p.payeeId === actor.orgId);
  if (!app || (!canReadApplication(actor, app) && !involved)) throw notFound("融资申请");
  return payments.map((p) => {
    const side = p.payerId === actor.orgId ? "PAYER" : p.payeeId === actor.orgId ? "PAYEE" : null;
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
