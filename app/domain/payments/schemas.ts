import { z } from "zod";
import { text, fromChecked, INT32_MAX } from "~/domain/shared/text";
import { checkDate } from "../patents/dates";
import { bookDateError } from "../shared/book-dates";
import { RECEIPT_DATE_LABEL } from "./receipt-date";

const version = z.coerce.number({ error: "version 应为正整数" }).int().max(INT32_MAX).min(1, { error: "version 应为正整数" });
const reference = text({ error: "请填写转账流水号" }).trim().min(4, { error: "转账流水号至少 4 位" }).max(64, { error: "转账流水号最多 64 位" });
/**
 * The day the money arrived, "2026-03-01" (also 2026/3/1, 2026年3月1日), not after today in
 * the county — checked here, with the shape, so that one answer names it with every other
 * bad field; the payment's own date (not before it was asked for) is receipt-date.ts's.
 */
export const receivedOnSchema = text({ error: `${RECEIPT_DATE_LABEL}应为日期，如 2026-03-01` })
  .transform(fromChecked((s) => checkDate(s, RECEIPT_DATE_LABEL)))
  .superRefine((date, ctx) => {
    const error = typeof date === "string" ? bookDateError(date, RECEIPT_DATE_LABEL) : null;
    if (error) ctx.addIssue({ code: "custom", message: error });
  });

/** A form's empty date field means "not given" (today), as an absent one does. */
export const optionalReceivedOn = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), receivedOnSchema.optional());

export const paymentActionBodySchemas = {
  "submit-transfer": z.object({ version, reference }),
  "confirm-receipt": z.object({ version, receivedOn: optionalReceivedOn }),
  "report-missing": z.object({ version }),
  "pay-by-card": z.object({ version }),
};

/**
 * The body as API v1 documents it. Only the types are checked before the use case (a
 * stranger's call is still 404, not 400): the use case checks every field of the action
 * at once, with the rules above and the payment's own dates.
 */
export const paymentActionApiBodySchema = z.looseObject({
  version: z.union([z.number(), z.string()]).optional().describe("required: the payment's version as you saw it, an integer ≥ 1 (a number or a numeric string)"),
  reference: z.string().optional().describe("`submit-transfer`: the bank transfer's reference (4–64 characters)"),
  receivedOn: z.string().optional().describe("`confirm-receipt`: the day the money arrived, YYYY-MM-DD, not after today (Asia/Shanghai) nor before the payment was asked for; default today"),
});

export { fieldErrorsOfIssues } from "../shared/errors";
