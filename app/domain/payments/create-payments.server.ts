import type { Tx } from "~/utils/db.server";
import { isStripeConfigured } from "./stripe-client.server";
import { clock } from "../shared/clock";

/**
 * The payments an application owes, created by the pipeline as each amount is settled:
 * the appraisal fee to the appraiser once the report is accepted, the premium to the
 * insurer once it quoted. By card (Stripe) when a Stripe key is configured, else by
 * offline transfer; one of each per application (a second call changes nothing, and a
 * payment keeps the method it was created with).
 */
export async function createPayment(tx: Tx, input: { applicationId: string; kind: "APPRAISAL_FEE" | "PREMIUM"; payerId: string; payeeId: string; amountFen: bigint }) {
  await tx.payment.upsert({
    where: { applicationId_kind: { applicationId: input.applicationId, kind: input.kind } },
    // Asked for now, by the application's clock: a receipt is dated no earlier (receipt-date.ts).
    create: { ...input, method: isStripeConfigured() ? "STRIPE" : "OFFLINE", createdAt: clock.now() },
    update: {},
  });
}
