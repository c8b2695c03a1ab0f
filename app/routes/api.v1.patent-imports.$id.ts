import { getPatentImportOp } from "~/domain/patents/api-operations";
import { getPatentImport } from "~/domain/patents/import-patents.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(getPatentImportOp, ({ actor, params }) => getPatentImport(actor, params.id)));
