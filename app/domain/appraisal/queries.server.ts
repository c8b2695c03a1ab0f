import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { notFound } from "../shared/errors";
import { Money } from "../shared/money";
import { currentDeadline, isEligible, type AppraiserProfile } from "./assignment";
import { bidWarning, BID_WARNING_MESSAGES } from "./bid-rules";
import { appraiserProfiles, bidCeilingOf, jobForRules } from "./market-data.server";
import { appraisalJobsVisibleTo, bidsAsAppraiser, canOnAppraisalJob, jobFactsFrom, jobRelationOf, type AppraiserStanding, type JobOperation } from "./policies";

const yuan = (fen: bigint | null) => (fen === null ? null : Money.fromFen(fen).toYuanString());

/** The caller's standing as an appraiser (null for anyone else): eligibility that does not depend on the job. */
async function standingOf(actor: Actor): Promise<{ standing: AppraiserStanding; profile: AppraiserProfile } | null> {
  if (!bidsAsAppraiser(actor)) return null;
  const profile = (await db.$transaction((tx) => appraiserProfiles(tx))).find((p) => p.orgId === actor.orgId);
  if (!profile) return null;
  const noJob = { jobId: "", assets: [], smeOrgId: "", bankOrgId: "", insurerOrgId: "", deadline: new Date(0), referenceFee: Money.zero, extended: false };
  return { profile, standing: { eligibleAtAll: isEligible(profile, noJob), qualifiedAssetTypes: profile.qualifiedAssetTypes, affiliatedOrgIds: profile.affiliatedOrgIds } };
}

/**
 * One appraisal job as the caller may see it (appraisal/policies.ts, SPEC §2): an OPEN
 * job by appraisers eligible for it (assets summarised) and by the application's SME and
 * bank; bids are sealed — an appraiser sees only its own, the SME and bank see them all
 * once bidding has closed, nobody else ever.
 */
export async function getAppraisalJob(actor: Actor, jobId: string) {
  const view = await jobView(actor, jobId);
  if (!view) throw notFound("评估任务");
  return view;
}

/**
 * The job as `getAppraisalJob` shows it, or null when the caller may not read it. `loadedStanding`:
 * the caller's standing when already loaded (a list loads it once for its whole page).
 */
async function jobView(actor: Actor, jobId: string, loadedStanding?: Awaited<ReturnType<typeof standingOf>>) {
  const loaded = await db.$transaction((tx) => jobForRules(tx, jobId));
  if (!loaded) return null;
  const { row, rules } = loaded;
  const app = row.application;
  const facts = jobFactsFrom(row);
  if (jobRelationOf(actor, facts) === "OTHER_APPRAISER" && row.status === "OPEN") {
    const standing = loadedStanding === undefined ? await standingOf(actor) : loadedStanding;
    facts.eligible = !!standing && isEligible(standing.profile, rules);
  }
  const may = (operation: JobOperation) => canOnAppraisalJob(actor, facts, operation);
  if (!may("read")) return null;

  const names = new Map((await db.organization.findMany({ where: { id: { in: [app.smeId, app.bankId, ...row.bids.map((b) => b.appraiserId)] } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
  const referenceFee = Money.fromFen(row.referenceFeeFen);
  // Whoever sees a bid's fee sees whether it lies far from the market (the SME and the bank weigh it; the bidder learns it).
  const bidView = (b: (typeof row.bids)[number]) => {
    const warning = bidWarning(Money.fromFen(b.feeFen), referenceFee);
    return { appraiserId: b.appraiserId, appraiserName: names.get(b.appraiserId) ?? "", fee: yuan(b.feeFen) as string, days: b.days, method: b.method, note: b.note, submittedAt: b.submittedAt.toISOString(), warning, warningMessage: warning && BID_WARNING_MESSAGES[warning] };
  };
  const { ceiling, multiple } = await bidCeilingOf(row);
  const own = row.bids.find((b) => b.appraiserId === actor.orgId);
  // A competitor learns that it lost, never to whom nor at what fee.
  const seesAssignment = may("read-assignment");
  return {
    id: row.id,
    applicationId: app.id,
    status: row.status,
    version: row.version,
    deadline: currentDeadline(rules).toISOString(),
    extended: row.extended,
    referenceFee: yuan(row.referenceFeeFen) as string,
    referenceFeePolicyVersion: row.referenceFeePolicyVersion,
    bidCeiling: ceiling?.toYuanString() ?? null,
    bidCeilingMultiple: multiple,
    sme: { id: app.smeId, name: names.get(app.smeId) ?? "" },
    bank: { id: app.bankId, name: names.get(app.bankId) ?? "" },
    assets: app.assets.map((a) => ({ id: a.id, assetType: a.assetType, title: a.title, registrationNumber: a.registrationNumber })),
    assignedAppraiserId: seesAssignment ? row.assignedAppraiserId : null,
    assignedFee: seesAssignment ? yuan(row.assignedFeeFen) : null,
    offeredAt: row.offeredAt?.toISOString() ?? null,
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    lotterySeed: row.lotterySeed,
    rating: seesAssignment ? row.ratingStars : null,
    reportFile: row.reportFilePath && may("read-report-file") ? { bytes: row.reportFileBytes ?? 0, url: `/api/v1/appraisal-jobs/${row.id}/report-file` } : null,
    report: row.reportedAt ? { method: row.reportMethod, validUntil: row.reportValidUntil?.toISOString().slice(0, 10) ?? null, reportedAt: row.reportedAt.toISOString() } : null,
    myBid: own && may("read-own-bid") ? bidView(own) : null,
    bids: may("read-all-bids") ? row.bids.map(bidView).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt)) : [],
    bidCount: may("read-bid-count") ? row.bids.length : null,
    /** What the page offers (the use cases check again): bid, close bidding now. */
    canBid: may("bid"),
    canCloseBidding: may("close-bidding"),
  };
}

/** Jobs the caller may list (appraisal/policies.ts): the `where` comes from the same table as the read. */
export async function listAppraisalJobs(actor: Actor, query: { status?: "OPEN" | "OFFERED" | "ASSIGNED" | "REPORTED" | "UNASSIGNED"; queue?: "mine" | "all"; page: number; pageSize: number }) {
  const caller = await standingOf(actor);
  const standing = caller?.standing ?? null;
  const mine = query.queue === "mine";
  const where: Prisma.AppraisalJobWhereInput = { AND: [appraisalJobsVisibleTo(actor, standing), query.status ? { status: query.status } : {}, mine ? awaitingAppraiser(actor, standing) : {}] };
  const stage = { id: true, status: true, createdAt: true, offeredAt: true, acceptedAt: true, reportedAt: true } as const;
  const [total, rows] = await Promise.all([
    db.appraisalJob.count({ where }),
    // 待我办理 is ordered by the time in the current stage (oldest first), which differs per status: read the (short) queue whole.
    mine
      ? db.appraisalJob.findMany({ where, select: stage, take: 500 }).then((all) => all.sort((a, b) => stageSince(a).getTime() - stageSince(b).getTime() || a.id.localeCompare(b.id)).slice((query.page - 1) * query.pageSize, query.page * query.pageSize))
      : db.appraisalJob.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], select: stage, skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
  ]);
  // A job that changed between the two reads (bidding closed, the appraiser reached its capacity) is left out, not a failed page.
  const items = (await Promise.all(rows.map(async (row) => {
    const view = await jobView(actor, row.id, caller);
    return view ? { ...view, stageSince: stageSince(row).toISOString() } : null;
  }))).flatMap((view) => (view ? [view] : []));
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** When the job entered its current status: opened, offered, accepted, reported. */
function stageSince(job: { status: string; createdAt: Date; offeredAt: Date | null; acceptedAt: Date | null; reportedAt: Date | null }): Date {
  const at = { OFFERED: job.offeredAt, ASSIGNED: job.acceptedAt, REPORTED: job.reportedAt }[job.status as "OFFERED" | "ASSIGNED" | "REPORTED"];
  return at ?? job.createdAt;
}

/**
 * "待我办理" for an appraiser (appraisal/policies.ts decides who may do what): open jobs it
 * may bid on and has not, the offer it must accept or decline, the report it owes.
 */
function awaitingAppraiser(actor: Actor, standing: AppraiserStanding | null): Prisma.AppraisalJobWhereInput {
  return {
    OR: [
      { AND: [appraisalJobsVisibleTo(actor, standing, "bid"), { status: "OPEN", bids: { none: { appraiserId: actor.orgId } } }] },
      { AND: [appraisalJobsVisibleTo(actor, standing, "respond-to-offer"), { status: "OFFERED" }] },
      { AND: [appraisalJobsVisibleTo(actor, standing, "report"), { status: "ASSIGNED" }] },
    ],
  };
}
