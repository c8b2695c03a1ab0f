import { describe, expect, it } from "vitest";
import { Money } from "../shared/money";
import { correctionError, correctionSchema } from "./risk-fund-correction";

const fields = (raw: unknown) => {
  const r = correctionSchema.safeParse(raw);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
};

describe("a risk-fund correcting entry", () => {
  it("takes signed yuan as a string or a number, and a reason", () => {
    expect(correctionSchema.parse({ amount: "-1000.5", reason: "冲销重复注资" })).toEqual({ amount: "-1000.50", reason: "冲销重复注资" });
    expect(correctionSchema.parse({ amount: 250, reason: " 补记漏记的返还 " })).toEqual({ amount: "250.00", reason: "补记漏记的返还" });
    // Written as people write amounts elsewhere (issue 19).
    expect(correctionSchema.parse({ amount: "-1,000.50", reason: "冲销重复注资" }).amount).toBe("-1000.50");
    expect(correctionSchema.parse({ amount: "-1万", reason: "冲销重复注资" }).amount).toBe("-10000.00");
  });

  it("names every bad field at once", () => {
    expect(Object.keys(fields({ amount: "abc", reason: "" })).sort()).toEqual(["amount", "reason"]);
    expect(Object.keys(fields({})).sort()).toEqual(["amount", "reason"]);
  });

  it("refuses 0, three decimals and more than 100,000,000.00 either way", () => {
    expect(fields({ amount: "0.00", reason: "更正原因" }).amount).toBe("更正金额不能为 0");
    expect(fields({ amount: "1.005", reason: "更正原因" }).amount).toContain("最多保留两位小数");
    expect(fields({ amount: "100000000.00", reason: "更正原因" })).toEqual({});
    expect(fields({ amount: "-100000000.01", reason: "更正原因" }).amount).toContain("不能超过");
  });

  it("never takes the balance below zero: down to exactly zero is fine, one fen more is not", () => {
    const balance = Money.parseYuan("1000.00");
    expect(correctionError(balance, Money.parseYuan("-1000.00"))).toBeNull();
    expect(correctionError(balance, Money.parseYuan("-1000.01"))).toContain("更正后余额不能为负");
    expect(correctionError(Money.zero, Money.parseYuan("0.01"))).toBeNull();
  });
});
