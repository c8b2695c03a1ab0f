
-- CreateEnum
CREATE TYPE "IndicatorStatus" AS ENUM ('ACHIEVED', 'ON_TRACK', 'BEHIND', 'NO_DATA');

-- CreateEnum
CREATE TYPE "IndicatorSnapshotSource" AS ENUM ('SCHEDULED', 'BACKFILL');

-- CreateTable
CREATE TABLE "IndicatorEntry" (
    "id" TEXT NOT NULL,
    "seriesKey" TEXT NOT NULL,
    "value" DECIMAL(24,4) NOT NULL,
    "asOf" DATE NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT,
    "replacesId" TEXT,
    "orgId" TEXT NOT NULL,
    "enteredById" TEXT,
    "apiKeyId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IndicatorEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorSnapshot" (
    "id" TEXT NOT NULL,
    "indicatorKey" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "value" DECIMAL(30,12),
    "platformValue" DECIMAL(30,12),
    "statisticValue" DECIMAL(30,12),
    "expected" DECIMAL(30,12),
    "status" "IndicatorStatus" NOT NULL,
    "recordCount" INTEGER NOT NULL DEFAULT 0,
    "source" "IndicatorSnapshotSource" NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IndicatorSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorEntry_replacesId_key" ON "IndicatorEntry"("replacesId");

-- CreateIndex
CREATE INDEX "IndicatorEntry_seriesKey_asOf_idx" ON "IndicatorEntry"("seriesKey", "asOf");

-- CreateIndex
CREATE INDEX "IndicatorEntry_orgId_idx" ON "IndicatorEntry"("orgId");

-- CreateIndex
CREATE INDEX "IndicatorSnapshot_month_idx" ON "IndicatorSnapshot"("month");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorSnapshot_indicatorKey_month_key" ON "IndicatorSnapshot"("indicatorKey", "month");

-- AddForeignKey
ALTER TABLE "IndicatorEntry" ADD CONSTRAINT "IndicatorEntry_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorEntry" ADD CONSTRAINT "IndicatorEntry_replacesId_fkey" FOREIGN KEY ("replacesId") REFERENCES "IndicatorEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Statistic entries are append-only (issue 17 §2): a correction is a new row naming the
-- one it replaces. Nothing may rewrite or remove what was entered.
CREATE FUNCTION "indicator_entry_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'IndicatorEntry is append-only: enter a correction that replaces entry %', OLD."id"
    USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "IndicatorEntry_append_only"
  BEFORE UPDATE OR DELETE ON "IndicatorEntry"
  FOR EACH ROW EXECUTE FUNCTION "indicator_entry_append_only"();
