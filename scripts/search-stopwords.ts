/**
 * npm run search:stopwords — derives the stop word lists of search/stopwords.ts from
 * corpus statistics and writes search/data/patent-stopwords.json (committed).
 *
 * Input, read at run time and never copied into the repo: the KPPatent-ZH abstracts
 * (abstracts.jsonl, plus the abstracts of patents.jsonl, deduplicated) and the claims of
 * patents.jsonl; "ordinary prose" is jieba's bundled general-Chinese dictionary with its
 * frequencies. Tokens are jieba search mode without HMM over normalized text, with the
 * county dictionary loaded: the same tokens the embedded engine indexes, before its stop
 * word filter.
 *
 * The rules (thresholds in DEFAULT_STOPWORD_PARAMETERS, printed below and stored in the
 * file):
 * - boilerplate: a word is spread over the documents like chance (residual IDF, Church &
 *   Gale) and common: df ≥ 10 % with ≤ 1 bit, or df ≥ 2 % with ≤ 0.25 bit (abstracts);
 *   claims add the first tier only;
 * - prose: among the 3,000 most frequent dictionary words, at least 8× (2^3) rarer in the
 *   patents than in general Chinese; nouns only among the 500 most frequent and 64× rarer;
 * - single characters: outside the 3,000 most frequent words kept; inside, kept only when
 *   the character clusters in the abstracts that use it (residual IDF ≥ 0.8 bit, ≥ 1 bit
 *   among the 500 most frequent, over ≥ 5 abstracts).
 *
 * Same input → same file (sorted lists, no dates). Args: --data DIR --out FILE.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { domainDictionary } from "../search/dictionary";
import { normalizeText } from "../search/segmenter";
import { countCharacters, countTerms, deriveStopwords, parseJiebaDictionary } from "../search/stopwords";
import { synonymWords } from "../search/synonyms";

const { values: args } = parseArgs({
  options: {
    data: { type: "string", default: "/work/shared/data/kppatent-zh" },
    out: { type: "string", default: new URL("../search/data/patent-stopwords.json", import.meta.url).pathname },
  },
});

type SourcePatent = { abstract: string; claims: string };

function readJsonLines<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}

const patents = readJsonLines<SourcePatent>(`${args.data}/patents.jsonl`);
const abstracts = [...new Set([...readJsonLines<{ abstract: string }>(`${args.data}/abstracts.jsonl`), ...patents].map((row) => normalizeText(row.abstract)))];
const claims = patents.map((row) => normalizeText(row.claims)).filter((text) => text.trim() !== "");

// Configured as search/segmenter.ts configures its instance (which it does not export).
const jieba = Jieba.withDict(dict);
jieba.loadDict(domainDictionary(synonymWords()));
const tokens = (text: string) => jieba.cutForSearch(text, false).filter((token) => token.trim() !== "");

const data = deriveStopwords({
  abstracts: countTerms(abstracts.map(tokens)),
  claims: countTerms(claims.map(tokens)),
  characters: countCharacters(abstracts),
  dictionary: parseJiebaDictionary(new TextDecoder().decode(dict)),
});

/** One line per list and per single character: diffs of a rerun stay readable. */
function format(value: typeof data): string {
  const characters = Object.entries(value.singleCharacters).map(([char, stats]) => `  ${JSON.stringify(char)}: ${JSON.stringify(stats)}`);
  const lines = Object.entries(value)
    .filter(([key]) => key !== "singleCharacters")
    .map(([key, field]) => ` ${JSON.stringify(key)}: ${JSON.stringify(field)},`);
  return `{\n${lines.join("\n")}\n "singleCharacters": {\n${characters.join(",\n")}\n }\n}\n`;
}

writeFileSync(args.out, format(data));

const singles = Object.entries(data.singleCharacters);
const sample = (list: string[], n = 40) => list.slice(0, n).join(" ");
console.log(`corpus: ${data.corpus.abstracts} abstracts (${data.corpus.abstractTokens} tokens), ${data.corpus.claims} claims, ${data.corpus.dictionaryWords} dictionary words`);
console.log("parameters:", JSON.stringify(data.parameters));
console.log(`patent boilerplate: ${data.patentBoilerplate.length} — ${sample(data.patentBoilerplate)} …`);
console.log(`prose stop words: ${data.proseStopwords.length} — ${sample(data.proseStopwords)} …`);
console.log(
  `single characters judged: ${singles.length}, kept ${singles.filter(([, s]) => s.keep).length} — kept e.g. ${sample(
    singles.filter(([, s]) => s.keep).map(([c]) => c),
  )}; dropped e.g. ${sample(singles.filter(([, s]) => !s.keep).map(([c]) => c))}`,
);
console.log(`wrote ${args.out}`);
