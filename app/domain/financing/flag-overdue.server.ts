import type { PledgeStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { notifyOrgsAndGovernment } from "../notifications/notify.server";
import { systemActor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { getPolicyInForce } from "./policy-store.server";
import { clock } from "../shared/clock";

/** Whose move it is in each timed stage (SPEC §6): they and GOVERNMENT hear when it runs late. */
export const NEXT_STEP_OWNER: Partial<Record<PledgeStatus, "SME" | "BANK" | "INSURER" | "APPRAISER">> = {
  APPRAISAL: "APPRAISER",
  APPRAISED: "BANK",
  BANK_REVIEW: "BANK",
  INSURER_REVIEW: "INSURER",
  OFFERED: "SME",
  CONTRACTED: "BANK",
  REGISTERED: "BANK",
};

const STATUS_NAMES: Partial<Record<PledgeStatus, string>> = {
  SUBMITTED: "已提交",
  APPRAISAL: "评估",
  APPRAISED: "评估完成",
  BANK_REVIEW: "银行审批",
  INSURER_REVIEW: "保险审核",
  OFFERED: "条款确认",
  CONTRACTED: "质押登记",
  REGISTERED: "放款",
};

/**
 * The SLA check (SPEC §6), run by a scheduled worker job: every application that has
 * stayed in a timed stage longer than the policy allows is flagged once per stage —
 * audited, and GOVERNMENT and the party owing the next step are notified. Idempotent: a
 * flagged stage is not flagged again, and a move to the next stage clears the flag.
 */
export async function flagOverdueApplications(now = clock.now()): Promise<{ flagged: number }> {
  const policy = await getPolicyInForce();
  let flagged = 0;
  for (const [status, hours] of Object.entries(policy.stageSlaHours) as [PledgeStatus, number][]) {
    const late = await db.pledgeApplication.findMany({
      where: { status, overdueFlaggedAt: null, stageEnteredAt: { lt: new Date(now.getTime() - hours * 3_600_000) } },
      select: { id: true, smeId: true, bankId: true, insurerId: true, stageEnteredAt: true, sme: { select: { name: true } }, appraisal: { select: { assignedAppraiserId: true } } },
      take: 500,
    });
    for (const app of late) {
      const done = await db.$transaction(async (tx) => {
        const claimed = await tx.pledgeApplication.updateMany({ where: { id: app.id, status, overdueFlaggedAt: null, stageEnteredAt: app.stageEnteredAt }, data: { overdueFlaggedAt: now } });
        if (claimed.count === 0) return false;
        await recordAudit(tx, systemActor(), { entityType: "PledgeApplication", entityId: app.id, action: "sla.overdue", fromState: status, toState: status, data: { slaHours: hours }, orgId: app.smeId });
        const owner = NEXT_STEP_OWNER[status];
        const ownerOrg = owner === "SME" ? app.smeId : owner === "BANK" ? app.bankId : owner === "INSURER" ? app.insurerId : owner === "APPRAISER" ? app.appraisal?.assignedAppraiserId : null;
        const message = {
          sourceKey: `pledge.overdue:${app.id}:${status}:${app.stageEnteredAt.getTime()}`,
          kind: "pledge.overdue",
          title: `融资申请超时：${app.sme.name}`,
          body: `“${STATUS_NAMES[status] ?? status}”环节已超过 ${hours} 小时未办理。`,
          link: `/financing/${app.id}`,
        };
        await notifyOrgsAndGovernment(tx, ownerOrg ? [ownerOrg] : [], message);
        return true;
      });
      if (done) flagged++;
    }
  }
  return { flagged };
}
