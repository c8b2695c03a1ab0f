import { getPatentOp, updatePatentOp } from "~/domain/patents/api-operations";
import { getPatentDetail } from "~/domain/patents/queries.server";
import { changePatentStatus, updatePatent } from "~/domain/patents/save-patent.server";
import { patentEditBodySchema } from "~/domain/patents/schemas";
import { patentStatusBodySchema } from "~/domain/patents/status";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(getPatentOp, ({ actor, params }) => getPatentDetail(actor, params.id)),
  endpoint(updatePatentOp, async ({ actor, params, body }) => {
    if ("action" in body) {
      const move = patentStatusBodySchema.parse(body);
      await changePatentStatus(actor, params.id, move.action, move.version);
    } else {
      const edit = patentEditBodySchema.parse(body);
      await updatePatent(actor, params.id, edit.input, edit.version);
    }
    return getPatentDetail(actor, params.id);
  }),
);
