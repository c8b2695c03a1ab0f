-- AlterEnum
ALTER TYPE "RiskFundEntryKind" ADD VALUE 'CORRECTION';

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "products" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "emailOptOutKinds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Patent" ADD COLUMN     "contentKey" TEXT;

-- AlterTable
ALTER TABLE "PatentImport" ADD COLUMN     "drafted" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "listed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "notes" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "PledgedAsset" ADD COLUMN     "holderName" TEXT,
ADD COLUMN     "holderUscc" TEXT;

-- AlterTable
ALTER TABLE "AppraiserProfile" ADD COLUMN     "methods" "AppraisalMethod"[] DEFAULT ARRAY[]::"AppraisalMethod"[],
ADD COLUMN     "serviceArea" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "receivedOn" DATE;

-- CreateTable
CREATE TABLE "FinancingPolicyWithdrawal" (
    "id" TEXT NOT NULL,
    "policyVersionRef" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "withdrawnById" TEXT,
    "withdrawnAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FinancingPolicyWithdrawal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FinancingPolicyWithdrawal_policyVersionRef_key" ON "FinancingPolicyWithdrawal"("policyVersionRef");

-- CreateIndex
CREATE INDEX "Patent_holderId_contentKey_idx" ON "Patent"("holderId", "contentKey");

