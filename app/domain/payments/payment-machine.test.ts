import { describe, expect, it } from "vitest";
import { canPayByCard, nextPaymentStatus, nextStripeStatus, PAYMENT_ACTIONS, paymentActions } from "./payment-machine";

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

describe("payment machine (Stripe)", () => {
  it("moves only on these webhook outcomes, so late or out-of-order events change nothing", () => {
    const allowed = new Map([
      ["PENDING succeeded", "PAID"],
      ["FAILED succeeded", "PAID"],
      ["PENDING failed", "FAILED"],
      ["PAID refunded", "REFUNDED"],
      ["PENDING refunded", "REFUNDED"],
      ["FAILED refunded", "REFUNDED"],
    ]);
    for (const from of STATUSES)
      for (const outcome of ["succeeded", "failed", "refunded"] as const) {
        expect(nextStripeStatus("STRIPE", from, outcome), `${from} ${outcome}`).toBe(allowed.get(`${from} ${outcome}`) ?? null);
        expect(nextStripeStatus("OFFLINE", from, outcome)).toBeNull();
      }
  });

  it("lets only the payer pay by card, while nothing is paid", () => {
    expect(STATUSES.filter((s) => canPayByCard("STRIPE", s, "PAYER"))).toEqual(["PENDING", "FAILED"]);
    expect(canPayByCard("STRIPE", "PENDING", "PAYEE")).toBe(false);
    expect(canPayByCard("STRIPE", "PENDING", null)).toBe(false);
    expect(canPayByCard("OFFLINE", "PENDING", "PAYER")).toBe(false);
  });
});
