import { db } from "~/utils/db.server";
import { readPrivateFile, savePrivateFile } from "~/utils/private-files.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { DomainError, notFound, validation } from "../shared/errors";
import { isPdf } from "../shared/file-types";
import { canOnAppraisalJob, jobFactsFrom } from "./policies";

/** SPEC §7: the report's PDF is at most 20 MB. */
export const MAX_REPORT_BYTES = 20 * 1024 * 1024;
/** Throws unless the bytes are a PDF of at most 20 MB. */
export function checkReportFile(bytes: Uint8Array): void {
  if (bytes.length > MAX_REPORT_BYTES) throw new DomainError("PAYLOAD_TOO_LARGE", "评估报告 PDF 不能超过 20 MB");
  if (!isPdf(bytes)) throw validation({ file: ["请上传 PDF 格式的评估报告"] });
}

/** The assigned appraiser attaches the report's PDF (replacing an earlier one while the report is open). */
export async function attachReportFile(actor: Actor, jobId: string, bytes: Uint8Array) {
  checkReportFile(bytes);
  const job = await db.appraisalJob.findUnique({ where: { id: jobId }, include: { application: { select: { status: true, smeId: true, bankId: true, insurerId: true } }, bids: { select: { appraiserId: true } } } });
  if (!job || !canOnAppraisalJob(actor, jobFactsFrom(job), "report")) throw notFound("评估任务");
  if ((job.status !== "ASSIGNED" && job.status !== "REPORTED") || job.application.status !== "APPRAISAL") throw new DomainError("INVALID_STATE", "当前不能上传评估报告");
  const stored = await savePrivateFile(`appraisal-reports/${job.id}`, "pdf", bytes);
  await db.$transaction(async (tx) => {
    await tx.appraisalJob.update({ where: { id: job.id }, data: { reportFilePath: stored, reportFileBytes: bytes.length, version: { increment: 1 } } });
    await recordAudit(tx, actor, { entityType: "AppraisalJob", entityId: job.id, action: "appraisal.report-file", data: { bytes: bytes.length } });
  });
}

/** The report's PDF for those appraisal/policies.ts lets read it (the SME, bank, insurer, the assigned appraiser); 404 for anyone else. */
export async function getReportFile(actor: Actor, jobId: string): Promise<{ bytes: Buffer; filename: string }> {
  const job = await db.appraisalJob.findUnique({ where: { id: jobId }, include: { application: { select: { smeId: true, bankId: true, insurerId: true } }, bids: { select: { appraiserId: true } } } });
  if (!job || !canOnAppraisalJob(actor, jobFactsFrom(job), "read-report-file") || !job.reportFilePath) throw notFound("评估报告");
  return { bytes: await readPrivateFile(job.reportFilePath), filename: `appraisal-report-${job.id}.pdf` };
}
