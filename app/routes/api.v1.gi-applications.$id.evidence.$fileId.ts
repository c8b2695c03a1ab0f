import { getGiEvidenceOp } from "~/domain/gi/api-operations";
import { getGiEvidence } from "~/domain/gi/evidence.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(getGiEvidenceOp, async ({ actor, params }) => {
    const file = await getGiEvidence(actor, params.id, params.fileId);
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        "Content-Type": file.mime,
        "Content-Disposition": `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  }),
);
