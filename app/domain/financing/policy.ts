import type { PledgeAssetType } from "~/generated/prisma/enums";

/**
 * The financing rules the pledge pipeline reads (SPEC §8), as one value with the
 * `policyId@version` every computed amount records. This is the seeded default
 * `ZS-FIN@2024-1`; the policy engine (versioned documents GOVERNMENT publishes) replaces
 * where it comes from, not its shape.
 */
export type FinancingPolicy = {
  /** `policyId@version`, stored next to every amount computed with it. */
  ref: string;
  /** Max pledge rate by asset type (decimal strings, exact). */
  maxPledgeRates: Record<PledgeAssetType, string>;
  termMonths: { min: number; max: number };
  /** The fee of an appraisal assigned by lottery (no bid to take it from), in yuan. */
  appraisalReferenceFee: string;
  /** SLA per stage in hours: an application waiting longer is overdue. */
  stageSlaHours: Partial<Record<string, number>>;
};

export const DEFAULT_FINANCING_POLICY: FinancingPolicy = {
  ref: "ZS-FIN@2024-1",
  // Bank practice, assumed for the county (SPEC §8).
  maxPledgeRates: { INVENTION: "0.25", UTILITY_MODEL: "0.15", DESIGN: "0.10", TRADEMARK: "0.50", GI_MARK: "0.30" },
  termMonths: { min: 1, max: 36 },
  // Assumed: a typical fee for a small IP portfolio in the county.
  appraisalReferenceFee: "8000.00",
  stageSlaHours: {
    SUBMITTED: 24,
    APPRAISAL: 15 * 24,
    APPRAISED: 48,
    BANK_REVIEW: 10 * 24,
    INSURER_REVIEW: 5 * 24,
    OFFERED: 10 * 24,
    CONTRACTED: 10 * 24,
    REGISTERED: 5 * 24,
  },
};

/** The policy in force. One place to ask, so that the policy engine can take it over. */
export function activeFinancingPolicy(): FinancingPolicy {
  return DEFAULT_FINANCING_POLICY;
}
