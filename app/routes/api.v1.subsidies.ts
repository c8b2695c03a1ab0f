import { listSubsidiesOp } from "~/domain/subsidies/api-operations";
import { listSubsidyAwards } from "~/domain/subsidies/queries.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(listSubsidiesOp, ({ actor, query }) => listSubsidyAwards(actor, query)));
