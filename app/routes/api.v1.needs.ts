import { createNeedOp } from "~/domain/patents/api-operations";
import { createNeed, getNeed } from "~/domain/matching/needs.server";
import { needInputSchema } from "~/domain/patents/schemas";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(createNeedOp, async ({ actor, body }) => getNeed(actor, (await createNeed(actor, needInputSchema.parse(body))).id)),
);
