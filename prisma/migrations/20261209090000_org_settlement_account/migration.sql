-- Where the treasury pays an org's subsidies (issue 19): the payment batch names the payee's bank and account.
ALTER TABLE "Organization" ADD COLUMN "settlementBank" TEXT,
ADD COLUMN "settlementAccount" TEXT;
