import { describe, expect, it } from "vitest";
import { availableActions, FINAL_STATUSES, NO_FACTS, PLEDGE_ACTIONS, PLEDGE_MOVES, PLEDGE_PARTIES, PLEDGE_STATUSES, resolveMove, type PledgeFacts } from "./pledge-machine";

/**
 * SPEC §6 written out again, independently of the table: every (from, action, party) that
 * is allowed, with the target for each relevant set of facts. Anything not listed must
 * be refused. `facts` of `undefined` means "whatever the facts".
 */
type Expected = { from: string; action: string; party: string; to: string; when?: Partial<PledgeFacts>; refusedWhen?: Partial<PledgeFacts> };
const ALL_FACTS: PledgeFacts = { hasAssets: true, reportReady: true, otherPartyAcceptedReport: true, termsAccepted: true, feesPaid: true, repaidInFull: true };

const EXPECTED: Expected[] = [
  { from: "DRAFT", action: "submit", party: "SME", to: "SUBMITTED", when: { hasAssets: true }, refusedWhen: { hasAssets: false } },
  { from: "SUBMITTED", action: "open-appraisal", party: "SYSTEM", to: "APPRAISAL" },
  ...["SME", "BANK"].flatMap((party) => [
    { from: "APPRAISAL", action: "accept-report", party, to: "APPRAISAL", when: { reportReady: true, otherPartyAcceptedReport: false }, refusedWhen: { reportReady: false } },
    { from: "APPRAISAL", action: "accept-report", party, to: "APPRAISED", when: { reportReady: true, otherPartyAcceptedReport: true }, refusedWhen: { reportReady: false, otherPartyAcceptedReport: true } },
    { from: "APPRAISAL", action: "reject-report", party, to: "APPRAISAL", when: { reportReady: true }, refusedWhen: { reportReady: false } },
  ]),
  { from: "APPRAISED", action: "start-bank-review", party: "SYSTEM", to: "BANK_REVIEW" },
  { from: "BANK_REVIEW", action: "bank-approve", party: "BANK", to: "INSURER_REVIEW" },
  { from: "BANK_REVIEW", action: "bank-reject", party: "BANK", to: "REJECTED" },
  { from: "INSURER_REVIEW", action: "insurer-approve", party: "INSURER", to: "OFFERED" },
  { from: "INSURER_REVIEW", action: "insurer-decline", party: "INSURER", to: "DECLINED" },
  { from: "OFFERED", action: "accept-terms", party: "SME", to: "OFFERED", when: { termsAccepted: false, feesPaid: false }, refusedWhen: { termsAccepted: true, feesPaid: false } },
  { from: "OFFERED", action: "accept-terms", party: "SME", to: "CONTRACTED", when: { termsAccepted: false, feesPaid: true }, refusedWhen: { termsAccepted: true, feesPaid: true } },
  { from: "OFFERED", action: "contract", party: "SYSTEM", to: "CONTRACTED", when: { termsAccepted: true, feesPaid: true }, refusedWhen: { termsAccepted: false, feesPaid: true } },
  { from: "OFFERED", action: "contract", party: "SYSTEM", to: "CONTRACTED", when: { termsAccepted: true, feesPaid: true }, refusedWhen: { termsAccepted: true, feesPaid: false } },
  { from: "CONTRACTED", action: "register", party: "BANK", to: "REGISTERED" },
  { from: "REGISTERED", action: "disburse", party: "BANK", to: "DISBURSED" },
  ...["DISBURSED", "REPAYING"].flatMap((from) => [
    { from, action: "record-repayment", party: "BANK", to: "REPAYING", when: { repaidInFull: false } },
    { from, action: "record-repayment", party: "BANK", to: "SETTLED", when: { repaidInFull: true } },
    { from, action: "declare-default", party: "BANK", to: "DEFAULTED" },
  ]),
  { from: "DEFAULTED", action: "record-recovery", party: "BANK", to: "DEFAULTED" },
  { from: "DEFAULTED", action: "claim-compensation", party: "BANK", to: "COMPENSATED" },
  { from: "COMPENSATED", action: "record-recovery", party: "BANK", to: "COMPENSATED" },
  { from: "COMPENSATED", action: "close", party: "BANK", to: "CLOSED" },
  ...["DRAFT", "SUBMITTED", "APPRAISAL", "APPRAISED", "BANK_REVIEW", "INSURER_REVIEW", "OFFERED", "CONTRACTED", "REGISTERED"].map((from) => ({
    from,
    action: "withdraw",
    party: "SME",
    to: "WITHDRAWN",
  })),
];

describe("pledge state machine", () => {
  it("allows exactly the listed moves, with their targets, and refuses every other (status, action, party)", () => {
    let checked = 0;
    for (const from of PLEDGE_STATUSES) {
      for (const action of PLEDGE_ACTIONS) {
        for (const party of PLEDGE_PARTIES) {
          const expected = EXPECTED.filter((e) => e.from === from && e.action === action && e.party === party);
          if (expected.length === 0) {
            // Refused whatever the facts.
            for (const facts of [NO_FACTS, ALL_FACTS]) {
              const r = resolveMove(from, action, party, facts);
              expect(r.ok, `${from} ${action} ${party}`).toBe(false);
            }
            const r = resolveMove(from, action, party, ALL_FACTS);
            const inState = EXPECTED.some((e) => e.from === from && e.action === action);
            expect(!r.ok && r.reason, `${from} ${action} ${party}`).toBe(inState ? "party" : "state");
          } else {
            for (const e of expected) {
              const r = resolveMove(from, action, party, { ...ALL_FACTS, ...e.when });
              expect(r.ok && r.move.to, `${from} ${action} ${party} ${JSON.stringify(e.when)}`).toBe(e.to);
              if (e.refusedWhen) {
                const refused = resolveMove(from, action, party, { ...ALL_FACTS, ...e.refusedWhen });
                expect(!refused.ok && refused.reason, `${from} ${action} ${party} refused ${JSON.stringify(e.refusedWhen)}`).toBe("guard");
              }
            }
          }
          checked++;
        }
      }
    }
    expect(checked).toBe(PLEDGE_STATUSES.length * PLEDGE_ACTIONS.length * PLEDGE_PARTIES.length);
  });

  it("has no row the SPEC listing lacks", () => {
    for (const m of PLEDGE_MOVES) {
      for (const party of m.parties) {
        expect(EXPECTED.some((e) => e.from === m.from && e.action === m.action && e.party === party && e.to === m.to), `${m.from} ${m.action} ${party} → ${m.to}`).toBe(true);
      }
    }
  });

  it("ends in SETTLED, CLOSED, REJECTED, DECLINED and WITHDRAWN only", () => {
    expect([...FINAL_STATUSES].sort()).toEqual(["CLOSED", "DECLINED", "REJECTED", "SETTLED", "WITHDRAWN"]);
  });

  it("never lets the SME withdraw once the money is out", () => {
    for (const from of ["DISBURSED", "REPAYING", "SETTLED", "DEFAULTED", "COMPENSATED", "CLOSED"] as const) {
      expect(resolveMove(from, "withdraw", "SME", ALL_FACTS).ok, from).toBe(false);
    }
  });

  it("explains a refused precondition in Chinese", () => {
    const r = resolveMove("DRAFT", "submit", "SME", NO_FACTS);
    expect(r).toEqual({ ok: false, reason: "guard", message: "请至少添加一项质押资产" });
  });

  it("lists the actions a party can take now", () => {
    expect(availableActions("BANK_REVIEW", "BANK", NO_FACTS).sort()).toEqual(["bank-approve", "bank-reject"]);
    expect(availableActions("BANK_REVIEW", "SME", NO_FACTS)).toEqual(["withdraw"]);
    expect(availableActions("APPRAISAL", "BANK", NO_FACTS)).toEqual([]);
    expect(availableActions("APPRAISAL", "BANK", { ...NO_FACTS, reportReady: true }).sort()).toEqual(["accept-report", "reject-report"]);
    expect(availableActions("REPAYING", "BANK", NO_FACTS).sort()).toEqual(["declare-default", "record-repayment"]);
    expect(availableActions("SETTLED", "BANK", ALL_FACTS)).toEqual([]);
  });
});
