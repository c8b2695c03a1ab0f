import { describe, expect, it } from "vitest";
import {
  checkListable,
  checkListingTerms,
  checkOpenLicence,
  defaultLegalStatus,
  effectiveLegalStatus,
  expiryDate,
  isHighValue,
  isTrl,
  OPEN_LICENCE_MAX_UPFRONT,
  remainingLifeYears,
} from "./rules";

describe("patent terms", () => {
  it("runs 20 / 10 / 15 years from filing", () => {
    expect(expiryDate("INVENTION", "2017-03-01")).toBe("2037-03-01");
    expect(expiryDate("UTILITY_MODEL", "1999-09-06")).toBe("2009-09-06");
    expect(expiryDate("DESIGN", "2022-06-01")).toBe("2037-06-01");
  });

  it("applies the current 15 years to designs filed before 2021-06-01 too (documented simplification)", () => {
    expect(expiryDate("DESIGN", "2019-01-10")).toBe("2034-01-10");
  });

  it("moves a 29 February filing to 1 March", () => {
    expect(expiryDate("UTILITY_MODEL", "2020-02-29")).toBe("2030-03-01");
  });

  it("gives the remaining life in fractional years, never negative", () => {
    expect(remainingLifeYears("2037-03-01", "2017-03-01")).toBe(20);
    expect(remainingLifeYears("2030-01-01", "2029-07-02")).toBe(0.5);
    expect(remainingLifeYears("2030-01-01", "2030-01-01")).toBe(0);
    expect(remainingLifeYears("2030-01-01", "2031-05-01")).toBe(0);
  });

  it("accepts Prisma dates: the expiry at UTC midnight, now as an instant read in China", () => {
    const expiry = new Date("2026-01-01T00:00:00Z");
    // 2025-12-31T16:30Z is already 2026-01-01 in China: nothing left.
    expect(remainingLifeYears(expiry, new Date("2025-12-31T16:30:00Z"))).toBe(0);
    expect(remainingLifeYears(expiry, new Date("2025-12-31T15:30:00Z"))).toBe(0);
    expect(remainingLifeYears(expiry, "2024-12-31")).toBeCloseTo(1, 2);
  });
});

describe("legal status", () => {
  it("defaults to VALID with a grant date, else PENDING", () => {
    expect(defaultLegalStatus("2020-01-01")).toBe("VALID");
    expect(defaultLegalStatus(undefined)).toBe("PENDING");
    expect(defaultLegalStatus(null)).toBe("PENDING");
  });

  it("turns VALID into EXPIRED once the term has run out", () => {
    expect(effectiveLegalStatus("VALID", "UTILITY_MODEL", "2010-05-01", "2020-04-30")).toBe("VALID");
    expect(effectiveLegalStatus("VALID", "UTILITY_MODEL", "2010-05-01", "2020-05-01")).toBe("EXPIRED");
    expect(effectiveLegalStatus("PENDING", "INVENTION", "2001-01-01", "2025-01-01")).toBe("EXPIRED");
  });

  it("keeps other statuses and unknown terms as stored", () => {
    expect(effectiveLegalStatus("LAPSED", "UTILITY_MODEL", "2010-05-01", "2025-01-01")).toBe("LAPSED");
    expect(effectiveLegalStatus("VALID", null, "2000-01-01", "2025-01-01")).toBe("VALID");
    expect(effectiveLegalStatus("VALID", "INVENTION", undefined, "2025-01-01")).toBe("VALID");
  });

  it("only pending and valid patents can be listed; open licence needs a granted patent", () => {
    expect(checkListable("ASSIGNMENT", "VALID")).toEqual({});
    expect(checkListable("ASSIGNMENT", "PENDING")).toEqual({});
    expect(checkListable("ASSIGNMENT", "LAPSED")).toEqual({ listingMode: ["该专利已失效，不能挂牌交易"] });
    expect(checkListable("NON_EXCLUSIVE", "EXPIRED", "2020-05-01")).toEqual({ listingMode: ["该专利保护期已于 2020-05-01 届满，不能挂牌交易"] });
    expect(checkListable("OPEN_LICENCE", "PENDING").legalStatus?.[0]).toContain("已授权");
  });
});

describe("listing terms", () => {
  it("needs a price or a royalty unless negotiable", () => {
    expect(checkListingTerms({ listingMode: "ASSIGNMENT" })).toEqual({ askingPrice: ["请填写价格或提成比例，或选择“价格面议”"] });
    expect(checkListingTerms({ listingMode: "ASSIGNMENT", negotiable: true })).toEqual({});
    expect(checkListingTerms({ listingMode: "ASSIGNMENT", askingPrice: "850000.00" })).toEqual({});
    expect(checkListingTerms({ listingMode: "NON_EXCLUSIVE", royaltyPercent: "0.00" })).toEqual({});
  });

  it("refuses terms without a mode, and a basis without a royalty", () => {
    expect(checkListingTerms({ askingPrice: "1.00" })).toHaveProperty("listingMode");
    expect(checkListingTerms({ royaltyBasis: "PROFIT" })).toHaveProperty("listingMode");
    expect(checkListingTerms({})).toEqual({});
    expect(checkListingTerms({ negotiable: true })).toEqual({});
    expect(checkListingTerms({ listingMode: "SOLE", askingPrice: "1.00", royaltyBasis: "PROFIT" })).toEqual({
      royaltyPercent: ["已选择提成基数，请填写提成比例"],
    });
  });
});

describe("open licence", () => {
  it("caps the upfront fee at 20,000,000 元 inclusive", () => {
    expect(OPEN_LICENCE_MAX_UPFRONT.toYuanString()).toBe("20000000.00");
    expect(checkOpenLicence({ askingPrice: "20000000.00" }, "INVENTION")).toEqual({});
    expect(checkOpenLicence({ askingPrice: "20000000.01" }, "INVENTION")).toEqual({
      askingPrice: ["开放许可的入门费不得超过 2,000 万元（当前 2,000万元）"],
    });
  });

  it("caps the royalty at 20 % of net sales and 40 % of profit", () => {
    expect(checkOpenLicence({ royaltyPercent: "20.00", royaltyBasis: "NET_SALES" }, "INVENTION")).toEqual({});
    expect(checkOpenLicence({ royaltyPercent: "20.01", royaltyBasis: "NET_SALES" }, "INVENTION")).toEqual({
      royaltyPercent: ["开放许可以净销售额为基数的提成比例不得超过 20%（当前 20.01%）"],
    });
    expect(checkOpenLicence({ royaltyPercent: "40.00", royaltyBasis: "PROFIT" }, "INVENTION")).toEqual({});
    expect(checkOpenLicence({ royaltyPercent: "40.5", royaltyBasis: "PROFIT" }, "INVENTION").royaltyPercent?.[0]).toContain("利润");
  });

  it("needs the basis whenever there is a royalty", () => {
    expect(checkOpenLicence({ royaltyPercent: "5.00" }, "INVENTION")).toHaveProperty("royaltyBasis");
  });

  it("needs an evaluation report for utility models and designs, and a known type", () => {
    expect(checkOpenLicence({ askingPrice: "1.00" }, "UTILITY_MODEL")).toEqual({
      evaluationReportNo: ["实用新型专利声明开放许可须提供专利权评价报告编号"],
    });
    expect(checkOpenLicence({ askingPrice: "1.00" }, "DESIGN").evaluationReportNo?.[0]).toContain("外观设计");
    expect(checkOpenLicence({ askingPrice: "1.00", evaluationReportNo: "PJ2023-000123" }, "DESIGN")).toEqual({});
    expect(checkOpenLicence({ askingPrice: "1.00", evaluationReportNo: "  " }, "DESIGN")).toHaveProperty("evaluationReportNo");
    expect(checkOpenLicence({ askingPrice: "1.00" }, undefined)).toHaveProperty("type");
  });

  it("reports every broken rule at once", () => {
    const errors = checkOpenLicence({ askingPrice: "30000000.00", royaltyPercent: "25.00", royaltyBasis: "NET_SALES" }, "UTILITY_MODEL");
    expect(Object.keys(errors).sort()).toEqual(["askingPrice", "evaluationReportNo", "royaltyPercent"]);
  });
});

describe("high value and TRL", () => {
  it("any of the five categories makes a patent high-value", () => {
    expect(isHighValue([])).toBe(false);
    expect(isHighValue(undefined)).toBe(false);
    expect(isHighValue(["OVERSEAS_FAMILY"])).toBe(true);
  });

  it("TRL is an integer 1–9", () => {
    expect([0, 1, 9, 10, 4.5, "5"].map(isTrl)).toEqual([false, true, true, false, false, false]);
  });
});
