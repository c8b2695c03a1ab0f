import type { PaymentKind } from "~/generated/prisma/enums";
import type { Tx } from "~/utils/db.server";
import { feePaid } from "../financing/act-on-pledge-application.server";
import { dealFeePaid } from "../deals/act-on-deal.server";

/** A payment is for a pledge application (appraisal fee, premium) or for a deal (upfront fee); exactly one is set. */
export type PaymentSubject = { id: string; kind: PaymentKind; applicationId: string | null; dealId: string | null };

/** Where a payment's audit events go: the timeline of what it pays for. */
export function auditSubjectOf(payment: PaymentSubject): { entityType: "PledgeApplication" | "Deal"; entityId: string } {
  if (payment.applicationId) return { entityType: "PledgeApplication", entityId: payment.applicationId };
  if (payment.dealId) return { entityType: "Deal", entityId: payment.dealId };
  throw new Error(`payment ${payment.id} is for nothing`);
}

/** The payment is PAID (payee confirmed, or Stripe's webhook): what it pays for moves on, in the same transaction. */
export async function paymentPaid(tx: Tx, payment: PaymentSubject, paidAt: Date) {
  if (payment.applicationId) return feePaid(tx, { id: payment.id, applicationId: payment.applicationId, kind: payment.kind }, paidAt);
  if (payment.dealId) return dealFeePaid(tx, { id: payment.id, dealId: payment.dealId });
}
