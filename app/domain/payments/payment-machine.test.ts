import { describe, expect, it } from "vitest";
import { nextPaymentStatus, PAYMENT_ACTIONS, paymentActions } from "./payment-machine";

const STATUSES = ["PENDING", "TRANSFER_SUBMITTED", "PAID", "FAILED", "REFUNDED"] as const;

describe("payment machine (offline transfer)", () => {
  it("allows exactly: payer submits a reference (again after a miss), payee confirms or reports it missing", () => {
    const allowed = new Set(["PENDING submit-transfer PAYER", "FAILED submit-transfer PAYER", "TRANSFER_SUBMITTED confirm-receipt PAYEE", "TRANSFER_SUBMITTED report-missing PAYEE"]);
    for (const from of STATUSES)
      for (const action of PAYMENT_ACTIONS)
        for (const side of ["PAYER", "PAYEE"] as const) {
          const to = nextPaymentStatus("OFFLINE", from, action, side);
          expect(to !== null, `${from} ${action} ${side}`).toBe(allowed.has(`${from} ${action} ${side}`));
        }
    expect(nextPaymentStatus("OFFLINE", "TRANSFER_SUBMITTED", "confirm-receipt", "PAYEE")).toBe("PAID");
    expect(nextPaymentStatus("OFFLINE", "TRANSFER_SUBMITTED", "report-missing", "PAYEE")).toBe("FAILED");
  });

  it("has no offline action on a Stripe payment and none once paid", () => {
    for (const action of PAYMENT_ACTIONS) expect(nextPaymentStatus("STRIPE", "PENDING", action, "PAYER")).toBeNull();
    expect(paymentActions("OFFLINE", "PAID", "PAYEE")).toEqual([]);
    expect(paymentActions("OFFLINE", "PENDING", null)).toEqual([]);
  });
});
