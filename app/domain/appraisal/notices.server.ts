import type { Tx } from "~/utils/db.server";
import { notifyOrgs, type OrgNotice } from "../notifications/notify.server";
import { pledgeLink } from "../financing/notices";
import { Money } from "../shared/money";
import { acceptanceDeadline, eligibility, ASSET_TYPE_LABELS } from "./assignment";
import { appraiserProfiles, jobForRules } from "./market-data.server";

/**
 * Who hears of the appraisal market's moves (SPEC §7, issue 15 §2): appraisers whose
 * profile fits a new job, the chosen appraiser with its 48-hour deadline, the SME and the
 * bank when the report is in. Keys name the event and the recipient org, so a replay
 * delivers nothing twice.
 */

const jobLink = (jobId: string) => `/appraisal/${jobId}`;

/** Date and time in the county, as a person reads it: "2026年12月9日 17:00". */
function shanghaiDateTime(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** A new job: every appraiser that could win it today (active, filed, qualified for every asset, not affiliated, with capacity). */
export async function tellNewJob(tx: Tx, jobId: string) {
  const job = await jobForRules(tx, jobId);
  if (!job) return;
  const fitting = (await appraiserProfiles(tx)).filter((p) => eligibility(p, job.rules).length === 0);
  const types = [...new Set(job.rules.assets.map((a) => ASSET_TYPE_LABELS[a.type]))].join("、");
  await notifyOrgs(
    tx,
    fitting.map(
      (p): OrgNotice => ({
        orgId: p.orgId,
        kind: "appraisal.new-job",
        title: "新的评估任务可以报价",
        body: `新的知识产权质押评估任务（${types}，共 ${job.rules.assets.length} 项），参考评估费 ${job.rules.referenceFee.format()}，报价截止 ${shanghaiDateTime(job.rules.deadline)}。`,
        link: jobLink(jobId),
        sourceKey: `appraisal.new-job:${jobId}:${p.orgId}`,
      }),
    ),
  );
}

/** The job is offered to `appraiserId` at `offeredAt`: it must accept within the policy's hours. */
export async function tellAssigned(tx: Tx, jobId: string, offeredAt: Date) {
  const job = await tx.appraisalJob.findUnique({ where: { id: jobId }, select: { assignedAppraiserId: true, assignedFeeFen: true } });
  if (!job?.assignedAppraiserId) return;
  const fee = Money.fromFen(job.assignedFeeFen ?? 0n).format();
  await notifyOrgs(tx, [
    {
      orgId: job.assignedAppraiserId,
      kind: "appraisal.assigned",
      title: "评估任务已指派给贵机构，请在 48 小时内确认",
      body: `贵机构获得一项评估任务（评估费 ${fee}）。请在 ${shanghaiDateTime(acceptanceDeadline(offeredAt))} 前确认接受，逾期将依次指派给下一家。`,
      link: jobLink(jobId),
      sourceKey: `appraisal.assigned:${jobId}:${job.assignedAppraiserId}:${offeredAt.toISOString()}`,
    },
  ]);
}

/** The report is in (or in again after a rejection): the SME and the bank each owe their acceptance. */
export async function tellReportSubmitted(tx: Tx, application: { id: string; smeId: string; bankId: string; sme: { name: string } }, reportedAt: Date) {
  const key = (role: string, orgId: string) => `appraisal.report:${application.id}:${reportedAt.toISOString()}:${role}:${orgId}`;
  await notifyOrgs(tx, [
    { orgId: application.smeId, kind: "financing.sme-update", title: "评估报告已提交，请审阅", body: "评估机构已提交评估报告。请审阅各项评估值，确认或退回。", link: pledgeLink(application.id), sourceKey: key("sme", application.smeId) },
    { orgId: application.bankId, kind: "financing.bank-turn", title: "评估报告已提交，请审阅", body: `${application.sme.name}的质押融资申请已收到评估报告，请审阅并确认。`, link: pledgeLink(application.id), sourceKey: key("bank", application.bankId) },
  ]);
}

/**
 * Every ranked appraiser refused or let the offer lapse: the platform owes the next step
 * (assign by hand or reopen), and the SME and the bank hear that their appraisal waits.
 */
export async function tellUnassigned(tx: Tx, jobId: string) {
  const job = await tx.appraisalJob.findUnique({ where: { id: jobId }, select: { application: { select: { id: true, smeId: true, bankId: true, sme: { select: { name: true } } } } } });
  if (!job) return;
  const app = job.application;
  const platforms = await tx.organization.findMany({ where: { kind: "PLATFORM", status: "ACTIVE" }, select: { id: true } });
  const key = (orgId: string) => `appraisal.unassigned:${jobId}:${orgId}`;
  await notifyOrgs(tx, [
    ...platforms.map((p) => ({ orgId: p.id, kind: "appraisal.update", title: "评估任务无人承接，请处理", body: `${app.sme.name}的质押评估任务：所有报价机构均已拒绝或逾期未确认，请人工指派或重新发布。`, link: jobLink(jobId), sourceKey: key(p.id) })),
    { orgId: app.smeId, kind: "financing.sme-update", title: "评估机构暂未确定", body: "报价的评估机构均未确认接受任务，平台将尽快重新安排评估。", link: pledgeLink(app.id), sourceKey: key(app.smeId) },
    { orgId: app.bankId, kind: "financing.update", title: "评估机构暂未确定", body: `${app.sme.name}的质押评估任务暂无机构承接，平台将重新安排。`, link: pledgeLink(app.id), sourceKey: key(app.bankId) },
  ]);
}
