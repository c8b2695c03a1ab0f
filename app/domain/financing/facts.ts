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
export function pledgeFacts(app: FactSource, party: PledgeParty | null, repaying = 0n): PledgeFacts {
  const disbursed = app.disbursedAmountFen ?? 0n;
  return {
    hasAssets: app.assets.length > 0,
    reportReady: app.assets.length > 0 && app.assets.every((a) => a.appraisedValueFen !== null),
    otherPartyAcceptedReport: party === "SME" ? app.reportAcceptedByBank : party === "BANK" ? app.reportAcceptedBySme : false,
    termsAccepted: app.termsAcceptedAt !== null,
    feesPaid: app.appraisalFeePaidAt !== null && app.premiumPaidAt !== null,
    repaidInFull: disbursed > 0n && app.principalRepaidFen + repaying >= disbursed,
  };
}
