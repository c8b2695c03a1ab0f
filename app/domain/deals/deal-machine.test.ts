import { describe, expect, it } from "vitest";
import {
  availableDealActions,
  BINDING_DEAL_STATUSES,
  DEAL_ACTIONS,
  DEAL_MOVES,
  DEAL_PARTIES,
  DEAL_PARTY_ACTIONS,
  DEAL_STATUS_NAMES,
  DEAL_STATUSES,
  ENDED_DEAL_STATUSES,
  FINAL_DEAL_STATUSES,
  isDealPartyAction,
  MESSAGE_STATUSES,
  NO_DEAL_FACTS,
  OPEN_DEAL_STATUSES,
  resolveDealMove,
  type DealFacts,
} from "./deal-machine";

/*
 * SPEC §5 and issue 14 §1, §3, §5, §6 written out again by hand, independently of
 * DEAL_MOVES: every (from, action, party) that may happen, its target, and in plain words
 * when its precondition holds. Anything not listed is refused: "state" when nobody may take
 * the action in that status, "party" when someone else may, "guard" when it is the caller's
 * move but the facts forbid it. Every row is checked under every combination of facts.
 *
 * - INQUIRY → NEGOTIATING by an offer from either side; more offers keep it NEGOTIATING.
 * - the side that did NOT make the offer in force accepts it → AGREED (no offer: nothing to accept).
 * - DECLINED: the holder, before agreement. CANCELLED: either side, before RECORDED.
 * - a pledged patent waits at AGREED for the pledgee bank: `consent` (stays AGREED) or
 *   `refuse-consent` (→ CANCELLED), only while the consent is pending.
 * - PAID: the platform, when an upfront fee is due, its payment is PAID and no consent is pending.
 * - RECORDED: the holder, from PAID, or from AGREED when no fee is due and no consent pending.
 * - CONVERTED: the SME reports production, from RECORDED.
 */
type Side = "SME" | "HOLDER" | "BANK" | "SYSTEM";
type Expected = { from: string; action: string; party: Side; to: string; when: (f: DealFacts, party: Side) => boolean };
const anyFacts = () => true;

const EXPECTED: Expected[] = [
  ...(["SME", "HOLDER"] as const).flatMap((party): Expected[] => [
    { from: "INQUIRY", action: "make-offer", party, to: "NEGOTIATING", when: anyFacts },
    { from: "NEGOTIATING", action: "make-offer", party, to: "NEGOTIATING", when: anyFacts },
    // The offer in force was made by the other side (an SME accepts the holder's offer and vice versa).
    { from: "NEGOTIATING", action: "accept-offer", party, to: "AGREED", when: (f, p) => (p === "SME" ? f.currentOfferBy === "HOLDER" : f.currentOfferBy === "SME") },
    ...["INQUIRY", "NEGOTIATING", "AGREED", "PAID"].map((from): Expected => ({ from, action: "cancel", party, to: "CANCELLED", when: anyFacts })),
  ]),
  { from: "INQUIRY", action: "decline", party: "HOLDER", to: "DECLINED", when: anyFacts },
  { from: "NEGOTIATING", action: "decline", party: "HOLDER", to: "DECLINED", when: anyFacts },
  { from: "AGREED", action: "consent", party: "BANK", to: "AGREED", when: (f) => f.consentPending },
  { from: "AGREED", action: "refuse-consent", party: "BANK", to: "CANCELLED", when: (f) => f.consentPending },
  { from: "AGREED", action: "mark-paid", party: "SYSTEM", to: "PAID", when: (f) => f.feeDue && f.feePaid && !f.consentPending },
  { from: "AGREED", action: "record", party: "HOLDER", to: "RECORDED", when: (f) => !f.feeDue && !f.consentPending },
  { from: "PAID", action: "record", party: "HOLDER", to: "RECORDED", when: anyFacts },
  { from: "RECORDED", action: "report-conversion", party: "SME", to: "CONVERTED", when: anyFacts },
];

/** Every combination of the facts the guards read (3 × 2 × 2 × 2 = 24). */
const ALL_FACT_COMBINATIONS: DealFacts[] = (["SME", "HOLDER", null] as const).flatMap((currentOfferBy) =>
  [false, true].flatMap((consentPending) => [false, true].flatMap((feeDue) => [false, true].map((feePaid) => ({ currentOfferBy, consentPending, feeDue, feePaid })))),
);

const label = (from: string, action: string, party: string, f: DealFacts) => `${from} ${action} ${party} ${JSON.stringify(f)}`;

describe("deal state machine (SPEC §5, issue 14)", () => {
  it("names the statuses, actions and parties the SPEC names", () => {
    expect([...DEAL_STATUSES].sort()).toEqual(["AGREED", "CANCELLED", "CONVERTED", "DECLINED", "INQUIRY", "NEGOTIATING", "PAID", "RECORDED"]);
    expect([...DEAL_PARTIES].sort()).toEqual(["BANK", "HOLDER", "SME", "SYSTEM"]);
    expect([...DEAL_ACTIONS].sort()).toEqual(["accept-offer", "cancel", "consent", "decline", "make-offer", "mark-paid", "record", "refuse-consent", "report-conversion"]);
    // The API's action endpoint (issue 14 §12): offers have their own endpoint and mark-paid is the platform's.
    expect([...DEAL_PARTY_ACTIONS].sort()).toEqual(["accept-offer", "cancel", "consent", "decline", "record", "refuse-consent", "report-conversion"]);
    for (const a of DEAL_ACTIONS) expect(isDealPartyAction(a), a).toBe(a !== "make-offer" && a !== "mark-paid");
    expect(isDealPartyAction("approve")).toBe(false);
  });

  it("allows exactly the listed moves with their targets, under every combination of facts, and refuses every other (status, action, party) for the right reason", () => {
    let checked = 0;
    let allowed = 0;
    let guarded = 0;
    for (const from of DEAL_STATUSES) {
      for (const action of DEAL_ACTIONS) {
        for (const party of DEAL_PARTIES) {
          const rows = EXPECTED.filter((e) => e.from === from && e.action === action && e.party === party);
          const someoneMay = EXPECTED.some((e) => e.from === from && e.action === action);
          for (const facts of ALL_FACT_COMBINATIONS) {
            const r = resolveDealMove(from, action, party, facts);
            const holds = rows.find((e) => e.when(facts, party));
            if (holds) {
              expect(r.ok && r.move.to, label(from, action, party, facts)).toBe(holds.to);
              allowed++;
            } else {
              const reason = rows.length > 0 ? "guard" : someoneMay ? "party" : "state";
              expect(r, label(from, action, party, facts)).toMatchObject({ ok: false, reason });
              // Every refusal explains itself in Chinese.
              expect(!r.ok && r.message, label(from, action, party, facts)).toMatch(/[\u4e00-\u9fff]/);
              if (reason === "guard") guarded++;
            }
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(DEAL_STATUSES.length * DEAL_ACTIONS.length * DEAL_PARTIES.length * ALL_FACT_COMBINATIONS.length);
    // Sanity: the loops exercised both sides of the guards.
    expect(allowed).toBeGreaterThan(0);
    expect(guarded).toBeGreaterThan(0);
  });

  it("has no row the hand-written table lacks", () => {
    for (const m of DEAL_MOVES) {
      for (const party of m.parties) {
        expect(
          EXPECTED.some((e) => e.from === m.from && e.action === m.action && e.party === party && e.to === m.to),
          `${m.from} ${m.action} ${party} → ${m.to}`,
        ).toBe(true);
      }
    }
  });

  it("offers each party, as its buttons and the API's actions, exactly the moves it may make now", () => {
    for (const status of DEAL_STATUSES) {
      for (const party of DEAL_PARTIES) {
        for (const facts of ALL_FACT_COMBINATIONS) {
          const want = [...new Set(EXPECTED.filter((e) => e.from === status && e.party === party && e.when(facts, party)).map((e) => e.action))].sort();
          expect([...availableDealActions(status, party, facts)].sort(), label(status, "*", party, facts)).toEqual(want);
        }
      }
    }
  });

  describe("guard facts", () => {
    const offerBy = (by: DealFacts["currentOfferBy"]): DealFacts => ({ ...NO_DEAL_FACTS, currentOfferBy: by });

    it("accepts only the other side's offer in force (offerFromOtherSide)", () => {
      expect(resolveDealMove("NEGOTIATING", "accept-offer", "SME", offerBy("HOLDER"))).toMatchObject({ ok: true, move: { to: "AGREED" } });
      expect(resolveDealMove("NEGOTIATING", "accept-offer", "HOLDER", offerBy("SME"))).toMatchObject({ ok: true, move: { to: "AGREED" } });
      expect(resolveDealMove("NEGOTIATING", "accept-offer", "SME", offerBy("SME"))).toEqual({ ok: false, reason: "guard", message: "只能接受对方提出的现行报价" });
      expect(resolveDealMove("NEGOTIATING", "accept-offer", "HOLDER", offerBy("HOLDER"))).toMatchObject({ ok: false, reason: "guard" });
      expect(resolveDealMove("NEGOTIATING", "accept-offer", "SME", offerBy(null))).toMatchObject({ ok: false, reason: "guard" });
      // The bank and the platform never accept an offer, whoever made it.
      expect(resolveDealMove("NEGOTIATING", "accept-offer", "BANK", offerBy("SME"))).toMatchObject({ ok: false, reason: "party" });
      expect(resolveDealMove("NEGOTIATING", "accept-offer", "SYSTEM", offerBy("HOLDER"))).toMatchObject({ ok: false, reason: "party" });
      // An inquiry has no offer to accept.
      expect(resolveDealMove("INQUIRY", "accept-offer", "SME", offerBy("HOLDER"))).toMatchObject({ ok: false, reason: "state" });
    });

    it("lets the bank answer only while its consent is pending, and holds the fee and the record until it did", () => {
      const pending: DealFacts = { ...NO_DEAL_FACTS, consentPending: true, feeDue: true, feePaid: true };
      expect(resolveDealMove("AGREED", "consent", "BANK", pending)).toMatchObject({ ok: true, move: { to: "AGREED" } });
      expect(resolveDealMove("AGREED", "refuse-consent", "BANK", pending)).toMatchObject({ ok: true, move: { to: "CANCELLED" } });
      expect(resolveDealMove("AGREED", "consent", "BANK", NO_DEAL_FACTS)).toMatchObject({ ok: false, reason: "guard" });
      expect(resolveDealMove("AGREED", "refuse-consent", "BANK", NO_DEAL_FACTS)).toMatchObject({ ok: false, reason: "guard" });
      expect(resolveDealMove("AGREED", "consent", "HOLDER", pending)).toMatchObject({ ok: false, reason: "party" });
      expect(resolveDealMove("AGREED", "mark-paid", "SYSTEM", pending)).toMatchObject({ ok: false, reason: "guard" });
      expect(resolveDealMove("AGREED", "record", "HOLDER", { ...pending, feeDue: false, feePaid: false })).toMatchObject({ ok: false, reason: "guard" });
      // Either side may still walk away while the bank decides.
      expect(resolveDealMove("AGREED", "cancel", "SME", pending)).toMatchObject({ ok: true, move: { to: "CANCELLED" } });
    });

    it("moves to PAID only when a fee is due and paid, and records from AGREED only when none is due", () => {
      const due: DealFacts = { ...NO_DEAL_FACTS, feeDue: true };
      expect(resolveDealMove("AGREED", "mark-paid", "SYSTEM", due)).toMatchObject({ ok: false, reason: "guard" });
      expect(resolveDealMove("AGREED", "mark-paid", "SYSTEM", { ...due, feePaid: true })).toMatchObject({ ok: true, move: { to: "PAID" } });
      expect(resolveDealMove("AGREED", "mark-paid", "SYSTEM", NO_DEAL_FACTS)).toMatchObject({ ok: false, reason: "guard" });
      expect(resolveDealMove("AGREED", "mark-paid", "HOLDER", { ...due, feePaid: true })).toMatchObject({ ok: false, reason: "party" });
      // In the words the offers use (入门费, the upfront fee).
      expect(resolveDealMove("AGREED", "record", "HOLDER", due)).toEqual({ ok: false, reason: "guard", message: "请先完成入门费支付，并取得质权人同意（如需）" });
      expect(resolveDealMove("AGREED", "record", "HOLDER", NO_DEAL_FACTS)).toMatchObject({ ok: true, move: { to: "RECORDED" } });
      expect(resolveDealMove("PAID", "record", "HOLDER", { ...due, feePaid: true })).toMatchObject({ ok: true, move: { to: "RECORDED" } });
      expect(resolveDealMove("AGREED", "record", "SME", NO_DEAL_FACTS)).toMatchObject({ ok: false, reason: "party" });
    });
  });

  it("never cancels or declines once the contract is recorded", () => {
    for (const from of ["RECORDED", "CONVERTED", "DECLINED", "CANCELLED"] as const) {
      for (const party of DEAL_PARTIES) {
        for (const action of ["cancel", "decline"] as const) expect(resolveDealMove(from, action, party, NO_DEAL_FACTS).ok, `${from} ${action} ${party}`).toBe(false);
      }
    }
    // The SME cannot decline (that is the holder's answer to it); it cancels.
    expect(resolveDealMove("INQUIRY", "decline", "SME", NO_DEAL_FACTS)).toMatchObject({ ok: false, reason: "party" });
  });

  it("groups the statuses as the protection rules read them", () => {
    expect([...FINAL_DEAL_STATUSES].sort()).toEqual(["CANCELLED", "CONVERTED", "DECLINED"]);
    expect([...ENDED_DEAL_STATUSES].sort()).toEqual(["CANCELLED", "DECLINED"]);
    expect([...BINDING_DEAL_STATUSES].sort()).toEqual(["AGREED", "CONVERTED", "PAID", "RECORDED"]);
    expect([...OPEN_DEAL_STATUSES].sort()).toEqual(["AGREED", "INQUIRY", "NEGOTIATING", "PAID"]);
    expect([...MESSAGE_STATUSES].sort()).toEqual(["AGREED", "INQUIRY", "NEGOTIATING", "PAID", "RECORDED"]);
  });

  it("names every status in Chinese and says why a move does not apply", () => {
    for (const s of DEAL_STATUSES) expect(DEAL_STATUS_NAMES[s], s).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(resolveDealMove("CONVERTED", "cancel", "SME", NO_DEAL_FACTS)).toEqual({ ok: false, reason: "state", message: "交易已转化，不能“取消交易”" });
    expect(resolveDealMove("RECORDED", "report-conversion", "HOLDER", NO_DEAL_FACTS)).toEqual({ ok: false, reason: "party", message: "“报告转化”不由您执行" });
  });
});
