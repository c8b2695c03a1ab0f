import { bookDateError, bookToday } from "../shared/book-dates";
import { shanghaiDate } from "../shared/calendar";
import { clock } from "../shared/clock";

/**
 * The receipt date a payee confirms (SPEC §8: the premium subsidy's year follows it): a
 * fact of the books, so not after today in the county (Asia/Shanghai, today inclusive)
 * and not before the payment was asked for (the day its row was created — the premium
 * when the insurer approved, the fee when the appraiser was assigned). The day itself is
 * allowed: money can arrive on the day it is asked for. Pure.
 */
export const RECEIPT_DATE_LABEL = "收款日期";
export const PAYMENT_ASKED_LABEL = "该笔款项的应付日期";

export function receiptDateError(receivedOn: string, payment: { createdAt: Date }, now: Date = clock.now()): string | null {
  return bookDateError(receivedOn, RECEIPT_DATE_LABEL, [{ label: PAYMENT_ASKED_LABEL, date: shanghaiDate(payment.createdAt) }], now);
}

/** The receipt date when the payee gives none: today in the county (the moment of confirmation, as before). */
export function defaultReceiptDate(now: Date = clock.now()): string {
  return bookToday(now);
}
