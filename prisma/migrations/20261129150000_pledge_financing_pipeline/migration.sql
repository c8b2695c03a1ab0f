-- CreateEnum
CREATE TYPE "PledgeStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'APPRAISAL', 'APPRAISED', 'BANK_REVIEW', 'INSURER_REVIEW', 'OFFERED', 'CONTRACTED', 'REGISTERED', 'DISBURSED', 'REPAYING', 'SETTLED', 'DEFAULTED', 'COMPENSATED', 'CLOSED', 'REJECTED', 'DECLINED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "PledgeAssetType" AS ENUM ('INVENTION', 'UTILITY_MODEL', 'DESIGN', 'TRADEMARK', 'GI_MARK');

-- CreateEnum
CREATE TYPE "AppraisalJobStatus" AS ENUM ('OPEN', 'OFFERED', 'ASSIGNED', 'REPORTED', 'UNASSIGNED');

-- CreateEnum
CREATE TYPE "AppraisalMethod" AS ENUM ('INCOME', 'MARKET', 'COST');

-- CreateEnum
CREATE TYPE "PaymentKind" AS ENUM ('APPRAISAL_FEE', 'PREMIUM');

-- CreateEnum
CREATE TYPE "PaymentMethod" AS ENUM ('OFFLINE', 'STRIPE');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('PENDING', 'TRANSFER_SUBMITTED', 'PAID', 'FAILED', 'REFUNDED');

-- CreateTable
CREATE TABLE "PledgeApplication" (
    "id" TEXT NOT NULL,
    "smeId" TEXT NOT NULL,
    "bankId" TEXT NOT NULL,
    "insurerId" TEXT NOT NULL,
    "status" "PledgeStatus" NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 1,
    "requestedAmountFen" BIGINT NOT NULL,
    "termMonths" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "reportAcceptedBySme" BOOLEAN NOT NULL DEFAULT false,
    "reportAcceptedByBank" BOOLEAN NOT NULL DEFAULT false,
    "loanCapFen" BIGINT,
    "approvedAmountFen" BIGINT,
    "annualRate" TEXT,
    "approvedTermMonths" INTEGER,
    "premiumRate" TEXT,
    "premiumFen" BIGINT,
    "policyVersion" TEXT,
    "termsAcceptedAt" TIMESTAMP(3),
    "appraisalFeePaidAt" TIMESTAMP(3),
    "premiumPaidAt" TIMESTAMP(3),
    "cnipaRegNo" TEXT,
    "registeredOn" DATE,
    "registrationCancelledOn" DATE,
    "disbursedAmountFen" BIGINT,
    "disbursedOn" DATE,
    "principalRepaidFen" BIGINT NOT NULL DEFAULT 0,
    "interestPaidFen" BIGINT NOT NULL DEFAULT 0,
    "defaultedOn" DATE,
    "outstandingAtDefaultFen" BIGINT,
    "recoveredFen" BIGINT NOT NULL DEFAULT 0,
    "endReason" TEXT,
    "stageEnteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "overdueFlaggedAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PledgeApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PledgedAsset" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "assetType" "PledgeAssetType" NOT NULL,
    "patentId" TEXT,
    "registrationNumber" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "appraisedValueFen" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PledgedAsset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PledgeRepayment" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "paidOn" DATE NOT NULL,
    "principalFen" BIGINT NOT NULL,
    "interestFen" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PledgeRepayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PledgeRecovery" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "recoveredOn" DATE NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PledgeRecovery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppraiserProfile" (
    "orgId" TEXT NOT NULL,
    "filingRecordNumber" TEXT,
    "qualifiedAssetTypes" "PledgeAssetType"[],
    "affiliatedOrgIds" TEXT[],
    "capacity" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppraiserProfile_pkey" PRIMARY KEY ("orgId")
);

-- CreateTable
CREATE TABLE "AppraisalJob" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "status" "AppraisalJobStatus" NOT NULL DEFAULT 'OPEN',
    "version" INTEGER NOT NULL DEFAULT 1,
    "deadline" TIMESTAMP(3) NOT NULL,
    "extended" BOOLEAN NOT NULL DEFAULT false,
    "referenceFeeFen" BIGINT NOT NULL,
    "ranking" TEXT[],
    "refusedIds" TEXT[],
    "lotterySeed" TEXT,
    "assignedAppraiserId" TEXT,
    "assignedFeeFen" BIGINT,
    "offeredAt" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "reportMethod" "AppraisalMethod",
    "reportValidUntil" DATE,
    "reportedAt" TIMESTAMP(3),
    "reportFilePath" TEXT,
    "reportFileBytes" INTEGER,
    "ratingStars" INTEGER,
    "ratedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppraisalJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppraisalBid" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "appraiserId" TEXT NOT NULL,
    "feeFen" BIGINT NOT NULL,
    "days" INTEGER NOT NULL,
    "method" "AppraisalMethod" NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppraisalBid_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "kind" "PaymentKind" NOT NULL,
    "payerId" TEXT NOT NULL,
    "payeeId" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "method" "PaymentMethod" NOT NULL,
    "status" "PaymentStatus" NOT NULL DEFAULT 'PENDING',
    "version" INTEGER NOT NULL DEFAULT 1,
    "transferReference" TEXT,
    "stripePaymentIntentId" TEXT,
    "paidAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StripeEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "StripeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PledgeApplication_smeId_status_idx" ON "PledgeApplication"("smeId", "status");

-- CreateIndex
CREATE INDEX "PledgeApplication_bankId_status_idx" ON "PledgeApplication"("bankId", "status");

-- CreateIndex
CREATE INDEX "PledgeApplication_insurerId_status_idx" ON "PledgeApplication"("insurerId", "status");

-- CreateIndex
CREATE INDEX "PledgeApplication_status_stageEnteredAt_idx" ON "PledgeApplication"("status", "stageEnteredAt");

-- CreateIndex
CREATE INDEX "PledgedAsset_applicationId_idx" ON "PledgedAsset"("applicationId");

-- CreateIndex
CREATE INDEX "PledgedAsset_patentId_idx" ON "PledgedAsset"("patentId");

-- CreateIndex
CREATE UNIQUE INDEX "PledgedAsset_applicationId_registrationNumber_key" ON "PledgedAsset"("applicationId", "registrationNumber");

-- CreateIndex
CREATE INDEX "PledgeRepayment_applicationId_idx" ON "PledgeRepayment"("applicationId");

-- CreateIndex
CREATE INDEX "PledgeRecovery_applicationId_idx" ON "PledgeRecovery"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "AppraisalJob_applicationId_key" ON "AppraisalJob"("applicationId");

-- CreateIndex
CREATE INDEX "AppraisalJob_status_deadline_idx" ON "AppraisalJob"("status", "deadline");

-- CreateIndex
CREATE INDEX "AppraisalJob_assignedAppraiserId_status_idx" ON "AppraisalJob"("assignedAppraiserId", "status");

-- CreateIndex
CREATE INDEX "AppraisalBid_appraiserId_idx" ON "AppraisalBid"("appraiserId");

-- CreateIndex
CREATE UNIQUE INDEX "AppraisalBid_jobId_appraiserId_key" ON "AppraisalBid"("jobId", "appraiserId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_stripePaymentIntentId_key" ON "Payment"("stripePaymentIntentId");

-- CreateIndex
CREATE INDEX "Payment_payerId_status_idx" ON "Payment"("payerId", "status");

-- CreateIndex
CREATE INDEX "Payment_payeeId_status_idx" ON "Payment"("payeeId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_applicationId_kind_key" ON "Payment"("applicationId", "kind");

-- AddForeignKey
ALTER TABLE "PledgeApplication" ADD CONSTRAINT "PledgeApplication_smeId_fkey" FOREIGN KEY ("smeId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgeApplication" ADD CONSTRAINT "PledgeApplication_bankId_fkey" FOREIGN KEY ("bankId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgeApplication" ADD CONSTRAINT "PledgeApplication_insurerId_fkey" FOREIGN KEY ("insurerId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgedAsset" ADD CONSTRAINT "PledgedAsset_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "PledgeApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgedAsset" ADD CONSTRAINT "PledgedAsset_patentId_fkey" FOREIGN KEY ("patentId") REFERENCES "Patent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgeRepayment" ADD CONSTRAINT "PledgeRepayment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "PledgeApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgeRecovery" ADD CONSTRAINT "PledgeRecovery_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "PledgeApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppraiserProfile" ADD CONSTRAINT "AppraiserProfile_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppraisalJob" ADD CONSTRAINT "AppraisalJob_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "PledgeApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppraisalJob" ADD CONSTRAINT "AppraisalJob_assignedAppraiserId_fkey" FOREIGN KEY ("assignedAppraiserId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppraisalBid" ADD CONSTRAINT "AppraisalBid_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "AppraisalJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppraisalBid" ADD CONSTRAINT "AppraisalBid_appraiserId_fkey" FOREIGN KEY ("appraiserId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "PledgeApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_payerId_fkey" FOREIGN KEY ("payerId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_payeeId_fkey" FOREIGN KEY ("payeeId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Amounts are integer fen; these can never be negative (and a request is never zero).
ALTER TABLE "PledgeApplication" ADD CONSTRAINT "PledgeApplication_amounts_check" CHECK (
  "requestedAmountFen" > 0 AND "termMonths" > 0 AND "version" > 0
  AND "principalRepaidFen" >= 0 AND "interestPaidFen" >= 0 AND "recoveredFen" >= 0
  AND ("approvedAmountFen" IS NULL OR "approvedAmountFen" > 0)
  AND ("premiumFen" IS NULL OR "premiumFen" >= 0)
);
ALTER TABLE "PledgedAsset" ADD CONSTRAINT "PledgedAsset_value_check" CHECK ("appraisedValueFen" IS NULL OR "appraisedValueFen" >= 0);
ALTER TABLE "PledgeRepayment" ADD CONSTRAINT "PledgeRepayment_amounts_check" CHECK ("principalFen" >= 0 AND "interestFen" >= 0 AND "principalFen" + "interestFen" > 0);
ALTER TABLE "PledgeRecovery" ADD CONSTRAINT "PledgeRecovery_amount_check" CHECK ("amountFen" > 0);
ALTER TABLE "AppraisalBid" ADD CONSTRAINT "AppraisalBid_terms_check" CHECK ("feeFen" > 0 AND "days" >= 1);
ALTER TABLE "AppraisalJob" ADD CONSTRAINT "AppraisalJob_fees_check" CHECK ("referenceFeeFen" > 0 AND ("assignedFeeFen" IS NULL OR "assignedFeeFen" > 0));
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_amount_check" CHECK ("amountFen" > 0);
ALTER TABLE "AppraisalJob" ADD CONSTRAINT "AppraisalJob_rating_check" CHECK ("ratingStars" IS NULL OR "ratingStars" BETWEEN 1 AND 5);
