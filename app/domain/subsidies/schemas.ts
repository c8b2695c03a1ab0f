import { z } from "zod";
import { text } from "~/domain/shared/text";
import { pageQuerySchema } from "../shared/pagination";

/** The kinds and payout states of a subsidy award, and the award list's query (API v1 and the page). */
export const SUBSIDY_KINDS = ["INTEREST", "PREMIUM", "APPRAISAL_FEE"] as const;
export const SUBSIDY_STATUSES = ["UNPAID", "PAID", "NONE"] as const;

export const awardQuerySchema = pageQuerySchema.extend({
  orgId: text().min(1).max(64).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  applicationId: text().min(1).max(64).optional(),
  kind: z.enum(SUBSIDY_KINDS).optional(),
  status: z.enum(SUBSIDY_STATUSES).optional(),
});
export type AwardQuery = z.output<typeof awardQuerySchema>;
