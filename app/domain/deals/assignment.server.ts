import type { DealStatus } from "~/generated/prisma/enums";
import type { Tx } from "~/utils/db.server";
import { systemActor } from "../shared/actor";
import { clock } from "../shared/clock";
import { newId } from "../shared/ids";
import type { DealNotice, LockedDeal } from "./deal-store.server";

/**
 * Rule 3 (issue 14 §5): an assignment recorded moves the patent to the SME. Its listing
 * ends (the new holder lists it on its own terms), the search index drops it, and every
 * other open deal on it is cancelled with a notice to each party. A fixed number of
 * statements however many deals are cancelled.
 */
export async function assignPatent(tx: Tx, deal: LockedDeal): Promise<{ notices: DealNotice[]; searchSync: string[] }> {
  const now = clock.now();
  await tx.$executeRaw`
    WITH listing AS (DELETE FROM "PatentListing" WHERE "patentId" = ${deal.patentId})
    UPDATE "Patent" SET "holderId" = ${deal.smeId}, status = 'UNLISTED', version = version + 1, "updatedAt" = ${now}
     WHERE id = ${deal.patentId}`;
  const note = `专利已转让给${deal.smeName}`;
  const cancelled = await tx.$queryRaw<{ id: string; smeId: string; holderId: string; pledgeeBankId: string | null; fromStatus: DealStatus; version: number }[]>`
    WITH open AS (
      SELECT id, status FROM "Deal"
       WHERE "patentId" = ${deal.patentId} AND "holderId" = ${deal.holderId} AND id <> ${deal.id}
         AND status IN ('INQUIRY', 'NEGOTIATING', 'AGREED', 'PAID')
         FOR UPDATE)
    UPDATE "Deal" d
       SET status = 'CANCELLED', version = d.version + 1, "endNote" = ${note}, "endedAt" = ${now},
           "stageEnteredAt" = ${now}, "overdueFlaggedAt" = NULL, "updatedAt" = ${now}
      FROM open
     WHERE d.id = open.id
    RETURNING d.id, d."smeId", d."holderId", d."pledgeeBankId", open.status AS "fromStatus", d.version`;
  if (cancelled.length > 0) {
    const system = systemActor();
    await tx.auditEvent.createMany({
      data: cancelled.map((c) => ({
        id: newId(),
        actorUserId: system.userId,
        orgId: c.smeId,
        entityType: "Deal",
        entityId: c.id,
        action: "cancel",
        fromState: c.fromStatus,
        toState: "CANCELLED",
        reason: note,
        data: { cause: "patent-assigned", assignmentDealId: deal.id },
        at: now,
      })),
    });
  }
  const notices = cancelled.flatMap((c) =>
    [c.smeId, c.holderId, ...(c.fromStatus === "AGREED" && c.pledgeeBankId ? [c.pledgeeBankId] : [])].map((orgId) => ({
      orgId,
      kind: "deal.cancelled",
      title: `交易已取消：${deal.patentTitle}`,
      body: `该专利已转让给${deal.smeName}，本交易自动取消。`,
      sourceKey: `deal.cancelled:${c.id}:v${c.version}`,
      link: `/deals/${c.id}`,
    })),
  );
  return { notices, searchSync: [deal.patentId] };
}
