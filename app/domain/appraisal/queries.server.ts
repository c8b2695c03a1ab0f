import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { readsAllFinancing } from "../financing/parties";
import { DomainError, notFound } from "../shared/errors";
import { Money } from "../shared/money";
import { currentDeadline, isEligible } from "./assignment";
import { appraiserProfiles, jobForRules } from "./market-data.server";

const yuan = (fen: bigint | null) => (fen === null ? null : Money.fromFen(fen).toYuanString());

type Viewer = "PARTY" | "APPRAISER" | "STAFF";

/**
 * One appraisal job as the caller may see it (SPEC §2): an OPEN job by appraisers eligible
 * for it (assets summarised) and by the application's SME and bank; bids are sealed — an
 * appraiser sees only its own, the SME and bank see them all once bidding has closed.
 */
export async function getAppraisalJob(actor: Actor, jobId: string) {
  const loaded = await db.$transaction((tx) => jobForRules(tx, jobId));
  if (!loaded) throw notFound("评估任务");
  const { row, rules } = loaded;
  const app = row.application;
  let viewer: Viewer | null = null;
  if (actor.orgId === app.smeId || actor.orgId === app.bankId) viewer = "PARTY";
  else if (actor.orgKind === "APPRAISER" && actor.orgStatus === "ACTIVE") {
    if (row.assignedAppraiserId === actor.orgId || row.bids.some((b) => b.appraiserId === actor.orgId)) viewer = "APPRAISER";
    else if (row.status === "OPEN") {
      const profile = (await db.$transaction((tx) => appraiserProfiles(tx))).find((p) => p.orgId === actor.orgId);
      if (profile && isEligible(profile, rules)) viewer = "APPRAISER";
    }
  } else if (readsAllFinancing(actor)) viewer = "STAFF";
  if (!viewer) throw notFound("评估任务");

  const sealed = row.status === "OPEN";
  const names = new Map((await db.organization.findMany({ where: { id: { in: [app.smeId, app.bankId, ...row.bids.map((b) => b.appraiserId)] } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
  const bidView = (b: (typeof row.bids)[number]) => ({ appraiserId: b.appraiserId, appraiserName: names.get(b.appraiserId) ?? "", fee: yuan(b.feeFen) as string, days: b.days, method: b.method, note: b.note, submittedAt: b.submittedAt.toISOString() });
  const own = row.bids.find((b) => b.appraiserId === actor.orgId);
  // A competitor learns that it lost, never to whom nor at what fee.
  const seesAssignment = viewer !== "APPRAISER" || row.assignedAppraiserId === actor.orgId;
  return {
    id: row.id,
    applicationId: app.id,
    status: row.status,
    version: row.version,
    deadline: currentDeadline(rules).toISOString(),
    extended: row.extended,
    referenceFee: yuan(row.referenceFeeFen) as string,
    referenceFeePolicyVersion: row.referenceFeePolicyVersion,
    sme: { id: app.smeId, name: names.get(app.smeId) ?? "" },
    bank: { id: app.bankId, name: names.get(app.bankId) ?? "" },
    assets: app.assets.map((a) => ({ id: a.id, assetType: a.assetType, title: a.title, registrationNumber: a.registrationNumber })),
    assignedAppraiserId: seesAssignment ? row.assignedAppraiserId : null,
    assignedFee: seesAssignment ? yuan(row.assignedFeeFen) : null,
    offeredAt: row.offeredAt?.toISOString() ?? null,
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    lotterySeed: row.lotterySeed,
    rating: viewer === "APPRAISER" && !seesAssignment ? null : row.ratingStars,
    reportFile: row.reportFilePath && viewer !== "STAFF" && seesAssignment ? { bytes: row.reportFileBytes ?? 0, url: `/api/v1/appraisal-jobs/${row.id}/report-file` } : null,
    report: row.reportedAt ? { method: row.reportMethod, validUntil: row.reportValidUntil?.toISOString().slice(0, 10) ?? null, reportedAt: row.reportedAt.toISOString() } : null,
    myBid: viewer === "APPRAISER" && own ? bidView(own) : null,
    // Sealed: nobody sees others' bids while bidding is open; competitors never do.
    bids: (viewer === "PARTY" || viewer === "STAFF") && !sealed ? row.bids.map(bidView).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt)) : [],
    bidCount: sealed && viewer !== "STAFF" ? null : row.bids.length,
  };
}

/** Jobs the caller deals with: an appraiser's open jobs, bids and assignments; an SME's or bank's own applications' jobs. */
export async function listAppraisalJobs(actor: Actor, query: { status?: "OPEN" | "OFFERED" | "ASSIGNED" | "REPORTED" | "UNASSIGNED"; page: number; pageSize: number }) {
  let scope: Prisma.AppraisalJobWhereInput;
  if (actor.orgKind === "APPRAISER") scope = { OR: [{ status: "OPEN" }, { assignedAppraiserId: actor.orgId }, { bids: { some: { appraiserId: actor.orgId } } }] };
  else if (readsAllFinancing(actor)) scope = {};
  else scope = { application: { OR: [{ smeId: actor.orgId }, { bankId: actor.orgId }] } };
  const rows = await db.appraisalJob.findMany({ where: { AND: [scope, query.status ? { status: query.status } : {}] }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], select: { id: true } });
  // Eligibility for open jobs is decided per job (qualifications, affiliations, load).
  const visible: Awaited<ReturnType<typeof getAppraisalJob>>[] = [];
  for (const { id } of rows) {
    try {
      visible.push(await getAppraisalJob(actor, id));
    } catch (error) {
      // Not this caller's to see (an open job it is not eligible for).
      if (!(error instanceof DomainError && error.code === "NOT_FOUND")) throw error;
    }
  }
  const start = (query.page - 1) * query.pageSize;
  return { items: visible.slice(start, start + query.pageSize), total: visible.length, page: query.page, pageSize: query.pageSize };
}
