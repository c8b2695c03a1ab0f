import { getRiskFund } from "~/domain/financing/risk-fund.server";
import { getRiskFundOp } from "~/domain/subsidies/api-operations";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(getRiskFundOp, ({ actor, query }) => getRiskFund(actor, query)));
