/**
 * Stop words derived from corpus statistics (issue 18, items 2 and 4), not hand-picked:
 *
 * - patent boilerplate: words spread over the patent abstracts like function words
 *   (本发明, 所述, 一种, 包括, 方法);
 * - prose stop words: words that are frequent in general Chinese (jieba's dictionary
 *   frequencies) but much rarer in patents (我们, 想, 现在, 希望), which a BM25 over patents
 *   would otherwise score as rare and valuable;
 * - single characters: which ones a query may keep as terms on their own (镉, 砷, 糖) and
 *   which are function characters or too polysemous (用, 想, 少).
 *
 * `deriveStopwords` is the pure rule (documents' token counts + dictionary in, lists out);
 * `npm run search:stopwords` (scripts/search-stopwords.ts) runs it on the KPPatent-ZH
 * sample and writes search/data/patent-stopwords.json, which the predicates below read.
 * Terms are expected normalized (segmenter.ts `normalizeText`: lower case, half width).
 */
import generated from "./data/patent-stopwords.json";

// ---------------------------------------------------------------------------------------
// Counting

/** How often a term occurs: in how many documents (df) and in all (cf). */
export type TermCount = { df: number; cf: number };

/** Counts over a collection of documents. */
export type CorpusCounts = { documents: number; tokens: number; terms: Map<string, TermCount> };

/** Term counts over tokenized documents (each document one token list, duplicates kept). */
export function countTerms(documents: Iterable<readonly string[]>): CorpusCounts {
  const terms = new Map<string, TermCount>();
  let count = 0;
  let tokens = 0;
  for (const doc of documents) {
    count++;
    tokens += doc.length;
    const seen = new Set<string>();
    for (const token of doc) {
      let entry = terms.get(token);
      if (!entry) terms.set(token, (entry = { df: 0, cf: 0 }));
      entry.cf++;
      if (!seen.has(token)) {
        seen.add(token);
        entry.df++;
      }
    }
  }
  return { documents: count, tokens, terms };
}

const HAN = /\p{Script=Han}/u;
const HAN_CHARACTER = /^\p{Script=Han}$/u;

/** Counts of every Han character in the texts, wherever it stands (inside words too). */
export function countCharacters(texts: Iterable<string>): CorpusCounts {
  function* characters() {
    for (const text of texts) yield [...text].filter((char) => HAN.test(char));
  }
  return countTerms(characters());
}

/** A word of jieba's dictionary: its frequency in general Chinese and part of speech. */
export type DictionaryEntry = { freq: number; pos: string };

/** Reads jieba's dict.txt ("word freq pos" per line). */
export function parseJiebaDictionary(text: string): Map<string, DictionaryEntry> {
  const entries = new Map<string, DictionaryEntry>();
  for (const line of text.split("\n")) {
    const [word, freq, pos = ""] = line.trim().split(/\s+/);
    if (word && freq && !entries.has(word)) entries.set(word, { freq: Number(freq), pos });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------
// The rule

/**
 * Residual IDF in bits (Church & Gale 1995): observed IDF minus the IDF a Poisson spread of
 * the same number of occurrences would give. Function words and boilerplate are spread
 * like chance (≈ 0 bits); topical words cluster in the documents about them (≥ 1 bit).
 */
export function residualIdf(df: number, cf: number, documents: number): number {
  return -Math.log2(df / documents) + Math.log2(1 - Math.exp(-cf / documents));
}

export type StopwordParameters = {
  /**
   * Boilerplate, "very common" tier: df ≥ this share of documents and residual IDF ≤
   * `commonMaxResidualIdf` (a word in one abstract in ten that is spread like chance).
   */
  commonMinDfShare: number;
  commonMaxResidualIdf: number;
  /**
   * Boilerplate, "common and evenly spread" tier (abstracts only): df ≥ this share and
   * residual IDF ≤ `spreadMaxResidualIdf`. Not applied to the claims: on a few hundred long
   * documents every word looks evenly spread, and content words (水分) pass.
   */
  spreadMinDfShare: number;
  spreadMaxResidualIdf: number;
  /** Prose: among the this-many most frequent words of jieba's dictionary … */
  proseMaxRank: number;
  /** … whose rate in the patents is at most 2^this of their rate in general Chinese. */
  proseMaxLog2Ratio: number;
  /** Nouns (they name a topic) need to be among this many and at most 2^this as frequent. */
  proseNounMaxRank: number;
  proseNounMaxLog2Ratio: number;
  /** Dictionary part-of-speech tags that count as nouns. */
  nounTags: string[];
  /**
   * Single characters: one outside the `singleRareRank` most frequent dictionary words is
   * kept (rare in prose, so a need that names it means it). One inside must cluster in the
   * patents that use it: character-level residual IDF ≥ `singleMinResidualIdf` (≥
   * `singleTopMinResidualIdf` among the `singleTopRank` most frequent words) over at least
   * `singleMinDf` abstracts. Characters the dictionary tags as function words
   * (`singleFunctionTags`: numerals, measure words, adverbs, prepositions …) are never kept:
   * their clustering comes from compounds (第一/第二, 三角), not from a topic.
   */
  singleRareRank: number;
  singleTopRank: number;
  singleMinResidualIdf: number;
  singleTopMinResidualIdf: number;
  singleMinDf: number;
  singleFunctionTags: string[];
};

export const DEFAULT_STOPWORD_PARAMETERS: StopwordParameters = {
  commonMinDfShare: 0.1,
  commonMaxResidualIdf: 1,
  spreadMinDfShare: 0.02,
  spreadMaxResidualIdf: 0.25,
  proseMaxRank: 3000,
  proseMaxLog2Ratio: -3,
  proseNounMaxRank: 500,
  proseNounMaxLog2Ratio: -6,
  nounTags: ["n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "vn", "an", "s", "eng"],
  singleRareRank: 3000,
  singleTopRank: 500,
  singleMinResidualIdf: 0.8,
  singleTopMinResidualIdf: 1,
  singleMinDf: 5,
  singleFunctionTags: ["m", "mq", "q", "d", "df", "dg", "p", "c", "u", "uj", "ul", "uz", "uv", "ud", "ug", "r", "rz", "y", "e", "o", "f", "k", "h"],
};

/** What one single character's decision rests on (rounded for a stable, readable file). */
export type SingleCharacterStats = { dictFreq: number; dictRank: number; df: number; residualIdf: number | null; keep: boolean };

export type StopwordData = {
  parameters: StopwordParameters;
  corpus: { abstracts: number; abstractTokens: number; claims: number; dictionaryWords: number };
  /** Sorted by document frequency, most common first. */
  patentBoilerplate: string[];
  /** Sorted by dictionary frequency, most common first. */
  proseStopwords: string[];
  /** Single characters among the `singleRareRank` most frequent dictionary words; any other Han character is kept. */
  singleCharacters: Record<string, SingleCharacterStats>;
};

export type StopwordInput = {
  /** Search-mode tokens of the abstracts. */
  abstracts: CorpusCounts;
  /** Search-mode tokens of the claims (optional second register of patent language). */
  claims?: CorpusCounts;
  /** Han characters of the abstracts. */
  characters: CorpusCounts;
  dictionary: Map<string, DictionaryEntry>;
};

/** A word worth listing: has a letter (punctuation and bare numbers are handled apart). */
const HAS_LETTER = /\p{L}/u;

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function boilerplateOf(counts: CorpusCounts, tiers: { minDfShare: number; maxResidualIdf: number }[]): Map<string, number> {
  const found = new Map<string, number>();
  for (const [term, { df, cf }] of counts.terms) {
    if (!HAS_LETTER.test(term)) continue;
    const share = df / counts.documents;
    const ridf = residualIdf(df, cf, counts.documents);
    if (tiers.some((tier) => share >= tier.minDfShare && ridf <= tier.maxResidualIdf)) found.set(term, share);
  }
  return found;
}

/** Dictionary words by descending frequency (ties by code point), with their 1-based rank. */
function rankDictionary(dictionary: Map<string, DictionaryEntry>): [string, DictionaryEntry, number][] {
  return [...dictionary]
    .sort(([a, x], [b, y]) => y.freq - x.freq || byCodePoint(a, b))
    .map(([word, entry], index) => [word, entry, index + 1]);
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** The stop word lists of a corpus and a dictionary: pure, deterministic. */
export function deriveStopwords(input: StopwordInput, parameters: StopwordParameters = DEFAULT_STOPWORD_PARAMETERS): StopwordData {
  const p = parameters;
  const common = { minDfShare: p.commonMinDfShare, maxResidualIdf: p.commonMaxResidualIdf };
  const spread = { minDfShare: p.spreadMinDfShare, maxResidualIdf: p.spreadMaxResidualIdf };
  const boilerplate = boilerplateOf(input.abstracts, [common, spread]);
  if (input.claims) for (const [term, share] of boilerplateOf(input.claims, [common])) if (!boilerplate.has(term)) boilerplate.set(term, share);
  const patentBoilerplate = [...boilerplate].sort(([a, x], [b, y]) => y - x || byCodePoint(a, b)).map(([term]) => term);

  const dictionaryTotal = [...input.dictionary.values()].reduce((sum, entry) => sum + entry.freq, 0);
  const nounTags = new Set(p.nounTags);
  const functionTags = new Set(p.singleFunctionTags);
  const { abstracts } = input;
  // Rate in the patents over rate in general Chinese; half an occurrence for unseen words.
  const log2Ratio = (word: string, freq: number) => Math.log2(((abstracts.terms.get(word)?.cf ?? 0) + 0.5) / abstracts.tokens / (freq / dictionaryTotal));

  const proseStopwords: string[] = [];
  const singleCharacters: Record<string, SingleCharacterStats> = {};
  for (const [word, { freq, pos }, rank] of rankDictionary(input.dictionary)) {
    if (rank > Math.max(p.proseMaxRank, p.singleRareRank)) break;
    if (!HAS_LETTER.test(word) || boilerplate.has(word)) continue;
    const noun = nounTags.has(pos);
    const ratio = log2Ratio(word, freq);
    const isProse = noun ? rank <= p.proseNounMaxRank && ratio <= p.proseNounMaxLog2Ratio : rank <= p.proseMaxRank && ratio <= p.proseMaxLog2Ratio;
    if (isProse) proseStopwords.push(word);
    if (HAN_CHARACTER.test(word) && rank <= p.singleRareRank) {
      const chars = input.characters.terms.get(word);
      const ridf = chars ? residualIdf(chars.df, chars.cf, input.characters.documents) : null;
      const minRidf = rank <= p.singleTopRank ? p.singleTopMinResidualIdf : p.singleMinResidualIdf;
      const keep = !isProse && !functionTags.has(pos) && chars !== undefined && chars.df >= p.singleMinDf && ridf !== null && ridf >= minRidf;
      singleCharacters[word] = { dictFreq: freq, dictRank: rank, df: chars?.df ?? 0, residualIdf: ridf === null ? null : round(ridf), keep };
    }
  }

  return {
    parameters,
    corpus: { abstracts: abstracts.documents, abstractTokens: abstracts.tokens, claims: input.claims?.documents ?? 0, dictionaryWords: input.dictionary.size },
    patentBoilerplate,
    proseStopwords,
    singleCharacters,
  };
}

// ---------------------------------------------------------------------------------------
// The generated lists

const data = generated as StopwordData;
const boilerplate: ReadonlySet<string> = new Set(data.patentBoilerplate);
const prose: ReadonlySet<string> = new Set(data.proseStopwords);

/** Words of patent drafting that carry no topic (本发明, 所述, 一种, 包括, 方法). */
export function isPatentBoilerplate(term: string): boolean {
  return boilerplate.has(term);
}

/** Words of ordinary prose that patents rarely use (我们, 想, 现在, 希望). */
export function isProseStopword(term: string): boolean {
  return prose.has(term);
}

/**
 * Whether a single character may stand as a query term on its own: a Han character that
 * is rare in general Chinese (钒) or that the patents use topically (镉, 砷, 糖), and no
 * stop word. Function and polysemous characters (用, 想, 少, 开) are not.
 */
export function keepSingleCharacter(char: string): boolean {
  if (!HAN_CHARACTER.test(char) || boilerplate.has(char) || prose.has(char)) return false;
  return data.singleCharacters[char]?.keep ?? true;
}
