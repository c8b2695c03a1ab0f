import { POLICY_RULE_KEYS, SLA_STAGES, type PolicyRuleKey } from "~/domain/financing/policy";

/**
 * Every value of a policy version, grouped by its rule (the keys of `policyRulesSchema`),
 * as the pages show it and the publishing form names its inputs: `rules.<path>` for a
 * value ("rules.premiumSubsidy.ratio"), `sources.<rule>` for the rule's source note. The
 * names are the zod issue paths, so an error lands next to its input.
 */
export type ValueKind = "rate" | "multiple" | "yuan" | "months" | "hours";
export type PolicyField = { path: string; kind: ValueKind };

export const POLICY_FIELDS: Record<PolicyRuleKey, PolicyField[]> = {
  maxPledgeRates: (["INVENTION", "UTILITY_MODEL", "DESIGN", "TRADEMARK", "GI_MARK"] as const).map((k) => ({ path: `maxPledgeRates.${k}`, kind: "rate" })),
  termMonths: [
    { path: "termMonths.min", kind: "months" },
    { path: "termMonths.max", kind: "months" },
  ],
  lpr: [{ path: "lpr", kind: "rate" }],
  interestSubsidy: [
    { path: "interestSubsidy.maxRateOverLpr", kind: "multiple" },
    { path: "interestSubsidy.ratio", kind: "rate" },
    { path: "interestSubsidy.windowMonths", kind: "months" },
    { path: "interestSubsidy.yearlyCapPerEnterprise", kind: "yuan" },
  ],
  premiumSubsidy: [
    { path: "premiumSubsidy.maxPremiumRate", kind: "rate" },
    { path: "premiumSubsidy.ratio", kind: "rate" },
    { path: "premiumSubsidy.yearlyCapPerEnterprise", kind: "yuan" },
  ],
  appraisalFeeSubsidy: [{ path: "appraisalFeeSubsidy.capPerLoan", kind: "yuan" }],
  lossSharing: [
    { path: "lossSharing.insurer", kind: "rate" },
    { path: "lossSharing.countyFund", kind: "rate" },
  ],
  countyFund: [{ path: "countyFund.capPerLoan", kind: "yuan" }],
  subsidyBudget: [{ path: "subsidyBudget.defaultAnnual", kind: "yuan" }],
  appraisalReferenceFee: [{ path: "appraisalReferenceFee", kind: "yuan" }],
  appraisalBidCeilingMultiple: [{ path: "appraisalBidCeilingMultiple", kind: "multiple" }],
  stageSlaHours: SLA_STAGES.map((s) => ({ path: `stageSlaHours.${s}`, kind: "hours" })),
};

export const POLICY_GROUPS = POLICY_RULE_KEYS.map((key) => ({ key, fields: POLICY_FIELDS[key] }));

/** The value at a dotted path of a rules object, as text ("" when absent). */
export function ruleValue(rules: unknown, path: string): string {
  let node: unknown = rules;
  for (const part of path.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  return node === undefined || node === null ? "" : String(node);
}

/** The publishing form's flat fields ("rules.lpr" → "0.0300"), from a version's rules and sources. */
export function policyFormValues(policy: { rules: unknown; sources: Record<string, string> }): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { key, fields } of POLICY_GROUPS) {
    for (const f of fields) values[`rules.${f.path}`] = ruleValue(policy.rules, f.path);
    values[`sources.${key}`] = policy.sources[key] ?? "";
  }
  return values;
}

/** The nested document `publishPolicyVersion` reads, rebuilt from the form's flat fields (the domain validates it). */
export function publishInputOf(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "");
  const rules: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  for (const { key, fields } of POLICY_GROUPS) {
    for (const f of fields) {
      const parts = f.path.split(".");
      let node = rules;
      for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
      node[parts[parts.length - 1]] = text(`rules.${f.path}`);
    }
    sources[key] = text(`sources.${key}`);
  }
  return { effectiveFrom: text("effectiveFrom"), note: text("note"), rules, sources };
}

/** Every input name of the form, to tell field errors from errors of the whole form. */
export const POLICY_INPUT_NAMES = new Set(["effectiveFrom", "note", ...Object.keys(policyFormValues({ rules: {}, sources: {} }))]);
