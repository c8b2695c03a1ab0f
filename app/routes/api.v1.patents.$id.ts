import { getPatentOp, updatePatentOp } from "~/domain/patents/api-operations";
import { getPatentDetail } from "~/domain/patents/queries.server";
import { changePatentStatus, updatePatent } from "~/domain/patents/save-patent.server";
import { patentInputSchema } from "~/domain/patents/schemas";
import { patentStatusBodySchema } from "~/domain/patents/status";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(getPatentOp, ({ actor, params }) => getPatentDetail(actor, params.id)),
  endpoint(updatePatentOp, async ({ actor, params, body }) => {
    const version = typeof body.version === "number" ? body.version : undefined;
    if ("action" in body) await changePatentStatus(actor, params.id, patentStatusBodySchema.parse(body).action, version);
    else await updatePatent(actor, params.id, patentInputSchema.parse(body), version);
    return getPatentDetail(actor, params.id);
  }),
);
