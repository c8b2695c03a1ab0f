import { db, type Tx } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { conflict, DomainError, notFound } from "../shared/errors";

async function lockOffered(tx: Tx, actor: Actor, jobId: string, version: number) {
  await tx.$queryRaw`SELECT id FROM "AppraisalJob" WHERE id = ${jobId} FOR UPDATE`;
  // Read through the client after locking: raw rows carry text[] columns unparsed.
  const job = await tx.appraisalJob.findUnique({ where: { id: jobId } });
  // Only the appraiser the job is offered to sees it as theirs.
  if (!job || job.assignedAppraiserId !== actor.orgId) throw notFound("评估任务");
  if (job.version !== version) throw conflict("该任务已更新，请刷新后重试");
  if (job.status !== "OFFERED") throw new DomainError("INVALID_STATE", "该任务当前不待您确认");
  return job;
}

/** The offered appraiser takes the job (within 48 h, SPEC §7): it now owes the report. */
export async function acceptAssignment(actor: Actor, jobId: string, version: number, now = new Date()) {
  return db.$transaction(async (tx) => {
    const job = await lockOffered(tx, actor, jobId, version);
    await tx.appraisalJob.update({ where: { id: job.id }, data: { status: "ASSIGNED", acceptedAt: now, version: { increment: 1 } } });
    await recordAudit(tx, actor, { entityType: "AppraisalJob", entityId: job.id, action: "appraisal.accept", fromState: "OFFERED", toState: "ASSIGNED" });
  });
}

/**
 * The offered appraiser declines: the next-ranked bid that has not refused is offered
 * the job at its own fee; when none is left the job is flagged UNASSIGNED for the platform.
 */
export async function declineAssignment(actor: Actor, jobId: string, version: number, reason: string | undefined, now = new Date()) {
  return db.$transaction(async (tx) => {
    const job = await lockOffered(tx, actor, jobId, version);
    const refused = [...job.refusedIds, actor.orgId];
    const next = job.ranking.find((id) => !refused.includes(id));
    const bid = next ? await tx.appraisalBid.findUnique({ where: { jobId_appraiserId: { jobId: job.id, appraiserId: next } } }) : null;
    await tx.appraisalJob.update({
      where: { id: job.id },
      data: bid
        ? { refusedIds: refused, assignedAppraiserId: bid.appraiserId, assignedFeeFen: bid.feeFen, offeredAt: now, version: { increment: 1 } }
        : { refusedIds: refused, status: "UNASSIGNED", assignedAppraiserId: null, assignedFeeFen: null, version: { increment: 1 } },
    });
    await recordAudit(tx, actor, {
      entityType: "AppraisalJob",
      entityId: job.id,
      action: "appraisal.decline",
      fromState: "OFFERED",
      toState: bid ? "OFFERED" : "UNASSIGNED",
      reason: reason ?? null,
      data: { next: bid?.appraiserId ?? null },
    });
  });
}
