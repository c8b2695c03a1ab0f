import { actOnPledgeApplication } from "~/domain/financing/act-on-pledge-application.server";
import { actOnPledgeApplicationOp } from "~/domain/financing/api-operations";
import { getPledgeApplication } from "~/domain/financing/queries.server";
import { isPartyActionName } from "~/domain/financing/schemas";
import { notFound } from "~/domain/shared/errors";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(actOnPledgeApplicationOp, async ({ actor, params, body }) => {
    if (!isPartyActionName(params.action)) throw notFound("操作");
    await actOnPledgeApplication(actor, params.id, params.action, body);
    return getPledgeApplication(actor, params.id);
  }),
);
