-- Access rules (ADR 0011) decide "was this application ever submitted?" from "submittedAt":
-- a bank, insurer, appraiser, GOVERNMENT or PLATFORM never sees one that was not.
-- The submit move has always set it; rows that reached the pipeline another way (written
-- straight to the table) get it from the audit trail's submission, else from when they
-- were created. An application withdrawn as a draft keeps NULL: it stays the SME's alone.
UPDATE "PledgeApplication" AS p
   SET "submittedAt" = COALESCE(
         (SELECT min(e."at") FROM "AuditEvent" AS e
           WHERE e."entityType" = 'PledgeApplication' AND e."entityId" = p."id" AND e."toState" = 'SUBMITTED'),
         p."createdAt")
 WHERE p."submittedAt" IS NULL
   AND (p."status" NOT IN ('DRAFT', 'WITHDRAWN')
        OR EXISTS (SELECT 1 FROM "AuditEvent" AS e
                    WHERE e."entityType" = 'PledgeApplication' AND e."entityId" = p."id" AND e."toState" = 'SUBMITTED'));
