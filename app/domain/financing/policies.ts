import type { Prisma } from "~/generated/prisma/client";
import type { AppraisalJobStatus } from "~/generated/prisma/enums";
import { allows, defineAccess, grantsWhere } from "../shared/access";
import { isSystemActor, readOnlyKindOf, sharedRelationWhere, type Actor } from "../shared/actor";
import type { PledgeParty } from "./pledge-machine";

/**
 * Who sees and acts on a pledge application (SPEC §2, ADR 0011). The pledge machine
 * (pledge-machine.ts) decides which move a party may make; this table decides who is a
 * party at all, and who only reads. Pure.
 */
export const APPLICATION_RELATIONS = ["SME", "BANK", "INSURER", "ASSIGNED_APPRAISER", "GOVERNMENT", "PLATFORM", "SYSTEM", "NONE"] as const;
export type ApplicationRelation = (typeof APPLICATION_RELATIONS)[number];

/** Submission is recorded once (`submittedAt`) and never undone: a withdrawn draft stays never-submitted. */
export const APPLICATION_STATES = ["NEVER_SUBMITTED", "SUBMITTED"] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const APPLICATION_OPERATIONS = ["read", "list", "read-loan", "read-report-file", "read-payments", "act"] as const;
export type ApplicationOperation = (typeof APPLICATION_OPERATIONS)[number];

const PARTY: readonly ApplicationOperation[] = ["read", "list", "read-loan", "read-report-file", "read-payments", "act"];

export const applicationAccess = defineAccess({
  context: "financing",
  subject: "Pledge applications (质押融资申请)",
  relations: APPLICATION_RELATIONS,
  states: APPLICATION_STATES,
  operations: APPLICATION_OPERATIONS,
  relationNotes: {
    SME: "the applicant",
    BANK: "the bank it chose",
    INSURER: "the insurer it chose",
    ASSIGNED_APPRAISER: "the appraiser that accepted its appraisal job (ASSIGNED or REPORTED)",
    GOVERNMENT: "an active GOVERNMENT org (read-only)",
    PLATFORM: "an active PLATFORM org (operator, read-only)",
    SYSTEM: "the platform's own moves and the command line",
    NONE: "anyone else",
  },
  stateNotes: {
    NEVER_SUBMITTED: "never submitted (a draft, or withdrawn as a draft): the SME's alone",
    SUBMITTED: "submitted at some point (`submittedAt` set), whatever its status now",
  },
  rules: {
    SME: { NEVER_SUBMITTED: PARTY, SUBMITTED: PARTY },
    BANK: { SUBMITTED: PARTY },
    INSURER: { SUBMITTED: ["read", "list", "read-loan", "read-payments", "act"] },
    ASSIGNED_APPRAISER: { SUBMITTED: ["read", "list"] },
    GOVERNMENT: { SUBMITTED: ["read", "list", "read-loan", "read-payments"] },
    PLATFORM: { SUBMITTED: ["read", "list", "read-loan", "read-payments"] },
    SYSTEM: { NEVER_SUBMITTED: PARTY, SUBMITTED: PARTY },
    NONE: {},
  },
  notes: [
    "`act` makes the caller a party to the pledge machine; which move it may make in which status is the machine's transition table (pledge-machine.ts).",
    "`read-loan`: terms, fees paid, registration, disbursement, repayments, default, loss shares and the timeline. The assigned appraiser reads the application and the assets it values, not the loan.",
    "`read-report-file`: the appraisal report's PDF is served to the SME and the bank, who accept or reject it (SPEC §7); the insurer and GOVERNMENT read the values.",
    "Subsidies on an application follow the subsidies table (GOVERNMENT; the SME its own).",
    "PLATFORM reads submitted applications as the operator of the market (ADR 0008); it never acts on them.",
  ],
});

/** An application as the rules see it: its parties, whether it was ever submitted, its appraisal. */
export type ApplicationFacts = {
  smeId: string;
  bankId: string;
  insurerId: string;
  submittedAt: Date | null;
  appraisal?: { assignedAppraiserId: string | null; status: AppraisalJobStatus } | null;
};

/** The appraisal statuses in which the assigned appraiser has accepted the job. */
export const APPRAISER_HOLDS_JOB: readonly AppraisalJobStatus[] = ["ASSIGNED", "REPORTED"];

export function applicationStateOf(app: Pick<ApplicationFacts, "submittedAt">): ApplicationState {
  return app.submittedAt ? "SUBMITTED" : "NEVER_SUBMITTED";
}

/** The caller's relation to an application; org ids first, then the read-only kinds (active orgs only). */
export function applicationRelationOf(actor: Actor, app: ApplicationFacts): ApplicationRelation {
  if (isSystemActor(actor)) return "SYSTEM";
  if (actor.orgId === app.smeId) return "SME";
  if (actor.orgId === app.bankId) return "BANK";
  if (actor.orgId === app.insurerId) return "INSURER";
  if (app.appraisal && app.appraisal.assignedAppraiserId === actor.orgId && APPRAISER_HOLDS_JOB.includes(app.appraisal.status)) return "ASSIGNED_APPRAISER";
  return readOnlyKindOf(actor) ?? "NONE";
}

export function canOnApplication(actor: Actor, app: ApplicationFacts, operation: ApplicationOperation): boolean {
  return allows(applicationAccess, applicationRelationOf(actor, app), applicationStateOf(app), operation);
}

/** The caller's part in the pledge machine, or null when it only reads (or sees nothing). */
export function pledgePartyOf(actor: Actor, app: ApplicationFacts): PledgeParty | null {
  if (!canOnApplication(actor, app, "act")) return null;
  const relation = applicationRelationOf(actor, app);
  return relation === "SME" || relation === "BANK" || relation === "INSURER" || relation === "SYSTEM" ? relation : null;
}

const STATE_WHERE: Record<ApplicationState, Prisma.PledgeApplicationWhereInput> = {
  NEVER_SUBMITTED: { submittedAt: null },
  SUBMITTED: { submittedAt: { not: null } },
};

function relationWhere(actor: Actor, relation: ApplicationRelation): Prisma.PledgeApplicationWhereInput | null {
  switch (relation) {
    case "SME":
      return { smeId: actor.orgId };
    case "BANK":
      return { bankId: actor.orgId };
    case "INSURER":
      return { insurerId: actor.orgId };
    case "ASSIGNED_APPRAISER":
      return { appraisal: { is: { assignedAppraiserId: actor.orgId, status: { in: [...APPRAISER_HOLDS_JOB] } } } };
    default:
      return sharedRelationWhere(actor, relation);
  }
}

/**
 * The applications the caller may `operation` (default: list), as a Prisma `where`, built
 * from the same table as `canOnApplication`: one OR branch per (relation, state) it grants.
 */
export function applicationsVisibleTo(actor: Actor, operation: ApplicationOperation = "list"): Prisma.PledgeApplicationWhereInput {
  return grantsWhere(applicationAccess, operation, (relation, state) => {
    const where = relationWhere(actor, relation);
    return where && { AND: [where, STATE_WHERE[state]] };
  });
}

/**
 * County-level financing records: the risk-compensation fund and the financing policy
 * versions (SPEC §2, §8). Subsidies and budgets are the subsidies context's.
 */
export const COUNTY_RELATIONS = ["GOVERNMENT", "PLATFORM", "OTHER"] as const;
export type CountyRelation = (typeof COUNTY_RELATIONS)[number];
export const COUNTY_OPERATIONS = ["read-risk-fund", "top-up-risk-fund", "correct-risk-fund", "publish-policy"] as const;
export type CountyOperation = (typeof COUNTY_OPERATIONS)[number];

export const countyFinanceAccess = defineAccess({
  context: "financing (county)",
  subject: "The risk-compensation fund and financing policy versions",
  relations: COUNTY_RELATIONS,
  states: ["ANY"] as const,
  operations: COUNTY_OPERATIONS,
  relationNotes: { GOVERNMENT: "an active GOVERNMENT org", PLATFORM: "an active PLATFORM org", OTHER: "anyone else, and any org not active" },
  stateNotes: { ANY: "one fund; every policy version" },
  rules: {
    GOVERNMENT: { ANY: ["read-risk-fund", "top-up-risk-fund", "correct-risk-fund", "publish-policy"] },
    PLATFORM: { ANY: ["read-risk-fund"] },
    OTHER: {},
  },
  notes: ["Policy versions in force are public to signed-in orgs (the rules applied to them); only publishing is restricted.", "PLATFORM reads the fund's ledger as the operator (ADR 0009) and never moves money.", "`correct-risk-fund`: the ledger is never edited; GOVERNMENT books a signed correcting entry with its reason (audited), and the balance never goes below zero."],
});

export function countyRelationOf(actor: Actor | null): CountyRelation {
  return (actor && readOnlyKindOf(actor)) ?? "OTHER";
}

export function canOnCountyFinance(actor: Actor | null, operation: CountyOperation): boolean {
  return allows(countyFinanceAccess, countyRelationOf(actor), "ANY", operation);
}
