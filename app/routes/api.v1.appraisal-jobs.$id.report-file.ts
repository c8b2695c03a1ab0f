import { getReportFileOp, putReportFileOp } from "~/domain/appraisal/api-operations";
import { getAppraisalJob } from "~/domain/appraisal/queries.server";
import { attachReportFile, getReportFile, MAX_REPORT_BYTES } from "~/domain/appraisal/report-file.server";
import { DomainError } from "~/domain/shared/errors";
import { apiRoute, endpoint } from "~/utils/api.server";

/** Reads at most `limit` bytes of the body; a larger one is refused before it is all read. */
async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  if (Number(request.headers.get("Content-Length") ?? 0) > limit) throw new DomainError("PAYLOAD_TOO_LARGE", "评估报告 PDF 不能超过 20 MB");
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.length;
    if (size > limit) {
      await reader?.cancel();
      throw new DomainError("PAYLOAD_TOO_LARGE", "评估报告 PDF 不能超过 20 MB");
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}

export const { loader, action } = apiRoute(
  endpoint(getReportFileOp, async ({ actor, params }) => {
    const file = await getReportFile(actor, params.id);
    return new Response(new Uint8Array(file.bytes), {
      headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${file.filename}"`, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
    });
  }),
  endpoint(putReportFileOp, async ({ actor, params, request }) => {
    await attachReportFile(actor, params.id, await readBody(request, MAX_REPORT_BYTES));
    return getAppraisalJob(actor, params.id);
  }),
);
