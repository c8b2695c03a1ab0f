import { startPatentImportOp } from "~/domain/patents/api-operations";
import { MAX_IMPORT_BYTES } from "~/domain/patents/import-parse";
import { startPatentImport } from "~/domain/patents/import-patents.server";
import { apiRoute, endpoint } from "~/utils/api.server";
import { readBodyUpTo } from "~/utils/upload.server";

export const { loader, action } = apiRoute(
  endpoint(startPatentImportOp, async ({ actor, query, request }) => {
    const bytes = await readBodyUpTo(request, MAX_IMPORT_BYTES);
    const contentType = request.headers.get("Content-Type");
    return startPatentImport(actor, {
      holderId: query.holderId,
      fileName: query.fileName ?? (contentType?.includes("csv") ? "upload.csv" : "upload.jsonl"),
      contentType,
      bytes,
      mode: query.mode === "skip-invalid" ? "SKIP_INVALID" : "ALL_OR_NOTHING",
      publish: query.publish !== "false",
    });
  }),
);
