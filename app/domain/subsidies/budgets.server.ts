import { z } from "zod";
import { fromChecked } from "../shared/text";
import { checkYuan } from "../patents/amounts";
import { db, type Tx } from "~/utils/db.server";
import { actorUserIdForFk, type Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { shanghaiDate } from "../shared/calendar";
import { forbidden, validation } from "../shared/errors";
import { Money } from "../shared/money";
import { getPolicyInForce } from "../financing/policy-store.server";
import type { FinancingPolicy } from "../financing/policy";
import { canOnSubsidies } from "./policies";
import { clock } from "../shared/clock";

export const budgetYearSchema = z.coerce.number({ error: "年份应为整数" }).int({ error: "年份应为整数" }).min(2000, { error: "年份应在 2000–2100 之间" }).max(2100, { error: "年份应在 2000–2100 之间" });

export const setBudgetSchema = z.object({
  amount: z
    .union([z.string(), z.number()], { error: "请填写年度预算（元）" })
    .transform((v, ctx) => fromChecked((s) => checkYuan(s, "年度预算"))(String(v), ctx)),
});

/** The first day of a budget year: its default amount comes from the policy in force then, or today if later. */
function policyDateOf(year: number): string {
  const today = shanghaiDate(clock.now());
  const jan1 = `${year}-01-01`;
  return today.slice(0, 4) === String(year) ? today : jan1;
}

/**
 * The year's budget row, created at the policy's default amount if the year has none,
 * and locked for the caller's transaction: every award of the year waits here for the
 * one before it, which keeps the balance exact and the order the order of arrival.
 */
export async function lockBudget(tx: Tx, year: number, policy: FinancingPolicy): Promise<{ amount: Money; used: Money; remaining: Money }> {
  await tx.subsidyBudget.createMany({ data: [{ year, amountFen: Money.parseYuan(policy.subsidyBudget.defaultAnnual).fen, policyVersion: policy.ref }], skipDuplicates: true });
  const [row] = await tx.$queryRaw<{ amountFen: bigint; usedFen: bigint }[]>`SELECT "amountFen", "usedFen" FROM "SubsidyBudget" WHERE "year" = ${year} FOR UPDATE`;
  const amount = Money.fromFen(row.amountFen);
  const used = Money.fromFen(row.usedFen);
  return { amount, used, remaining: amount.minus(used) };
}

export type SubsidyBudgetView = {
  year: number;
  amount: string;
  used: string;
  remaining: string;
  /** Granted and still owed by the treasury / paid out. */
  unpaid: string;
  paid: string;
  byKind: Record<"INTEREST" | "PREMIUM" | "APPRAISAL_FEE", string>;
  /** Granted per month (1–12) of the events' dates, for the chart. */
  byMonth: string[];
  /** The policy whose default set the amount, or null when GOVERNMENT set it. */
  policyVersion: string | null;
  /** Whether the year has a row yet (else these are the default it will get). */
  opened: boolean;
};

/** A year's budget, used and remaining, with what was granted by kind and by month (GOVERNMENT). */
export async function getSubsidyBudget(actor: Actor, year: number): Promise<SubsidyBudgetView> {
  if (!canOnSubsidies(actor, undefined, "read-budget")) throw forbidden("只有县政府可以查看补贴预算");
  const row = await db.subsidyBudget.findUnique({ where: { year } });
  const amount = row ? Money.fromFen(row.amountFen) : Money.parseYuan((await getPolicyInForce(policyDateOf(year))).subsidyBudget.defaultAnnual);
  const used = Money.fromFen(row?.usedFen ?? 0n);
  const [byKind, byStatus, months] = await Promise.all([
    db.subsidyAward.groupBy({ by: ["kind"], where: { year }, _sum: { amountFen: true } }),
    db.subsidyAward.groupBy({ by: ["status"], where: { year }, _sum: { amountFen: true } }),
    db.$queryRaw<{ month: number; fen: bigint }[]>`SELECT EXTRACT(MONTH FROM "eventOn")::int AS month, SUM("amountFen")::bigint AS fen FROM "SubsidyAward" WHERE "year" = ${year} GROUP BY 1`,
  ]);
  const kindSum = (k: string) => Money.fromFen(byKind.find((g) => g.kind === k)?._sum.amountFen ?? 0n).toYuanString();
  const statusSum = (s: string) => Money.fromFen(byStatus.find((g) => g.status === s)?._sum.amountFen ?? 0n).toYuanString();
  return {
    year,
    amount: amount.toYuanString(),
    used: used.toYuanString(),
    remaining: amount.minus(used).toYuanString(),
    unpaid: statusSum("UNPAID"),
    paid: statusSum("PAID"),
    byKind: { INTEREST: kindSum("INTEREST"), PREMIUM: kindSum("PREMIUM"), APPRAISAL_FEE: kindSum("APPRAISAL_FEE") },
    byMonth: Array.from({ length: 12 }, (_, i) => Money.fromFen(months.find((m) => m.month === i + 1)?.fen ?? 0n).toYuanString()),
    policyVersion: row ? row.policyVersion : null,
    opened: row !== null,
  };
}

/** Who may set a budget, and to what. */
function checkedBudget(actor: Actor, raw: unknown): Money {
  if (!canOnSubsidies(actor, undefined, "set-budget")) throw forbidden("只有县政府可以设置补贴预算");
  return Money.parseYuan(setBudgetSchema.parse(raw).amount);
}

/** A budget never goes below what the year has already granted. */
function assertNotBelowUsed(amount: Money, used: Money) {
  if (amount.compare(used) < 0) throw validation({ amount: [`预算不能低于本年度已核定的补贴 ${used.format()}`] });
}

/** The confirm step of setting a budget (issue 19 §5): the same checks as `setSubsidyBudget`, from what to what, nothing written. */
export async function previewSubsidyBudget(actor: Actor, year: number, raw: unknown): Promise<{ year: number; from: string; to: string; used: string }> {
  const amount = checkedBudget(actor, raw);
  const current = await getSubsidyBudget(actor, year);
  assertNotBelowUsed(amount, Money.parseYuan(current.used));
  return { year, from: current.amount, to: amount.toYuanString(), used: current.used };
}

/**
 * GOVERNMENT sets a year's budget. It may grow or shrink, but never below what the year
 * has already granted. Audited; awards cut by an earlier, smaller budget stay as they were.
 */
export async function setSubsidyBudget(actor: Actor, year: number, raw: unknown): Promise<SubsidyBudgetView> {
  const amount = checkedBudget(actor, raw);
  await db.$transaction(async (tx) => {
    const policy = await getPolicyInForce(policyDateOf(year), tx);
    const before = await lockBudget(tx, year, policy);
    assertNotBelowUsed(amount, before.used);
    await tx.subsidyBudget.update({ where: { year }, data: { amountFen: amount.fen, policyVersion: null, setById: actorUserIdForFk(actor), version: { increment: 1 } } });
    await recordAudit(tx, actor, { entityType: "SubsidyBudget", entityId: String(year), action: "set", data: { year, from: before.amount.toYuanString(), to: amount.toYuanString() } });
  });
  return getSubsidyBudget(actor, year);
}
