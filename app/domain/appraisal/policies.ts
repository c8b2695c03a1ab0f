import type { Prisma } from "~/generated/prisma/client";
import type { AppraisalJobStatus, PledgeAssetType } from "~/generated/prisma/enums";
import { allows, defineAccess, grantsWhere } from "../shared/access";
import type { Actor } from "../shared/actor";

/**
 * Who sees what of an appraisal job, and who bids or closes bidding (SPEC §2, §7; ADR
 * 0011). Bids are sealed: an appraiser sees only its own bid; the SME and the bank see
 * them all once bidding has closed; nobody else ever sees a bid's fee. Pure.
 */
export const JOB_RELATIONS = ["SME", "BANK", "INSURER", "ASSIGNED_APPRAISER", "BIDDER", "ELIGIBLE_APPRAISER", "OTHER_APPRAISER", "GOVERNMENT", "PLATFORM", "NONE"] as const;
export type JobRelation = (typeof JOB_RELATIONS)[number];
export const JOB_STATES = ["OPEN", "CLOSED"] as const;
export type JobState = (typeof JOB_STATES)[number];
export const JOB_OPERATIONS = ["read", "list", "bid", "read-own-bid", "read-all-bids", "read-bid-count", "read-assignment", "read-report-file", "close-bidding", "respond-to-offer", "report", "rate-appraiser"] as const;
export type JobOperation = (typeof JOB_OPERATIONS)[number];

export const appraisalJobAccess = defineAccess({
  context: "appraisal",
  subject: "Appraisal jobs and their sealed bids",
  relations: JOB_RELATIONS,
  states: JOB_STATES,
  operations: JOB_OPERATIONS,
  relationNotes: {
    SME: "the application's SME",
    BANK: "the application's bank",
    INSURER: "the application's insurer",
    ASSIGNED_APPRAISER: "the appraiser the job is offered to or assigned to (`assignedAppraiserId`)",
    BIDDER: "an active appraiser with a bid on the job, not (or no longer) assigned",
    ELIGIBLE_APPRAISER: "an active appraiser without a bid that is eligible for the job now (filed, qualified for every asset, unaffiliated, below capacity)",
    OTHER_APPRAISER: "any other active appraiser",
    GOVERNMENT: "an active GOVERNMENT org (read-only)",
    PLATFORM: "an active PLATFORM org: its people, its API keys (audited as the key) and the command line close bidding",
    NONE: "anyone else, and any org not active",
  },
  stateNotes: { OPEN: "taking sealed bids", CLOSED: "OFFERED, ASSIGNED, REPORTED or UNASSIGNED" },
  rules: {
    SME: { OPEN: ["read", "list"], CLOSED: ["read", "list", "read-all-bids", "read-bid-count", "read-assignment", "read-report-file", "rate-appraiser"] },
    BANK: { OPEN: ["read", "list"], CLOSED: ["read", "list", "read-all-bids", "read-bid-count", "read-assignment", "read-report-file"] },
    INSURER: { CLOSED: ["read-report-file"] },
    ASSIGNED_APPRAISER: { CLOSED: ["read", "list", "read-own-bid", "read-bid-count", "read-assignment", "read-report-file", "respond-to-offer", "report"] },
    BIDDER: { OPEN: ["read", "list", "bid", "read-own-bid"], CLOSED: ["read", "list", "read-own-bid", "read-bid-count"] },
    ELIGIBLE_APPRAISER: { OPEN: ["read", "list", "bid"] },
    OTHER_APPRAISER: { OPEN: ["bid"] },
    GOVERNMENT: { OPEN: ["read", "list", "read-bid-count"], CLOSED: ["read", "list", "read-bid-count", "read-assignment"] },
    PLATFORM: { OPEN: ["read", "list", "read-bid-count", "close-bidding"], CLOSED: ["read", "list", "read-bid-count", "read-assignment"] },
    NONE: {},
  },
  notes: [
    "`bid` for OTHER_APPRAISER: eligibility is decided at the deadline, with the appraiser's profile and load as they are then (SPEC §7), so a bid is taken now and weighed then.",
    "`read-assignment`: who won and at what fee (the contracted fee, which the appraisal-fee subsidy pays against), not the bids; a losing bidder learns only that it lost.",
    "`close-bidding`: an org's API key acts for its org, so the platform's key closes bidding as its people do; the audit event names the key (`actorApiKeyId`).",
    "The insurer reads the report's PDF (it quotes on the values) but not the job.",
    "`respond-to-offer`, `report`, `rate-appraiser` say who; the job's status says when (accept or decline while OFFERED, report while ASSIGNED or REPORTED, rate once the report is accepted by SME and bank).",
  ],
});

/** A job as the rules see it. `eligible`: whether the caller (an appraiser) is eligible now; undefined when not worked out. */
export type JobFacts = {
  status: AppraisalJobStatus;
  smeId: string;
  bankId: string;
  insurerId: string;
  assignedAppraiserId: string | null;
  bidderIds: readonly string[];
  eligible?: boolean;
};

export const jobStateOf = (job: Pick<JobFacts, "status">): JobState => (job.status === "OPEN" ? "OPEN" : "CLOSED");

/** The facts of a job row loaded with its application's parties and its bidders. */
export function jobFactsFrom(row: {
  status: AppraisalJobStatus;
  assignedAppraiserId: string | null;
  application: { smeId: string; bankId: string; insurerId: string };
  bids: readonly { appraiserId: string }[];
}): JobFacts {
  const { smeId, bankId, insurerId } = row.application;
  return { status: row.status, smeId, bankId, insurerId, assignedAppraiserId: row.assignedAppraiserId, bidderIds: row.bids.map((b) => b.appraiserId) };
}

/** Whether the caller takes part in the market as an appraiser (an active APPRAISER org): its standing is worth loading. */
export function bidsAsAppraiser(actor: Actor): boolean {
  return actor.orgStatus === "ACTIVE" && actor.orgKind === "APPRAISER";
}

export function jobRelationOf(actor: Actor | null, job: JobFacts): JobRelation {
  if (!actor) return "NONE";
  if (actor.orgId === job.smeId) return "SME";
  if (actor.orgId === job.bankId) return "BANK";
  if (actor.orgId === job.insurerId) return "INSURER";
  if (actor.orgStatus !== "ACTIVE") return "NONE";
  if (actor.orgKind === "APPRAISER") {
    if (job.assignedAppraiserId === actor.orgId) return "ASSIGNED_APPRAISER";
    if (job.bidderIds.includes(actor.orgId)) return "BIDDER";
    return job.eligible ? "ELIGIBLE_APPRAISER" : "OTHER_APPRAISER";
  }
  if (actor.orgKind === "GOVERNMENT" || actor.orgKind === "PLATFORM") return actor.orgKind;
  return "NONE";
}

export function canOnAppraisalJob(actor: Actor | null, job: JobFacts, operation: JobOperation): boolean {
  return allows(appraisalJobAccess, jobRelationOf(actor, job), jobStateOf(job), operation);
}

/**
 * What an appraiser's profile says about the jobs it is eligible for, worked out once per
 * caller (assignment.ts `eligibility` against a job with no assets and no parties gives
 * the job-independent reasons): the rest is per job and goes into the `where`.
 */
export type AppraiserStanding = { eligibleAtAll: boolean; qualifiedAssetTypes: readonly PledgeAssetType[]; affiliatedOrgIds: readonly string[] };

const STATE_WHERE: Record<JobState, Prisma.AppraisalJobWhereInput> = { OPEN: { status: "OPEN" }, CLOSED: { status: { not: "OPEN" } } };

function relationWhere(actor: Actor, relation: JobRelation, standing: AppraiserStanding | null): Prisma.AppraisalJobWhereInput | null {
  const active = actor.orgStatus === "ACTIVE";
  const appraiser = active && actor.orgKind === "APPRAISER";
  switch (relation) {
    case "SME":
      return { application: { smeId: actor.orgId } };
    case "BANK":
      return { application: { bankId: actor.orgId } };
    case "INSURER":
      return { application: { insurerId: actor.orgId } };
    case "ASSIGNED_APPRAISER":
      return appraiser ? { assignedAppraiserId: actor.orgId } : null;
    case "BIDDER":
      return appraiser ? { bids: { some: { appraiserId: actor.orgId } } } : null;
    case "ELIGIBLE_APPRAISER":
      if (!appraiser || !standing?.eligibleAtAll) return null;
      return {
        application: {
          assets: { none: { assetType: { notIn: [...standing.qualifiedAssetTypes] } } },
          smeId: { notIn: [...standing.affiliatedOrgIds] },
          bankId: { notIn: [...standing.affiliatedOrgIds] },
          insurerId: { notIn: [...standing.affiliatedOrgIds] },
        },
      };
    case "OTHER_APPRAISER":
      return appraiser ? {} : null;
    case "GOVERNMENT":
    case "PLATFORM":
      return active && actor.orgKind === relation ? {} : null;
    case "NONE":
      return null;
  }
}

/** The jobs the caller may `operation` (default: list) as a Prisma `where`, from the same table as `canOnAppraisalJob`. */
export function appraisalJobsVisibleTo(actor: Actor, standing: AppraiserStanding | null, operation: JobOperation = "list"): Prisma.AppraisalJobWhereInput {
  return grantsWhere(appraisalJobAccess, operation, (relation, state) => {
    const where = relationWhere(actor, relation, standing);
    return where && { AND: [where, STATE_WHERE[state]] };
  });
}

/**
 * Closing bidding before any job is loaded (the deadline worker and the operator's
 * "close now" both call closeBidding): the PLATFORM row of an OPEN job; a job no longer
 * open is then left as it is.
 */
export function mayCloseBidding(actor: Actor): boolean {
  return canOnAppraisalJob(actor, { status: "OPEN", smeId: "", bankId: "", insurerId: "", assignedAppraiserId: null, bidderIds: [] }, "close-bidding");
}
