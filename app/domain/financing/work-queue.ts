import type { PledgeStatus } from "~/generated/prisma/enums";
import { availableActions, PLEDGE_MOVES, type PledgeAction, type PledgeFacts, type PledgeParty } from "./pledge-machine";

/**
 * "待我办理": an application waits for a party when the pledge machine offers that party a
 * move that the pipeline needs from it next. Moves a party may take at any time while the
 * loan runs (withdrawing, recording a repayment, declaring a default, recording a
 * recovery) do not make an application wait for it; nor does the report once the party
 * has accepted it (it then waits for the other). Pure.
 */

const STANDING_ACTIONS: readonly PledgeAction[] = ["withdraw", "record-repayment", "declare-default", "record-recovery"];
const REPORT_ACTIONS: readonly PledgeAction[] = ["accept-report", "reject-report"];

export type QueueFacts = PledgeFacts & { reportAcceptedBySme: boolean; reportAcceptedByBank: boolean };

/** The moves that make the application wait for `party` now. */
export function owedActions(status: PledgeStatus, party: PledgeParty, facts: QueueFacts): PledgeAction[] {
  const acceptedAlready = party === "SME" ? facts.reportAcceptedBySme : party === "BANK" ? facts.reportAcceptedByBank : false;
  return availableActions(status, party, facts).filter((a) => !STANDING_ACTIONS.includes(a) && !(acceptedAlready && REPORT_ACTIONS.includes(a)));
}

export function awaitsParty(status: PledgeStatus, party: PledgeParty, facts: QueueFacts): boolean {
  return owedActions(status, party, facts).length > 0;
}

/** The statuses in which an application can wait for `party` (to narrow the database query before the facts are read). */
export function statusesAwaiting(party: PledgeParty): PledgeStatus[] {
  return [...new Set(PLEDGE_MOVES.filter((m) => m.parties.includes(party) && !STANDING_ACTIONS.includes(m.action)).map((m) => m.from))];
}
