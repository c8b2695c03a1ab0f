import { describe, expect, it } from "vitest";
import { pinClock } from "../shared/clock";
import { defaultReceiptDate, receiptDateError } from "./receipt-date";
import { fieldErrorsOfIssues, paymentActionApiBodySchema, paymentActionBodySchemas } from "./schemas";

// 2026-12-05 09:30 in Asia/Shanghai (01:30 UTC); the payment was asked for on 2026-11-20 (Shanghai).
const now = new Date("2026-12-05T01:30:00Z");
const payment = { createdAt: new Date("2026-11-19T16:30:00Z") }; // 2026-11-20 00:30 in Shanghai

describe("a payment's receipt date (dates of the books)", () => {
  it("takes today (Asia/Shanghai), refuses tomorrow", () => {
    expect(receiptDateError("2026-12-05", payment, now)).toBeNull();
    expect(receiptDateError("2026-12-06", payment, now)).toBe("收款日期不能晚于今天（2026-12-05）");
  });

  it("reads today in the county, not in UTC: at 23:30 UTC on 12-04 it is already 12-05 in Shanghai", () => {
    const lateUtc = new Date("2026-12-04T23:30:00Z");
    expect(receiptDateError("2026-12-05", payment, lateUtc)).toBeNull();
    expect(defaultReceiptDate(lateUtc)).toBe("2026-12-05");
  });

  it("takes the day the payment was asked for (in Shanghai), refuses the day before", () => {
    expect(receiptDateError("2026-11-20", payment, now)).toBeNull();
    expect(receiptDateError("2026-11-19", payment, now)).toBe("收款日期不能早于该笔款项的应付日期（2026-11-20）");
  });

  it("defaults to today in the county", () => {
    expect(defaultReceiptDate(now)).toBe("2026-12-05");
  });
});

describe("payment action bodies", () => {
  it("accept a numeric-string version and the usual date spellings", () => {
    expect(paymentActionBodySchemas["confirm-receipt"].parse({ version: "3", receivedOn: "2026/12/1" })).toEqual({ version: 3, receivedOn: "2026-12-01" });
    expect(paymentActionBodySchemas["confirm-receipt"].parse({ version: 3 })).toEqual({ version: 3 });
    // A form's empty date field is "not given": today.
    expect(paymentActionBodySchemas["confirm-receipt"].parse({ version: "3", receivedOn: " " })).toEqual({ version: 3 });
  });

  it("refuse tomorrow already in the shape (so it is named with the other bad fields), take today", () => {
    const restore = pinClock(now);
    try {
      const tomorrow = paymentActionBodySchemas["confirm-receipt"].safeParse({ receivedOn: "2026-12-06" });
      expect(fieldErrorsOfIssues(tomorrow.error?.issues ?? [])).toEqual({ version: ["version 应为正整数"], receivedOn: ["收款日期不能晚于今天（2026-12-05）"] });
      expect(paymentActionBodySchemas["confirm-receipt"].parse({ version: 1, receivedOn: "2026-12-05" }).receivedOn).toBe("2026-12-05");
    } finally {
      restore();
    }
  });

  it("name every bad field at once", () => {
    const confirm = fieldErrorsOfIssues(paymentActionBodySchemas["confirm-receipt"].safeParse({ version: "abc", receivedOn: "2026-02-30" }).error?.issues ?? []);
    expect(Object.keys(confirm).sort()).toEqual(["receivedOn", "version"]);
    expect(confirm.receivedOn[0]).toContain("不是有效的日期");
    const transfer = fieldErrorsOfIssues(paymentActionBodySchemas["submit-transfer"].safeParse({ version: 0, reference: "x" }).error?.issues ?? []);
    expect(Object.keys(transfer).sort()).toEqual(["reference", "version"]);
  });

  it("documents the body for API v1 but leaves the checks to the use case (a stranger still gets 404)", () => {
    expect(paymentActionApiBodySchema.safeParse({ version: "abc", reference: "x", receivedOn: "2026-02-30" }).success).toBe(true);
  });
});
