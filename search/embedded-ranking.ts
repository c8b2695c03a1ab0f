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
import type { AnalyzedQuery, QueryChunk, TermOrigin } from "./segmenter";

export type RankingOptions = {
  /** Field boosts for BM25. */
  fieldBoosts: Record<"title" | "abstract" | "claims" | "holderName" | "clusters" | "ipc", number>;
  /** Weight of an index term by how it was derived from the query word. */
  originWeights: Record<TermOrigin, number>;
  /** BM25+ parameters (MiniSearch's `bm25`). */
  bm25: { k: number; b: number; d: number };
  /** Exponent of the coordination factor; 0 disables it. */
  coverageExponent: number;
  /** Chunks weigh by their IDF in the coordination factor (rather than one each). */
  coverageByIdf: boolean;
  /** Credit of a chunk whose words were all found, but not (yet) next to each other. */
  scatteredCredit: number;
  /** Credit of a one-word chunk found only through a sub-word or a containing word. */
  partialCredit: number;
  /** How many of the best candidates get the adjacency pass. */
  rescoreWindow: number;
  /** Bonus per verbatim chunk in a field, as a share of the score (averaged over chunks). */
  phraseBonus: { title: number; abstract: number; claims: number };
};

export const DEFAULT_RANKING: RankingOptions = {
  fieldBoosts: { title: 3, abstract: 1.5, claims: 0.6, holderName: 1, clusters: 1.5, ipc: 1.5 },
  originWeights: { word: 1, synonym: 0.8, subword: 0.35, infix: 0.2, char: 0.2 },
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  coverageExponent: 2,
  coverageByIdf: false,
  scatteredCredit: 0.5,
  partialCredit: 0.5,
  rescoreWindow: 200,
  phraseBonus: { title: 0.3, abstract: 0.15, claims: 0.05 },
};

export function mergeRanking(overrides: Partial<RankingOptions> | undefined): RankingOptions {
  if (!overrides) return DEFAULT_RANKING;
  return {
    ...DEFAULT_RANKING,
    ...overrides,
    fieldBoosts: { ...DEFAULT_RANKING.fieldBoosts, ...overrides.fieldBoosts },
    originWeights: { ...DEFAULT_RANKING.originWeights, ...overrides.originWeights },
    bm25: { ...DEFAULT_RANKING.bm25, ...overrides.bm25 },
    phraseBonus: { ...DEFAULT_RANKING.phraseBonus, ...overrides.phraseBonus },
  };
}

/** The index terms of a query with their weights (the best origin wins for shared terms). */
export function weightedTerms(query: AnalyzedQuery, ranking: RankingOptions): Map<string, number> {
  const weights = new Map<string, number>();
  for (const concept of query.concepts) {
    for (const { term, origin } of concept.terms) {
      const weight = ranking.originWeights[origin];
      if (weight > (weights.get(term) ?? 0)) weights.set(term, weight);
    }
  }
  return weights;
}

const STRONG_ORIGINS: ReadonlySet<TermOrigin> = new Set(["word", "synonym"]);

/**
 * Credit of each chunk from the query terms a document matched (no positions known yet):
 * 1 for a one-word chunk found as itself or a synonym; `partialCredit` when found only
 * through a part or a containing word; for a chunk of several words, the share of its
 * words found times `scatteredCredit` (being found apart is all we can assume here).
 */
export function chunkCredits(query: AnalyzedQuery, matchedTerms: ReadonlySet<string>, ranking: RankingOptions): number[] {
  return query.chunks.map((chunk) => {
    let credit = 0;
    for (const concept of chunk.concepts) {
      let best = 0;
      for (const { term, origin } of concept.terms) {
        if (!matchedTerms.has(term)) continue;
        best = Math.max(best, STRONG_ORIGINS.has(origin) ? 1 : ranking.partialCredit);
        if (best === 1) break;
      }
      credit += best;
    }
    const share = credit / chunk.concepts.length;
    return chunk.concepts.length === 1 ? share : share * ranking.scatteredCredit;
  });
}

/** BM25's IDF of each chunk; its document frequency: the documents matching any of its terms. */
export function chunkIdf(query: AnalyzedQuery, credits: Iterable<readonly number[]>, documentCount: number): number[] {
  const frequencies = query.chunks.map(() => 0);
  for (const perChunk of credits) perChunk.forEach((credit, i) => credit > 0 && frequencies[i]++);
  return frequencies.map((df) => Math.log(1 + (documentCount - df + 0.5) / (df + 0.5)));
}

/** The coordination factor: (weighted credit / total weight) ^ exponent. */
export function coverageFactor(credits: readonly number[], weights: readonly number[], exponent: number): number {
  if (exponent === 0 || credits.length === 0) return 1;
  let earned = 0;
  let total = 0;
  for (let i = 0; i < credits.length; i++) {
    earned += credits[i] * weights[i];
    total += weights[i];
  }
  return total === 0 ? 1 : Math.pow(earned / total, exponent);
}

/** The texts of one document the adjacency pass reads (normalized). */
export type PhraseFields = { title: string; abstract: string; claims: string };

/** Where a chunk occurs verbatim: the best field, or null. */
function verbatimField(chunk: QueryChunk, fields: PhraseFields): keyof PhraseFields | null {
  if (fields.title.includes(chunk.text)) return "title";
  if (fields.abstract.includes(chunk.text)) return "abstract";
  if (fields.claims.includes(chunk.text)) return "claims";
  return null;
}

/**
 * The adjacency pass for one document: chunk credits raised to 1 where the chunk occurs
 * verbatim, and the phrase bonus multiplier (≥ 1).
 */
export function adjacency(
  query: AnalyzedQuery,
  credits: readonly number[],
  fields: PhraseFields,
  ranking: RankingOptions,
): { credits: number[]; multiplier: number } {
  let bonus = 0;
  const raised = credits.map((credit, i) => {
    const field = verbatimField(query.chunks[i], fields);
    if (!field) return credit;
    bonus += ranking.phraseBonus[field];
    return 1;
  });
  return { credits: raised, multiplier: 1 + bonus / Math.max(1, query.chunks.length) };
}
