import { describe, expect, it } from "vitest";
import { bookDateError, bookToday, latestEffectiveDate } from "./book-dates";

// 2026-12-05 00:30 in the county is still 2026-12-04 in UTC: the county's day decides.
const now = new Date("2026-12-04T16:30:00Z");

describe("dates of the books", () => {
  it("counts today in Asia/Shanghai, not UTC", () => {
    expect(bookToday(now)).toBe("2026-12-05");
    expect(bookToday(new Date("2026-12-04T15:59:59Z"))).toBe("2026-12-04");
  });

  it("takes today and refuses tomorrow", () => {
    expect(bookDateError("2026-12-05", "还款日期", [], now)).toBeNull();
    expect(bookDateError("2026-12-06", "还款日期", [], now)).toBe("还款日期不能晚于今天（2026-12-05）");
    expect(bookDateError("2099-06-01", "还款日期", [], now)).toContain("不能晚于今天");
  });

  it("takes the step's own date and refuses the day before", () => {
    const after = [{ label: "放款日期", date: "2026-03-05" }];
    expect(bookDateError("2026-03-05", "还款日期", after, now)).toBeNull();
    expect(bookDateError("2026-03-04", "还款日期", after, now)).toBe("还款日期不能早于放款日期（2026-03-05）");
  });

  it("checks every earlier step, ignoring the steps not taken", () => {
    const after = [
      { label: "放款日期", date: "2026-03-05" },
      { label: "最近一次还款日期", date: "2026-06-01" },
      { label: "未发生", date: null },
    ];
    expect(bookDateError("2026-05-01", "违约日期", after, now)).toBe("违约日期不能早于最近一次还款日期（2026-06-01）");
    expect(bookDateError("2026-06-01", "违约日期", after, now)).toBeNull();
  });

  it("lets a policy take effect at most two years ahead, the last day of February included", () => {
    expect(latestEffectiveDate(now)).toBe("2028-12-05");
    expect(latestEffectiveDate(new Date("2028-02-29T04:00:00Z"))).toBe("2030-02-28");
  });
});
