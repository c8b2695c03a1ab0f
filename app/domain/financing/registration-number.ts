import { fail, ok, toHalfWidth, type Checked } from "../patents/text";

/**
 * The pledge registration number CNIPA issues when it records a pledge (质押登记号):
 * - a patent pledge (专利权质押登记): the year of registration and nine digits, written
 *   with a leading `Y` since 2020 (Y2023980012345) and without it before (2015990000452);
 * - a trademark pledge (商标专用权质权登记): `(2023)商质字第123号`, also written without the
 *   brackets or the 第/号.
 * Anything else (HTML, free text, a loan contract number) is refused, so that a number in
 * the books can be looked up at CNIPA. Returns the canonical form.
 */
const PATENT_PLEDGE = /^(Y?)((?:19|20)\d{2})(\d{9})$/;
const MARK_PLEDGE = /^[(]?((?:19|20)\d{2})[)]?商质(?:登)?字第?(\d{1,8})号?$/;
/** Patent pledges have been registered by the patent office since the 1996 measures. */
const FIRST_YEAR = 1996;

export const PLEDGE_REGISTRATION_EXAMPLE = "Y2023980012345";

export function checkPledgeRegistrationNumber(input: string): Checked<{ number: string; year: number }> {
  const text = toHalfWidth(input).replace(/\s+/g, "").replace(/[（]/g, "(").replace(/[）]/g, ")").toUpperCase();
  if (text === "") return fail("请填写质押登记号");
  const patent = PATENT_PLEDGE.exec(text);
  const mark = patent ? null : MARK_PLEDGE.exec(text);
  const year = Number(patent?.[2] ?? mark?.[1]);
  if ((!patent && !mark) || year < FIRST_YEAR) {
    return fail(`质押登记号格式不正确：专利权质押如 ${PLEDGE_REGISTRATION_EXAMPLE}（Y + 登记年份 + 9 位数字），商标质权如 (2023)商质字第123号`);
  }
  if (patent) return ok({ number: `${Number(year) >= 2020 ? "Y" : patent[1]}${patent[2]}${patent[3]}`, year });
  return ok({ number: `(${mark![1]})商质字第${Number(mark![2])}号`, year });
}
