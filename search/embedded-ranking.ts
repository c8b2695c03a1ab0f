/**
 * Relevance of the embedded engine, in three steps:
 *
 * 1. Retrieval + BM25 (MiniSearch): every index term of the query — each query word, its
 *    synonyms, its dictionary sub-words and, for one- and two-character words, the
 *    dictionary words containing it — is OR-ed; per-field BM25 is summed with field boosts
 *    (title > abstract > claims) and a per-term weight by where the term came from (the
 *    word itself > a synonym > a sub-word / containing word).
 * 2. Coverage: a document matching more of what the user asked for beats one repeating a
 *    few of the words. The units are the query's *chunks* (stretches typed without spaces
 *    or punctuation: "柞水木耳 种植" has two). A chunk earns full credit when found as the
 *    user wrote it, partial credit when only its parts are found (its words apart from each
 *    other, or only a sub-word of it). The BM25 sum is multiplied by the IDF-weighted share
 *    of credit squared (a coordination factor).
 * 3. Adjacency, on the best candidates only (a rescoring window): a chunk found verbatim
 *    in the title, abstract or claims — its words contiguous and in order, however jieba
 *    segmented that text — gets full credit, plus a small bonus in the title or abstract.
 *    Step 1–2 credit is a lower bound of step 3 credit, so rescoring only raises scores and
 *    the rescored window stays ahead of the rest: pages are stable.
 *
 * All the numbers live in `RankingOptions`, the same for every query; nothing here knows
 * about particular queries or documents.
 */
import type { LookupTerm } from "./postings";
import type { AnalyzedQuery, TermOrigin } from "./segmenter";

export type RankingOptions = {
  /** Field boosts for BM25. */
  fieldBoosts: Record<"title" | "abstract" | "claims" | "holderName" | "clusters" | "ipc", number>;
  /** Weight of an index term by how it was derived from the query word. */
  originWeights: Record<TermOrigin, number>;
  /** BM25+ parameters (MiniSearch's `bm25`). */
  bm25: { k: number; b: number; d: number };
  /** Exponent of the coordination factor; 0 disables it. */
  coverageExponent: number;
  /** Credit of a chunk whose words were all found, but not (yet) next to each other. */
  scatteredCredit: number;
  /** Credit of a one-word chunk found only through a sub-word or a containing word. */
  partialCredit: number;
  /** How many of the best first-stage candidates the second stage rescores. */
  rescoreWindow: number;
  /** Dirichlet μ of the verbatim score (in documents: tf is compared to μ · df/N). */
  verbatimMu: number;
  /** Added to the verbatim score, so a document without verbatim matches is not zeroed. */
  verbatimFloor: number;
  /** Weight of the first stage in the final score (as an exponent). */
  firstStageExponent: number;
};

export const DEFAULT_RANKING: RankingOptions = {
  fieldBoosts: { title: 1.5, abstract: 1.25, claims: 0.8, holderName: 1, clusters: 1, ipc: 1 },
  originWeights: { word: 1, synonym: 0.8, subword: 0.35, char: 0.2, infix: 0.2 },
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  coverageExponent: 2,
  scatteredCredit: 0.5,
  partialCredit: 0.5,
  rescoreWindow: 200,
  verbatimMu: 30,
  verbatimFloor: 0.1,
  firstStageExponent: 0.25,
};

export function mergeRanking(overrides: Partial<RankingOptions> | undefined): RankingOptions {
  if (!overrides) return DEFAULT_RANKING;
  return {
    ...DEFAULT_RANKING,
    ...overrides,
    fieldBoosts: { ...DEFAULT_RANKING.fieldBoosts, ...overrides.fieldBoosts },
    originWeights: { ...DEFAULT_RANKING.originWeights, ...overrides.originWeights },
    bm25: { ...DEFAULT_RANKING.bm25, ...overrides.bm25 },
  };
}

const STRONG_ORIGINS: ReadonlySet<TermOrigin> = new Set(["word", "synonym"]);

const LATIN_WORD = /^[a-z][a-z0-9-]*$/;

/** Prefix matching only for Latin words long enough to be a stem ("graph" → "graphene"). */
function wantsPrefix(term: string): boolean {
  return term.length >= 4 && LATIN_WORD.test(term);
}

/** One typo allowed in Latin words of five letters or more; Chinese words are never fuzzy. */
function fuzziness(term: string): number {
  return term.length >= 5 && LATIN_WORD.test(term) ? 1 : 0;
}

/**
 * The index terms to look up for a query: every term of every concept, weighted by its
 * origin, crediting its concept fully (the word, a synonym) or partially (a part, a
 * containing word, a character).
 */
export function lookupTerms(query: AnalyzedQuery, ranking: RankingOptions): LookupTerm[] {
  return query.concepts.flatMap((concept, group) =>
    concept.terms.map(({ term, origin }) => ({
      term,
      weight: ranking.originWeights[origin],
      credits: [{ group, credit: STRONG_ORIGINS.has(origin) ? 1 : ranking.partialCredit }],
      prefix: wantsPrefix(term),
      fuzzy: fuzziness(term),
    })),
  );
}

/**
 * The coordination factor of a document from its per-concept credits (`credits[offset +
 * concept]`): each chunk earns the mean credit of its concepts — times `scatteredCredit`
 * when it has several, as nothing says yet that they are adjacent — and the factor is the
 * mean chunk credit to the power `coverageExponent`.
 */
export function createCoverage(query: AnalyzedQuery, ranking: RankingOptions): (credits: ArrayLike<number>, offset: number) => number {
  const conceptIndex = new Map(query.concepts.map((concept, index) => [concept, index]));
  const chunks = query.chunks.map((chunk) => chunk.concepts.map((concept) => conceptIndex.get(concept) as number));
  return (credits, offset) => {
    if (ranking.coverageExponent === 0 || chunks.length === 0) return 1;
    let total = 0;
    for (const concepts of chunks) {
      let credit = 0;
      for (const concept of concepts) credit += credits[offset + concept];
      const share = credit / concepts.length;
      total += concepts.length === 1 ? share : share * ranking.scatteredCredit;
    }
    return Math.pow(total / chunks.length, ranking.coverageExponent);
  };
}

/** The texts of one document the second stage reads (normalized). */
export type VerbatimFields = { title: string; abstract: string; claims: string };

/** What the second stage looks for, per chunk: strings with a weight, and how rare the chunk is. */
export type VerbatimChunk = { variants: { text: string; weight: number }[]; probability: number };

/** Document frequencies of verbatim text (see `phrase-stats.ts`). */
export type PhraseFrequencies = { documentFrequency(phrase: string): number; readonly documentCount: number };

/**
 * The strings that count as a chunk occurring verbatim: the stretch as typed when it has
 * several words (their adjacency is the point), else the word and its synonyms; and the
 * share of documents containing one of them.
 */
export function verbatimChunks(query: AnalyzedQuery, phrases: PhraseFrequencies, ranking: RankingOptions): VerbatimChunk[] {
  const documentCount = Math.max(1, phrases.documentCount);
  return query.chunks.map((chunk) => {
    const variants =
      chunk.concepts.length > 1
        ? [{ text: chunk.text, weight: 1 }]
        : chunk.concepts[0].terms
            .filter(({ origin }) => STRONG_ORIGINS.has(origin))
            .map(({ term, origin }) => ({ text: term, weight: ranking.originWeights[origin] }));
    const frequency = Math.min(documentCount, variants.reduce((sum, { text }) => sum + phrases.documentFrequency(text), 0));
    return { variants, probability: (frequency + 0.5) / documentCount };
  });
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/**
 * The second stage: how often each chunk occurs verbatim, whatever the segmentation,
 * scored like the term part of a Dirichlet-smoothed query likelihood,
 * Σ log(1 + tf / (μ · p(chunk))). Rare chunks weigh more, repeated ones saturate, a missing
 * one adds nothing. The document-length part is left out on purpose: a patent with long,
 * detailed claims is no less about its subject.
 */
export function verbatimScore(chunks: readonly VerbatimChunk[], fields: VerbatimFields, ranking: RankingOptions): number {
  const boosts = ranking.fieldBoosts;
  let score = 0;
  for (const chunk of chunks) {
    let frequency = 0;
    for (const { text, weight } of chunk.variants) {
      frequency +=
        weight * (boosts.title * occurrences(fields.title, text) + boosts.abstract * occurrences(fields.abstract, text) + boosts.claims * occurrences(fields.claims, text));
    }
    if (frequency > 0) score += Math.log(1 + frequency / (ranking.verbatimMu * chunk.probability));
  }
  return score;
}

/**
 * Final score of a rescored document: the verbatim score (plus a floor, so that documents
 * matching only through synonyms or parts keep their first-stage order) times the
 * first-stage score damped by `firstStageExponent`.
 */
export function blendScores(firstStage: number, verbatim: number, ranking: RankingOptions): number {
  return (verbatim + ranking.verbatimFloor) * Math.pow(firstStage, ranking.firstStageExponent);
}
