import { addGiEvidenceOp } from "~/domain/gi/api-operations";
import { addGiEvidence, giEvidenceTooLarge, GI_EVIDENCE_TYPES, MAX_GI_EVIDENCE_BYTES } from "~/domain/gi/evidence.server";
import { apiRoute, endpoint } from "~/utils/api.server";
import { problem } from "~/utils/problem.server";
import { readBodyUpTo } from "~/utils/upload.server";

/** The file's own name, when the client sends it (URL-encoded, as headers are ASCII). */
function fileNameOf(request: Request): string {
  const raw = request.headers.get("X-File-Name") ?? "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export const { loader, action } = apiRoute(
  endpoint(addGiEvidenceOp, async ({ actor, params, request }) => {
    const type = request.headers.get("Content-Type")?.split(";")[0].trim().toLowerCase() ?? "";
    if (!(GI_EVIDENCE_TYPES as readonly string[]).includes(type)) {
      throw problem(request, { slug: "unsupported-media-type", title: "Unsupported media type / 请求体须为 PDF、JPG 或 PNG", status: 415, detail: "Content-Type 须为 application/pdf、image/jpeg 或 image/png" });
    }
    const bytes = await readBodyUpTo(request, MAX_GI_EVIDENCE_BYTES, giEvidenceTooLarge);
    return addGiEvidence(actor, params.id, { bytes, name: fileNameOf(request), type });
  }),
);
