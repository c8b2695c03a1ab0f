import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { DomainError, notFound } from "../shared/errors";
import { clock } from "../shared/clock";
import { canOnAppraisalJob, jobFactsFrom } from "./policies";

/**
 * The SME rates the appraiser 1–5 stars once the report is accepted (SPEC §7), once per
 * job; the ratings feed the Bayesian rating of later assignments.
 */
export async function rateAppraiser(actor: Actor, jobId: string, stars: number, now = clock.now()) {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "AppraisalJob" WHERE id = ${jobId} FOR UPDATE`;
    const job = await tx.appraisalJob.findUnique({
      where: { id: jobId },
      include: { application: { select: { smeId: true, bankId: true, insurerId: true, reportAcceptedBySme: true, reportAcceptedByBank: true } }, bids: { select: { appraiserId: true } } },
    });
    if (!job || !canOnAppraisalJob(actor, jobFactsFrom(job), "rate-appraiser")) throw notFound("评估任务");
    // Both acceptances stand until a rejection clears them (see the pledge machine).
    if (job.status !== "REPORTED" || !job.assignedAppraiserId || !job.application.reportAcceptedBySme || !job.application.reportAcceptedByBank) {
      throw new DomainError("INVALID_STATE", "评估报告经双方确认后才能评价");
    }
    if (job.ratingStars !== null) throw new DomainError("INVALID_STATE", "已评价过该评估机构");
    await tx.appraisalJob.update({ where: { id: jobId }, data: { ratingStars: stars, ratedAt: now, version: { increment: 1 } } });
    await recordAudit(tx, actor, { entityType: "AppraisalJob", entityId: jobId, action: "appraisal.rate", data: { stars, appraiserId: job.assignedAppraiserId } });
  });
}
