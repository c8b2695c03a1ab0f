import { describe, expect, it } from "vitest";
import {
  DEFAULT_FINANCING_POLICY,
  DEFAULT_POLICY_DOCUMENT,
  DEFAULT_POLICY_REF,
  effectiveDateError,
  POLICY_RULE_KEYS,
  policyDocumentSchema,
  publishPolicySchema,
  withdrawalError,
  withdrawPolicySchema,
  type PolicyDocument,
} from "./policy";

/** A deep copy of the default document with one change applied (inputs are plain JSON). */
function withChange(change: (doc: any) => void): unknown {
  const doc = structuredClone(DEFAULT_POLICY_DOCUMENT) as any;
  change(doc);
  return doc;
}

/** The field paths ("rules.lpr") the schema refuses a document with. */
function refusedPaths(input: unknown, schema: typeof policyDocumentSchema | typeof publishPolicySchema = policyDocumentSchema): string[] {
  const result = schema.safeParse(input);
  expect(result.success, "expected the document to be refused").toBe(false);
  return [...new Set(result.error!.issues.map((i) => i.path.join(".")))].sort();
}

const publishable = (over: Record<string, unknown> = {}) => ({ ...structuredClone(DEFAULT_POLICY_DOCUMENT), effectiveFrom: "2026-12-01", note: "LPR 下调", ...over });

describe("the default policy ZS-FIN@2024-1", () => {
  it("parses unchanged", () => {
    expect(policyDocumentSchema.parse(DEFAULT_POLICY_DOCUMENT)).toEqual(DEFAULT_POLICY_DOCUMENT);
  });

  it("carries the SPEC §8 defaults", () => {
    const r = DEFAULT_POLICY_DOCUMENT.rules;
    expect(r.maxPledgeRates).toEqual({ INVENTION: "0.25", UTILITY_MODEL: "0.15", DESIGN: "0.10", TRADEMARK: "0.50", GI_MARK: "0.30" });
    expect(r.termMonths).toEqual({ min: 1, max: 36 });
    expect(r.lpr).toBe("0.0300");
    expect(r.interestSubsidy).toEqual({ maxRateOverLpr: "1.4", ratio: "0.50", windowMonths: 12, yearlyCapPerEnterprise: "200000.00" });
    expect(r.premiumSubsidy).toEqual({ maxPremiumRate: "0.05", ratio: "0.50", yearlyCapPerEnterprise: "20000.00" });
    expect(r.appraisalFeeSubsidy).toEqual({ capPerLoan: "50000.00" });
    expect(r.lossSharing).toEqual({ insurer: "0.60", countyFund: "0.20" });
    expect(r.countyFund).toEqual({ capPerLoan: "1000000.00" });
    expect(r.subsidyBudget).toEqual({ defaultAnnual: "500000.00" });
  });

  it("has a source note for every rule", () => {
    expect(Object.keys(DEFAULT_POLICY_DOCUMENT.sources).sort()).toEqual([...POLICY_RULE_KEYS].sort());
    for (const key of POLICY_RULE_KEYS) expect(DEFAULT_POLICY_DOCUMENT.sources[key].trim(), key).not.toBe("");
  });

  it("is published as ZS-FIN@2024-1 effective 2024-01-01 with the document's rules", () => {
    expect(DEFAULT_POLICY_REF).toBe("ZS-FIN@2024-1");
    expect(DEFAULT_FINANCING_POLICY).toMatchObject({ ref: "ZS-FIN@2024-1", policyId: "ZS-FIN", version: "2024-1", effectiveFrom: "2024-01-01" });
    const { ref: _r, policyId: _p, version: _v, effectiveFrom: _e, note: _n, sources, ...rules } = DEFAULT_FINANCING_POLICY;
    expect(rules).toEqual(DEFAULT_POLICY_DOCUMENT.rules);
    expect(sources).toEqual(DEFAULT_POLICY_DOCUMENT.sources);
  });
});

describe("policyDocumentSchema", () => {
  it("normalizes yuan amounts to two decimals and trims decimals", () => {
    const parsed: PolicyDocument = policyDocumentSchema.parse(
      withChange((d) => {
        d.rules.interestSubsidy.yearlyCapPerEnterprise = "200000";
        d.rules.countyFund.capPerLoan = " 1000000.5 ";
        d.rules.lpr = " 0.0345 ";
      }),
    );
    expect(parsed.rules.interestSubsidy.yearlyCapPerEnterprise).toBe("200000.00");
    expect(parsed.rules.countyFund.capPerLoan).toBe("1000000.50");
    expect(parsed.rules.lpr).toBe("0.0345");
  });

  it("accepts the bounds: a rate of exactly 0 or 1, shares summing to exactly 1, min term = max term, 0.00 yuan", () => {
    const ok = withChange((d) => {
      d.rules.lpr = "1";
      d.rules.premiumSubsidy.ratio = "0";
      d.rules.lossSharing = { insurer: "0.7", countyFund: "0.3" };
      d.rules.termMonths = { min: 12, max: 12 };
      d.rules.appraisalFeeSubsidy.capPerLoan = "0.00";
    });
    expect(policyDocumentSchema.safeParse(ok).success).toBe(true);
  });

  it("refuses a rate above 1 at its field", () => {
    expect(refusedPaths(withChange((d) => (d.rules.lpr = "1.5")))).toEqual(["rules.lpr"]);
    expect(refusedPaths(withChange((d) => (d.rules.maxPledgeRates.INVENTION = "1.000001")))).toEqual(["rules.maxPledgeRates.INVENTION"]);
    expect(refusedPaths(withChange((d) => (d.rules.premiumSubsidy.maxPremiumRate = "2")))).toEqual(["rules.premiumSubsidy.maxPremiumRate"]);
    expect(refusedPaths(withChange((d) => (d.rules.interestSubsidy.ratio = "1.01")))).toEqual(["rules.interestSubsidy.ratio"]);
  });

  it("allows a multiple above 1 where it is a multiple, not a share (1.4 × LPR)", () => {
    expect(policyDocumentSchema.safeParse(withChange((d) => (d.rules.interestSubsidy.maxRateOverLpr = "2.5"))).success).toBe(true);
  });

  it("refuses malformed decimals: negative, too many places, a number instead of text", () => {
    expect(refusedPaths(withChange((d) => (d.rules.lpr = "-0.03")))).toEqual(["rules.lpr"]);
    expect(refusedPaths(withChange((d) => (d.rules.lpr = "0.0300001")))).toEqual(["rules.lpr"]);
    expect(refusedPaths(withChange((d) => (d.rules.lpr = 0.03)))).toEqual(["rules.lpr"]);
    expect(refusedPaths(withChange((d) => (d.rules.interestSubsidy.maxRateOverLpr = "abc")))).toEqual(["rules.interestSubsidy.maxRateOverLpr"]);
  });

  // Zod 4 runs a refine after a failed regex: the refine must not throw on text that is no number.
  it("refuses text that is no number in a rate or share field with a field error (does not throw)", () => {
    for (const bad of ["3%", "abc", "", "1e-2"]) {
      expect(refusedPaths(withChange((d) => (d.rules.lpr = bad)))).toEqual(["rules.lpr"]);
      expect(refusedPaths(withChange((d) => (d.rules.lossSharing.insurer = bad)))).toEqual(["rules.lossSharing.insurer"]);
    }
  });

  it("refuses insurer + fund shares above 1 at the fund's share", () => {
    const r = policyDocumentSchema.safeParse(withChange((d) => (d.rules.lossSharing = { insurer: "0.8", countyFund: "0.200001" })));
    expect(r.success).toBe(false);
    expect(r.error!.issues).toHaveLength(1);
    expect(r.error!.issues[0].path).toEqual(["rules", "lossSharing", "countyFund"]);
    expect(r.error!.issues[0].message).toContain("不能超过 1");
  });

  it("refuses negative yuan and yuan with three decimals at their field", () => {
    expect(refusedPaths(withChange((d) => (d.rules.appraisalFeeSubsidy.capPerLoan = "-1.00")))).toEqual(["rules.appraisalFeeSubsidy.capPerLoan"]);
    expect(refusedPaths(withChange((d) => (d.rules.countyFund.capPerLoan = "1000000.005")))).toEqual(["rules.countyFund.capPerLoan"]);
    expect(refusedPaths(withChange((d) => (d.rules.subsidyBudget.defaultAnnual = "50万")))).toEqual(["rules.subsidyBudget.defaultAnnual"]);
    expect(
      refusedPaths(
        withChange((d) => {
          d.rules.interestSubsidy.yearlyCapPerEnterprise = "-0.01";
          d.rules.premiumSubsidy.yearlyCapPerEnterprise = "1.234";
        }),
      ),
    ).toEqual(["rules.interestSubsidy.yearlyCapPerEnterprise", "rules.premiumSubsidy.yearlyCapPerEnterprise"]);
  });

  it("refuses a missing or blank source note at its rule", () => {
    expect(refusedPaths(withChange((d) => delete d.sources.lpr))).toEqual(["sources.lpr"]);
    expect(refusedPaths(withChange((d) => (d.sources.lossSharing = "   ")))).toEqual(["sources.lossSharing"]);
    expect(refusedPaths(withChange((d) => (d.sources.countyFund = "x".repeat(501))))).toEqual(["sources.countyFund"]);
  });

  it("refuses a minimum term above the maximum at the maximum", () => {
    const r = policyDocumentSchema.safeParse(withChange((d) => (d.rules.termMonths = { min: 24, max: 12 })));
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path)).toEqual([["rules", "termMonths", "max"]]);
    expect(r.error!.issues[0].message).toContain("最短期限不能超过最长期限");
  });

  it("refuses terms and windows that are not whole positive months", () => {
    expect(refusedPaths(withChange((d) => (d.rules.termMonths = { min: 0, max: 36 })))).toEqual(["rules.termMonths.min"]);
    expect(refusedPaths(withChange((d) => (d.rules.termMonths = { min: 1, max: 1.5 })))).toEqual(["rules.termMonths.max"]);
    expect(refusedPaths(withChange((d) => (d.rules.interestSubsidy.windowMonths = 121)))).toEqual(["rules.interestSubsidy.windowMonths"]);
  });

  it("refuses a missing rule", () => {
    expect(refusedPaths(withChange((d) => delete d.rules.countyFund))).toEqual(["rules.countyFund"]);
  });

  it("reports every bad field at once", () => {
    const paths = refusedPaths(
      withChange((d) => {
        d.rules.lpr = "1.2";
        d.rules.countyFund.capPerLoan = "-5";
        delete d.sources.termMonths;
      }),
    );
    expect(paths).toEqual(["rules.countyFund.capPerLoan", "rules.lpr", "sources.termMonths"]);
  });
});

describe("publishPolicySchema", () => {
  it("accepts the default document with an effective date and a note", () => {
    const parsed = publishPolicySchema.parse(publishable());
    expect(parsed.effectiveFrom).toBe("2026-12-01");
    expect(parsed.rules).toEqual(DEFAULT_POLICY_DOCUMENT.rules);
  });

  it("refuses a missing or malformed effective date and a blank note", () => {
    expect(refusedPaths(publishable({ effectiveFrom: "2026/12/01" }), publishPolicySchema)).toEqual(["effectiveFrom"]);
    expect(refusedPaths(publishable({ effectiveFrom: undefined }), publishPolicySchema)).toEqual(["effectiveFrom"]);
    expect(refusedPaths(publishable({ note: "  " }), publishPolicySchema)).toEqual(["note"]);
  });

  it("applies the document's rules too", () => {
    const bad = publishable();
    bad.rules.lossSharing = { insurer: "0.9", countyFund: "0.2" };
    expect(refusedPaths(bad, publishPolicySchema)).toEqual(["rules.lossSharing.countyFund"]);
  });
});

describe("the appraisal bid ceiling multiple (issue 15)", () => {
  it("defaults to 10 with a Chinese source note, also for a document stored before the rule existed", () => {
    expect(DEFAULT_POLICY_DOCUMENT.rules.appraisalBidCeilingMultiple).toBe("10");
    const older = withChange((doc) => {
      delete doc.rules.appraisalBidCeilingMultiple;
      delete doc.sources.appraisalBidCeilingMultiple;
    });
    const parsed = policyDocumentSchema.parse(older);
    expect(parsed.rules.appraisalBidCeilingMultiple).toBe("10");
    expect(parsed.sources.appraisalBidCeilingMultiple).toMatch(/参考评估费的 10 倍/);
  });

  it("accepts exactly 1 and refuses a multiple below 1 or malformed at its field", () => {
    expect(policyDocumentSchema.safeParse(withChange((doc) => (doc.rules.appraisalBidCeilingMultiple = "1"))).success).toBe(true);
    expect(refusedPaths(withChange((doc) => (doc.rules.appraisalBidCeilingMultiple = "0.99")))).toEqual(["rules.appraisalBidCeilingMultiple"]);
    expect(refusedPaths(withChange((doc) => (doc.rules.appraisalBidCeilingMultiple = "十倍")))).toEqual(["rules.appraisalBidCeilingMultiple"]);
  });
});

describe("effectiveDateError: from today to today + 2 years (Asia/Shanghai)", () => {
  // 2026-06-15 00:30 in the county is still 2026-06-14 in UTC: the county's day counts.
  const now = new Date("2026-06-14T16:30:00Z");
  it("accepts today and today + 2 years exactly", () => {
    expect(effectiveDateError("2026-06-15", now)).toBeNull();
    expect(effectiveDateError("2028-06-15", now)).toBeNull();
  });
  it("refuses yesterday, today + 2 years + 1 day and 9999-12-31", () => {
    expect(effectiveDateError("2026-06-14", now)).toMatch(/不能早于今天（2026-06-15）/);
    expect(effectiveDateError("2028-06-16", now)).toMatch(/最晚为 2028-06-15/);
    expect(effectiveDateError("9999-12-31", now)).toMatch(/最晚为 2028-06-15/);
  });
  it("refuses dates that do not exist and malformed ones", () => {
    expect(effectiveDateError("2027-02-30", now)).toBe("不是有效日期");
    expect(effectiveDateError("2027-2-1", now)).toMatch(/请输入生效日期/);
  });
  it("takes 02-29 + 2 years as 02-28", () => {
    const leap = new Date("2028-02-29T04:00:00Z");
    expect(effectiveDateError("2030-02-28", leap)).toBeNull();
    expect(effectiveDateError("2030-03-01", leap)).toMatch(/最晚为 2030-02-28/);
  });
});

describe("withdrawalError: only a version not yet in force is withdrawn", () => {
  const now = new Date("2026-06-15T02:00:00Z"); // 10:00 in the county
  it("allows a version effective tomorrow or later", () => {
    expect(withdrawalError("2026-06-16", now)).toBeNull();
    expect(withdrawalError("2028-06-15", now)).toBeNull();
  });
  it("refuses a version effective today or earlier: it is in force or has been", () => {
    expect(withdrawalError("2026-06-15", now)).toMatch(/已于 2026-06-15 生效，不能撤回/);
    expect(withdrawalError("2024-01-01", now)).toMatch(/不能撤回/);
  });
  it("takes the county's day: 23:59 on the eve (Shanghai) the version is still withdrawable", () => {
    expect(withdrawalError("2026-06-16", new Date("2026-06-15T15:59:00Z"))).toBeNull();
    expect(withdrawalError("2026-06-16", new Date("2026-06-15T16:00:00Z"))).not.toBeNull();
  });
  it("needs a reason", () => {
    expect(withdrawPolicySchema.safeParse({ reason: " " }).success).toBe(false);
    expect(withdrawPolicySchema.safeParse({}).error?.issues[0].message).toBe("请说明撤回的理由");
    expect(withdrawPolicySchema.parse({ reason: " 文件编号有误 " })).toEqual({ reason: "文件编号有误" });
  });
});
