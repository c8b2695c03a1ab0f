import { getReportFileOp, putReportFileOp } from "~/domain/appraisal/api-operations";
import { getAppraisalJob } from "~/domain/appraisal/queries.server";
import { attachReportFile, getReportFile, MAX_REPORT_BYTES } from "~/domain/appraisal/report-file.server";
import { DomainError } from "~/domain/shared/errors";
import { apiRoute, endpoint } from "~/utils/api.server";
import { readBodyUpTo } from "~/utils/upload.server";

const tooLarge = () => new DomainError("PAYLOAD_TOO_LARGE", "评估报告 PDF 不能超过 20 MB");

export const { loader, action } = apiRoute(
  endpoint(getReportFileOp, async ({ actor, params }) => {
    const file = await getReportFile(actor, params.id);
    return new Response(new Uint8Array(file.bytes), {
      headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${file.filename}"`, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
    });
  }),
  endpoint(putReportFileOp, async ({ actor, params, request }) => {
    await attachReportFile(actor, params.id, await readBodyUpTo(request, MAX_REPORT_BYTES, tooLarge));
    return getAppraisalJob(actor, params.id);
  }),
);
