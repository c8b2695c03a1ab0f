import type { Tx } from "~/utils/db.server";
import { notifyOrgs, type OrgNotice } from "../notifications/notify.server";

/**
 * The notices of GI applications (issue 16 §8), in one place: the applicant hears every
 * decision ("gi.decision"); GOVERNMENT hears of what it has to review ("gi.review-turn").
 * One notice per event and recipient (`sourceKey` names the application's version).
 */

export const giApplicationLink = (id: string) => `/gi/applications/${id}`;

type Facts = { id: string; productName: string; enterpriseName: string };

export function giDecisionNotice(orgId: string, app: Facts, version: number, body: string): OrgNotice {
  return { orgId, kind: "gi.decision", title: `地理标志专用标志申请：${app.productName}`, body, sourceKey: `gi.decision:${app.id}:v${version}`, link: giApplicationLink(app.id) };
}

/** The body of each decision the applicant hears of. */
export const GI_DECISION_TEXTS = {
  "request-supplement": (note: string) => `县市场监管部门要求补充材料：${note}。请补充后重新提交。`,
  approve: (certificateNumber: string, announcementNumber: string, announcedOn: string) => `已核准使用地理标志专用标志，证书编号 ${certificateNumber}（公告号 ${announcementNumber}，${announcedOn}）。`,
  reject: (reason: string) => `申请未予核准：${reason}。`,
  revoke: (revokedOn: string, reason: string) => `地理标志专用标志使用资格已于 ${revokedOn} 撤销：${reason}。`,
};

/** Tells every active GOVERNMENT org that an application waits for its review. */
export async function tellGovernmentToReview(tx: Tx, app: Facts, version: number, resubmitted: boolean) {
  const governments = await tx.organization.findMany({ where: { kind: "GOVERNMENT", status: "ACTIVE" }, select: { id: true } });
  const body = resubmitted ? `${app.enterpriseName}已补充材料并重新提交${app.productName}地理标志专用标志使用申请，请审核。` : `${app.enterpriseName}申请使用${app.productName}地理标志专用标志，请审核。`;
  await notifyOrgs(
    tx,
    governments.map((g) => ({ orgId: g.id, kind: "gi.review-turn", title: `待审核的地理标志申请：${app.productName}`, body, sourceKey: `gi.review-turn:${app.id}:v${version}`, link: giApplicationLink(app.id) })),
  );
}

export async function tellApplicant(tx: Tx, orgId: string | null, app: Facts, version: number, body: string) {
  if (!orgId) return; // a register-imported user without an account: nobody to tell
  await notifyOrgs(tx, [giDecisionNotice(orgId, app, version, body)]);
}
