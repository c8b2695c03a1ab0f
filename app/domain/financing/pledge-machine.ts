import type { PledgeStatus } from "~/generated/prisma/enums";

/**
 * The pledge application's state machine (SPEC §6) as data: one table of moves
 * (action, from, to, party, guard) read by the API, the pages and the workers alike. No
 * other code compares statuses to decide what may happen next.
 *
 * Some actions have two rows with opposite guards: the second acceptance of the report
 * moves to APPRAISED while the first only records itself; accepting the terms contracts
 * at once when both fees are paid, else the platform contracts when the last payment
 * arrives; a repayment that clears the principal settles the loan. SYSTEM moves are made by the platform itself (the step
 * after a submission, the appraisal job opening, the contract once terms are accepted
 * and both fees are paid), audited as "system".
 */

export const PLEDGE_STATUSES = [
  "DRAFT",
  "SUBMITTED",
  "APPRAISAL",
  "APPRAISED",
  "BANK_REVIEW",
  "INSURER_REVIEW",
  "OFFERED",
  "CONTRACTED",
  "REGISTERED",
  "DISBURSED",
  "REPAYING",
  "SETTLED",
  "DEFAULTED",
  "COMPENSATED",
  "CLOSED",
  "REJECTED",
  "DECLINED",
  "WITHDRAWN",
] as const satisfies readonly PledgeStatus[];

/** Who acts on an application: its SME, its chosen bank or insurer, or the platform. */
export const PLEDGE_PARTIES = ["SME", "BANK", "INSURER", "SYSTEM"] as const;
export type PledgeParty = (typeof PLEDGE_PARTIES)[number];

/** The actions of API v1 (SPEC §11) plus the platform's own moves. */
export const PLEDGE_ACTIONS = [
  "submit",
  "open-appraisal",
  "accept-report",
  "reject-report",
  "start-bank-review",
  "bank-approve",
  "bank-reject",
  "insurer-approve",
  "insurer-decline",
  "accept-terms",
  "contract",
  "register",
  "disburse",
  "record-repayment",
  "declare-default",
  "record-recovery",
  "claim-compensation",
  "close",
  "withdraw",
] as const;
export type PledgeAction = (typeof PLEDGE_ACTIONS)[number];

/** Actions a caller of API v1 may ask for (the others are the platform's). */
export const PARTY_ACTIONS = PLEDGE_ACTIONS.filter((a) => !["open-appraisal", "start-bank-review", "contract"].includes(a));

/** What the guards read, computed by the use case from the application as it is before the move. */
export type PledgeFacts = {
  /** At least one asset is listed. */
  hasAssets: boolean;
  /** Every asset has an appraised value (the report is in). */
  reportReady: boolean;
  /** The other of SME and bank already accepted the report. */
  otherPartyAcceptedReport: boolean;
  /** The SME accepted the offered terms (before this move, or by this move). */
  termsAccepted: boolean;
  /** Appraisal fee and premium are both paid. */
  feesPaid: boolean;
  /** After this repayment, the disbursed principal is repaid in full. */
  repaidInFull: boolean;
};

export const NO_FACTS: PledgeFacts = {
  hasAssets: false,
  reportReady: false,
  otherPartyAcceptedReport: false,
  termsAccepted: false,
  feesPaid: false,
  repaidInFull: false,
};

const GUARDS = {
  always: () => true,
  hasAssets: (f: PledgeFacts) => f.hasAssets,
  reportReady: (f: PledgeFacts) => f.reportReady,
  firstReportAcceptance: (f: PledgeFacts) => f.reportReady && !f.otherPartyAcceptedReport,
  secondReportAcceptance: (f: PledgeFacts) => f.reportReady && f.otherPartyAcceptedReport,
  termsPendingFeesUnpaid: (f: PledgeFacts) => !f.termsAccepted && !f.feesPaid,
  termsPendingFeesPaid: (f: PledgeFacts) => !f.termsAccepted && f.feesPaid,
  termsAcceptedAndFeesPaid: (f: PledgeFacts) => f.termsAccepted && f.feesPaid,
  principalOutstanding: (f: PledgeFacts) => !f.repaidInFull,
  repaidInFull: (f: PledgeFacts) => f.repaidInFull,
} satisfies Record<string, (f: PledgeFacts) => boolean>;
export type PledgeGuard = keyof typeof GUARDS;

/** Why a guard refuses, for the caller (Chinese UI copy). */
const GUARD_REFUSALS: Record<PledgeGuard, string> = {
  always: "",
  hasAssets: "请至少添加一项质押资产",
  reportReady: "评估报告尚未提交",
  firstReportAcceptance: "评估报告尚未提交",
  secondReportAcceptance: "评估报告尚未提交",
  termsPendingFeesUnpaid: "条款已接受",
  termsPendingFeesPaid: "条款已接受",
  termsAcceptedAndFeesPaid: "企业尚未接受条款或费用未付清",
  principalOutstanding: "本金已全部还清",
  repaidInFull: "本金尚未还清",
};

export type PledgeMove = { action: PledgeAction; from: PledgeStatus; to: PledgeStatus; parties: readonly PledgeParty[]; guard: PledgeGuard };

/** SME may withdraw at any time before DISBURSED (SPEC §6). */
const WITHDRAWABLE = ["DRAFT", "SUBMITTED", "APPRAISAL", "APPRAISED", "BANK_REVIEW", "INSURER_REVIEW", "OFFERED", "CONTRACTED", "REGISTERED"] as const;

export const PLEDGE_MOVES: readonly PledgeMove[] = [
  { action: "submit", from: "DRAFT", to: "SUBMITTED", parties: ["SME"], guard: "hasAssets" },
  { action: "open-appraisal", from: "SUBMITTED", to: "APPRAISAL", parties: ["SYSTEM"], guard: "always" },
  { action: "accept-report", from: "APPRAISAL", to: "APPRAISAL", parties: ["SME", "BANK"], guard: "firstReportAcceptance" },
  { action: "accept-report", from: "APPRAISAL", to: "APPRAISED", parties: ["SME", "BANK"], guard: "secondReportAcceptance" },
  { action: "reject-report", from: "APPRAISAL", to: "APPRAISAL", parties: ["SME", "BANK"], guard: "reportReady" },
  { action: "start-bank-review", from: "APPRAISED", to: "BANK_REVIEW", parties: ["SYSTEM"], guard: "always" },
  { action: "bank-approve", from: "BANK_REVIEW", to: "INSURER_REVIEW", parties: ["BANK"], guard: "always" },
  { action: "bank-reject", from: "BANK_REVIEW", to: "REJECTED", parties: ["BANK"], guard: "always" },
  { action: "insurer-approve", from: "INSURER_REVIEW", to: "OFFERED", parties: ["INSURER"], guard: "always" },
  { action: "insurer-decline", from: "INSURER_REVIEW", to: "DECLINED", parties: ["INSURER"], guard: "always" },
  { action: "accept-terms", from: "OFFERED", to: "OFFERED", parties: ["SME"], guard: "termsPendingFeesUnpaid" },
  { action: "accept-terms", from: "OFFERED", to: "CONTRACTED", parties: ["SME"], guard: "termsPendingFeesPaid" },
  { action: "contract", from: "OFFERED", to: "CONTRACTED", parties: ["SYSTEM"], guard: "termsAcceptedAndFeesPaid" },
  { action: "register", from: "CONTRACTED", to: "REGISTERED", parties: ["BANK"], guard: "always" },
  { action: "disburse", from: "REGISTERED", to: "DISBURSED", parties: ["BANK"], guard: "always" },
  { action: "record-repayment", from: "DISBURSED", to: "REPAYING", parties: ["BANK"], guard: "principalOutstanding" },
  { action: "record-repayment", from: "DISBURSED", to: "SETTLED", parties: ["BANK"], guard: "repaidInFull" },
  { action: "record-repayment", from: "REPAYING", to: "REPAYING", parties: ["BANK"], guard: "principalOutstanding" },
  { action: "record-repayment", from: "REPAYING", to: "SETTLED", parties: ["BANK"], guard: "repaidInFull" },
  { action: "declare-default", from: "DISBURSED", to: "DEFAULTED", parties: ["BANK"], guard: "always" },
  { action: "declare-default", from: "REPAYING", to: "DEFAULTED", parties: ["BANK"], guard: "always" },
  { action: "record-recovery", from: "DEFAULTED", to: "DEFAULTED", parties: ["BANK"], guard: "always" },
  // The bank claims compensation once it has recovered what it could: the loss is shared then (SPEC §8).
  { action: "claim-compensation", from: "DEFAULTED", to: "COMPENSATED", parties: ["BANK"], guard: "always" },
  // Recoveries after compensation are shared back; the bank closes the case when recovery is over.
  { action: "record-recovery", from: "COMPENSATED", to: "COMPENSATED", parties: ["BANK"], guard: "always" },
  { action: "close", from: "COMPENSATED", to: "CLOSED", parties: ["BANK"], guard: "always" },
  ...WITHDRAWABLE.map((from) => ({ action: "withdraw" as const, from, to: "WITHDRAWN" as const, parties: ["SME"] as const, guard: "always" as const })),
];

/** Statuses nothing moves out of. */
export const FINAL_STATUSES: readonly PledgeStatus[] = PLEDGE_STATUSES.filter((s) => !PLEDGE_MOVES.some((m) => m.from === s && m.to !== s));

export type Resolution =
  | { ok: true; move: PledgeMove }
  /** `state`: the action does not apply in this status; `party`: not this caller's to take; `guard`: a precondition does not hold. */
  | { ok: false; reason: "state" | "party" | "guard"; message: string };

/** The move `action` makes from `from` for `party` given `facts`, or why there is none. */
export function resolveMove(from: PledgeStatus, action: PledgeAction, party: PledgeParty, facts: PledgeFacts): Resolution {
  const inState = PLEDGE_MOVES.filter((m) => m.action === action && m.from === from);
  if (inState.length === 0) return { ok: false, reason: "state", message: `当前状态（${from}）不能执行“${action}”` };
  const forParty = inState.filter((m) => m.parties.includes(party));
  if (forParty.length === 0) return { ok: false, reason: "party", message: `“${action}”不由您执行` };
  const move = forParty.find((m) => GUARDS[m.guard](facts));
  if (!move) return { ok: false, reason: "guard", message: GUARD_REFUSALS[forParty[0].guard] };
  return { ok: true, move };
}

/** The actions `party` can take now (for buttons and the API's `actions` list). */
export function availableActions(status: PledgeStatus, party: PledgeParty, facts: PledgeFacts): PledgeAction[] {
  const actions = PLEDGE_MOVES.filter((m) => m.from === status && m.parties.includes(party) && GUARDS[m.guard](facts)).map((m) => m.action);
  return [...new Set(actions)];
}
