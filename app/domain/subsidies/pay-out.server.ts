import { z } from "zod";
import { db } from "~/utils/db.server";
import { csvDocument, xlsxDocument, type SheetColumn } from "~/utils/spreadsheet.server";
import { actorUserIdForFk, type Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { isoDateOf } from "../shared/calendar";
import { conflict, forbidden, validation } from "../shared/errors";
import { Money } from "../shared/money";
import { canOnSubsidies } from "./policies";
import { SUBSIDY_KIND_NAMES } from "./award-subsidy.server";
import { clock } from "../shared/clock";

export const markPaidSchema = z.object({
  awardIds: z.array(z.string().min(1).max(64), { error: "请选择要标记为已拨付的补贴" }).min(1, { error: "请至少选择一笔补贴" }).max(500, { error: "一次最多 500 笔" }),
  voucherNo: z.string({ error: "请填写拨付凭证号" }).trim().min(1, { error: "请填写拨付凭证号" }).max(64, { error: "凭证号最多 64 个字符" }),
});

/** Who may record a payment, and what: the awards (each once) and the voucher. */
function checkedPayment(actor: Actor, raw: unknown): { ids: string[]; voucherNo: string } {
  if (!canOnSubsidies(actor, undefined, "mark-paid")) throw forbidden("只有县政府可以登记补贴拨付");
  const { awardIds, voucherNo } = markPaidSchema.parse(raw);
  return { ids: [...new Set(awardIds)], voucherNo };
}

/** Every award asked for exists and is still owed, else the whole request is refused. */
function assertAllPayable(ids: readonly string[], rows: readonly { id: string; status: string }[]) {
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw validation({ awardIds: [`补贴记录不存在：${missing.join("、")}`] });
  const notDue = rows.filter((r) => r.status !== "UNPAID");
  if (notDue.length) throw validation({ awardIds: [`${notDue.length} 笔补贴已拨付或无需拨付，请刷新后重新选择`] });
}

/** The confirm step of recording a payment (issue 19 §5): the same checks as `markAwardsPaid`, how many and how much, nothing written. */
export async function previewMarkPaid(actor: Actor, raw: unknown): Promise<{ awardIds: string[]; count: number; total: string; voucherNo: string }> {
  const { ids, voucherNo } = checkedPayment(actor, raw);
  const rows = await db.subsidyAward.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, amountFen: true } });
  assertAllPayable(ids, rows);
  return { awardIds: ids, count: ids.length, total: Money.sum(rows.map((r) => Money.fromFen(r.amountFen))).toYuanString(), voucherNo };
}

/**
 * GOVERNMENT records that the treasury paid these awards, under one voucher number: all
 * of them or none (an award already paid, with nothing to pay, or unknown refuses the
 * whole request). Each is audited on its application's timeline.
 */
export async function markAwardsPaid(actor: Actor, raw: unknown): Promise<{ paid: number; total: string }> {
  const { ids, voucherNo } = checkedPayment(actor, raw);
  return db.$transaction(async (tx) => {
    const rows = await tx.subsidyAward.findMany({ where: { id: { in: ids } } });
    assertAllPayable(ids, rows);
    const now = clock.now();
    const updated = await tx.subsidyAward.updateMany({ where: { id: { in: ids }, status: "UNPAID" }, data: { status: "PAID", voucherNo, paidAt: now, paidById: actorUserIdForFk(actor), version: { increment: 1 } } });
    if (updated.count !== ids.length) throw conflict("补贴状态已变化，请刷新后重试");
    for (const r of rows) {
      await recordAudit(tx, actor, { entityType: "PledgeApplication", entityId: r.applicationId, action: "subsidy.paid", data: { awardId: r.id, kind: r.kind, amount: Money.fromFen(r.amountFen).toYuanString(), voucherNo, policy: r.policyVersion } });
    }
    return { paid: ids.length, total: Money.sum(rows.map((r) => Money.fromFen(r.amountFen))).toYuanString() };
  });
}

const ACCOUNT_MISSING = "未填写（请企业在机构资料中补充收款账户）";

/** The flags of an award in the treasury's words (the page shows the same, sub.flag.*). */
const SUBSIDY_FLAG_NAMES: Record<string, string> = {
  RATE_INELIGIBLE: "利率超限",
  PREMIUM_RATE_INELIGIBLE: "费率超限",
  OUTSIDE_WINDOW: "超出贴息期",
  NOTHING_PAID: "无实际支付",
  LOAN_CAP: "单笔封顶",
  YEARLY_CAP: "年度封顶",
  BUDGET_LIMITED: "预算核减",
  BUDGET_EXHAUSTED: "预算用尽",
};

const BATCH_COLUMNS: SheetColumn[] = [
  { header: "序号", width: 6 },
  { header: "补贴编号", width: 28 },
  { header: "企业名称", width: 30 },
  { header: "统一社会信用代码", width: 22 },
  { header: "开户银行", width: 28 },
  { header: "银行账号", width: 24 },
  { header: "补贴类型", width: 12 },
  { header: "金额（元）", width: 16, yuan: true },
  { header: "事件日期", width: 12 },
  { header: "政策版本", width: 16 },
  { header: "标记", width: 18 },
  { header: "融资申请", width: 28 },
];

/**
 * The treasury's payment batch: every granted, unpaid award of the year, by enterprise,
 * with the batch total. Exported as CSV or XLSX; paying it is recorded with `markAwardsPaid`.
 */
export async function subsidyPaymentBatch(actor: Actor, year: number, format: "csv" | "xlsx"): Promise<{ fileName: string; contentType: string; body: string | Buffer; count: number; total: string }> {
  if (!canOnSubsidies(actor, undefined, "export-batch")) throw forbidden("只有县政府可以导出补贴拨付清单");
  const rows = await db.subsidyAward.findMany({
    where: { year, status: "UNPAID" },
    include: { sme: { select: { name: true, uscc: true, settlementBank: true, settlementAccount: true } } },
    orderBy: [{ sme: { name: "asc" } }, { eventOn: "asc" }, { id: "asc" }],
  });
  const total = Money.sum(rows.map((r) => Money.fromFen(r.amountFen)));
  // The payee's account is the SME's own (org profile); a missing one is said, so the treasury asks before paying.
  const cells = rows.map((r, i) => [
    String(i + 1),
    r.id,
    r.sme.name,
    r.sme.uscc,
    r.sme.settlementBank ?? ACCOUNT_MISSING,
    r.sme.settlementAccount ?? ACCOUNT_MISSING,
    SUBSIDY_KIND_NAMES[r.kind],
    Money.fromFen(r.amountFen).toYuanString(),
    isoDateOf(r.eventOn),
    r.policyVersion,
    r.flags.map((f) => SUBSIDY_FLAG_NAMES[f] ?? f).join("、"),
    r.applicationId,
  ]);
  const footer = ["", "", `合计 ${rows.length} 笔`, "", "", "", "", total.toYuanString(), "", "", "", ""];
  const base = `subsidy-payment-batch-${year}`;
  if (format === "csv") return { fileName: `${base}.csv`, contentType: "text/csv; charset=utf-8", body: csvDocument(BATCH_COLUMNS, [...cells, footer]), count: rows.length, total: total.toYuanString() };
  return {
    fileName: `${base}.xlsx`,
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    body: await xlsxDocument(`${year} 年补贴拨付清单`, BATCH_COLUMNS, cells, footer),
    count: rows.length,
    total: total.toYuanString(),
  };
}
