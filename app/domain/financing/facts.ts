import { Money } from "../shared/money";
import type { PledgeFacts, PledgeParty } from "./pledge-machine";

type FactSource = {
  assets: readonly { appraisedValueFen: bigint | null }[];
  reportAcceptedBySme: boolean;
  reportAcceptedByBank: boolean;
  termsAcceptedAt: Date | null;
  appraisalFeePaidAt: Date | null;
  premiumPaidAt: Date | null;
  disbursedAmountFen: bigint | null;
  principalRepaidFen: bigint;
};

/**
 * What the pledge machine's guards read, from the application as stored. `repaying` is
 * the principal of the repayment being recorded: whether it clears the loan decides
 * between REPAYING and SETTLED.
 */
export function pledgeFacts(app: FactSource, party: PledgeParty | null, repaying: Money = Money.zero): PledgeFacts {
  const disbursed = Money.fromFen(app.disbursedAmountFen ?? 0n);
  return {
    hasAssets: app.assets.length > 0,
    reportReady: app.assets.length > 0 && app.assets.every((a) => a.appraisedValueFen !== null),
    otherPartyAcceptedReport: party === "SME" ? app.reportAcceptedByBank : party === "BANK" ? app.reportAcceptedBySme : false,
    termsAccepted: app.termsAcceptedAt !== null,
    feesPaid: app.appraisalFeePaidAt !== null && app.premiumPaidAt !== null,
    repaidInFull: disbursed.isPositive() && Money.fromFen(app.principalRepaidFen).plus(repaying).compare(disbursed) >= 0,
  };
}
