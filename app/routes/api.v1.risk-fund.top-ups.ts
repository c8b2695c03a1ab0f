import { topUpRiskFund } from "~/domain/financing/risk-fund.server";
import { topUpRiskFundOp } from "~/domain/subsidies/api-operations";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(topUpRiskFundOp, ({ actor, body }) => topUpRiskFund(actor, body)));
