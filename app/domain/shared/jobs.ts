import { z } from "zod";

/**
 * Every background job: its queue and payload schema. Names are `<context>.<verb-noun>`.
 * Payloads carry ids, never personal data.
 */
export const jobSchemas = {
  "notifications.deliver": z.object({
    /** Stable key of the event that caused it; with the user id it makes delivery idempotent. */
    sourceKey: z.string().min(1),
    userIds: z.array(z.string().min(1)).min(1),
    orgId: z.string().nullable().optional(),
    kind: z.string().min(1),
    /** i18n message key plus its parameters, rendered when the notification is created. */
    title: z.string().min(1),
    body: z.string(),
    link: z.string().startsWith("/").optional(),
  }),
  /** Brings the search index in line with these patents (index if LISTED, remove otherwise). */
  "search.sync-patents": z.object({ patentIds: z.array(z.string().min(1)).min(1).max(1_000) }),
  /** Runs an uploaded bulk import (SPEC §3). */
  "patents.run-import": z.object({ importId: z.string().min(1) }),
  /** (Re)computes a need's top matches. */
  "matching.compute-need": z.object({ needId: z.string().min(1) }),
  /** A patent became listed or changed while listed: re-rank open needs, push to subscriptions. */
  "matching.patent-changed": z.object({ patentIds: z.array(z.string().min(1)).min(1).max(1_000) }),
  /** An appraisal job's bidding deadline (original or extended) has come: close and assign (SPEC §7). */
  "appraisal.close-bidding": z.object({ jobId: z.string().min(1) }),
  /** An offered appraiser's 48 h to accept have passed: the next-ranked bid is offered (SPEC §7). */
  "appraisal.acceptance-timeout": z.object({ jobId: z.string().min(1), offeredAt: z.string().min(1) }),
  /**
   * A subsidy-earning event (SPEC §8): a premium paid (`payment:<id>`), a disbursement
   * (`disbursement:<application id>`) or a repayment recorded (`repayment:<id>`). One
   * award per (application, kind, source event), however often it is delivered.
   */
  "subsidies.award": z.object({
    kind: z.enum(["INTEREST", "PREMIUM", "APPRAISAL_FEE"]),
    applicationId: z.string().min(1),
    sourceEvent: z.string().regex(/^(repayment|payment|disbursement):[A-Za-z0-9_-]+$/),
  }),
  /** Scheduled: flag applications past their stage's SLA (SPEC §6). */
  "financing.flag-overdue": z.object({}),
  /** Scheduled: flag deal inquiries the holder has not answered within the SLA's working days (issue 14 §9). */
  "deals.flag-overdue": z.object({}),
  /** Scheduled: flag GI spot-check FAILs left unrectified past their deadline, once (issue 16 §6). */
  "gi.flag-overdue-rectifications": z.object({}),
  /** Scheduled: write each ended month's indicator snapshots not yet written, once per (indicator, month) (issue 17). */
  "indicators.write-monthly-snapshots": z.object({}),
} as const;

export type JobName = keyof typeof jobSchemas;
export type JobPayload<N extends JobName> = z.input<(typeof jobSchemas)[N]>;

export const QUEUES = ["notifications", "search", "patents", "matching", "appraisal", "financing", "subsidies", "deals", "gi", "indicators"] as const;
export type QueueName = (typeof QUEUES)[number];

export function queueOf(name: JobName): QueueName {
  const queue = name.split(".")[0] as QueueName;
  if (!QUEUES.includes(queue)) throw new Error(`job ${name} has no queue`);
  return queue;
}
