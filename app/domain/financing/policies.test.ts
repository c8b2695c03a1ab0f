import { describe, expect, it } from "vitest";
import { OrgKind, type AppraisalJobStatus, type PledgeStatus } from "~/generated/prisma/enums";
import { matchesWhere } from "../../../test/setup/where-match";
import { systemActor, type Actor } from "../shared/actor";
import { APPLICATION_OPERATIONS, applicationsVisibleTo, canOnApplication, canOnCountyFinance, COUNTY_OPERATIONS, pledgePartyOf, type ApplicationFacts } from "./policies";

/*
 * The expected matrix is written out by hand from SPEC §2 — "a pledge application: its
 * SME; the chosen bank and insurer once SUBMITTED; the assigned appraiser for the assets
 * it values; GOVERNMENT read-only" — and issue 13 (a never-submitted application stays the
 * SME's alone whatever its later status; reads and lists agree). It is NOT derived from the
 * table under test: a change to the table that is not also made here fails.
 */
const PARTY = "read list read-loan read-report-file read-payments act";
const EVERY_STATE = (ops: string) => ({ draft: ops, "withdrawn-as-draft": ops, submitted: ops, "in-appraisal": ops, repaying: ops, "withdrawn-after-submit": ops });
const ONCE_SUBMITTED = (ops: string) => ({ submitted: ops, "in-appraisal": ops, repaying: ops, "withdrawn-after-submit": ops });

type RecordState = "draft" | "withdrawn-as-draft" | "submitted" | "in-appraisal" | "repaying" | "withdrawn-after-submit";
const EXPECTED: Record<string, Partial<Record<RecordState, string>>> = {
  "SME/applicant": EVERY_STATE(PARTY),
  "BANK/chosen bank": ONCE_SUBMITTED(PARTY),
  "INSURER/chosen insurer": ONCE_SUBMITTED("read list read-loan read-payments act"),
  // The appraiser holds the job only once it accepted it (the appraisal is ASSIGNED in these records).
  "APPRAISER/assigned appraiser": { "in-appraisal": "read list", repaying: "read list", "withdrawn-after-submit": "read list" },
  "GOVERNMENT/unrelated": ONCE_SUBMITTED("read list read-loan read-payments"),
  "PLATFORM/unrelated": ONCE_SUBMITTED("read list read-loan read-payments"),
  // everything else: nothing (another SME, another bank, a bidder that was not assigned, holders, orgs not active)
};

const RECORDS: Record<RecordState, { status: PledgeStatus; submittedAt: Date | null; appraisal: AppraisalJobStatus | null }> = {
  draft: { status: "DRAFT", submittedAt: null, appraisal: null },
  "withdrawn-as-draft": { status: "WITHDRAWN", submittedAt: null, appraisal: null },
  submitted: { status: "SUBMITTED", submittedAt: new Date("2026-03-01T02:00:00Z"), appraisal: null },
  "in-appraisal": { status: "APPRAISAL", submittedAt: new Date("2026-03-01T02:00:00Z"), appraisal: "ASSIGNED" },
  repaying: { status: "REPAYING", submittedAt: new Date("2026-03-01T02:00:00Z"), appraisal: "REPORTED" },
  "withdrawn-after-submit": { status: "WITHDRAWN", submittedAt: new Date("2026-03-01T02:00:00Z"), appraisal: "ASSIGNED" },
};

const RELATIONS = ["applicant", "chosen bank", "chosen insurer", "assigned appraiser", "unrelated", "unrelated, not active", "unrelated API key"] as const;
type Relation = (typeof RELATIONS)[number];
/** Which org kinds can stand in which relation (the record's SME is an SME org, and so on). */
const POSSIBLE: Partial<Record<Relation, OrgKind>> = { applicant: "SME", "chosen bank": "BANK", "chosen insurer": "INSURER", "assigned appraiser": "APPRAISER" };
const ORG_OF: Partial<Record<Relation, string>> = { applicant: "sme-1", "chosen bank": "bank-1", "chosen insurer": "ins-1", "assigned appraiser": "appr-1" };

function actorFor(kind: OrgKind, relation: Relation): Actor {
  return {
    userId: relation === "unrelated API key" ? null : "u-1",
    apiKeyId: relation === "unrelated API key" ? "k-1" : null,
    orgId: ORG_OF[relation] ?? `other-${kind}`,
    orgKind: kind,
    orgStatus: relation === "unrelated, not active" ? "SUSPENDED" : "ACTIVE",
    role: "MEMBER",
  };
}

function recordFor(state: RecordState): ApplicationFacts & { id: string; status: PledgeStatus; appraisal: { assignedAppraiserId: string | null; status: AppraisalJobStatus } | null } {
  const r = RECORDS[state];
  return { id: `app-${state}`, smeId: "sme-1", bankId: "bank-1", insurerId: "ins-1", status: r.status, submittedAt: r.submittedAt, appraisal: r.appraisal ? { assignedAppraiserId: "appr-1", status: r.appraisal } : null };
}

const expectedOps = (kind: OrgKind, relation: Relation, state: RecordState) => {
  const key = `${kind}/${relation === "unrelated API key" ? "unrelated" : relation}`;
  return new Set((EXPECTED[key]?.[state] ?? "").split(" ").filter(Boolean));
};

describe("financing access matrix (org kind × relation × state × operation)", () => {
  const cases = Object.values(OrgKind).flatMap((kind) => RELATIONS.filter((r) => !POSSIBLE[r] || POSSIBLE[r] === kind).map((relation) => ({ kind, relation })));

  it.each(cases)("$kind as $relation", ({ kind, relation }) => {
    const actor = actorFor(kind, relation);
    for (const state of Object.keys(RECORDS) as RecordState[]) {
      const record = recordFor(state);
      const want = expectedOps(kind, relation, state);
      for (const op of APPLICATION_OPERATIONS) {
        expect(canOnApplication(actor, record, op), `${kind} ${relation} ${state} ${op}`).toBe(want.has(op));
      }
      // The list's where, evaluated on the record, agrees with the read rule.
      expect(matchesWhere(record, applicationsVisibleTo(actor)), `${kind} ${relation} ${state} list where`).toBe(want.has("list"));
      expect(matchesWhere(record, applicationsVisibleTo(actor, "read-payments")), `${kind} ${relation} ${state} read-payments where`).toBe(want.has("read-payments"));
      expect(pledgePartyOf(actor, record) !== null, `${kind} ${relation} ${state} party`).toBe(want.has("act"));
    }
  });

  it("the platform's own moves (the system actor) are a party in every state", () => {
    for (const state of Object.keys(RECORDS) as RecordState[]) expect(pledgePartyOf(systemActor(), recordFor(state))).toBe("SYSTEM");
  });

  it("an offered appraiser that has not accepted yet does not read the application", () => {
    const actor = actorFor("APPRAISER", "assigned appraiser");
    const record = { ...recordFor("in-appraisal"), appraisal: { assignedAppraiserId: "appr-1", status: "OFFERED" as const } };
    expect(canOnApplication(actor, record, "read")).toBe(false);
    expect(matchesWhere(record, applicationsVisibleTo(actor))).toBe(false);
  });
});

describe("county financing (risk fund, policy versions)", () => {
  const EXPECTED_COUNTY: Partial<Record<OrgKind, string>> = {
    GOVERNMENT: "read-risk-fund top-up-risk-fund correct-risk-fund publish-policy",
    PLATFORM: "read-risk-fund",
  };
  it.each(Object.values(OrgKind))("%s", (kind) => {
    for (const status of ["ACTIVE", "PENDING"] as const) {
      const actor: Actor = { userId: "u", apiKeyId: null, orgId: "o", orgKind: kind, orgStatus: status, role: "OWNER" };
      const want = new Set(status === "ACTIVE" ? (EXPECTED_COUNTY[kind] ?? "").split(" ") : []);
      for (const op of COUNTY_OPERATIONS) expect(canOnCountyFinance(actor, op), `${kind} ${status} ${op}`).toBe(want.has(op));
    }
    expect(COUNTY_OPERATIONS.some((op) => canOnCountyFinance(null, op))).toBe(false);
  });
});
