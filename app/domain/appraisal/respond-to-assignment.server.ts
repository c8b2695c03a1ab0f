import { db, type Tx } from "~/utils/db.server";
import { systemActor, type Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { conflict, DomainError, notFound } from "../shared/errors";
import { emit } from "../shared/outbox.server";
import { acceptanceDeadline } from "./assignment";
import { tellAssigned, tellUnassigned } from "./notices.server";
import { clock } from "../shared/clock";
import { jobFactsOf } from "./market-data.server";
import { canOnAppraisalJob } from "./policies";

async function lockOffered(tx: Tx, actor: Actor, jobId: string, version: number) {
  await tx.$queryRaw`SELECT id FROM "AppraisalJob" WHERE id = ${jobId} FOR UPDATE`;
  // Read through the client after locking: raw rows carry text[] columns unparsed.
  const job = await tx.appraisalJob.findUnique({ where: { id: jobId } });
  // Only the appraiser the job is offered to sees it as theirs (appraisal/policies.ts).
  const facts = await jobFactsOf(tx, jobId);
  if (!job || !facts || !canOnAppraisalJob(actor, facts, "respond-to-offer")) throw notFound("评估任务");
  if (job.version !== version) throw conflict("该任务已更新，请刷新后重试");
  if (job.status !== "OFFERED") throw new DomainError("INVALID_STATE", "该任务当前不待您确认");
  return job;
}

/** The offered appraiser takes the job (within 48 h, SPEC §7): it now owes the report. */
export async function acceptAssignment(actor: Actor, jobId: string, version: number, now = clock.now()) {
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
export async function declineAssignment(actor: Actor, jobId: string, version: number, reason: string | undefined, now = clock.now()) {
  return db.$transaction(async (tx) => {
    const job = await lockOffered(tx, actor, jobId, version);
    await fallThrough(tx, actor, job, { action: "appraisal.decline", reason: reason ?? null }, now);
  });
}

/**
 * The 48 h acceptance window of an offer has passed (the delayed job of that offer): an
 * unanswered offer falls through as a decline would. An offer answered, or replaced by a
 * later one, since then is left alone.
 */
export async function expireOffer(jobId: string, offeredAt: string, now = clock.now()): Promise<{ expired: boolean }> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "AppraisalJob" WHERE id = ${jobId} FOR UPDATE`;
    const job = await tx.appraisalJob.findUnique({ where: { id: jobId } });
    if (!job || job.status !== "OFFERED" || !job.assignedAppraiserId || job.offeredAt?.toISOString() !== offeredAt) return { expired: false };
    await fallThrough(tx, systemActor(), job, { action: "appraisal.offer-expired", reason: "48 小时内未确认" }, now);
    return { expired: true };
  });
}

type OfferedJob = { id: string; assignedAppraiserId: string | null; refusedIds: string[]; ranking: string[] };

async function fallThrough(tx: Tx, actor: Actor, job: OfferedJob, audit: { action: string; reason: string | null }, now: Date) {
  const refused = [...job.refusedIds, job.assignedAppraiserId as string];
  const next = job.ranking.find((id) => !refused.includes(id));
  const bid = next ? await tx.appraisalBid.findUnique({ where: { jobId_appraiserId: { jobId: job.id, appraiserId: next } } }) : null;
  await tx.appraisalJob.update({
    where: { id: job.id },
    data: bid
      ? { refusedIds: refused, assignedAppraiserId: bid.appraiserId, assignedFeeFen: bid.feeFen, offeredAt: now, version: { increment: 1 } }
      : { refusedIds: refused, status: "UNASSIGNED", assignedAppraiserId: null, assignedFeeFen: null, version: { increment: 1 } },
  });
  if (bid) await scheduleOfferExpiry(tx, job.id, now);
  else await tellUnassigned(tx, job.id);
  await recordAudit(tx, actor, {
    entityType: "AppraisalJob",
    entityId: job.id,
    action: audit.action,
    fromState: "OFFERED",
    toState: bid ? "OFFERED" : "UNASSIGNED",
    reason: audit.reason,
    data: { refused: job.assignedAppraiserId, next: bid?.appraiserId ?? null },
  });
}

/** The offer made at `offeredAt` expires 48 h later unless answered (through the outbox, so it survives restarts). */
export async function scheduleOfferExpiry(tx: Tx, jobId: string, offeredAt: Date) {
  const expiresAt = acceptanceDeadline(offeredAt);
  // Every offer (at the deadline, or to the next-ranked after a refusal) is told to its appraiser with the deadline.
  await tellAssigned(tx, jobId, offeredAt);
  await emit(tx, "appraisal.acceptance-timeout", { jobId, offeredAt: offeredAt.toISOString() }, { at: expiresAt });
}
