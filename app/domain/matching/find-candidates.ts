import { deriveNeedQuery } from "../../../search/need-query";
import type { PatentFilters, PatentSearchDoc, SearchEngine } from "../../../search/port";
import { rankMatches, saturatedRelevance, type Candidate, type Match, type NeedForMatching } from "./score";

/**
 * The part of need matching that needs no database: the engine's searches for a need and
 * the ranking of what they found. `computeNeedMatches` runs it against the application's
 * engine with documents from PostgreSQL; `npm run bench:matching` runs the same code
 * against an embedded engine over the evaluation patents, so the bench measures
 * production, not a copy of it.
 */

/** How many matches a need keeps, and how many candidates the engine is asked for. */
export const TOP_MATCHES = 20;
export const CANDIDATES = 100;
export const CANDIDATES_PER_HINT = 30;

export type NeedToMatch = NeedForMatching & { title: string; description: string };

/** What the engine said about one candidate: its best score over the searches, and the terms. */
export type CandidateHit = { score: number; terms: Set<string> };

/**
 * The engine query of a need: the terms `deriveNeedQuery` keeps from its title and
 * description (no prose or boilerplate stop words, no lone function characters), joined
 * by spaces so that each is a unit the engine's coverage counts — the prose itself, typed
 * without spaces, would be one long chunk whose fragments match anything.
 */
export function needQuery(need: Pick<NeedToMatch, "title" | "description">): { q: string; terms: string[] } {
  const { terms } = deriveNeedQuery(`${need.title} ${need.description}`);
  return { q: terms.join(" "), terms };
}

/**
 * Candidates for a need: its query overall, within each IPC hint and within its clusters,
 * and (without text) the patents of each IPC hint, so that a need in words the catalog
 * does not use still sees its classes.
 */
export async function findCandidates(engine: SearchEngine, need: NeedToMatch): Promise<{ terms: string[]; catalogSize: number; hits: Map<string, CandidateHit> }> {
  const { q, terms } = needQuery(need);
  const hits = new Map<string, CandidateHit>();
  const collect = async (filters: PatentFilters | undefined, pageSize: number) => {
    const result = await engine.search({ q, filters, pageSize, page: 1, sort: "relevance" });
    for (const h of result.hits) {
      const seen = hits.get(h.id) ?? { score: 0, terms: new Set<string>() };
      seen.score = Math.max(seen.score, h.score);
      for (const t of h.matchedTerms) seen.terms.add(t);
      hits.set(h.id, seen);
    }
  };
  if (q) {
    await collect(undefined, CANDIDATES);
    for (const hint of need.ipcHints) await collect({ ipcPrefix: hint }, CANDIDATES_PER_HINT);
    if (need.clusters.length) await collect({ clusters: need.clusters }, CANDIDATES_PER_HINT);
  }
  for (const hint of need.ipcHints) {
    const result = await engine.search({ q: "", filters: { ipcPrefix: hint }, pageSize: CANDIDATES_PER_HINT, page: 1, sort: "newest" });
    for (const h of result.hits) if (!hits.has(h.id)) hits.set(h.id, { score: 0, terms: new Set() });
  }
  return { terms, catalogSize: await engine.count(), hits };
}

/**
 * Ranks the candidates whose documents are known (a patent unlisted meanwhile has none).
 * Text relevance is absolute: the engine's score mapped to 0–1 by `saturatedRelevance`
 * (scaled to the catalog's size, never divided by the best candidate's), so a need that
 * nothing answers gets low figures rather than a first place worth 1. Not the engine's
 * own `SearchHit.relevance` (the share of the query a patent answers; a need's prose has
 * many words): ranking by it measured nDCG@10 0.41 against 0.75 by the score, and as the
 * floor's measure it did worse held-out too (ADR 0019).
 */
export function rankCandidates(
  need: NeedForMatching,
  found: { terms: string[]; catalogSize: number; hits: Map<string, CandidateHit> },
  docs: Map<string, PatentSearchDoc>,
  limit = TOP_MATCHES,
  floor?: number,
): Match[] {
  const candidates: Candidate[] = [];
  for (const [id, hit] of found.hits) {
    const doc = docs.get(id);
    if (!doc) continue;
    candidates.push({ doc, relevance: saturatedRelevance(hit.score, found.catalogSize), matchedTerms: [...hit.terms] });
  }
  return rankMatches({ ...need, queryTerms: found.terms }, candidates, limit, floor);
}

