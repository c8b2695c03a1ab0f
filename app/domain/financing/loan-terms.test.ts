import { describe, expect, it } from "vitest";
import { Money } from "../shared/money";
import { estimatedLoanCap, loanCap, premium, type DeclaredAsset } from "./loan-terms";
import { DEFAULT_FINANCING_POLICY as policy } from "./policy";

const yuan = Money.parseYuan;

describe("loan cap", () => {
  it("gives the SPEC §8 worked example exactly: 3,000,000 invention + 800,000 utility model → 870,000.00", () => {
    const assets = [
      { assetType: "INVENTION" as const, appraisedValue: yuan("3000000.00") },
      { assetType: "UTILITY_MODEL" as const, appraisedValue: yuan("800000.00") },
    ];
    expect(loanCap(assets, yuan("1000000.00"), policy).toYuanString()).toBe("870000.00");
  });

  it("is never above what was requested", () => {
    expect(loanCap([{ assetType: "INVENTION", appraisedValue: yuan("3000000.00") }], yuan("500000.00"), policy).toYuanString()).toBe("500000.00");
  });

  it("uses each asset type's rate, rounding each line half-up to the fen", () => {
    // 0.03 × 0.10 = 0.003 → 0.00; 0.05 × 0.10 = 0.005 → 0.01; 1.01 × 0.5 = 0.505 → 0.51
    expect(loanCap([{ assetType: "DESIGN", appraisedValue: yuan("0.03") }], yuan("10.00"), policy).toYuanString()).toBe("0.00");
    expect(loanCap([{ assetType: "DESIGN", appraisedValue: yuan("0.05") }], yuan("10.00"), policy).toYuanString()).toBe("0.01");
    expect(loanCap([{ assetType: "TRADEMARK", appraisedValue: yuan("1.01") }], yuan("10.00"), policy).toYuanString()).toBe("0.51");
    expect(loanCap([{ assetType: "GI_MARK", appraisedValue: yuan("100.00") }], yuan("1000.00"), policy).toYuanString()).toBe("30.00");
  });

  it("is zero without appraised assets", () => {
    expect(loanCap([], yuan("10.00"), policy).isZero()).toBe(true);
  });
});

describe("premium", () => {
  it("gives the SPEC §8 worked example exactly: 850,000.00 × 0.02 × 12/12 → 17,000.00", () => {
    expect(premium(yuan("850000.00"), "0.02", 12).toYuanString()).toBe("17000.00");
  });

  it("prorates by term months and rounds once, half-up", () => {
    expect(premium(yuan("850000.00"), "0.02", 6).toYuanString()).toBe("8500.00");
    // 100,000.00 × 0.0123 × 7/12 = 717.50 exactly; 333.33 × 0.015 × 5/12 = 2.0833125 → 2.08
    expect(premium(yuan("100000.00"), "0.0123", 7).toYuanString()).toBe("717.50");
    expect(premium(yuan("333.33"), "0.015", 5).toYuanString()).toBe("2.08");
    // 1.00 × 0.03 × 1/12 = 0.0025 → 0.00; 3.00 × 0.03 × 1/12 = 0.0075 → 0.01
    expect(premium(yuan("1.00"), "0.03", 1).toYuanString()).toBe("0.00");
    expect(premium(yuan("3.00"), "0.03", 1).toYuanString()).toBe("0.01");
  });
});

describe("estimatedLoanCap (declared values, before appraisal)", () => {
  const row = (kind: DeclaredAsset["kind"], declaredValue: string, patentType: DeclaredAsset["patentType"] = null): DeclaredAsset => ({ kind, patentType, declaredValue });

  it("applies the loan cap rule to the declared values (SPEC §8 worked example)", () => {
    const assets = [row("PATENT", "3000000", "INVENTION"), row("PATENT", "800000.00", "UTILITY_MODEL")];
    expect(estimatedLoanCap(assets, "1000000", policy)?.toYuanString()).toBe("870000.00");
    expect(estimatedLoanCap(assets, "500000", policy)?.toYuanString()).toBe("500000.00");
  });

  it("leaves out rows without a value or a known patent type, and gives null when nothing is left", () => {
    expect(estimatedLoanCap([row("TRADEMARK", "100000"), row("PATENT", "900000", null), row("GI_MARK", "abc")], "1000000", policy)?.toYuanString()).toBe("50000.00");
    expect(estimatedLoanCap([row("PATENT", "", "INVENTION"), row("TRADEMARK", "0")], "1000000", policy)).toBeNull();
  });

  it("without a valid amount requested shows what the assets carry", () => {
    expect(estimatedLoanCap([row("PATENT", "3000000", "INVENTION")], "", policy)?.toYuanString()).toBe("750000.00");
  });
});
