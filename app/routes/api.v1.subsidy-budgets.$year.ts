import { getSubsidyBudgetOp, putSubsidyBudgetOp } from "~/domain/subsidies/api-operations";
import { getSubsidyBudget, setSubsidyBudget } from "~/domain/subsidies/budgets.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(getSubsidyBudgetOp, ({ actor, params }) => getSubsidyBudget(actor, params.year)),
  endpoint(putSubsidyBudgetOp, ({ actor, params, body }) => setSubsidyBudget(actor, params.year, body)),
);
