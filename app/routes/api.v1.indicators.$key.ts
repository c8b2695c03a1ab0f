import { getIndicatorOp } from "~/domain/indicators/api-operations";
import { getIndicatorDetail } from "~/domain/indicators/compute.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(getIndicatorOp, ({ actor, params, query }) => getIndicatorDetail(actor, params.key, { asOf: query.asOf })));
