import { z } from "zod";
import { fromChecked } from "../shared/text";
import { checkYuan } from "../patents/amounts";
import { text } from "../shared/text";
import { Money } from "../shared/money";

/**
 * A correcting entry of the risk fund (SPEC §8): the ledger is append-only, so GOVERNMENT
 * corrects a mistake with a signed entry and its reason — never by editing one. The
 * balance never goes below zero. Pure: shared by the page, API v1 and the use case.
 */

/** A correction larger than this is a typo, not a correction (the fund is a county's, in the millions). */
export const CORRECTION_MAX = Money.parseYuan("100000000.00");

const magnitude = (m: Money) => (m.isNegative() ? Money.zero.minus(m) : m);

export const correctionSchema = z.object({
  amount: z
    .union([text(), z.number()], { error: "请填写更正金额（元），如 -1000.00" })
    .transform((v, ctx) => fromChecked((s) => checkYuan(s, "更正金额", { negative: true }))(String(v), ctx))
    .refine((v) => !Money.parseYuan(v).isZero(), { error: "更正金额不能为 0" })
    .refine((v) => magnitude(Money.parseYuan(v)).compare(CORRECTION_MAX) <= 0, { error: `更正金额的绝对值不能超过 ${CORRECTION_MAX.format()}` }),
  reason: text({ error: "请填写更正原因" }).trim().min(4, { error: "更正原因至少 4 个字" }).max(500, { error: "更正原因最多 500 字" }),
});
export type CorrectionInput = z.output<typeof correctionSchema>;

/** Why `amount` cannot be booked against `balance`, or null: the fund never goes below zero. */
export function correctionError(balance: Money, amount: Money): string | null {
  const after = balance.plus(amount);
  return after.isNegative() ? `更正后余额不能为负：当前余额 ${balance.format()}，最多可减少 ${balance.format()}` : null;
}
