import { correctRiskFund } from "~/domain/financing/risk-fund.server";
import { correctRiskFundOp } from "~/domain/financing/risk-fund-operations";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(correctRiskFundOp, ({ actor, body }) => correctRiskFund(actor, body)));
