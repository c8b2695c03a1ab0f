import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { notifyOrgMembers } from "../notifications/notify.server";
import { systemActor } from "../shared/actor";
import { shanghaiDate } from "../shared/calendar";
import { clock } from "../shared/clock";
import { auditDeal } from "./deal-store.server";
import { inquiryDueOn, overdueInquiriesAskedBefore } from "./inquiry-sla";

/**
 * The inquiry SLA (issue 14 §9), run by the scheduled `deals.flag-overdue` job: an
 * inquiry the holder has not answered (no offer, message or decline) by the end of its
 * last working day is flagged once — audited on the deal's timeline and the holder's
 * members notified. Idempotent: the flag is claimed by a conditional update, so a second
 * run (or a concurrent one) flags nothing; the holder's answer or the next move clears it
 * (act-on-deal.server.ts), and a deal that left INQUIRY is never flagged again.
 */
export async function flagOverdueInquiries(now = clock.now(), slaDays = getEnv().DEAL_INQUIRY_SLA_WORKING_DAYS): Promise<{ flagged: number }> {
  const askedBefore = overdueInquiriesAskedBefore(now, slaDays);
  let flagged = 0;
  for (;;) {
    const late = await db.deal.findMany({
      where: { status: "INQUIRY", answeredAt: null, overdueFlaggedAt: null, createdAt: { lt: askedBefore } },
      select: { id: true, smeId: true, holderId: true, createdAt: true, patent: { select: { title: true } }, sme: { select: { name: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 200,
    });
    let claimedAny = false;
    for (const deal of late) {
      const dueOn = inquiryDueOn(shanghaiDate(deal.createdAt), slaDays);
      const done = await db.$transaction(async (tx) => {
        const claimed = await tx.deal.updateMany({ where: { id: deal.id, status: "INQUIRY", answeredAt: null, overdueFlaggedAt: null }, data: { overdueFlaggedAt: now } });
        if (claimed.count === 0) return false;
        await auditDeal(tx, systemActor(), deal, { action: "sla.overdue", from: "INQUIRY", to: "INQUIRY", party: "SYSTEM", data: { slaWorkingDays: slaDays, dueOn } });
        await notifyOrgMembers(tx, deal.holderId, {
          sourceKey: `deal.overdue:${deal.id}`,
          kind: "deal.overdue",
          title: `交易咨询待答复：${deal.patent.title}`,
          body: `${deal.sme.name}的咨询已超过 ${slaDays} 个工作日（${dueOn} 前）未答复。请报价、留言或婉拒。`,
          link: `/deals/${deal.id}`,
        });
        return true;
      });
      if (done) {
        flagged++;
        claimedAny = true;
      }
    }
    // A full page where nothing was claimed (others flagged them meanwhile) must not loop forever.
    if (late.length < 200 || !claimedAny) return { flagged };
  }
}
