/**
 * Small text helpers shared by the patent validators. Holders paste numbers and codes
 * from CNIPA pages, Word files and Chinese input methods, so full-width characters and
 * stray spaces are normal input, not mistakes.
 */

/** A validation outcome that carries a user-facing Chinese reason instead of throwing. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
export const fail = <T = never>(reason: string): Checked<T> => ({ ok: false, reason });

/**
 * Full-width ASCII (U+FF01–U+FF5E, e.g. "２０１７", "ＣＮ", "／", "．") becomes half-width;
 * the ideographic space U+3000 becomes a normal space. Chinese IMEs produce these.
 */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) => (ch === "\u3000" ? " " : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}

/** Length in characters as people count them (code points, so a rare CJK character counts once). */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Keeps the first occurrence of each value, in order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/**
 * List separators accepted in one text cell (CSV, a form's text input): ASCII and
 * full-width semicolons and commas, the enumeration comma 、, the pipe and line breaks.
 * Not whitespace: IPC codes ("A23L 31/00") and some names contain spaces.
 */
export const LIST_SEPARATORS = /[;,；，、|\r\n]+/;

export function splitList(text: string): string[] {
  return text
    .split(LIST_SEPARATORS)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
