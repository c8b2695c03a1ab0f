import type { Tx } from "~/utils/db.server";
import { getPolicy, getPolicyInForce } from "../financing/policy-store.server";
import { Money } from "../shared/money";
import type { AppraisalJob, AppraiserProfile, Bid } from "./assignment";
import { bidCeiling } from "./bid-rules";
import { jobFactsFrom, type JobFacts } from "./policies";

/** A job row as the pure rules see it. */
export async function jobForRules(tx: Tx, jobId: string): Promise<{ rules: AppraisalJob; row: NonNullable<Awaited<ReturnType<typeof loadJob>>> } | null> {
  const row = await loadJob(tx, jobId);
  if (!row) return null;
  const app = row.application;
  return {
    row,
    rules: {
      jobId: row.id,
      assets: app.assets.map((a) => ({ type: a.assetType })),
      smeOrgId: app.smeId,
      bankOrgId: app.bankId,
      insurerOrgId: app.insurerId,
      deadline: row.deadline,
      referenceFee: Money.fromFen(row.referenceFeeFen),
      extended: row.extended,
    },
  };
}

function loadJob(tx: Tx, jobId: string) {
  return tx.appraisalJob.findUnique({ where: { id: jobId }, include: { application: { include: { assets: true } }, bids: true } });
}

export const bidForRules = (b: { appraiserId: string; feeFen: bigint; days: number; method: Bid["method"]; note: string; submittedAt: Date }): Bid => ({
  appraiserOrgId: b.appraiserId,
  fee: Money.fromFen(b.feeFen),
  daysToDeliver: b.days,
  method: b.method,
  note: b.note,
  submittedAt: b.submittedAt,
});

/** Every appraisal institution with its current load and past assignments, for eligibility and fairness. */
export async function appraiserProfiles(tx: Tx): Promise<AppraiserProfile[]> {
  const orgs = await tx.organization.findMany({ where: { kind: "APPRAISER" }, include: { appraiserProfile: true } });
  const jobs = await tx.appraisalJob.findMany({ where: { assignedAppraiserId: { in: orgs.map((o) => o.id) } }, select: { assignedAppraiserId: true, status: true, offeredAt: true, ratingStars: true } });
  return orgs.map((org) => {
    const own = jobs.filter((j) => j.assignedAppraiserId === org.id);
    return {
      orgId: org.id,
      orgStatus: org.status,
      filingRecordNumber: org.appraiserProfile?.filingRecordNumber ?? null,
      qualifiedAssetTypes: org.appraiserProfile?.qualifiedAssetTypes ?? [],
      affiliatedOrgIds: org.appraiserProfile?.affiliatedOrgIds ?? [],
      capacity: org.appraiserProfile?.capacity ?? null,
      activeJobs: own.filter((j) => j.status === "OFFERED" || j.status === "ASSIGNED").length,
      ratings: own.flatMap((j) => (j.ratingStars === null ? [] : [j.ratingStars])),
      assignmentDates: own.flatMap((j) => (j.offeredAt ? [j.offeredAt] : [])),
    };
  });
}

/** A job as the access table (appraisal/policies.ts) sees it, or null when there is none. */
export async function jobFactsOf(tx: Tx, jobId: string): Promise<JobFacts | null> {
  const row = await tx.appraisalJob.findUnique({
    where: { id: jobId },
    select: { status: true, assignedAppraiserId: true, application: { select: { smeId: true, bankId: true, insurerId: true } }, bids: { select: { appraiserId: true } } },
  });
  return row && jobFactsFrom(row);
}

/**
 * The most a bid on this job may ask: its reference fee × the bid-ceiling multiple of the
 * policy version the reference fee came from (so the fee and its ceiling never come from
 * two versions; a job without a recorded version reads the version in force).
 */
export async function bidCeilingOf(job: { referenceFeeFen: bigint; referenceFeePolicyVersion: string | null }, client: Tx | undefined = undefined) {
  const policy = job.referenceFeePolicyVersion ? await getPolicy(job.referenceFeePolicyVersion, client) : await getPolicyInForce(undefined, client);
  const multiple = policy.appraisalBidCeilingMultiple;
  return { ceiling: bidCeiling(Money.fromFen(job.referenceFeeFen), multiple), multiple, policyRef: policy.ref };
}
