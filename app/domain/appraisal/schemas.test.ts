import { describe, expect, it } from "vitest";
import { bidInputSchema, jobActionBodySchemas } from "./schemas";

const paths = (input: unknown) => {
  const result = bidInputSchema.safeParse(input);
  expect(result.success).toBe(false);
  return Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
};

describe("bidInputSchema (issue 15: one answer names every bad field)", () => {
  it('names fee, days and method at once for {"fee":"abc","days":0,"method":"GUESS"}', () => {
    const errors = paths({ fee: "abc", days: 0, method: "GUESS" });
    expect(Object.keys(errors).sort()).toEqual(["days", "fee", "method"]);
    expect(errors.days).toBe("交付天数至少 1 天");
    expect(errors.method).toMatch(/INCOME/);
  });

  it('accepts days as a number or a numeric string ("10", " 10 "), a fee as a string or a number', () => {
    expect(bidInputSchema.parse({ fee: "12000", days: "10", method: "INCOME" })).toEqual({ fee: "12000.00", days: 10, method: "INCOME", note: "" });
    expect(bidInputSchema.parse({ fee: 12000.5, days: " 10 ", method: "COST", note: " 三日内 " })).toEqual({ fee: "12000.50", days: 10, method: "COST", note: "三日内" });
  });

  it("refuses what is no whole number of days: true, empty, 10.5, 1e1, 0x10, and the bounds 0 and 366", () => {
    for (const days of [true, "", "10.5", 10.5, "1e1", "0x10", null]) expect(Object.keys(paths({ fee: "100", days, method: "INCOME" }))).toEqual(["days"]);
    expect(paths({ fee: "100", days: "366", method: "INCOME" }).days).toBe("交付天数最多 365 天");
    expect(bidInputSchema.parse({ fee: "100", days: "365", method: "INCOME" }).days).toBe(365);
    expect(bidInputSchema.parse({ fee: "100", days: 1, method: "INCOME" }).days).toBe(1);
  });

  it("names missing fields in Chinese", () => {
    const errors = paths({});
    expect(errors).toMatchObject({ fee: "请填写报价", days: "请填写交付天数" });
  });
});

describe("job action bodies", () => {
  it('take version and stars as numbers or numeric strings, never true', () => {
    expect(jobActionBodySchemas["accept-assignment"].parse({ version: "3" })).toEqual({ version: 3 });
    expect(jobActionBodySchemas.rate.parse({ stars: "5" })).toEqual({ stars: 5 });
    expect(jobActionBodySchemas["accept-assignment"].safeParse({ version: true }).success).toBe(false);
    expect(jobActionBodySchemas.rate.safeParse({ stars: 6 }).success).toBe(false);
  });
});
