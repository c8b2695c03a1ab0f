/**
 * 统一社会信用代码 (Unified Social Credit Code), GB 32100-2015: 18 characters from a
 * 31-character alphabet (no I, O, S, V, Z). Position 1 registration authority,
 * 2 organization category, 3–8 administrative division (digits), 9–17 organization code,
 * 18 check character = 31 − (Σ value·weight mod 31), 31 written as "0".
 */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]);
    if (value < 0) throw new Error(`invalid USCC character "${first17[i]}"`);
    sum += value * WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET[check];
}

export type UsccCheck = { ok: true; value: string } | { ok: false; reason: string };

export function checkUscc(input: string): UsccCheck {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) return { ok: false, reason: "统一社会信用代码应为18位" };
  if (!SHAPE.test(value)) return { ok: false, reason: "统一社会信用代码含有无效字符（不使用 I、O、S、V、Z）" };
  if (usccCheckCharacter(value.slice(0, 17)) !== value[17]) return { ok: false, reason: "统一社会信用代码校验位不正确" };
  return { ok: true, value };
}

/** Builds a valid code from 17 characters (for seeds and tests). */
export function withUsccCheck(first17: string): string {
  return first17 + usccCheckCharacter(first17);
}
