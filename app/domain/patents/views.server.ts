import { db } from "~/utils/db.server";
import { clock } from "../shared/clock";

/**
 * Counts one opening of a listed patent's detail page for its holder's insight (issue 14
 * §10): one statement, an upsert that increments the counter, so concurrent views never
 * lose a count. The holder's own views (`viewerOrgId` is the holder) and unlisted or
 * unknown patents count nothing; anonymous visitors (`null`) count.
 */
export async function recordPatentView(patentId: string, viewerOrgId: string | null): Promise<boolean> {
  const now = clock.now();
  const counted = await db.$executeRaw`
    INSERT INTO "PatentViewCount" ("patentId", views, "updatedAt")
    SELECT p.id, 1, ${now}
      FROM "Patent" p
     WHERE p.id = ${patentId} AND p.status = 'LISTED' AND p."holderId" IS DISTINCT FROM ${viewerOrgId}
    ON CONFLICT ("patentId") DO UPDATE SET views = "PatentViewCount".views + 1, "updatedAt" = EXCLUDED."updatedAt"`;
  return counted === 1;
}
