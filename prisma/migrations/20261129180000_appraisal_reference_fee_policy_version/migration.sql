-- AlterTable
ALTER TABLE "AppraisalJob" ADD COLUMN     "referenceFeePolicyVersion" TEXT;

