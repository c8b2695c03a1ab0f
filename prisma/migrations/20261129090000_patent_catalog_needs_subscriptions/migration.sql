-- CreateEnum
CREATE TYPE "PatentType" AS ENUM ('INVENTION', 'UTILITY_MODEL', 'DESIGN');

-- CreateEnum
CREATE TYPE "LegalStatus" AS ENUM ('PENDING', 'VALID', 'LAPSED', 'INVALIDATED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "PatentStatus" AS ENUM ('DRAFT', 'LISTED', 'UNLISTED');

-- CreateEnum
CREATE TYPE "ListingMode" AS ENUM ('ASSIGNMENT', 'EXCLUSIVE', 'SOLE', 'NON_EXCLUSIVE', 'OPEN_LICENCE');

-- CreateEnum
CREATE TYPE "RoyaltyBasis" AS ENUM ('NET_SALES', 'PROFIT');

-- CreateEnum
CREATE TYPE "HighValueFlag" AS ENUM ('STRATEGIC_EMERGING', 'OVERSEAS_FAMILY', 'MAINTAINED_OVER_10Y', 'PLEDGE_FINANCED', 'NATIONAL_AWARD');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "ImportMode" AS ENUM ('ALL_OR_NOTHING', 'SKIP_INVALID');

-- CreateEnum
CREATE TYPE "NeedStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "SubscriptionKind" AS ENUM ('SEARCH', 'NEED');

-- CreateTable
CREATE TABLE "Patent" (
    "id" TEXT NOT NULL,
    "holderId" TEXT NOT NULL,
    "applicationNumber" TEXT,
    "publicationNumber" TEXT,
    "type" "PatentType",
    "title" TEXT NOT NULL,
    "abstract" TEXT NOT NULL,
    "claims" TEXT NOT NULL DEFAULT '',
    "ipcCodes" TEXT[],
    "filingDate" DATE,
    "grantDate" DATE,
    "expiryDate" DATE,
    "legalStatus" "LegalStatus" NOT NULL DEFAULT 'PENDING',
    "clusters" TEXT[],
    "highValueFlags" "HighValueFlag"[],
    "trl" INTEGER,
    "advantage" TEXT,
    "targetApplication" TEXT,
    "status" "PatentStatus" NOT NULL DEFAULT 'DRAFT',
    "listedAt" TIMESTAMP(3),
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "changeTx" xid8,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Patent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PatentListing" (
    "patentId" TEXT NOT NULL,
    "mode" "ListingMode" NOT NULL,
    "askingPriceFen" BIGINT,
    "royaltyPercent" DECIMAL(5,2),
    "royaltyBasis" "RoyaltyBasis",
    "negotiable" BOOLEAN NOT NULL DEFAULT false,
    "evaluationReportNo" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PatentListing_pkey" PRIMARY KEY ("patentId")
);

-- CreateTable
CREATE TABLE "PatentIpc" (
    "patentId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "class" TEXT NOT NULL,
    "subclass" TEXT NOT NULL,
    "group" TEXT NOT NULL,
    "isMain" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "PatentIpc_pkey" PRIMARY KEY ("patentId","code")
);

-- CreateTable
CREATE TABLE "PatentInventor" (
    "patentId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "PatentInventor_pkey" PRIMARY KEY ("patentId","position")
);

-- CreateTable
CREATE TABLE "PatentImport" (
    "id" TEXT NOT NULL,
    "holderId" TEXT NOT NULL,
    "createdById" TEXT,
    "fileName" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "mode" "ImportMode" NOT NULL,
    "publish" BOOLEAN NOT NULL DEFAULT true,
    "status" "ImportStatus" NOT NULL DEFAULT 'QUEUED',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "message" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PatentImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PatentImportFile" (
    "importId" TEXT NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "PatentImportFile_pkey" PRIMARY KEY ("importId")
);

-- CreateTable
CREATE TABLE "Need" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "createdById" TEXT,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "ipcHints" TEXT[],
    "clusters" TEXT[],
    "budgetMaxFen" BIGINT,
    "preferredHolderKinds" "OrgKind"[],
    "status" "NeedStatus" NOT NULL DEFAULT 'OPEN',
    "matchedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Need_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NeedMatch" (
    "needId" TEXT NOT NULL,
    "patentId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "score" DECIMAL(6,2) NOT NULL,
    "reasons" JSONB NOT NULL,

    CONSTRAINT "NeedMatch_pkey" PRIMARY KEY ("needId","patentId")
);

-- CreateTable
CREATE TABLE "Subscription" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" "SubscriptionKind" NOT NULL,
    "name" TEXT NOT NULL,
    "query" JSONB,
    "needId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriptionHit" (
    "subscriptionId" TEXT NOT NULL,
    "patentId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubscriptionHit_pkey" PRIMARY KEY ("subscriptionId","patentId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Patent_applicationNumber_key" ON "Patent"("applicationNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Patent_publicationNumber_key" ON "Patent"("publicationNumber");

-- CreateIndex
CREATE INDEX "Patent_holderId_status_idx" ON "Patent"("holderId", "status");

-- CreateIndex
CREATE INDEX "Patent_status_listedAt_idx" ON "Patent"("status", "listedAt");

-- CreateIndex
CREATE INDEX "Patent_changeTx_idx" ON "Patent"("changeTx");

-- CreateIndex
CREATE INDEX "PatentListing_mode_idx" ON "PatentListing"("mode");

-- CreateIndex
CREATE INDEX "PatentIpc_subclass_idx" ON "PatentIpc"("subclass");

-- CreateIndex
CREATE INDEX "PatentIpc_group_idx" ON "PatentIpc"("group");

-- CreateIndex
CREATE INDEX "PatentInventor_name_idx" ON "PatentInventor"("name");

-- CreateIndex
CREATE INDEX "PatentImport_holderId_createdAt_idx" ON "PatentImport"("holderId", "createdAt");

-- CreateIndex
CREATE INDEX "Need_orgId_createdAt_idx" ON "Need"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "Need_status_idx" ON "Need"("status");

-- CreateIndex
CREATE INDEX "NeedMatch_patentId_idx" ON "NeedMatch"("patentId");

-- CreateIndex
CREATE INDEX "NeedMatch_needId_rank_idx" ON "NeedMatch"("needId", "rank");

-- CreateIndex
CREATE INDEX "Subscription_orgId_idx" ON "Subscription"("orgId");

-- CreateIndex
CREATE INDEX "Subscription_userId_idx" ON "Subscription"("userId");

-- CreateIndex
CREATE INDEX "Subscription_needId_idx" ON "Subscription"("needId");

-- CreateIndex
CREATE INDEX "Subscription_active_kind_idx" ON "Subscription"("active", "kind");

-- AddForeignKey
ALTER TABLE "Patent" ADD CONSTRAINT "Patent_holderId_fkey" FOREIGN KEY ("holderId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatentListing" ADD CONSTRAINT "PatentListing_patentId_fkey" FOREIGN KEY ("patentId") REFERENCES "Patent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatentIpc" ADD CONSTRAINT "PatentIpc_patentId_fkey" FOREIGN KEY ("patentId") REFERENCES "Patent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatentInventor" ADD CONSTRAINT "PatentInventor_patentId_fkey" FOREIGN KEY ("patentId") REFERENCES "Patent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatentImport" ADD CONSTRAINT "PatentImport_holderId_fkey" FOREIGN KEY ("holderId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatentImport" ADD CONSTRAINT "PatentImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatentImportFile" ADD CONSTRAINT "PatentImportFile_importId_fkey" FOREIGN KEY ("importId") REFERENCES "PatentImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Need" ADD CONSTRAINT "Need_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Need" ADD CONSTRAINT "Need_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedMatch" ADD CONSTRAINT "NeedMatch_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedMatch" ADD CONSTRAINT "NeedMatch_patentId_fkey" FOREIGN KEY ("patentId") REFERENCES "Patent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionHit" ADD CONSTRAINT "SubscriptionHit_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Change feed for the search indexes that web processes hold (embedded engine). Every write
-- of a patent records its transaction id; writes of its listing terms or of its holder's
-- name or kind touch the patent so that they count too. A follower reads the rows whose
-- transaction id is at or above its cursor, then moves the cursor to the oldest
-- transaction still running at that moment (pg_snapshot_xmin), so a transaction that
-- commits late is still seen: sequences or timestamps would miss it.
CREATE FUNCTION "patent_record_change_tx"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."changeTx" := pg_current_xact_id();
  RETURN NEW;
END $$;

CREATE TRIGGER "Patent_record_change_tx"
  BEFORE INSERT OR UPDATE ON "Patent"
  FOR EACH ROW EXECUTE FUNCTION "patent_record_change_tx"();

CREATE FUNCTION "patent_listing_touch_patent"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Patent" SET "changeTx" = NULL WHERE id = COALESCE(NEW."patentId", OLD."patentId");
  RETURN NULL;
END $$;

CREATE TRIGGER "PatentListing_touch_patent"
  AFTER INSERT OR UPDATE OR DELETE ON "PatentListing"
  FOR EACH ROW EXECUTE FUNCTION "patent_listing_touch_patent"();

CREATE FUNCTION "organization_touch_patents"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.name IS DISTINCT FROM OLD.name OR NEW.kind IS DISTINCT FROM OLD.kind THEN
    UPDATE "Patent" SET "changeTx" = NULL WHERE "holderId" = NEW.id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Organization_touch_patents"
  AFTER UPDATE ON "Organization"
  FOR EACH ROW EXECUTE FUNCTION "organization_touch_patents"();
