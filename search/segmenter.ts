/**
 * Chinese + English tokenization shared by indexing and querying (embedded engine), built on
 * jieba with the county domain dictionary and the synonym words loaded.
 *
 * Normalization is length-preserving (one UTF-16 unit in, one out) so that offsets found
 * in normalized text are offsets in the original text: highlighting relies on that.
 */
import { Jieba } from "@node-rs/jieba";
// The explicit ".js" keeps this importable from plain Node ESM (the package has no exports map).
import { dict } from "@node-rs/jieba/dict.js";
import { domainDictionary } from "./dictionary";
import { synonymWords, synonymsOf } from "./synonyms";

let sharedJieba: Jieba | undefined;

/** One jieba instance per process: loading the dictionary takes ~0.3 s and ~60 MB. */
function jieba(): Jieba {
  if (!sharedJieba) {
    const instance = Jieba.withDict(dict);
    instance.loadDict(domainDictionary(synonymWords()));
    sharedJieba = instance;
  }
  return sharedJieba;
}

// ---------------------------------------------------------------------------------------
// Normalization

const NEEDS_FOLDING = /[A-Z\u00C0-\u024F\u0370-\u04FF\u3000\uFF01-\uFF5E]/;
const FOLDABLE = /[A-Z\u00C0-\u024F\u0370-\u04FF\u3000\uFF01-\uFF5E]/g;

function foldChar(char: string): string {
  const code = char.charCodeAt(0);
  if (code === 0x3000) return " ";
  if (code >= 0xff01 && code <= 0xff5e) return foldChar(String.fromCharCode(code - 0xfee0));
  const lower = char.toLowerCase();
  // Some letters lower-case to two units (e.g. "İ"); keep those as they are to stay 1:1.
  return lower.length === 1 ? lower : char;
}

/**
 * Full-width → half-width, upper → lower case; same length as the input, so offsets map
 * back to the original text.
 */
export function normalizeText(text: string): string {
  return NEEDS_FOLDING.test(text) ? text.replace(FOLDABLE, foldChar) : text;
}

// ---------------------------------------------------------------------------------------
// Stop words

/**
 * Words that carry no meaning in patent text: function words, and the boilerplate of
 * Chinese patent drafting (所述, 其特征在于, 本发明 …). Dropped on both sides, so they neither
 * inflate scores nor show up as matched terms.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // Chinese function words
  "的", "了", "和", "与", "及", "或", "等", "之", "其", "该", "并", "在", "是", "为", "于", "以",
  "对", "将", "被", "由", "从", "而", "且", "也", "又", "就", "则", "即", "把", "这", "那", "此",
  "各", "所", "个", "着", "得", "地", "还", "或者", "以及", "及其", "其中", "并且", "而且", "以便",
  "一种", "一个", "一些", "若干", "所述", "上述", "如下", "如上", "通过", "进行", "包括", "具有",
  "用于", "使得", "使", "可", "可以", "能够", "采用", "利用", "基于", "根据", "之间", "之一",
  // Patent drafting boilerplate
  "本发明", "本实用新型", "本外观设计", "本申请", "本公开", "公开", "涉及", "特征", "在于",
  "其特征", "其特征在于", "权利", "要求", "权利要求", "技术领域", "背景技术", "实施例",
  // English
  "a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "by", "is", "are",
  "at", "as", "be", "from", "that", "this", "which", "its", "it",
]);

const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** A token is worth indexing when it has a letter or digit and is not a stop word. */
export function isIndexable(token: string): boolean {
  // Fast path for the usual first characters (CJK ideographs, ASCII letters and digits).
  const first = token.charCodeAt(0);
  const wordLike = (first >= 0x4e00 && first <= 0x9fff) || (first >= 0x61 && first <= 0x7a) || (first >= 0x30 && first <= 0x39);
  return (wordLike || HAS_WORD_CHARACTER.test(token)) && !STOP_WORDS.has(token);
}

// ---------------------------------------------------------------------------------------
// IPC codes

/**
 * IPC codes in normalized text, e.g. "a23l31/00", "a23l 31/00", "a23l": a section letter
 * A–H, two digits, a letter, then optionally group/subgroup. The boundaries on both sides
 * keep chemical formulas (C18H36O2) and longer words out.
 */
const IPC_CODE = /(?<![a-z0-9])([a-h]\d{2}[a-z])(?:\s?(\d{1,4})(?:\/(\d{1,6}))?)?(?![a-z0-9])/g;

/**
 * The code and its coarser levels, so "A23L" finds "A23L31/00": subclass "a23l", group
 * "a23l31" and full code "a23l31/00".
 */
export function ipcTokens(code: string): string[] {
  const tokens: string[] = [];
  for (const [, subclass, group, subgroup] of normalizeText(code).matchAll(IPC_CODE)) tokens.push(...ipcLevels(subclass, group, subgroup));
  return tokens;
}

function ipcLevels(subclass: string, group: string | undefined, subgroup: string | undefined): string[] {
  const levels = [subclass];
  if (group) levels.push(subclass + group);
  if (group && subgroup) levels.push(`${subclass}${group}/${subgroup}`);
  return levels;
}

/**
 * Pulls IPC codes out of the text and blanks them for jieba. A document is indexed under
 * every level of its codes (A23L31/00 is also A23L31 and A23L); a query means the level
 * typed, so `levels: false` keeps only the code itself.
 */
function extractIpcCodes(normalized: string, levels: boolean): { rest: string; codes: string[] } {
  if (!/[a-h]\d\d[a-z]/.test(normalized)) return { rest: normalized, codes: [] };
  const codes: string[] = [];
  const rest = normalized.replace(IPC_CODE, (whole: string, subclass: string, group?: string, subgroup?: string) => {
    const all = ipcLevels(subclass, group, subgroup);
    codes.push(...(levels ? all : all.slice(-1)));
    return " ".repeat(whole.length);
  });
  return { rest, codes };
}

// ---------------------------------------------------------------------------------------
// Tokenization

/**
 * No HMM: it guesses unknown words from character statistics, and in patent text it fuses
 * characters into spurious words (磷化物电催化剂 → 物电) that differ with the context, so
 * the same string would segment differently in a query and in a document. Without it,
 * unknown stretches fall apart into characters, which match consistently.
 */
const USE_HMM = false;

/**
 * Tokens to index: jieba's search mode (whole words plus the dictionary sub-words inside
 * long words, 柞水木耳 → 柞水, 木耳, 柞水木耳), normalized and filtered, plus IPC codes.
 * Duplicates are kept: they are term frequencies.
 */
export function indexTokens(text: string): string[] {
  if (!text) return [];
  const { rest, codes } = extractIpcCodes(normalizeText(text), true);
  const tokens = jieba().cutForSearch(rest, USE_HMM).filter(isIndexable);
  return codes.length ? tokens.concat(codes) : tokens;
}

/**
 * jieba's search-mode tokens of normalized text, unfiltered (stop words and punctuation
 * kept): the tokenizer search/need-query.ts asks for, so that a need's terms are index terms.
 */
export function searchModeTokens(normalized: string): string[] {
  return jieba().cutForSearch(normalized, USE_HMM);
}

/** Whole words only (no sub-words): how a query is read into concepts. */
export function segmentWords(text: string): string[] {
  if (!text) return [];
  const { rest, codes } = extractIpcCodes(normalizeText(text), false);
  const words = jieba().cut(rest, USE_HMM).filter(isIndexable);
  return codes.length ? words.concat(codes) : words;
}

/** Dictionary sub-words of one word (not the word itself): 黑木耳 → 木耳. */
export function subwordsOf(word: string): string[] {
  if (word.length < 3) return [];
  return [...new Set(jieba().cutForSearch(word, USE_HMM))].filter((part) => part !== word && isIndexable(part));
}

// ---------------------------------------------------------------------------------------
// Query analysis

/**
 * Where a query term came from: the word itself, or how it was derived from it. "infix"
 * terms (index terms containing a short word) are added by the engine, which knows them.
 */
export type TermOrigin = "word" | "synonym" | "subword" | "char" | "infix";

export type QueryTerm = { term: string; origin: TermOrigin };

/** One query word with the index terms that count as finding it. */
export type QueryConcept = {
  /** The word as segmented from the query (normalized). */
  word: string;
  /** The word itself first, then its synonyms, sub-words and characters. */
  terms: QueryTerm[];
};

/** A stretch of the query the user typed without spaces or punctuation. */
export type QueryChunk = { text: string; concepts: QueryConcept[] };

export type AnalyzedQuery = {
  chunks: QueryChunk[];
  /** All concepts in query order, deduplicated by word. */
  concepts: QueryConcept[];
};

const CHUNK_SEPARATOR = /[^\p{L}\p{N}/.]+/u;

/**
 * Reads a free-text query: splits it where the user put spaces or punctuation (chunks),
 * segments each chunk into words (concepts), and expands each word into the index terms
 * that count as finding it: synonyms, dictionary sub-words (黑木耳多糖 still finds 多糖),
 * and for two-character words their characters.
 */
export function analyzeQuery(q: string): AnalyzedQuery {
  const chunks: QueryChunk[] = [];
  const conceptsByWord = new Map<string, QueryConcept>();
  for (const text of normalizeText(q).split(CHUNK_SEPARATOR)) {
    if (!text) continue;
    const concepts: QueryConcept[] = [];
    for (const word of segmentWords(text)) {
      let concept = conceptsByWord.get(word);
      if (!concept) {
        concept = { word, terms: expandWord(word) };
        conceptsByWord.set(word, concept);
      }
      if (!concepts.includes(concept)) concepts.push(concept);
    }
    if (concepts.length) chunks.push({ text, concepts });
  }
  return { chunks, concepts: [...conceptsByWord.values()] };
}

const HAN_WORD = /^\p{Script=Han}+$/u;

/**
 * Whether a query word is short Chinese (one or two characters): such words are also
 * looked for inside longer index terms (铁 → 铸铁, 铁粉) by the engine, because jieba may
 * cut a text around a short word differently than the query.
 */
export function isShortChineseWord(word: string): boolean {
  return word.length <= 2 && HAN_WORD.test(word);
}

function expandWord(word: string): QueryTerm[] {
  const terms: QueryTerm[] = [{ term: word, origin: "word" }];
  const seen = new Set([word]);
  const add = (term: string, origin: TermOrigin) => {
    if (seen.has(term) || !isIndexable(term)) return;
    seen.add(term);
    terms.push({ term, origin });
  };
  for (const synonym of synonymsOf(word)) add(synonym, "synonym");
  for (const part of subwordsOf(word)) add(part, "subword");
  // A two-character word the texts were segmented around (扭结膜 → 扭|结膜) is still found
  // through its characters.
  if (word.length === 2 && HAN_WORD.test(word)) for (const char of word) add(char, "char");
  return terms;
}
