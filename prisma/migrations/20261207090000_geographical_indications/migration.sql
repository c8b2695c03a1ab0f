-- CreateEnum
CREATE TYPE "GiKind" AS ENUM ('PROTECTED_PRODUCT', 'CERTIFICATION_MARK', 'COLLECTIVE_MARK');

-- CreateEnum
CREATE TYPE "GiApplicationStatus" AS ENUM ('SUBMITTED', 'SUPPLEMENT_REQUESTED', 'APPROVED', 'REJECTED', 'REVOKED');

-- CreateEnum
CREATE TYPE "GiApplicationSource" AS ENUM ('APPLICATION', 'REGISTER_IMPORT');

-- CreateEnum
CREATE TYPE "GiSpotCheckStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "GiCheckResult" AS ENUM ('PENDING', 'PASS', 'FAIL');

-- CreateTable
CREATE TABLE "GiProduct" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "GiKind" NOT NULL,
    "registrationNumber" TEXT NOT NULL,
    "protectedTowns" TEXT[],
    "qualityStandard" TEXT NOT NULL,
    "notes" TEXT,
    "certificatePrefix" TEXT NOT NULL,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GiProduct_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GiApplication" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "orgId" TEXT,
    "source" "GiApplicationSource" NOT NULL DEFAULT 'APPLICATION',
    "status" "GiApplicationStatus" NOT NULL DEFAULT 'SUBMITTED',
    "version" INTEGER NOT NULL DEFAULT 1,
    "enterpriseName" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "productionAddress" TEXT,
    "town" TEXT NOT NULL,
    "annualOutputKg" INTEGER,
    "description" TEXT,
    "committedAt" TIMESTAMP(3),
    "supplementRequest" TEXT,
    "rejectionReason" TEXT,
    "announcementNumber" TEXT,
    "announcedOn" DATE,
    "certificateNumber" TEXT,
    "certificateYear" INTEGER,
    "certificateSeq" INTEGER,
    "approvedAt" TIMESTAMP(3),
    "revokedOn" DATE,
    "revocationReason" TEXT,
    "importBatchId" TEXT,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GiApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GiEvidenceFile" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "originalName" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GiEvidenceFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GiCertificateCounter" (
    "productId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "GiCertificateCounter_pkey" PRIMARY KEY ("productId","year")
);

-- CreateTable
CREATE TABLE "GiRegisterImport" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "userId" TEXT,
    "fileName" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GiRegisterImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GiSpotCheck" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "share" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "population" TEXT[],
    "status" "GiSpotCheckStatus" NOT NULL DEFAULT 'OPEN',
    "version" INTEGER NOT NULL DEFAULT 1,
    "openedByOrgId" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GiSpotCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GiSpotCheckItem" (
    "id" TEXT NOT NULL,
    "spotCheckId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "drawOrder" INTEGER NOT NULL,
    "result" "GiCheckResult" NOT NULL DEFAULT 'PENDING',
    "findings" TEXT,
    "rectifyBy" DATE,
    "rectifiedOn" DATE,
    "recordedAt" TIMESTAMP(3),
    "overdueFlaggedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GiSpotCheckItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GiProduct_name_key" ON "GiProduct"("name");

-- CreateIndex
CREATE UNIQUE INDEX "GiProduct_certificatePrefix_key" ON "GiProduct"("certificatePrefix");

-- CreateIndex
CREATE UNIQUE INDEX "GiApplication_certificateNumber_key" ON "GiApplication"("certificateNumber");

-- CreateIndex
CREATE INDEX "GiApplication_productId_status_idx" ON "GiApplication"("productId", "status");

-- CreateIndex
CREATE INDEX "GiApplication_orgId_status_idx" ON "GiApplication"("orgId", "status");

-- CreateIndex
CREATE INDEX "GiApplication_uscc_idx" ON "GiApplication"("uscc");

-- CreateIndex
CREATE INDEX "GiApplication_status_submittedAt_idx" ON "GiApplication"("status", "submittedAt");

-- CreateIndex
CREATE INDEX "GiApplication_importBatchId_idx" ON "GiApplication"("importBatchId");

-- CreateIndex
CREATE INDEX "GiEvidenceFile_applicationId_idx" ON "GiEvidenceFile"("applicationId");

-- CreateIndex
CREATE INDEX "GiRegisterImport_orgId_createdAt_idx" ON "GiRegisterImport"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "GiSpotCheck_productId_year_idx" ON "GiSpotCheck"("productId", "year");

-- CreateIndex
CREATE INDEX "GiSpotCheck_status_idx" ON "GiSpotCheck"("status");

-- CreateIndex
CREATE INDEX "GiSpotCheckItem_applicationId_idx" ON "GiSpotCheckItem"("applicationId");

-- CreateIndex
CREATE INDEX "GiSpotCheckItem_result_rectifyBy_idx" ON "GiSpotCheckItem"("result", "rectifyBy");

-- CreateIndex
CREATE UNIQUE INDEX "GiSpotCheckItem_spotCheckId_applicationId_key" ON "GiSpotCheckItem"("spotCheckId", "applicationId");

-- AddForeignKey
ALTER TABLE "GiApplication" ADD CONSTRAINT "GiApplication_productId_fkey" FOREIGN KEY ("productId") REFERENCES "GiProduct"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GiApplication" ADD CONSTRAINT "GiApplication_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GiEvidenceFile" ADD CONSTRAINT "GiEvidenceFile_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "GiApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GiCertificateCounter" ADD CONSTRAINT "GiCertificateCounter_productId_fkey" FOREIGN KEY ("productId") REFERENCES "GiProduct"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GiSpotCheck" ADD CONSTRAINT "GiSpotCheck_productId_fkey" FOREIGN KEY ("productId") REFERENCES "GiProduct"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GiSpotCheckItem" ADD CONSTRAINT "GiSpotCheckItem_spotCheckId_fkey" FOREIGN KEY ("spotCheckId") REFERENCES "GiSpotCheck"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GiSpotCheckItem" ADD CONSTRAINT "GiSpotCheckItem_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "GiApplication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- One open or active application/authorization per (product, enterprise): an enterprise
-- may apply again only after a rejection or a revocation (issue 16 §2).
CREATE UNIQUE INDEX "GiApplication_one_open_per_product_uscc" ON "GiApplication"("productId", "uscc") WHERE "status" IN ('SUBMITTED', 'SUPPLEMENT_REQUESTED', 'APPROVED');
