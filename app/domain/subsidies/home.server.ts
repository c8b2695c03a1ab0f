import { bookToday } from "../shared/book-dates";
import type { Actor } from "../shared/actor";
import { getSubsidyBudget } from "./budgets.server";
import { canOnSubsidies } from "./policies";

/**
 * What GOVERNMENT's home shows of this year's subsidy budget (issue 19 §4): the amount,
 * what has been granted against it, and what the treasury still owes. Null for anyone
 * who may not read the budget.
 */
export async function subsidyHomeFigures(actor: Actor): Promise<{ year: number; amount: string; used: string; unpaid: string } | null> {
  if (!canOnSubsidies(actor, undefined, "read-budget")) return null;
  const year = Number(bookToday().slice(0, 4));
  const budget = await getSubsidyBudget(actor, year);
  return { year, amount: budget.amount, used: budget.used, unpaid: budget.unpaid };
}
