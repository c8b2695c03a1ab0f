import { listIndicatorsOp } from "~/domain/indicators/api-operations";
import { getIndicatorOverview } from "~/domain/indicators/compute.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(listIndicatorsOp, ({ actor, query }) => getIndicatorOverview(actor, { asOf: query.asOf })));
