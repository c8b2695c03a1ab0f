import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inquiryDueOn, isInquiryOverdue, lastOverdueInquiryDay, overdueInquiriesAskedBefore } from "./inquiry-sla";

// 2026-03-02 is a Monday.
describe("the inquiry SLA (issue 14 §9)", () => {
  it("is due at the end of the fifth working day after the inquiry's day in Shanghai", () => {
    expect(inquiryDueOn("2026-03-02", 5)).toBe("2026-03-09");
    // Friday 23:30 in Shanghai is still Friday there (15:30 UTC): due the next Friday.
    const fridayNight = new Date("2026-03-06T15:30:00Z");
    expect(isInquiryOverdue(fridayNight, new Date("2026-03-13T15:59:59Z"), 5)).toBe(false);
    expect(isInquiryOverdue(fridayNight, new Date("2026-03-13T16:00:00Z"), 5)).toBe(true);
    // 16:30 UTC on Friday is already Saturday in Shanghai: counted from Monday, also due that Friday.
    expect(isInquiryOverdue(new Date("2026-03-06T16:30:00Z"), new Date("2026-03-13T16:00:00Z"), 5)).toBe(true);
  });

  it("a weekend inquiry waits for the working week", () => {
    expect(inquiryDueOn("2026-03-07", 5)).toBe("2026-03-13");
    expect(inquiryDueOn("2026-03-08", 1)).toBe("2026-03-09");
  });

  it("finds the last day whose inquiries are late today", () => {
    // Monday 03-16: inquiries of Friday 03-06 (due 03-13) are late, those of Saturday 03-07 (due 03-13) too, Monday 03-09's (due 03-16) not.
    expect(lastOverdueInquiryDay("2026-03-16", 5)).toBe("2026-03-08");
    expect(overdueInquiriesAskedBefore(new Date("2026-03-16T02:00:00Z"), 5).toISOString()).toBe("2026-03-08T16:00:00.000Z");
  });

  it("the SQL bound agrees with the rule for every inquiry and every day", () => {
    const start = Date.UTC(2026, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * 365 * 24 * 60 }), fc.integer({ min: 0, max: 40 * 24 * 60 }), fc.integer({ min: 1, max: 15 }), (askedMin, laterMin, days) => {
        const askedAt = new Date(start + askedMin * 60_000);
        const now = new Date(askedAt.getTime() + laterMin * 60_000);
        expect(askedAt < overdueInquiriesAskedBefore(now, days)).toBe(isInquiryOverdue(askedAt, now, days));
      }),
    );
  });
});
