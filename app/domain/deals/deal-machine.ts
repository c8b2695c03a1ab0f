import type { DealStatus } from "~/generated/prisma/enums";

/**
 * The deal's state machine (SPEC §5) as data: one table of moves (action, from, to,
 * parties, guard) read by the API, the pages and the payments flow alike. No other code
 * compares deal statuses to decide what may happen next.
 *
 * A deal begins as an INQUIRY (the SME asks) or, for an open licence, straight at AGREED
 * at the declared terms (app/domain/deals/create-deal.server.ts). Either side then makes
 * offers; the side that did not make the offer in force accepts it (AGREED). A patent
 * under a registered pledge waits at AGREED for the pledgee bank's consent (Civil Code
 * art. 444). The platform moves AGREED → PAID when the upfront fee is paid; with no
 * upfront fee the holder records the contract from AGREED. The SME reports conversion.
 */

export const DEAL_STATUSES = ["INQUIRY", "NEGOTIATING", "AGREED", "PAID", "RECORDED", "CONVERTED", "DECLINED", "CANCELLED"] as const satisfies readonly DealStatus[];

/** Who acts on a deal: its SME, the patent's holder, the pledgee bank (consent only), or the platform. */
export const DEAL_PARTIES = ["SME", "HOLDER", "BANK", "SYSTEM"] as const;
export type DealParty = (typeof DEAL_PARTIES)[number];

export const DEAL_ACTIONS = ["make-offer", "accept-offer", "decline", "cancel", "consent", "refuse-consent", "mark-paid", "record", "report-conversion"] as const;
export type DealAction = (typeof DEAL_ACTIONS)[number];

/** The actions of `POST /api/v1/deals/:id/actions/:action` (offers have their own endpoint; `mark-paid` is the platform's). */
export const DEAL_PARTY_ACTIONS = ["accept-offer", "decline", "cancel", "consent", "refuse-consent", "record", "report-conversion"] as const satisfies readonly DealAction[];
export type DealPartyAction = (typeof DEAL_PARTY_ACTIONS)[number];

export function isDealPartyAction(value: string): value is DealPartyAction {
  return (DEAL_PARTY_ACTIONS as readonly string[]).includes(value);
}

/** What the guards read, computed from the deal as it is before the move (facts.ts). */
export type DealFacts = {
  /** Which side made the offer in force, if any. */
  currentOfferBy: "SME" | "HOLDER" | null;
  /** The pledgee bank's consent is asked and not yet given. */
  consentPending: boolean;
  /** The agreed upfront fee is above zero. */
  feeDue: boolean;
  /** The upfront fee's payment is PAID (confirmed by the payee or by Stripe's webhook). */
  feePaid: boolean;
};

export const NO_DEAL_FACTS: DealFacts = { currentOfferBy: null, consentPending: false, feeDue: false, feePaid: false };

const GUARDS = {
  always: () => true,
  offerFromOtherSide: (f: DealFacts, party: DealParty) => f.currentOfferBy !== null && f.currentOfferBy !== party,
  consentPending: (f: DealFacts) => f.consentPending,
  feePaidNothingPending: (f: DealFacts) => !f.consentPending && f.feeDue && f.feePaid,
  noFeeNothingPending: (f: DealFacts) => !f.consentPending && !f.feeDue,
} satisfies Record<string, (f: DealFacts, party: DealParty) => boolean>;
export type DealGuard = keyof typeof GUARDS;

/** Why a guard refuses (Chinese UI copy). */
const GUARD_REFUSALS: Record<DealGuard, string> = {
  always: "",
  offerFromOtherSide: "只能接受对方提出的现行报价",
  consentPending: "质权人同意已处理，无需再次操作",
  feePaidNothingPending: "入门费尚未支付或质权人尚未同意",
  noFeeNothingPending: "请先完成入门费支付，并取得质权人同意（如需）",
};

export type DealMove = { action: DealAction; from: DealStatus; to: DealStatus; parties: readonly DealParty[]; guard: DealGuard };

const SIDES = ["SME", "HOLDER"] as const;

export const DEAL_MOVES: readonly DealMove[] = [
  { action: "make-offer", from: "INQUIRY", to: "NEGOTIATING", parties: SIDES, guard: "always" },
  { action: "make-offer", from: "NEGOTIATING", to: "NEGOTIATING", parties: SIDES, guard: "always" },
  { action: "accept-offer", from: "NEGOTIATING", to: "AGREED", parties: SIDES, guard: "offerFromOtherSide" },
  { action: "decline", from: "INQUIRY", to: "DECLINED", parties: ["HOLDER"], guard: "always" },
  { action: "decline", from: "NEGOTIATING", to: "DECLINED", parties: ["HOLDER"], guard: "always" },
  // Either side may walk away before the contract is recorded (SPEC §5).
  { action: "cancel", from: "INQUIRY", to: "CANCELLED", parties: SIDES, guard: "always" },
  { action: "cancel", from: "NEGOTIATING", to: "CANCELLED", parties: SIDES, guard: "always" },
  { action: "cancel", from: "AGREED", to: "CANCELLED", parties: SIDES, guard: "always" },
  { action: "cancel", from: "PAID", to: "CANCELLED", parties: SIDES, guard: "always" },
  { action: "consent", from: "AGREED", to: "AGREED", parties: ["BANK"], guard: "consentPending" },
  { action: "refuse-consent", from: "AGREED", to: "CANCELLED", parties: ["BANK"], guard: "consentPending" },
  { action: "mark-paid", from: "AGREED", to: "PAID", parties: ["SYSTEM"], guard: "feePaidNothingPending" },
  { action: "record", from: "AGREED", to: "RECORDED", parties: ["HOLDER"], guard: "noFeeNothingPending" },
  { action: "record", from: "PAID", to: "RECORDED", parties: ["HOLDER"], guard: "always" },
  { action: "report-conversion", from: "RECORDED", to: "CONVERTED", parties: ["SME"], guard: "always" },
];

/** Statuses nothing moves out of. */
export const FINAL_DEAL_STATUSES: readonly DealStatus[] = DEAL_STATUSES.filter((s) => !DEAL_MOVES.some((m) => m.from === s && m.to !== s));
/** The statuses that end a deal without a contract. */
export const ENDED_DEAL_STATUSES = ["DECLINED", "CANCELLED"] as const satisfies readonly DealStatus[];
/** Agreed or later and not ended: the deal binds the patent (exclusivity, assignment). */
export const BINDING_DEAL_STATUSES = ["AGREED", "PAID", "RECORDED", "CONVERTED"] as const satisfies readonly DealStatus[];
/** Still open: not agreed yet, or agreed and not recorded (what an assignment cancels). */
export const OPEN_DEAL_STATUSES = ["INQUIRY", "NEGOTIATING", "AGREED", "PAID"] as const satisfies readonly DealStatus[];
/** A thread is open until the deal is final. */
export const MESSAGE_STATUSES = DEAL_STATUSES.filter((s) => !FINAL_DEAL_STATUSES.includes(s));

export type DealResolution =
  | { ok: true; move: DealMove }
  /** `state`: the action does not apply in this status; `party`: not this caller's to take; `guard`: a precondition does not hold. */
  | { ok: false; reason: "state" | "party" | "guard"; message: string };

export const DEAL_STATUS_NAMES: Record<DealStatus, string> = {
  INQUIRY: "咨询中",
  NEGOTIATING: "洽谈中",
  AGREED: "已达成",
  PAID: "已付款",
  RECORDED: "已备案",
  CONVERTED: "已转化",
  DECLINED: "已婉拒",
  CANCELLED: "已取消",
};

const ACTION_NAMES: Record<DealAction, string> = {
  "make-offer": "报价",
  "accept-offer": "接受报价",
  decline: "婉拒",
  cancel: "取消交易",
  consent: "质权人同意",
  "refuse-consent": "质权人不同意",
  "mark-paid": "确认付款",
  record: "合同备案",
  "report-conversion": "报告转化",
};

/** The move `action` makes from `from` for `party` given `facts`, or why there is none. */
export function resolveDealMove(from: DealStatus, action: DealAction, party: DealParty, facts: DealFacts): DealResolution {
  const inState = DEAL_MOVES.filter((m) => m.action === action && m.from === from);
  if (inState.length === 0) return { ok: false, reason: "state", message: `交易${DEAL_STATUS_NAMES[from]}，不能“${ACTION_NAMES[action]}”` };
  const forParty = inState.filter((m) => m.parties.includes(party));
  if (forParty.length === 0) return { ok: false, reason: "party", message: `“${ACTION_NAMES[action]}”不由您执行` };
  const move = forParty.find((m) => GUARDS[m.guard](facts, party));
  if (!move) return { ok: false, reason: "guard", message: GUARD_REFUSALS[forParty[0].guard] };
  return { ok: true, move };
}

/** The actions `party` can take now (buttons, and the API's `actions`). */
export function availableDealActions(status: DealStatus, party: DealParty, facts: DealFacts): DealAction[] {
  return [...new Set(DEAL_MOVES.filter((m) => m.from === status && m.parties.includes(party) && GUARDS[m.guard](facts, party)).map((m) => m.action))];
}
