/**
 * Highlighting as data: text is split into `Segment`s (plain / matched) whose concatenation
 * is exactly the original stretch, so the UI renders text nodes and never HTML.
 */
import type { Segment } from "./port";

/** A matched stretch [start, end) of a text; `key` identifies the query term that matched. */
export type MatchRange = { start: number; end: number; key: string };

export const SNIPPET_LENGTH = 120;
/** How much context to keep before the first match of a snippet. */
const SNIPPET_LEAD = 20;

const ASCII_WORD_CHAR = /[a-z0-9]/;

/**
 * Where `terms` occur in `normalized` (already folded, same length as the original).
 * Latin/digit terms only match at word boundaries so "ai" does not light up "chair";
 * Chinese has no boundaries to respect.
 */
export function findMatchRanges(normalized: string, terms: Iterable<string>): MatchRange[] {
  const ranges: MatchRange[] = [];
  for (const term of terms) {
    if (!term) continue;
    const asciiStart = ASCII_WORD_CHAR.test(term[0]);
    const asciiEnd = ASCII_WORD_CHAR.test(term[term.length - 1]);
    for (let at = normalized.indexOf(term); at !== -1; at = normalized.indexOf(term, at + 1)) {
      const end = at + term.length;
      if (asciiStart && at > 0 && ASCII_WORD_CHAR.test(normalized[at - 1])) continue;
      if (asciiEnd && end < normalized.length && ASCII_WORD_CHAR.test(normalized[end])) continue;
      ranges.push({ start: at, end, key: term });
    }
  }
  return ranges.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Merges overlapping or touching ranges (e.g. 黑木耳 and 木耳) into one highlighted run. */
function mergeRanges(ranges: readonly MatchRange[]): { start: number; end: number }[] {
  const merged: { start: number; end: number }[] = [];
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ start: range.start, end: range.end });
  }
  return merged;
}

/** `text.slice(from, to)` as segments, with the parts covered by `ranges` marked. */
export function toSegments(text: string, ranges: readonly MatchRange[], from = 0, to = text.length): Segment[] {
  const segments: Segment[] = [];
  const push = (start: number, end: number, match: boolean) => {
    if (end <= start) return;
    const last = segments[segments.length - 1];
    if (last && last.match === match) last.text += text.slice(start, end);
    else segments.push({ text: text.slice(start, end), match });
  };
  let cursor = from;
  for (const range of mergeRanges(ranges)) {
    const start = Math.max(range.start, from);
    const end = Math.min(range.end, to);
    if (end <= start) continue;
    push(cursor, start, false);
    push(start, end, true);
    cursor = end;
  }
  push(cursor, to, false);
  return segments;
}

/**
 * The ≈`length`-character window of a text that shows the most distinct matched terms
 * (earliest on ties), starting a little before its first match; the start of the text when
 * nothing matched.
 */
export function snippetWindow(textLength: number, ranges: readonly MatchRange[], length = SNIPPET_LENGTH): { start: number; end: number } {
  if (textLength <= length || ranges.length === 0) return { start: 0, end: Math.min(textLength, length) };
  let best = { first: ranges[0].start, distinct: 0 };
  for (let i = 0; i < ranges.length; i++) {
    const windowEnd = ranges[i].start - SNIPPET_LEAD + length;
    const keys = new Set<string>();
    for (let j = i; j < ranges.length && ranges[j].end <= windowEnd; j++) keys.add(ranges[j].key);
    if (keys.size > best.distinct) best = { first: ranges[i].start, distinct: keys.size };
  }
  const start = Math.max(0, Math.min(best.first - SNIPPET_LEAD, textLength - length));
  return { start, end: start + length };
}

/** Keeps a window from splitting a surrogate pair (rare CJK extension characters, emoji). */
export function alignToCodePoints(text: string, window: { start: number; end: number }): { start: number; end: number } {
  const isLowSurrogate = (index: number) => index > 0 && index < text.length && (text.charCodeAt(index) & 0xfc00) === 0xdc00;
  let { start, end } = window;
  if (isLowSurrogate(start)) start -= 1;
  if (isLowSurrogate(end)) end += 1;
  return { start, end };
}

/** The snippet of `text` as segments, see `snippetWindow`. */
export function snippetSegments(text: string, ranges: readonly MatchRange[], length = SNIPPET_LENGTH): Segment[] {
  const window = alignToCodePoints(text, snippetWindow(text.length, ranges, length));
  return toSegments(text, ranges, window.start, window.end);
}

/**
 * Turns text marked up by an engine with `preTag`/`postTag` around matches into the plain
 * text and its match ranges. The tags are private-use characters that never occur in
 * patent text, so no escaping is involved and no markup survives.
 */
export function parseTaggedText(tagged: string, preTag: string, postTag: string): { text: string; ranges: MatchRange[] } {
  const withoutTags = (part: string) => part.split(preTag).join("").split(postTag).join("");
  let text = "";
  const ranges: MatchRange[] = [];
  let rest = tagged;
  while (rest.length) {
    const open = rest.indexOf(preTag);
    if (open === -1) {
      text += withoutTags(rest);
      break;
    }
    text += withoutTags(rest.slice(0, open));
    rest = rest.slice(open + preTag.length);
    const close = rest.indexOf(postTag);
    const matched = withoutTags(close === -1 ? rest : rest.slice(0, close));
    if (matched) ranges.push({ start: text.length, end: text.length + matched.length, key: matched.toLowerCase() });
    text += matched;
    rest = close === -1 ? "" : rest.slice(close + postTag.length);
  }
  return { text, ranges };
}
