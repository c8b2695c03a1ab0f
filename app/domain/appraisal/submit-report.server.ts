import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { conflict, DomainError, notFound, validation, type FieldErrors } from "../shared/errors";
import { bookToday } from "../shared/book-dates";
import { tellReportSubmitted } from "./notices.server";
import { Money } from "../shared/money";
import { attachReportFile, checkReportFile } from "./report-file.server";
import type { ReportInput } from "./schemas";
import { clock } from "../shared/clock";
import { jobFactsOf } from "./market-data.server";
import { canOnAppraisalJob } from "./policies";

/**
 * The assigned appraiser delivers its report: a value for every pledged asset, the
 * method and the date the valuation holds until. The SME and the bank then accept or
 * reject it on the application; a rejected report clears the values and the appraiser
 * submits again.
 */
export async function submitReport(actor: Actor, jobId: string, input: ReportInput, now = clock.now()) {
  return db.$transaction(async (tx) => {
    const [job] = await tx.$queryRaw<{ id: string; status: string; version: number; assignedAppraiserId: string | null; applicationId: string }[]>`
      SELECT id, status::text AS status, version, "assignedAppraiserId", "applicationId" FROM "AppraisalJob" WHERE id = ${jobId} FOR UPDATE`;
    const facts = job ? await jobFactsOf(tx, jobId) : null;
    if (!job || !facts || !canOnAppraisalJob(actor, facts, "report")) throw notFound("评估任务");
    if (job.version !== input.version) throw conflict("该任务已更新，请刷新后重试");
    if (job.status !== "ASSIGNED" && job.status !== "REPORTED") throw new DomainError("INVALID_STATE", "请先确认接受该评估任务");
    const application = await tx.pledgeApplication.findUniqueOrThrow({ where: { id: job.applicationId }, include: { assets: true, sme: { select: { name: true } } } });
    if (application.status !== "APPRAISAL") throw new DomainError("INVALID_STATE", "该申请当前不在评估阶段");
    if (application.assets.some((a) => a.appraisedValueFen !== null)) throw new DomainError("INVALID_STATE", "报告已提交，待企业和银行确认");
    const byAsset = new Map(input.values.map((v) => [v.assetId, v.value]));
    const missing = application.assets.filter((a) => !byAsset.has(a.id));
    const unknown = input.values.filter((v) => !application.assets.some((a) => a.id === v.assetId));
    const errors: FieldErrors = {};
    if (missing.length || unknown.length || byAsset.size !== input.values.length) {
      errors.values = [`每项质押资产恰好一个评估值${missing.length ? `；缺少：${missing.map((a) => a.title).join("、")}` : ""}`];
    }
    // A valuation that no longer holds is no basis for a loan.
    if (input.validUntil < bookToday(now)) errors.validUntil = [`报告有效期不能早于今天（${bookToday(now)}）`];
    if (Object.keys(errors).length > 0) throw validation(errors);
    for (const asset of application.assets) {
      await tx.pledgedAsset.update({ where: { id: asset.id }, data: { appraisedValueFen: Money.parseYuan(byAsset.get(asset.id) as string).fen } });
    }
    await tx.appraisalJob.update({
      where: { id: job.id },
      data: { status: "REPORTED", reportMethod: input.method, reportValidUntil: new Date(`${input.validUntil}T00:00:00Z`), reportedAt: now, version: { increment: 1 } },
    });
    await recordAudit(tx, actor, {
      entityType: "PledgeApplication",
      entityId: application.id,
      action: "appraisal.report",
      fromState: application.status,
      toState: application.status,
      data: { method: input.method, validUntil: input.validUntil, values: input.values },
    });
    await tellReportSubmitted(tx, application, now);
  });
}

/**
 * The report form of the pages: the values and, optionally, the PDF in one submission.
 * The file is checked before anything is written, so a wrong file leaves the report unsent
 * rather than half-sent.
 */
export async function submitReportWithFile(actor: Actor, jobId: string, input: ReportInput, pdf: Uint8Array | null) {
  if (pdf) checkReportFile(pdf);
  await submitReport(actor, jobId, input);
  if (pdf) await attachReportFile(actor, jobId, pdf);
}
