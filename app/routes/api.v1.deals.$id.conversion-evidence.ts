import { getDealConversionEvidenceOp, putDealConversionEvidenceOp } from "~/domain/deals/api-operations";
import { attachConversionEvidence, evidenceTooLarge, EVIDENCE_TYPES, getConversionEvidence, MAX_EVIDENCE_BYTES } from "~/domain/deals/conversion-evidence.server";
import { getDeal } from "~/domain/deals/queries.server";
import { apiRoute, endpoint } from "~/utils/api.server";
import { problem } from "~/utils/problem.server";
import { readBodyUpTo } from "~/utils/upload.server";

export const { loader, action } = apiRoute(
  endpoint(getDealConversionEvidenceOp, async ({ actor, params }) => {
    const file = await getConversionEvidence(actor, params.id);
    return new Response(new Uint8Array(file.bytes), {
      headers: { "Content-Type": file.mime, "Content-Disposition": `attachment; filename="${file.filename}"`, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
    });
  }),
  endpoint(putDealConversionEvidenceOp, async ({ actor, params, request }) => {
    const type = request.headers.get("Content-Type")?.split(";")[0].trim().toLowerCase() ?? "";
    if (!(EVIDENCE_TYPES as readonly string[]).includes(type)) {
      throw problem(request, { slug: "unsupported-media-type", title: "Unsupported media type / 请求体须为 PDF 或 JPG", status: 415, detail: "Content-Type 须为 application/pdf 或 image/jpeg" });
    }
    await attachConversionEvidence(actor, params.id, await readBodyUpTo(request, MAX_EVIDENCE_BYTES, evidenceTooLarge), type);
    return getDeal(actor, params.id);
  }),
);
