import { db, type Tx } from "~/utils/db.server";
import { notifyOrgs } from "../notifications/notify.server";
import { Money } from "../shared/money";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { conflict, DomainError, forbidden, notFound, validation } from "../shared/errors";
import { paymentSideOf } from "./policies";
import { nextPaymentStatus, type PaymentAction } from "./payment-machine";
import { fieldErrorsOfIssues, optionalReceivedOn, paymentActionBodySchemas } from "./schemas";
import { defaultReceiptDate, receiptDateError } from "./receipt-date";
import { dateColumn } from "../shared/calendar";
import { clock } from "../shared/clock";
import type { DealStatus, Payment } from "~/generated/prisma/client";
import { ENDED_DEAL_STATUSES } from "../deals/deal-machine";
import { auditSubjectOf, paymentPaid } from "./subject.server";

/**
 * The offline-transfer steps: the payer (the SME) enters its transfer reference, the
 * payee confirms receipt — with the day the money arrived (`receivedOn`, default today;
 * never in the future, never before the payment was asked for) — or that nothing arrived.
 * A confirmed payment marks the application's fee or premium paid and lets the platform
 * contract the loan when the terms are accepted and both are paid — or moves a deal to
 * PAID — in the same transaction.
 * Returns what it pays for and the payment as it now is (with both parties' names).
 */
export async function actOnPayment(actor: Actor, paymentId: string, action: PaymentAction, rawBody: unknown) {
  return db.$transaction(async (tx) => {
    // One statement: the row locked, with both parties' names for the answer.
    const [payment] = await tx.$queryRaw<(Payment & { payerName: string; payeeName: string; dealStatus: DealStatus | null })[]>`
      SELECT p.*, payer.name AS "payerName", payee.name AS "payeeName", d.status AS "dealStatus"
        FROM "Payment" p JOIN "Organization" payer ON payer.id = p."payerId" JOIN "Organization" payee ON payee.id = p."payeeId"
        LEFT JOIN "Deal" d ON d.id = p."dealId"
       WHERE p.id = ${paymentId}
         FOR UPDATE OF p`;
    const side = payment && paymentSideOf(actor, payment);
    if (!payment || !side) throw notFound("付款");
    if (actor.orgStatus !== "ACTIVE") throw forbidden();
    const now = clock.now();
    const { body, receivedOn } = checkedBody(action, rawBody, payment, now);
    if (body.version !== payment.version) throw conflict("该付款已更新，请刷新后重试");
    // A deal that ended (declined, cancelled, its consent refused) takes no more money.
    if (payment.dealStatus && (ENDED_DEAL_STATUSES as readonly DealStatus[]).includes(payment.dealStatus)) throw new DomainError("INVALID_STATE", "交易已结束，不能再办理这笔付款");
    const to = nextPaymentStatus(payment.method, payment.status, action, side);
    if (!to) throw new DomainError("INVALID_STATE", "当前付款状态不能执行此操作");
    await tx.payment.update({
      where: { id: payment.id },
      data: {
        status: to,
        version: { increment: 1 },
        ...(action === "submit-transfer" ? { transferReference: body.reference } : {}),
        ...(to === "PAID" ? { paidAt: now, receivedOn: dateColumn(receivedOn ?? defaultReceiptDate(now)) } : {}),
      },
    });
    await recordAudit(tx, actor, {
      ...auditSubjectOf(payment),
      action: `payment.${action}`,
      data: { paymentId: payment.id, kind: payment.kind, status: to, ...(body.reference ? { reference: body.reference } : {}), ...(receivedOn ? { receivedOn } : {}) },
    });
    if (to === "PAID") await paymentPaid(tx, payment, now);
    // The payee owes the next step: confirm that the money arrived.
    if (action === "submit-transfer") await tellPayee(tx, payment, body.reference ?? "");
    // Nothing arrived: the payer owes the next step (check the transfer, send it again).
    if (action === "report-missing") await tellPayer(tx, payment);
    const updated = { ...payment, status: to, version: payment.version + 1, transferReference: action === "submit-transfer" ? (body.reference ?? null) : payment.transferReference, paidAt: to === "PAID" ? now : payment.paidAt, receivedOn: to === "PAID" && receivedOn ? dateColumn(receivedOn) : payment.receivedOn };
    return { applicationId: payment.applicationId, dealId: payment.dealId, payment: { ...updated, payer: { id: payment.payerId, name: payment.payerName }, payee: { id: payment.payeeId, name: payment.payeeName } } };
  });
}

/**
 * The action's body and, for `confirm-receipt`, the receipt date (given, or today), checked
 * together: one VALIDATION error names every bad field, the date's rule included.
 */
function checkedBody(action: PaymentAction, rawBody: unknown, payment: { createdAt: Date }, now: Date): { body: { version: number; reference?: string }; receivedOn: string | null } {
  const parsed = paymentActionBodySchemas[action].safeParse(rawBody);
  const errors = parsed.success ? {} : fieldErrorsOfIssues(parsed.error.issues);
  let receivedOn: string | null = null;
  if (action === "confirm-receipt") {
    const given = optionalReceivedOn.safeParse((rawBody as { receivedOn?: unknown } | null)?.receivedOn);
    receivedOn = given.success ? (given.data ?? defaultReceiptDate(now)) : null;
    const rule = receivedOn && receiptDateError(receivedOn, payment, now);
    if (rule) (errors.receivedOn ??= []).push(rule);
  }
  if (!parsed.success || Object.keys(errors).length > 0) throw validation(errors);
  return { body: parsed.data as { version: number; reference?: string }, receivedOn };
}

const KIND_NAMES: Record<Payment["kind"], string> = { APPRAISAL_FEE: "评估费", PREMIUM: "保费", DEAL_UPFRONT: "交易入门费" };

/** The payee hears that a transfer was sent, with its reference and a link to the record where it confirms receipt. */
async function tellPayee(tx: Tx, payment: Payment & { payerName: string }, reference: string) {
  const link = payment.dealId ? `/deals/${payment.dealId}` : `/financing/${payment.applicationId}`;
  await notifyOrgs(tx, [
    {
      orgId: payment.payeeId,
      kind: "payment.turn",
      title: `请确认收款：${KIND_NAMES[payment.kind]} ${Money.fromFen(payment.amountFen).format()}`,
      body: `${payment.payerName}已转账支付${KIND_NAMES[payment.kind]} ${Money.fromFen(payment.amountFen).format()}（转账流水号 ${reference}）。款项到账后请确认收款并填写到账日期。`,
      link,
      sourceKey: `payment.transfer:${payment.id}:v${payment.version + 1}`,
    },
  ]);
}

/** The payer hears that its transfer was not received, with a link to the record where it enters a new one. */
async function tellPayer(tx: Tx, payment: Payment & { payeeName: string }) {
  const link = payment.dealId ? `/deals/${payment.dealId}` : `/financing/${payment.applicationId}`;
  await notifyOrgs(tx, [
    {
      orgId: payment.payerId,
      kind: "payment.turn",
      title: `未收到款项：${KIND_NAMES[payment.kind]} ${Money.fromFen(payment.amountFen).format()}`,
      body: `${payment.payeeName}报告未收到${KIND_NAMES[payment.kind]}（转账流水号 ${payment.transferReference ?? "—"}）。请核对转账后重新提交转账凭证。`,
      link,
      sourceKey: `payment.missing:${payment.id}:v${payment.version + 1}`,
    },
  ]);
}
