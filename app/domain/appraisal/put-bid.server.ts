import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { DomainError, forbidden, notFound } from "../shared/errors";
import { Money } from "../shared/money";
import { currentDeadline } from "./assignment";
import { jobForRules } from "./market-data.server";
import { canOnAppraisalJob, jobFactsFrom } from "./policies";
import type { BidInput } from "./schemas";
import { clock } from "../shared/clock";

/**
 * An appraisal institution places or edits its sealed bid on an OPEN job before the
 * deadline (one bid per appraiser per job). Whether it is eligible is decided at the
 * deadline, when its profile and load are known as they are then.
 */
export async function putBid(actor: Actor, jobId: string, input: BidInput, now = clock.now()) {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "AppraisalJob" WHERE id = ${jobId} FOR SHARE`;
    const loaded = await jobForRules(tx, jobId);
    if (!loaded) throw notFound("评估任务");
    const facts = { ...jobFactsFrom(loaded.row), status: "OPEN" as const };
    // Whether the caller may bid at all (appraisal/policies.ts, asked as of an open job); whether bidding is still open comes next.
    if (!canOnAppraisalJob(actor, facts, "bid")) throw forbidden(actor.orgStatus === "ACTIVE" ? "只有评估机构可以报价" : "机构尚未启用，不能报价");
    if (loaded.row.status !== "OPEN" || now >= currentDeadline(loaded.rules)) throw new DomainError("INVALID_STATE", "竞价已截止");
    const data = { feeFen: Money.parseYuan(input.fee).fen, days: input.days, method: input.method, note: input.note };
    const bid = await tx.appraisalBid.upsert({
      where: { jobId_appraiserId: { jobId, appraiserId: actor.orgId } },
      create: { jobId, appraiserId: actor.orgId, ...data, submittedAt: now },
      update: data,
    });
    // The fee stays out of the audit trail's readable data: bids are sealed until the deadline.
    await recordAudit(tx, actor, { entityType: "AppraisalJob", entityId: jobId, action: "appraisal.bid", data: { bidId: bid.id } });
    return { id: bid.id, fee: input.fee, days: bid.days, method: bid.method, note: bid.note, submittedAt: bid.submittedAt.toISOString(), updatedAt: bid.updatedAt.toISOString() };
  });
}
