import { z } from "zod";
import { fromChecked } from "../shared/text";
import { checkPositiveYuan } from "../patents/amounts";
import type { RiskFundEntryKind } from "~/generated/prisma/enums";
import { db, type Tx } from "~/utils/db.server";
import { actorUserIdForFk, type Actor } from "../shared/actor";
import { notifyOrgsAndGovernment } from "../notifications/notify.server";
import { recordAudit } from "../shared/audit.server";
import { forbidden, validation, type FieldErrors } from "../shared/errors";
import { Money } from "../shared/money";
import { skipTake, type PageQuery } from "../shared/pagination";
import { lossShares, shareBackRecovery, type LossShares } from "./loss-sharing";
import { canOnCountyFinance } from "./policies";
import { correctionError, correctionSchema } from "./risk-fund-correction";
import type { FinancingPolicy } from "./policy";

/** The county has one risk-compensation fund. */
const FUND_ID = "county";

export const topUpSchema = z.object({
  amount: z
    .union([z.string(), z.number()], { error: "请填写注资金额（元）" })
    .transform((v, ctx) => fromChecked((s) => checkPositiveYuan(s, "注资金额"))(String(v), ctx)),
  note: z.string().trim().max(500, { error: "说明最多 500 字" }).optional(),
});

/** The fund's row, created empty if missing, locked for the caller's transaction: every movement waits for the one before. */
async function lockFund(tx: Tx): Promise<Money> {
  await tx.riskFund.createMany({ data: [{ id: FUND_ID, balanceFen: 0n }], skipDuplicates: true });
  const [row] = await tx.$queryRaw<{ balanceFen: bigint }[]>`SELECT "balanceFen" FROM "RiskFund" WHERE "id" = ${FUND_ID} FOR UPDATE`;
  return Money.fromFen(row.balanceFen);
}

/** Moves the balance by a signed amount and writes its ledger line (the fund row is locked). */
async function post(tx: Tx, balance: Money, entry: { kind: RiskFundEntryKind; amount: Money; applicationId?: string; note?: string | null; createdById?: string | null }): Promise<Money> {
  const after = balance.plus(entry.amount);
  await tx.riskFund.update({ where: { id: FUND_ID }, data: { balanceFen: after.fen } });
  await tx.riskFundEntry.create({
    data: { kind: entry.kind, amountFen: entry.amount.fen, balanceAfterFen: after.fen, applicationId: entry.applicationId ?? null, note: entry.note ?? null, createdById: entry.createdById ?? null },
  });
  return after;
}

/** GOVERNMENT tops the fund up. Audited. */
/** Who may top the fund up, and with what. */
function checkedTopUp(actor: Actor, raw: unknown) {
  if (!canOnCountyFinance(actor, "top-up-risk-fund")) throw forbidden("只有县政府可以向风险补偿资金注资");
  const input = topUpSchema.parse(raw);
  return { input, amount: Money.parseYuan(input.amount) };
}

/** The confirm step of a top-up (issue 19 §5): the same checks as `topUpRiskFund`, the balance before and after, nothing written. */
export async function previewRiskFundTopUp(actor: Actor, raw: unknown) {
  const { amount, input } = checkedTopUp(actor, raw);
  const fund = await db.riskFund.findUnique({ where: { id: FUND_ID } });
  const before = Money.fromFen(fund?.balanceFen ?? 0n);
  return { amount: amount.toYuanString(), balanceBefore: before.toYuanString(), balance: before.plus(amount).toYuanString(), note: input.note ?? "" };
}

export async function topUpRiskFund(actor: Actor, raw: unknown) {
  const { amount, input } = checkedTopUp(actor, raw);
  const balance = await db.$transaction(async (tx) => {
    const after = await post(tx, await lockFund(tx), { kind: "TOP_UP", amount, note: input.note ?? null, createdById: actorUserIdForFk(actor) });
    await recordAudit(tx, actor, { entityType: "RiskFund", entityId: FUND_ID, action: "top-up", data: { amount: amount.toYuanString(), balance: after.toYuanString(), note: input.note ?? null } });
    return after;
  });
  return { amount: amount.toYuanString(), balance: balance.toYuanString() };
}

/** Who may correct, and the correction's fields (every bad one named at once). */
function checkedCorrection(actor: Actor, raw: unknown): { amount: Money; reason: string } {
  if (!canOnCountyFinance(actor, "correct-risk-fund")) throw forbidden("只有县政府可以更正风险补偿资金");
  const parsed = correctionSchema.safeParse(raw);
  if (parsed.success) return { amount: Money.parseYuan(parsed.data.amount), reason: parsed.data.reason };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) (errors[String(issue.path[0] ?? "")] ??= []).push(issue.message);
  throw validation(errors);
}

/**
 * GOVERNMENT books a correcting entry (signed amount, reason): the ledger is never edited,
 * and the balance never goes below zero — checked under the fund's lock, so two
 * corrections at once cannot overdraw it. Every bad field is named at once; audited.
 */
export async function correctRiskFund(actor: Actor, raw: unknown) {
  const { amount, reason } = checkedCorrection(actor, raw);
  const result = await db.$transaction(async (tx) => {
    const before = await lockFund(tx);
    const overdraft = correctionError(before, amount);
    if (overdraft) throw validation({ amount: [overdraft] });
    const after = await post(tx, before, { kind: "CORRECTION", amount, note: reason, createdById: actorUserIdForFk(actor) });
    await recordAudit(tx, actor, {
      entityType: "RiskFund",
      entityId: FUND_ID,
      action: "correction",
      reason,
      data: { amount: amount.toYuanString(), before: before.toYuanString(), balance: after.toYuanString() },
    });
    return { before, after };
  });
  return { amount: amount.toYuanString(), balanceBefore: result.before.toYuanString(), balance: result.after.toYuanString(), reason };
}

/** What booking `raw` would do, without booking it (the page's confirm step): the same checks, no lock, nothing written. */
export async function previewRiskFundCorrection(actor: Actor, raw: unknown) {
  const { amount, reason } = checkedCorrection(actor, raw);
  const fund = await db.riskFund.findUnique({ where: { id: FUND_ID } });
  const before = Money.fromFen(fund?.balanceFen ?? 0n);
  const overdraft = correctionError(before, amount);
  if (overdraft) throw validation({ amount: [overdraft] });
  return { amount: amount.toYuanString(), balanceBefore: before.toYuanString(), balance: before.plus(amount).toYuanString(), reason };
}

/**
 * Shares the loss of a defaulted loan (SPEC §8) in the caller's transaction: L from the
 * outstanding principal and what was recovered so far, split by the policy; the fund pays
 * its share from its balance (ledger line) and what it cannot pay falls to the bank,
 * flagged. Returns the shares, recorded once per application.
 */
export async function compensateDefault(tx: Tx, app: { id: string; insurerId: string; outstandingAtDefaultFen: bigint | null; recoveredFen: bigint }, policy: FinancingPolicy): Promise<LossShares> {
  const balance = await lockFund(tx);
  const shares = lossShares({ outstanding: Money.fromFen(app.outstandingAtDefaultFen ?? 0n), recovered: Money.fromFen(app.recoveredFen), fundBalance: balance }, policy);
  await tx.lossShare.create({
    data: {
      applicationId: app.id,
      outstandingFen: app.outstandingAtDefaultFen ?? 0n,
      recoveredBeforeFen: app.recoveredFen,
      lossFen: shares.loss.fen,
      insurerFen: shares.insurer.fen,
      fundFen: shares.fund.fen,
      bankFen: shares.bank.fen,
      fundDueFen: shares.fundDue.fen,
      flags: shares.flags,
      policyVersion: policy.ref,
    },
  });
  if (shares.fund.isPositive()) await post(tx, balance, { kind: "COMPENSATION", amount: Money.zero.minus(shares.fund), applicationId: app.id, note: `代偿（${policy.ref}）` });
  // The insurer owes its share now; the county pays the fund's (and sees any shortfall).
  await notifyOrgsAndGovernment(tx, [app.insurerId], {
    sourceKey: `pledge.compensated:${app.id}`,
    kind: "pledge.compensated",
    title: `违约损失分担：${shares.loss.format()}`,
    body: `依据政策 ${policy.ref}：保险机构 ${shares.insurer.format()}，县风险补偿资金 ${shares.fund.format()}，银行 ${shares.bank.format()}${shares.flags.length ? "（风险补偿资金未足额承担，差额由银行承担）" : ""}。`,
    link: `/financing/${app.id}`,
  });
  return shares;
}

/**
 * A recovery after compensation is shared back in the proportions the loss was borne in;
 * the fund's part returns to its balance (ledger line). Returns the parts.
 */
export async function shareBackAfterCompensation(tx: Tx, applicationId: string, recovery: { id: string; amount: Money }) {
  const share = await tx.lossShare.findUniqueOrThrow({ where: { applicationId } });
  const parts = shareBackRecovery(recovery.amount, { loss: Money.fromFen(share.lossFen), insurer: Money.fromFen(share.insurerFen), fund: Money.fromFen(share.fundFen) });
  await tx.recoveryShare.create({
    data: { recoveryId: recovery.id, applicationId, amountFen: recovery.amount.fen, insurerFen: parts.insurer.fen, fundFen: parts.fund.fen, bankFen: parts.bank.fen, policyVersion: share.policyVersion },
  });
  if (parts.fund.isPositive()) await post(tx, await lockFund(tx), { kind: "RECOVERY_RETURN", amount: parts.fund, applicationId, note: `追偿返还（${share.policyVersion}）` });
  return { ...parts, policyVersion: share.policyVersion };
}

/** The fund: balance, totals, and its ledger newest first, a page at a time (GOVERNMENT and platform staff). */
export async function getRiskFund(actor: Actor, query: PageQuery = { page: 1, pageSize: 20 }) {
  if (!canOnCountyFinance(actor, "read-risk-fund")) throw forbidden("只有县政府可以查看风险补偿资金");
  const [fund, total, entries, sums] = await Promise.all([
    db.riskFund.findUnique({ where: { id: FUND_ID } }),
    db.riskFundEntry.count(),
    db.riskFundEntry.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...skipTake(query) }),
    db.riskFundEntry.groupBy({ by: ["kind"], _sum: { amountFen: true } }),
  ]);
  const apps = await db.pledgeApplication.findMany({ where: { id: { in: entries.flatMap((e) => (e.applicationId ? [e.applicationId] : [])) } }, select: { id: true, sme: { select: { name: true } } } });
  const sumOf = (kind: RiskFundEntryKind) => Money.fromFen(sums.find((s) => s.kind === kind)?._sum.amountFen ?? 0n);
  return {
    balance: Money.fromFen(fund?.balanceFen ?? 0n).toYuanString(),
    toppedUp: sumOf("TOP_UP").toYuanString(),
    compensated: Money.zero.minus(sumOf("COMPENSATION")).toYuanString(),
    returned: sumOf("RECOVERY_RETURN").toYuanString(),
    corrected: sumOf("CORRECTION").toYuanString(),
    entries: entries.map((e) => ({
      id: e.id,
      kind: e.kind,
      amount: Money.fromFen(e.amountFen).toYuanString(),
      balanceAfter: Money.fromFen(e.balanceAfterFen).toYuanString(),
      applicationId: e.applicationId,
      smeName: apps.find((a) => a.id === e.applicationId)?.sme.name ?? null,
      note: e.note,
      at: e.createdAt.toISOString(),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
