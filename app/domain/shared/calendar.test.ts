import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonths, addWorkingDays, dateColumn, isoDateOf, isWorkingDay, shanghaiDate, yearOf } from "./calendar";

describe("shanghaiDate", () => {
  it("is the UTC+8 calendar date: 16:00 UTC is already the next day in the county", () => {
    expect(shanghaiDate(new Date("2026-02-28T15:59:59.999Z"))).toBe("2026-02-28");
    expect(shanghaiDate(new Date("2026-02-28T16:00:00.000Z"))).toBe("2026-03-01");
    expect(shanghaiDate(new Date("2026-03-01T00:00:00+08:00"))).toBe("2026-03-01");
  });

  it("moves the year at Shanghai midnight, not UTC midnight (budget and cap years)", () => {
    expect(shanghaiDate(new Date("2025-12-31T15:59:59Z"))).toBe("2025-12-31");
    expect(shanghaiDate(new Date("2025-12-31T16:00:00Z"))).toBe("2026-01-01");
    expect(yearOf(shanghaiDate(new Date("2025-12-31T16:00:00Z")))).toBe(2026);
    expect(shanghaiDate(new Date("2026-01-01T00:00:00Z"))).toBe("2026-01-01");
  });

  it("has no daylight saving: the same offset in summer and winter", () => {
    expect(shanghaiDate(new Date("2026-07-15T16:00:00Z"))).toBe("2026-07-16");
    expect(shanghaiDate(new Date("2026-01-15T16:00:00Z"))).toBe("2026-01-16");
  });

  it("agrees with an independent UTC+8 computation for any instant", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        const local = new Date(ms + 8 * 3_600_000);
        const expected = `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, "0")}-${String(local.getUTCDate()).padStart(2, "0")}`;
        expect(shanghaiDate(new Date(ms))).toBe(expected);
      }),
    );
  });
});

describe("yearOf", () => {
  it("is the year of an ISO date", () => {
    expect(yearOf("2026-03-01")).toBe(2026);
    expect(yearOf("2024-12-31")).toBe(2024);
    expect(yearOf("2025-01-01")).toBe(2025);
  });
});

describe("addMonths", () => {
  it("keeps the day when the target month has it", () => {
    expect(addMonths("2026-01-15", 1)).toBe("2026-02-15");
    expect(addMonths("2026-03-31", 2)).toBe("2026-05-31");
    expect(addMonths("2026-01-31", 12)).toBe("2027-01-31");
    expect(addMonths("2026-05-20", 0)).toBe("2026-05-20");
  });

  it("clamps a day past the end of the target month to its last day", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-03-31", 1)).toBe("2026-04-30");
    expect(addMonths("2026-08-31", 1)).toBe("2026-09-30");
    expect(addMonths("2026-01-30", 1)).toBe("2026-02-28");
    expect(addMonths("2026-10-31", 1)).toBe("2026-11-30");
  });

  it("knows leap years (every 4th, not centuries, except every 400th)", () => {
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2024-02-29", 48)).toBe("2028-02-29");
    expect(addMonths("2100-01-31", 1)).toBe("2100-02-28");
    expect(addMonths("2000-01-31", 1)).toBe("2000-02-29");
  });

  it("crosses year ends in both directions", () => {
    expect(addMonths("2025-12-15", 1)).toBe("2026-01-15");
    expect(addMonths("2025-11-30", 3)).toBe("2026-02-28");
    expect(addMonths("2026-01-15", -1)).toBe("2025-12-15");
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2026-01-31", -11)).toBe("2025-02-28");
    expect(addMonths("2026-06-30", 36)).toBe("2029-06-30");
  });

  it("always gives a real date, the right month, and the original day unless clamped to the month end", () => {
    const isoDate = fc
      .integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2200, 11, 31) })
      .map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -240, max: 240 }), (date, months) => {
        const result = addMonths(date, months);
        expect(result).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(isoDateOf(dateColumn(result))).toBe(result); // a real calendar date
        const [y, m, d] = date.split("-").map(Number);
        const [ry, rm, rd] = result.split("-").map(Number);
        expect(ry * 12 + rm - (y * 12 + m)).toBe(months);
        const lastOfTarget = new Date(Date.UTC(ry, rm, 0)).getUTCDate();
        expect(rd).toBe(Math.min(d, lastOfTarget));
      }),
    );
  });

  it("is monotonic: a later start never gives an earlier end", () => {
    const day = fc.integer({ min: 0, max: 20_000 });
    fc.assert(
      fc.property(day, day, fc.integer({ min: 0, max: 120 }), (a, b, months) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const from = (n: number) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
        expect(addMonths(from(lo), months) <= addMonths(from(hi), months)).toBe(true);
      }),
    );
  });
});

describe("date columns", () => {
  it("store a calendar date as midnight UTC and read it back", () => {
    expect(dateColumn("2026-03-01").toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(isoDateOf(dateColumn("2024-02-29"))).toBe("2024-02-29");
  });
});

describe("addWorkingDays", () => {
  // 2026-03-02 is a Monday; 2026-03-06 a Friday, 03-07 and 03-08 the weekend.
  it("counts Monday to Friday only, not the start day", () => {
    expect(addWorkingDays("2026-03-02", 1)).toBe("2026-03-03");
    expect(addWorkingDays("2026-03-02", 4)).toBe("2026-03-06");
    expect(addWorkingDays("2026-03-02", 5)).toBe("2026-03-09");
    expect(addWorkingDays("2026-03-06", 1)).toBe("2026-03-09");
    expect(addWorkingDays("2026-03-06", 5)).toBe("2026-03-13");
  });

  it("starts counting on Monday when the start falls on a weekend", () => {
    expect(addWorkingDays("2026-03-07", 1)).toBe("2026-03-09");
    expect(addWorkingDays("2026-03-08", 1)).toBe("2026-03-09");
    expect(addWorkingDays("2026-03-07", 5)).toBe("2026-03-13");
    expect(addWorkingDays("2026-03-08", 5)).toBe("2026-03-13");
  });

  it("gives the start itself for 0 and refuses negative or fractional days", () => {
    expect(addWorkingDays("2026-03-07", 0)).toBe("2026-03-07");
    expect(() => addWorkingDays("2026-03-02", -1)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-03-02", 1.5)).toThrow(RangeError);
  });

  it("crosses month, year and leap-day boundaries", () => {
    expect(addWorkingDays("2026-12-30", 3)).toBe("2027-01-04"); // Wed → Thu, Fri, Mon
    expect(addWorkingDays("2024-02-28", 2)).toBe("2024-03-01"); // Wed → Thu 29th, Fri 1st
  });

  it("knows which days are working days", () => {
    expect(["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"].every(isWorkingDay)).toBe(true);
    expect(isWorkingDay("2026-03-07")).toBe(false);
    expect(isWorkingDay("2026-03-08")).toBe(false);
  });

  it("lands on a working day, spans exactly `days` working days, and every 5 add a week", () => {
    const from = (n: number) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 1, max: 60 }), (n, days) => {
        const start = from(n);
        const end = addWorkingDays(start, days);
        expect(isWorkingDay(end)).toBe(true);
        let counted = 0;
        for (let d = dateColumn(start).getTime() + 86_400_000; d <= dateColumn(end).getTime(); d += 86_400_000) if (isWorkingDay(isoDateOf(new Date(d)))) counted++;
        expect(counted).toBe(days);
        if (isWorkingDay(start)) expect(addWorkingDays(start, days + 5)).toBe(isoDateOf(new Date(dateColumn(addWorkingDays(start, days)).getTime() + 7 * 86_400_000)));
      }),
    );
  });
});
