import { createPatentOp, patentApiSearchQuery, searchPatentsOp } from "~/domain/patents/api-operations";
import { getPatentDetail, listOwnPatentsAsResult, searchListedPatents } from "~/domain/patents/queries.server";
import { createPatent } from "~/domain/patents/save-patent.server";
import { ownPatentsQuerySchema, patentCreateBodySchema } from "~/domain/patents/schemas";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(searchPatentsOp, ({ actor, query }) =>
    query.status !== undefined
      ? listOwnPatentsAsResult(actor, ownPatentsQuerySchema.parse(query))
      : searchListedPatents(patentApiSearchQuery(query)),
  ),
  endpoint(createPatentOp, async ({ actor, body }) => {
    const { input, publish } = patentCreateBodySchema.parse(body);
    const saved = await createPatent(actor, input, { publish });
    return getPatentDetail(actor, saved.id);
  }),
);
