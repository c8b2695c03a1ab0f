import { describe, expect, it } from "vitest";
import { pledgeActionBodySchemas, pledgeApplicationInputSchema } from "./schemas";

describe("pledge action bodies", () => {
  it("reads amounts as yuan strings and keeps rates exactly as typed", () => {
    expect(pledgeActionBodySchemas["bank-approve"].parse({ version: "3", amount: 850000, annualRate: "0.0385", termMonths: "12" })).toEqual({ version: 3, amount: "850000.00", annualRate: "0.0385", termMonths: 12 });
    expect(pledgeActionBodySchemas["record-repayment"].parse({ version: 1, date: "2026-04-05", principal: "0", interest: "2817.99" })).toMatchObject({ principal: "0.00", interest: "2817.99" });
  });

  it("refuses malformed rates, amounts, terms and dates with field messages instead of throwing", () => {
    const r = pledgeActionBodySchemas["bank-approve"].safeParse({ version: 0, amount: "-5", annualRate: "3.85%", termMonths: 40 });
    expect(r.success).toBe(false);
    const fields = new Set(r.error?.issues.map((i) => i.path.join(".")));
    expect([...fields].sort()).toEqual(["amount", "annualRate", "termMonths", "version"]);
    expect(pledgeActionBodySchemas["insurer-approve"].safeParse({ version: 1, premiumRate: "0.000" }).success).toBe(false);
    expect(pledgeActionBodySchemas["insurer-approve"].safeParse({ version: 1, premiumRate: "1.5" }).success).toBe(false);
    expect(pledgeActionBodySchemas.register.safeParse({ version: 1, cnipaRegNo: "Y1", date: "2026-02-30" }).success).toBe(false);
    expect(pledgeActionBodySchemas["bank-reject"].safeParse({ version: 1, reason: "  " }).success).toBe(false);
  });
});

describe("pledge application input", () => {
  const base = { bankId: "b", insurerId: "i", requestedAmount: "1000000", termMonths: 12, purpose: "购置设备" };

  it("accepts catalog patents, patents by application number and mark registrations", () => {
    const parsed = pledgeApplicationInputSchema.parse({
      ...base,
      assets: [{ kind: "CATALOG_PATENT", patentId: "p1" }, { kind: "PATENT", applicationNumber: "CN201910000001.9", title: "一种装置" }, { kind: "GI_MARK", registrationNumber: "12345678", title: "柞水木耳" }],
    });
    expect(parsed.requestedAmount).toBe("1000000.00");
    expect(parsed.assets).toHaveLength(3);
  });

  it("refuses a wrong check digit, an empty asset list and a bad registration number", () => {
    expect(pledgeApplicationInputSchema.safeParse({ ...base, assets: [] }).success).toBe(false);
    expect(pledgeApplicationInputSchema.safeParse({ ...base, assets: [{ kind: "PATENT", applicationNumber: "CN201910000001.0", title: "x" }] }).success).toBe(false);
    expect(pledgeApplicationInputSchema.safeParse({ ...base, assets: [{ kind: "TRADEMARK", registrationNumber: "12", title: "x" }] }).success).toBe(false);
    const unknownKind = pledgeApplicationInputSchema.safeParse({ ...base, assets: [{ kind: "HOUSE", title: "x" }] });
    expect(unknownKind.error?.issues[0]).toMatchObject({ path: ["assets", 0, "kind"], message: expect.stringContaining("CATALOG_PATENT") });
  });
});
