import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { fieldErrorsOfIssues } from "../financing/policy";
import { DomainError, forbidden, notFound, validation } from "../shared/errors";
import { Money } from "../shared/money";
import { currentDeadline } from "./assignment";
import { bidFeeError, bidWarning, BID_WARNING_MESSAGES } from "./bid-rules";
import { bidCeilingOf, jobForRules } from "./market-data.server";
import { canOnAppraisalJob, jobFactsFrom } from "./policies";
import { bidInputSchema } from "./schemas";
import { clock } from "../shared/clock";

/**
 * An appraisal institution places or edits its sealed bid on an OPEN job before the
 * deadline (one bid per appraiser per job). Whether it is eligible is decided at the
 * deadline, when its profile and load are known as they are then. The body is validated
 * here as a whole, with the job's own ceiling (reference fee × the policy's multiple), so
 * that one answer names every bad field; a fee far from the market is taken with a warning.
 */
export async function putBid(actor: Actor, jobId: string, raw: unknown, now = clock.now()) {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "AppraisalJob" WHERE id = ${jobId} FOR SHARE`;
    const loaded = await jobForRules(tx, jobId);
    if (!loaded) throw notFound("评估任务");
    const facts = { ...jobFactsFrom(loaded.row), status: "OPEN" as const };
    // Whether the caller may bid at all (appraisal/policies.ts, asked as of an open job); whether bidding is still open comes next.
    if (!canOnAppraisalJob(actor, facts, "bid")) throw forbidden(actor.orgStatus === "ACTIVE" ? "只有评估机构可以报价" : "机构尚未启用，不能报价");
    if (loaded.row.status !== "OPEN" || now >= currentDeadline(loaded.rules)) throw new DomainError("INVALID_STATE", "竞价已截止");
    const parsed = bidInputSchema.safeParse(raw);
    const errors = parsed.success ? {} : fieldErrorsOfIssues(parsed.error.issues);
    // The fee against the ceiling, also when another field is bad (one answer names them all).
    const fee = bidInputSchema.shape.fee.safeParse(raw && typeof raw === "object" ? (raw as Record<string, unknown>).fee : undefined);
    const { ceiling, multiple } = await bidCeilingOf(loaded.row, tx);
    const feeError = fee.success ? bidFeeError(Money.parseYuan(fee.data), ceiling, multiple) : null;
    if (feeError) errors.fee = [feeError];
    if (!parsed.success || Object.keys(errors).length) throw validation(errors);
    const input = parsed.data;
    const data = { feeFen: Money.parseYuan(input.fee).fen, days: input.days, method: input.method, note: input.note };
    const bid = await tx.appraisalBid.upsert({
      where: { jobId_appraiserId: { jobId, appraiserId: actor.orgId } },
      create: { jobId, appraiserId: actor.orgId, ...data, submittedAt: now },
      update: data,
    });
    // The fee stays out of the audit trail's readable data: bids are sealed until the deadline.
    await recordAudit(tx, actor, { entityType: "AppraisalJob", entityId: jobId, action: "appraisal.bid", data: { bidId: bid.id } });
    const warning = bidWarning(Money.fromFen(bid.feeFen), Money.fromFen(loaded.row.referenceFeeFen));
    return { id: bid.id, fee: input.fee, days: bid.days, method: bid.method, note: bid.note, submittedAt: bid.submittedAt.toISOString(), updatedAt: bid.updatedAt.toISOString(), warning, warningMessage: warning && BID_WARNING_MESSAGES[warning] };
  });
}
