/**
 * The query of a technology need (issue 18, item 4). A need is prose written by an SME
 * owner ("我们想把木耳烘干，现在用电太贵"), not patent language: its query is its jieba
 * search-mode tokens, as the index has them, without
 * - punctuation and markup,
 * - patent boilerplate and prose stop words (search/stopwords.ts, both from corpus
 *   statistics),
 * - single characters, unless the corpus makes them rare and meaningful (镉, 砷, 糖 stay;
 *   用, 想, 少 go).
 * No prefix expansion: a kept single character matches itself, never 理想 or 少量.
 */
import { Jieba } from "@node-rs/jieba";
// The explicit ".js" keeps this importable from plain Node ESM (the package has no exports map).
import { dict } from "@node-rs/jieba/dict.js";
import { domainDictionary } from "./dictionary";
import { normalizeText } from "./segmenter";
import { isPatentBoilerplate, isProseStopword, keepSingleCharacter } from "./stopwords";
import { synonymWords } from "./synonyms";

export type DropReason = "prose" | "boilerplate" | "single-char" | "punctuation";

export type NeedQuery = {
  /** Query terms in the order of the text, each once. */
  terms: string[];
  /** What was left out and why, in the order of the text, each once. */
  dropped: { term: string; why: DropReason }[];
};

/** Splits normalized text into jieba search-mode tokens (whole words and their sub-words). */
export type Tokenizer = (normalized: string) => string[];

let sharedJieba: Jieba | undefined;

/**
 * jieba configured as search/segmenter.ts configures its own (general dictionary, county
 * words, synonym words; no HMM), so that need terms are index terms. The segmenter keeps
 * its instance private and drops its stop words before anyone sees them; wiring this in
 * should make it export a raw search-mode tokenizer and pass it here instead.
 */
const searchModeTokens: Tokenizer = (normalized) => {
  if (!sharedJieba) {
    sharedJieba = Jieba.withDict(dict);
    sharedJieba.loadDict(domainDictionary(synonymWords()));
  }
  return sharedJieba.cutForSearch(normalized, false);
};

/** HTML tags and character references (&nbsp; &#160;): pasted markup, never words. */
const MARKUP = /<[^>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/gi;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

function whyDropped(token: string): DropReason | null {
  if (!WORD_CHARACTER.test(token)) return "punctuation";
  if (isPatentBoilerplate(token)) return "boilerplate";
  if (isProseStopword(token)) return "prose";
  if ([...token].length === 1 && !keepSingleCharacter(token)) return "single-char";
  return null;
}

/** The query terms of a need's text, and what was dropped from it. */
export function deriveNeedQuery(text: string, tokenize: Tokenizer = searchModeTokens): NeedQuery {
  const cleaned = normalizeText(text.replace(MARKUP, " "));
  const terms: string[] = [];
  const dropped: NeedQuery["dropped"] = [];
  const seen = new Set<string>();
  for (const token of tokenize(cleaned)) {
    const term = token.trim();
    if (!term || seen.has(term)) continue;
    seen.add(term);
    const why = whyDropped(term);
    if (why) dropped.push({ term, why });
    else terms.push(term);
  }
  return { terms, dropped };
}

/**
 * A typed query with nothing to search for: only stop words, punctuation or markup. Unlike
 * a need's prose, a typed single common character (铁, 山) is still something to search for,
 * so it does not make a query junk. Both adapters judge a query by this one rule.
 */
export function isJunkQuery(q: string, tokenize: Tokenizer = searchModeTokens): boolean {
  const { terms, dropped } = deriveNeedQuery(q, tokenize);
  return terms.length === 0 && dropped.every(({ why }) => why !== "single-char");
}
