import { describe, expect, it } from "vitest";
import { OrgKind, type AppraisalJobStatus } from "~/generated/prisma/enums";
import { matchesWhere } from "../../../test/setup/where-match";
import type { Actor } from "../shared/actor";
import { appraisalJobsVisibleTo, canOnAppraisalJob, JOB_OPERATIONS, mayCloseBidding, type AppraiserStanding, type JobFacts } from "./policies";

/*
 * Written by hand from SPEC §2 and §7 — "OPEN jobs are visible to eligible appraisers;
 * bids are sealed: an appraiser sees only its own bid; the SME and bank see all bids only
 * after the deadline" — and issue 13 (GOVERNMENT and PLATFORM never see bid fees; closing
 * bidding is the platform's, by a person). Not derived from the table under test.
 */
type Rel = "applicant" | "bank" | "insurer" | "assigned appraiser" | "bidder" | "eligible appraiser" | "ineligible appraiser" | "unrelated" | "unrelated, not active" | "unrelated API key";
type State = "OPEN" | "OFFERED" | "ASSIGNED" | "REPORTED" | "UNASSIGNED";
const CLOSED_STATES: State[] = ["OFFERED", "ASSIGNED", "REPORTED", "UNASSIGNED"];
const open = (ops: string) => ({ OPEN: ops });
const closed = (ops: string) => Object.fromEntries(CLOSED_STATES.map((s) => [s, ops])) as Partial<Record<State, string>>;

const EXPECTED: Record<string, Partial<Record<State, string>>> = {
  "SME/applicant": { ...open("read list"), ...closed("read list read-all-bids read-bid-count read-assignment read-report-file rate-appraiser") },
  "BANK/bank": { ...open("read list"), ...closed("read list read-all-bids read-bid-count read-assignment read-report-file") },
  "INSURER/insurer": closed("read-report-file"),
  // appr-1 bid, and is assigned from the offer on (an OPEN or UNASSIGNED job has nobody assigned: it is a bidder there).
  "APPRAISER/assigned appraiser": {
    OPEN: "read list bid read-own-bid",
    OFFERED: "read list read-own-bid read-bid-count read-assignment read-report-file respond-to-offer report",
    ASSIGNED: "read list read-own-bid read-bid-count read-assignment read-report-file respond-to-offer report",
    REPORTED: "read list read-own-bid read-bid-count read-assignment read-report-file respond-to-offer report",
    UNASSIGNED: "read list read-own-bid read-bid-count",
  },
  "APPRAISER/bidder": { ...open("read list bid read-own-bid"), ...closed("read list read-own-bid read-bid-count") },
  "APPRAISER/eligible appraiser": open("read list bid"),
  "APPRAISER/ineligible appraiser": open("bid"),
  "APPRAISER/unrelated": open("bid"),
  "APPRAISER/unrelated API key": open("bid"),
  "GOVERNMENT/unrelated": { ...open("read list read-bid-count"), ...closed("read list read-bid-count read-assignment") },
  "GOVERNMENT/unrelated API key": { ...open("read list read-bid-count"), ...closed("read list read-bid-count read-assignment") },
  "PLATFORM/unrelated": { ...open("read list read-bid-count close-bidding"), ...closed("read list read-bid-count read-assignment") },
  "PLATFORM/unrelated API key": { ...open("read list read-bid-count close-bidding"), ...closed("read list read-bid-count read-assignment") },
};

const RELS: Rel[] = ["applicant", "bank", "insurer", "assigned appraiser", "bidder", "eligible appraiser", "ineligible appraiser", "unrelated", "unrelated, not active", "unrelated API key"];
const KIND_OF: Partial<Record<Rel, OrgKind>> = { applicant: "SME", bank: "BANK", insurer: "INSURER", "assigned appraiser": "APPRAISER", bidder: "APPRAISER", "eligible appraiser": "APPRAISER", "ineligible appraiser": "APPRAISER" };
const ORG_OF: Partial<Record<Rel, string>> = { applicant: "sme-1", bank: "bank-1", insurer: "ins-1", "assigned appraiser": "appr-1", bidder: "appr-2", "eligible appraiser": "appr-3", "ineligible appraiser": "appr-4" };

const STANDING: Partial<Record<Rel, AppraiserStanding>> = {
  "eligible appraiser": { eligibleAtAll: true, qualifiedAssetTypes: ["INVENTION", "UTILITY_MODEL"], affiliatedOrgIds: [] },
  // qualified, but affiliated with the bank
  "ineligible appraiser": { eligibleAtAll: true, qualifiedAssetTypes: ["INVENTION", "UTILITY_MODEL"], affiliatedOrgIds: ["bank-1"] },
  unrelated: { eligibleAtAll: false, qualifiedAssetTypes: [], affiliatedOrgIds: [] },
};

function actorFor(kind: OrgKind, rel: Rel): Actor {
  const key = rel === "unrelated API key";
  return { userId: key ? null : "u-1", apiKeyId: key ? "k-1" : null, orgId: ORG_OF[rel] ?? `other-${kind}`, orgKind: kind, orgStatus: rel === "unrelated, not active" ? "SUSPENDED" : "ACTIVE", role: "MEMBER" };
}

function jobFor(state: State, rel: Rel) {
  const assigned = state === "OPEN" || state === "UNASSIGNED" ? null : "appr-1";
  const facts: JobFacts = { status: state as AppraisalJobStatus, smeId: "sme-1", bankId: "bank-1", insurerId: "ins-1", assignedAppraiserId: assigned, bidderIds: ["appr-1", "appr-2"] };
  // What the read path works out for an appraiser without a bid on an open job.
  if (rel === "eligible appraiser" && state === "OPEN") facts.eligible = true;
  const record = {
    id: `job-${state}`,
    status: state,
    assignedAppraiserId: assigned,
    bids: facts.bidderIds.map((appraiserId) => ({ appraiserId })),
    application: { smeId: "sme-1", bankId: "bank-1", insurerId: "ins-1", assets: [{ assetType: "INVENTION" }, { assetType: "UTILITY_MODEL" }] },
  };
  return { facts, record };
}

describe("appraisal access matrix (org kind × relation × job state × operation)", () => {
  const cases = Object.values(OrgKind).flatMap((kind) => RELS.filter((r) => !KIND_OF[r] || KIND_OF[r] === kind).map((rel) => ({ kind, rel })));
  it.each(cases)("$kind as $rel", ({ kind, rel }) => {
    const actor = actorFor(kind, rel);
    for (const state of ["OPEN", ...CLOSED_STATES] as State[]) {
      const { facts, record } = jobFor(state, rel);
      const want = new Set((EXPECTED[`${kind}/${rel}`]?.[state] ?? "").split(" ").filter(Boolean));
      for (const op of JOB_OPERATIONS) expect(canOnAppraisalJob(actor, facts, op), `${kind} ${rel} ${state} ${op}`).toBe(want.has(op));
      expect(matchesWhere(record, appraisalJobsVisibleTo(actor, STANDING[rel] ?? null)), `${kind} ${rel} ${state} list where`).toBe(want.has("list"));
    }
  });

  it("closing bidding: the platform's people, its API keys or the command line, nobody else", () => {
    expect(mayCloseBidding(actorFor("PLATFORM", "unrelated"))).toBe(true);
    expect(mayCloseBidding(actorFor("PLATFORM", "unrelated API key"))).toBe(true);
    for (const kind of Object.values(OrgKind).filter((k) => k !== "PLATFORM")) expect(mayCloseBidding(actorFor(kind, "unrelated API key")), `${kind} key`).toBe(false);
    expect(mayCloseBidding(actorFor("PLATFORM", "unrelated, not active"))).toBe(false);
    for (const kind of Object.values(OrgKind).filter((k) => k !== "PLATFORM")) expect(mayCloseBidding(actorFor(kind, "unrelated")), kind).toBe(false);
  });

  it("an appraiser at capacity or not filed lists no open job it has not bid on", () => {
    const actor = actorFor("APPRAISER", "eligible appraiser");
    const { record } = jobFor("OPEN", "eligible appraiser");
    expect(matchesWhere(record, appraisalJobsVisibleTo(actor, { eligibleAtAll: false, qualifiedAssetTypes: ["INVENTION", "UTILITY_MODEL"], affiliatedOrgIds: [] }))).toBe(false);
    // not qualified for the utility model
    expect(matchesWhere(record, appraisalJobsVisibleTo(actor, { eligibleAtAll: true, qualifiedAssetTypes: ["INVENTION"], affiliatedOrgIds: [] }))).toBe(false);
  });
});
