import { db } from "~/utils/db.server";
import { canOnApplication } from "../financing/policies";
import type { Actor } from "../shared/actor";
import { notFound } from "../shared/errors";
import { Money } from "../shared/money";
import { isoDateOf } from "../shared/calendar";
import { canPayByCard, paymentActions, STRIPE_PAYER_ACTION } from "./payment-machine";
import { paymentSideOf, paymentsVisibleTo } from "./policies";
import { canOnDeal } from "../deals/policies";
import type { Payment } from "~/generated/prisma/client";

/**
 * The payments of an application or a deal as payments/policies.ts allows (SPEC §11
 * `GET /payments?applicationId=` or `?dealId=`): all of them for its readers, its own for a
 * payee (an appraiser never sees the premium).
 */
export async function listPayments(actor: Actor, of: { applicationId?: string; dealId?: string }) {
  if (of.dealId) return listDealPayments(actor, of.dealId);
  const applicationId = of.applicationId ?? "";
  const app = await db.pledgeApplication.findUnique({ where: { id: applicationId }, select: { smeId: true, bankId: true, insurerId: true, submittedAt: true, appraisal: { select: { assignedAppraiserId: true, status: true } } } });
  const payments = app
    ? await db.payment.findMany({ where: { AND: [{ applicationId }, paymentsVisibleTo(actor)] }, orderBy: { createdAt: "asc" }, include: { payer: { select: { id: true, name: true } }, payee: { select: { id: true, name: true } } } })
    : [];
  if (!app || (!canOnApplication(actor, app, "read") && payments.length === 0)) throw notFound("融资申请");
  return payments.map((p) => paymentView(actor, p));
}

async function listDealPayments(actor: Actor, dealId: string) {
  const deal = await db.deal.findUnique({ where: { id: dealId }, select: { smeId: true, holderId: true, status: true, consent: true, pledgeeBankId: true } });
  if (!deal || !canOnDeal(actor, deal, "read")) throw notFound("交易");
  const payments = await db.payment.findMany({ where: { dealId }, orderBy: { createdAt: "asc" }, include: { payer: { select: { id: true, name: true } }, payee: { select: { id: true, name: true } } } });
  return payments.map((p) => paymentView(actor, p));
}

/** A payment as the API shows it, with the steps the caller can take. */
export function paymentView(actor: Actor, p: Payment & { payer: { id: string; name: string }; payee: { id: string; name: string } }) {
  const side = paymentSideOf(actor, p);
  return {
    id: p.id,
    applicationId: p.applicationId,
    dealId: p.dealId,
    kind: p.kind,
    method: p.method,
    status: p.status,
    version: p.version,
    amount: Money.fromFen(p.amountFen).toYuanString(),
    payer: p.payer,
    payee: p.payee,
    transferReference: p.transferReference,
    paidAt: p.paidAt?.toISOString() ?? null,
    receivedOn: p.receivedOn ? isoDateOf(p.receivedOn) : null,
    actions: actor.orgStatus === "ACTIVE" ? [...paymentActions(p.method, p.status, side), ...(canPayByCard(p.method, p.status, side) ? [STRIPE_PAYER_ACTION] : [])] : [],
  };
}
