import type { PaymentMethod, PaymentStatus } from "~/generated/prisma/enums";

/**
 * A payment's moves as data. Offline: the payer enters its transfer reference, the payee
 * confirms receipt (or that nothing arrived). Stripe: the webhook reports success,
 * failure or a refund. PAID is what the pledge pipeline waits for.
 */
export const PAYMENT_ACTIONS = ["submit-transfer", "confirm-receipt", "report-missing"] as const;
export type PaymentAction = (typeof PAYMENT_ACTIONS)[number];
export type PaymentSide = "PAYER" | "PAYEE";

export const PAYMENT_MOVES = [
  { action: "submit-transfer", method: "OFFLINE", from: "PENDING", to: "TRANSFER_SUBMITTED", side: "PAYER" },
  // A corrected reference after the payee found nothing.
  { action: "submit-transfer", method: "OFFLINE", from: "FAILED", to: "TRANSFER_SUBMITTED", side: "PAYER" },
  { action: "confirm-receipt", method: "OFFLINE", from: "TRANSFER_SUBMITTED", to: "PAID", side: "PAYEE" },
  { action: "report-missing", method: "OFFLINE", from: "TRANSFER_SUBMITTED", to: "FAILED", side: "PAYEE" },
] as const satisfies readonly { action: PaymentAction; method: PaymentMethod; from: PaymentStatus; to: PaymentStatus; side: PaymentSide }[];

export function nextPaymentStatus(method: PaymentMethod, from: PaymentStatus, action: PaymentAction, side: PaymentSide): PaymentStatus | null {
  return PAYMENT_MOVES.find((m) => m.method === method && m.from === from && m.action === action && m.side === side)?.to ?? null;
}

export function paymentActions(method: PaymentMethod, status: PaymentStatus, side: PaymentSide | null): PaymentAction[] {
  return side ? PAYMENT_MOVES.filter((m) => m.method === method && m.from === status && m.side === side).map((m) => m.action) : [];
}

/**
 * Card payments by Stripe. The payer starts (or resumes) a card payment while nothing was
 * paid yet; Stripe's webhook events then move the status. Events may arrive late and out
 * of order, so only these moves exist: a failure never un-pays, a success after a failure
 * pays, a refund is final (a success reported after the refund changes nothing).
 */
export const STRIPE_PAYER_ACTION = "pay-by-card" as const;
export type StripeOutcome = "succeeded" | "failed" | "refunded";

export const STRIPE_MOVES = [
  { outcome: "succeeded", from: "PENDING", to: "PAID" },
  { outcome: "succeeded", from: "FAILED", to: "PAID" },
  { outcome: "failed", from: "PENDING", to: "FAILED" },
  { outcome: "refunded", from: "PAID", to: "REFUNDED" },
  // The refund reported before the success it refunds.
  { outcome: "refunded", from: "PENDING", to: "REFUNDED" },
  { outcome: "refunded", from: "FAILED", to: "REFUNDED" },
] as const satisfies readonly { outcome: StripeOutcome; from: PaymentStatus; to: PaymentStatus }[];

export function nextStripeStatus(method: PaymentMethod, from: PaymentStatus, outcome: StripeOutcome): PaymentStatus | null {
  if (method !== "STRIPE") return null;
  return STRIPE_MOVES.find((m) => m.from === from && m.outcome === outcome)?.to ?? null;
}

/** Whether the payer may start (or resume) a card payment. */
export function canPayByCard(method: PaymentMethod, status: PaymentStatus, side: PaymentSide | null): boolean {
  return method === "STRIPE" && side === "PAYER" && (status === "PENDING" || status === "FAILED");
}
