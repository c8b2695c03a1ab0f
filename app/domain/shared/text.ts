import { z } from "zod";

/**
 * The one rule for text that comes from outside (forms, API bodies, query strings, path
 * parameters, import rows): no NUL or other C0 control character except tab, line feed
 * and carriage return, no DEL, no lone UTF-16 surrogate (PostgreSQL cannot store either;
 * they used to reach it and come back as 500s), and Unicode NFC so that the same words
 * compare equal however they were typed. Every string field of every schemas.ts uses
 * `text()`; integers that reach an INTEGER column use `int32()` (ADR 0012).
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasForbiddenCharacters(value: string): boolean {
  return CONTROL.test(value) || LONE_SURROGATE.test(value);
}

export const FORBIDDEN_CHARACTERS_MESSAGE = "含有不允许的字符（如 NUL、控制字符或无效的 Unicode）";

/** A string field: refuses forbidden characters, then normalizes to NFC; chain .trim(), .min(), .max() … as usual. */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z
    .string(params)
    .refine((value) => !hasForbiddenCharacters(value), { error: FORBIDDEN_CHARACTERS_MESSAGE, abort: true })
    .normalize("NFC");
}

/** The same refusal without normalization, for what must stay byte-for-byte as typed (passwords: their hashes). */
export function verbatimText(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine((value) => !hasForbiddenCharacters(value), { error: FORBIDDEN_CHARACTERS_MESSAGE, abort: true });
}

/** The largest value an INTEGER (int4) column holds. */
export const INT32_MAX = 2_147_483_647;

/** An integer that fits an INTEGER column: -2^31 … 2^31-1 (chain .min()/.max() to narrow). */
export function int32(params?: Parameters<typeof z.int32>[0]) {
  return z.int32(params);
}

/** A zod transform from a checker that answers `{ ok, value }` or `{ ok: false, reason }`: the reason becomes the field's error. */
export const fromChecked =
  <T>(check: (value: string) => { ok: true; value: T } | { ok: false; reason: string }) =>
  (value: string, ctx: z.RefinementCtx): T => {
    const checked = check(value);
    if (checked.ok) return checked.value;
    ctx.addIssue({ code: "custom", message: checked.reason });
    return z.NEVER;
  };

/** A required text field of a form or API body: trimmed, not empty, at most `max` characters; messages name the field. */
export function requiredText(label: string, max: number, missing = `请填写${label}`) {
  return text({ error: missing })
    .trim()
    .min(1, { error: missing })
    .max(max, { error: `${label}最多 ${max} 字` });
}

/** An optional text field: absent, null or blank become undefined; otherwise trimmed, at most `max` characters. */
export function optionalText(label: string, max: number) {
  return z.preprocess(
    (v) => (v === null ? undefined : v),
    text({ error: `${label}应为文字` })
      .trim()
      .max(max, { error: `${label}最多 ${max} 字` })
      .optional()
      .transform((s) => (s ? s : undefined)),
  );
}
