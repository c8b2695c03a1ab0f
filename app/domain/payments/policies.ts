import type { Prisma } from "~/generated/prisma/client";
import { allows, defineAccess, grantsWhere } from "../shared/access";
import type { Actor } from "../shared/actor";
import { applicationsVisibleTo, canOnApplication, type ApplicationFacts } from "../financing/policies";
import { canOnDeal, dealsVisibleTo, type DealAccessFacts } from "../deals/policies";

/**
 * Who sees and moves a payment (the appraisal fee, the premium; ADR 0011). The payment
 * machine (payment-machine.ts) decides which step a payer or payee may take. Pure.
 */
export const PAYMENT_RELATIONS = ["PAYER", "PAYEE", "APPLICATION_READER", "DEAL_READER", "NONE"] as const;
export type PaymentRelation = (typeof PAYMENT_RELATIONS)[number];
export const PAYMENT_OPERATIONS = ["read", "list", "act"] as const;
export type PaymentOperation = (typeof PAYMENT_OPERATIONS)[number];

export const paymentAccess = defineAccess({
  context: "payments",
  subject: "Payments of a pledge application (appraisal fee, premium) or of a deal (upfront fee)",
  relations: PAYMENT_RELATIONS,
  states: ["ANY"] as const,
  operations: PAYMENT_OPERATIONS,
  relationNotes: {
    PAYER: "the org that pays it (the SME)",
    PAYEE: "the org it is paid to (the appraiser for the fee, the insurer for the premium, the holder for a deal's upfront fee)",
    APPLICATION_READER: "a reader of the application with `read-payments` in the financing table (SME, bank, insurer once submitted; GOVERNMENT, PLATFORM)",
    DEAL_READER: "a reader of the deal in the deals table (PLATFORM; the pledgee bank while its consent is asked)",
    NONE: "anyone else, e.g. the appraiser for the insurer's premium",
  },
  stateNotes: { ANY: "any payment status" },
  rules: {
    PAYER: { ANY: ["read", "list", "act"] },
    PAYEE: { ANY: ["read", "list", "act"] },
    APPLICATION_READER: { ANY: ["read", "list"] },
    DEAL_READER: { ANY: ["read", "list"] },
    NONE: {},
  },
  notes: ["An inactive org still reads its payments but takes no step (checked with the payment machine)."],
});

/** A payment with what it pays for: a pledge application, or a deal. */
export type PaymentFacts = { payerId: string; payeeId: string; application?: ApplicationFacts | null; deal?: DealAccessFacts | null };

export function paymentRelationOf(actor: Actor, payment: PaymentFacts): PaymentRelation {
  if (payment.payerId === actor.orgId) return "PAYER";
  if (payment.payeeId === actor.orgId) return "PAYEE";
  if (payment.application) return canOnApplication(actor, payment.application, "read-payments") ? "APPLICATION_READER" : "NONE";
  if (payment.deal) return canOnDeal(actor, payment.deal, "read") ? "DEAL_READER" : "NONE";
  return "NONE";
}

export function canOnPayment(actor: Actor, payment: PaymentFacts, operation: PaymentOperation): boolean {
  return allows(paymentAccess, paymentRelationOf(actor, payment), "ANY", operation);
}

/** The payments the caller may list, as a Prisma `where` built from the same table. */
export function paymentsVisibleTo(actor: Actor): Prisma.PaymentWhereInput {
  return grantsWhere(paymentAccess, "list", (relation): Prisma.PaymentWhereInput | null => {
    if (relation === "PAYER") return { payerId: actor.orgId };
    if (relation === "PAYEE") return { payeeId: actor.orgId };
    if (relation === "APPLICATION_READER") return { application: { is: applicationsVisibleTo(actor, "read-payments") } };
    if (relation === "DEAL_READER") return { deal: { is: dealsVisibleTo(actor, "read") } };
    return null;
  });
}

/**
 * The caller's side for the payment machine (who may take a step: the table's `act`),
 * decided from the payment alone; null for a reader or a stranger.
 */
export function paymentSideOf(actor: Actor, payment: { payerId: string; payeeId: string }): "PAYER" | "PAYEE" | null {
  const relation = payment.payerId === actor.orgId ? "PAYER" : payment.payeeId === actor.orgId ? "PAYEE" : null;
  return relation && allows(paymentAccess, relation, "ANY", "act") ? relation : null;
}
