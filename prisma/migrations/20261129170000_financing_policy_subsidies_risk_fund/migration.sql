-- CreateEnum
CREATE TYPE "SubsidyKind" AS ENUM ('INTEREST', 'PREMIUM', 'APPRAISAL_FEE');

-- CreateEnum
CREATE TYPE "SubsidyAwardStatus" AS ENUM ('UNPAID', 'PAID', 'NONE');

-- CreateEnum
CREATE TYPE "SubsidyFlag" AS ENUM ('RATE_INELIGIBLE', 'PREMIUM_RATE_INELIGIBLE', 'OUTSIDE_WINDOW', 'NOTHING_PAID', 'LOAN_CAP', 'YEARLY_CAP', 'BUDGET_LIMITED', 'BUDGET_EXHAUSTED');

-- CreateEnum
CREATE TYPE "RiskFundEntryKind" AS ENUM ('TOP_UP', 'COMPENSATION', 'RECOVERY_RETURN');

-- CreateEnum
CREATE TYPE "LossShareFlag" AS ENUM ('FUND_CAPPED', 'FUND_SHORTFALL');

-- CreateTable
CREATE TABLE "FinancingPolicyVersion" (
    "id" TEXT NOT NULL,
    "policyId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "document" JSONB NOT NULL,
    "note" TEXT NOT NULL,
    "publishedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FinancingPolicyVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubsidyBudget" (
    "year" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "usedFen" BIGINT NOT NULL DEFAULT 0,
    "policyVersion" TEXT,
    "setById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubsidyBudget_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "SubsidyAward" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "smeId" TEXT NOT NULL,
    "kind" "SubsidyKind" NOT NULL,
    "sourceEvent" TEXT NOT NULL,
    "eventOn" DATE NOT NULL,
    "year" INTEGER NOT NULL,
    "baseFen" BIGINT NOT NULL,
    "computedFen" BIGINT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "flags" "SubsidyFlag"[],
    "policyVersion" TEXT NOT NULL,
    "status" "SubsidyAwardStatus" NOT NULL,
    "voucherNo" TEXT,
    "paidAt" TIMESTAMP(3),
    "paidById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubsidyAward_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskFund" (
    "id" TEXT NOT NULL,
    "balanceFen" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RiskFund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskFundEntry" (
    "id" TEXT NOT NULL,
    "kind" "RiskFundEntryKind" NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "balanceAfterFen" BIGINT NOT NULL,
    "applicationId" TEXT,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskFundEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LossShare" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "outstandingFen" BIGINT NOT NULL,
    "recoveredBeforeFen" BIGINT NOT NULL,
    "lossFen" BIGINT NOT NULL,
    "insurerFen" BIGINT NOT NULL,
    "fundFen" BIGINT NOT NULL,
    "bankFen" BIGINT NOT NULL,
    "fundDueFen" BIGINT NOT NULL,
    "flags" "LossShareFlag"[],
    "policyVersion" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LossShare_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryShare" (
    "id" TEXT NOT NULL,
    "recoveryId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "insurerFen" BIGINT NOT NULL,
    "fundFen" BIGINT NOT NULL,
    "bankFen" BIGINT NOT NULL,
    "policyVersion" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryShare_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FinancingPolicyVersion_ref_key" ON "FinancingPolicyVersion"("ref");

-- CreateIndex
CREATE INDEX "FinancingPolicyVersion_policyId_effectiveFrom_idx" ON "FinancingPolicyVersion"("policyId", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "FinancingPolicyVersion_policyId_version_key" ON "FinancingPolicyVersion"("policyId", "version");

-- CreateIndex
CREATE INDEX "SubsidyAward_applicationId_idx" ON "SubsidyAward"("applicationId");

-- CreateIndex
CREATE INDEX "SubsidyAward_smeId_year_kind_idx" ON "SubsidyAward"("smeId", "year", "kind");

-- CreateIndex
CREATE INDEX "SubsidyAward_year_status_idx" ON "SubsidyAward"("year", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SubsidyAward_applicationId_kind_sourceEvent_key" ON "SubsidyAward"("applicationId", "kind", "sourceEvent");

-- CreateIndex
CREATE INDEX "RiskFundEntry_createdAt_idx" ON "RiskFundEntry"("createdAt");

-- CreateIndex
CREATE INDEX "RiskFundEntry_applicationId_idx" ON "RiskFundEntry"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "LossShare_applicationId_key" ON "LossShare"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryShare_recoveryId_key" ON "RecoveryShare"("recoveryId");

-- CreateIndex
CREATE INDEX "RecoveryShare_applicationId_idx" ON "RecoveryShare"("applicationId");

-- AddForeignKey
ALTER TABLE "SubsidyAward" ADD CONSTRAINT "SubsidyAward_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "PledgeApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubsidyAward" ADD CONSTRAINT "SubsidyAward_smeId_fkey" FOREIGN KEY ("smeId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LossShare" ADD CONSTRAINT "LossShare_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "PledgeApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryShare" ADD CONSTRAINT "RecoveryShare_recoveryId_fkey" FOREIGN KEY ("recoveryId") REFERENCES "PledgeRecovery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryShare" ADD CONSTRAINT "RecoveryShare_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "PledgeApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A published policy version is never edited (SPEC §8): past computations name it and
-- must keep meaning what they meant. A change is a new version.
CREATE FUNCTION "financing_policy_version_immutable"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'a published financing policy version is never edited: publish a new version';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "FinancingPolicyVersion_no_update"
  BEFORE UPDATE ON "FinancingPolicyVersion"
  FOR EACH ROW EXECUTE FUNCTION "financing_policy_version_immutable"();

-- The subsidy budget is never overspent and the fund never goes below zero, whatever the code does.
ALTER TABLE "SubsidyBudget" ADD CONSTRAINT "SubsidyBudget_used_within_amount" CHECK ("usedFen" >= 0 AND "usedFen" <= "amountFen");
ALTER TABLE "RiskFund" ADD CONSTRAINT "RiskFund_balance_not_negative" CHECK ("balanceFen" >= 0);
