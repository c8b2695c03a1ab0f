import { db } from "~/utils/db.server";
import { notifyOrgs, type OrgNotice } from "../notifications/notify.server";
import { systemActor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { bookToday } from "../shared/book-dates";
import { dateColumn, isoDateOf } from "../shared/calendar";
import { clock } from "../shared/clock";
import { giSpotCheckLink } from "./spot-checks.server";

const PAGE = 200;

/**
 * Run by the scheduled `gi.flag-overdue-rectifications` job (issue 16 §6): every spot-check
 * FAIL whose rectification deadline has passed (rectifyBy before today in the county)
 * without being marked rectified is flagged once — `overdueFlaggedAt` claimed by a
 * conditional update, so a second or concurrent run flags nothing — with an audit event on
 * the check and a notice to every active GOVERNMENT org and to the enterprise's org (when
 * it has one). Open and closed checks alike. A corrected result or deadline clears the
 * flag (spot-checks.server.ts), so a new deadline can be flagged again. Returns how many
 * this run flagged.
 */
export async function flagOverdueRectifications(now: Date = clock.now()): Promise<{ flagged: number }> {
  const today = bookToday(now);
  let flagged = 0;
  for (;;) {
    const late = await db.giSpotCheckItem.findMany({
      where: { result: "FAIL", rectifiedOn: null, overdueFlaggedAt: null, rectifyBy: { lt: dateColumn(today) } },
      select: {
        id: true,
        spotCheckId: true,
        applicationId: true,
        rectifyBy: true,
        findings: true,
        spotCheck: { select: { year: true, openedByOrgId: true, product: { select: { name: true } } } },
        application: { select: { orgId: true, enterpriseName: true, certificateNumber: true } },
      },
      orderBy: [{ rectifyBy: "asc" }, { id: "asc" }],
      take: PAGE,
    });
    let claimedAny = false;
    for (const item of late) {
      const rectifyBy = isoDateOf(item.rectifyBy!);
      const done = await db.$transaction(async (tx) => {
        const claimed = await tx.giSpotCheckItem.updateMany({
          where: { id: item.id, result: "FAIL", rectifiedOn: null, overdueFlaggedAt: null, rectifyBy: item.rectifyBy },
          data: { overdueFlaggedAt: now },
        });
        if (claimed.count === 0) return false;
        const { spotCheck: check, application: user } = item;
        await recordAudit(tx, systemActor(), {
          entityType: "GiSpotCheck",
          entityId: item.spotCheckId,
          action: "spot-check.overdue",
          orgId: check.openedByOrgId,
          data: { itemId: item.id, applicationId: item.applicationId, certificateNumber: user.certificateNumber, enterpriseName: user.enterpriseName, rectifyBy },
        });
        const governments = await tx.organization.findMany({ where: { kind: "GOVERNMENT", status: "ACTIVE" }, select: { id: true } });
        const title = `抽查整改逾期：${user.enterpriseName}`;
        const notices: OrgNotice[] = governments.map((g) => ({
          orgId: g.id,
          kind: "gi.spot-check",
          title,
          body: `${check.year} 年度${check.product.name}抽查中不合格的${user.enterpriseName}（证书编号 ${user.certificateNumber}）整改期限 ${rectifyBy} 已过，尚未完成整改。如需撤销其专用标志使用资格，请在申请页面操作。`,
          sourceKey: `gi.spot-check.overdue:${item.id}:${rectifyBy}`,
          link: giSpotCheckLink(item.spotCheckId),
        }));
        if (user.orgId && !governments.some((g) => g.id === user.orgId)) {
          notices.push({
            orgId: user.orgId,
            kind: "gi.spot-check",
            title: `地理标志抽查整改已逾期：${check.product.name}`,
            body: `贵单位（证书编号 ${user.certificateNumber}）在 ${check.year} 年度抽查中的整改期限 ${rectifyBy} 已过，尚未完成整改。请尽快整改并告知县市场监管部门。`,
            sourceKey: `gi.spot-check.overdue:${item.id}:${rectifyBy}`,
            link: `/gi/applications/${item.applicationId}`,
          });
        }
        await notifyOrgs(tx, notices);
        return true;
      });
      if (done) {
        flagged++;
        claimedAny = true;
      }
    }
    // A full page where nothing was claimed (others flagged them meanwhile) must not loop forever.
    if (late.length < PAGE || !claimedAny) return { flagged };
  }
}
