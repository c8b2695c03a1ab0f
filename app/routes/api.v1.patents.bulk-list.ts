import { bulkListPatentsOp } from "~/domain/patents/api-operations";
import { bulkListPatents } from "~/domain/patents/save-patent.server";
import { bulkListSchema } from "~/domain/patents/schemas";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(bulkListPatentsOp, async ({ actor, body }) => ({ listed: await bulkListPatents(actor, bulkListSchema.parse(body)) })),
);
