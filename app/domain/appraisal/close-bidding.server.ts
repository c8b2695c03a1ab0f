import { db } from "~/utils/db.server";
import { systemActor, type Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { forbidden, notFound } from "../shared/errors";
import { emit } from "../shared/outbox.server";
import { currentDeadline, decideAssignment } from "./assignment";
import { appraiserProfiles, bidForRules, jobForRules } from "./market-data.server";
import { scheduleOfferExpiry } from "./respond-to-assignment.server";
import { mayCloseBidding } from "./policies";

export type CloseResult = { outcome: "not-yet" | "already-closed" | "assigned" | "extended" | "lottery" | "unassigned"; appraiserId?: string };

/**
 * Closes bidding and decides (SPEC §7): the best eligible bid is offered the job, else
 * bidding is extended once by 72 h, else a seeded lottery among eligible appraisers, else
 * the job is flagged. Idempotent under its row lock: a job no longer OPEN is left as it
 * is, so the deadline job running twice assigns once. A platform operator may close early
 * ("close bidding now"); the decision is then taken as at the deadline.
 */
export async function closeBidding(jobId: string, now: Date, options: { actor?: Actor; early?: boolean } = {}): Promise<CloseResult> {
  const actor = options.actor ?? systemActor();
  if (!mayCloseBidding(actor)) throw forbidden("只有平台可以截止竞价");
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "AppraisalJob" WHERE id = ${jobId} FOR UPDATE`;
    const loaded = await jobForRules(tx, jobId);
    if (!loaded) throw notFound("评估任务");
    const { rules, row } = loaded;
    if (row.status !== "OPEN") return { outcome: "already-closed" as const };
    const deadline = currentDeadline(rules);
    // A deadline job of a deadline since extended has nothing to do; an operator closing
    // early has the decision taken as at the deadline.
    if (now < deadline && !options.early) return { outcome: "not-yet" as const };
    const at = now < deadline ? deadline : now;
    const decision = decideAssignment(rules, row.bids.map(bidForRules), await appraiserProfiles(tx), at);
    const audit = (action: string, data: Record<string, unknown>) =>
      recordAudit(tx, actor, { entityType: "AppraisalJob", entityId: jobId, action, fromState: "OPEN", toState: data.to as string, data, orgId: row.application.smeId });
    switch (decision.kind) {
      case "assign": {
        const winner = decision.ranking[0].bid;
        await tx.appraisalJob.update({
          where: { id: jobId },
          data: { status: "OFFERED", ranking: decision.ranking.map((r) => r.bid.appraiserOrgId), assignedAppraiserId: winner.appraiserOrgId, assignedFeeFen: winner.fee.fen, offeredAt: at, closedAt: now, version: { increment: 1 } },
        });
        await scheduleOfferExpiry(tx, jobId, at);
        await audit("appraisal.assign", { to: "OFFERED", appraiserId: winner.appraiserOrgId, fee: winner.fee.toYuanString(), ranking: decision.ranking.map((r) => ({ appraiserId: r.bid.appraiserOrgId, score: r.score })) });
        return { outcome: "assigned" as const, appraiserId: winner.appraiserOrgId };
      }
      case "extend": {
        await tx.appraisalJob.update({ where: { id: jobId }, data: { extended: true, version: { increment: 1 } } });
        await emit(tx, "appraisal.close-bidding", { jobId }, { at: decision.newDeadline });
        await audit("appraisal.extend", { to: "OPEN", deadline: decision.newDeadline.toISOString() });
        return { outcome: "extended" as const };
      }
      case "lottery": {
        await tx.appraisalJob.update({
          where: { id: jobId },
          data: { status: "OFFERED", ranking: [decision.appraiserOrgId], lotterySeed: decision.seed, assignedAppraiserId: decision.appraiserOrgId, assignedFeeFen: decision.fee.fen, offeredAt: at, closedAt: now, version: { increment: 1 } },
        });
        await scheduleOfferExpiry(tx, jobId, at);
        await audit("appraisal.lottery", { to: "OFFERED", appraiserId: decision.appraiserOrgId, seed: decision.seed, pool: decision.pool, fee: decision.fee.toYuanString() });
        return { outcome: "lottery" as const, appraiserId: decision.appraiserOrgId };
      }
      case "none": {
        await tx.appraisalJob.update({ where: { id: jobId }, data: { status: "UNASSIGNED", closedAt: now, version: { increment: 1 } } });
        await audit("appraisal.unassigned", { to: "UNASSIGNED" });
        return { outcome: "unassigned" as const };
      }
    }
  });
}
