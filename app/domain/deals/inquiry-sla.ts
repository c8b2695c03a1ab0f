/** The inquiry SLA's calendar (issue 14 §9): working days are Monday to Friday in Asia/Shanghai. Pure. */
import { addWorkingDays, dateColumn, isoDateOf, shanghaiDate } from "../shared/calendar";

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The instant a calendar date begins in Asia/Shanghai. */
const startOfShanghaiDay = (isoDate: string) => new Date(dateColumn(isoDate).getTime() - SHANGHAI_OFFSET_MS);
const plusDays = (isoDate: string, days: number) => isoDateOf(new Date(dateColumn(isoDate).getTime() + days * DAY_MS));

/**
 * The last day a holder may answer an inquiry made on `askedOn`: `slaDays` working days
 * after it (issue 14 §9). The inquiry is overdue from the following midnight in Shanghai.
 */
export function inquiryDueOn(askedOn: string, slaDays: number): string {
  return addWorkingDays(askedOn, slaDays);
}

/**
 * The latest day an inquiry still open today may have been made on to be overdue: the
 * deadline only grows with the inquiry's day, so walking back from yesterday finds it in
 * at most a couple of weeks' steps. Gives an exact SQL bound instead of reading inquiries
 * that are not late yet.
 */
export function lastOverdueInquiryDay(today: string, slaDays: number): string {
  let day = plusDays(today, -1);
  while (inquiryDueOn(day, slaDays) >= today) day = plusDays(day, -1);
  return day;
}

/**
 * Inquiries made before this instant and still unanswered are overdue at `now`: the
 * start (Shanghai midnight) of the day after the last overdue inquiry day.
 */
export function overdueInquiriesAskedBefore(now: Date, slaDays: number): Date {
  return startOfShanghaiDay(plusDays(lastOverdueInquiryDay(shanghaiDate(now), slaDays), 1));
}

/** Whether an inquiry made at `askedAt` and still unanswered is overdue at `now`. */
export function isInquiryOverdue(askedAt: Date, now: Date, slaDays: number): boolean {
  return shanghaiDate(now) > inquiryDueOn(shanghaiDate(askedAt), slaDays);
}
