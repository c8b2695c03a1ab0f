import { ipcHierarchy } from "../patents/ipc";
import { Money, Ratio } from "../shared/money";
import type { HolderKind, PatentSearchDoc } from "../../../search/port";
import { isPatentBoilerplate, isProseStopword } from "../../../search/stopwords";

/**
 * How well a listed patent fits an SME's technology need: a 0–100 score and the reasons a
 * person can read. Pure, so the weights are visible and tested in one place. The formula
 * and a worked example are in docs/decisions/0019-need-matching-score.md.
 *
 * Technical relevance decides (issue 18 §5): the engine's absolute text relevance and the
 * IPC overlap make the technical score, worth up to `WEIGHTS.technical` points. Budget fit,
 * remaining life, holder kind and a shared cluster add at most `WEIGHTS.tieBreak` points
 * together, so they reorder near-ties only: a candidate whose technical score is higher by
 * more than tieBreak ÷ technical (3 %) always ranks first, whatever its price.
 *
 * A match "fits" when its absolute text relevance reaches `MATCH_FLOOR` (§6); a need none of
 * whose matches fit shows "nothing fits" with the nearest ones behind a link, and
 * subscriptions push only matches that fit.
 */
export const WEIGHTS = {
  technical: 97,
  /** Share of the technical score the IPC overlap carries when the need gives IPC hints. */
  ipcShare: 0.2,
  /** Credit of each IPC level (the text relevance carries the rest). */
  ipc: { GROUP: 1, SUBCLASS: 0.75, CLASS: 0.4, SECTION: 0.15, NONE: 0 },
  /** The near-tie points: at most 3 together. */
  tieBreak: 3,
  cluster: 0.5,
  budget: { within: 1, slightlyOver: 0.5, unknown: 0.5, noBudget: 0.5, over: 0 },
  life: { long: 1, medium: 0.7, short: 0.4, ending: 0.1, unknown: 0.3 },
  holder: { preferred: 0.5, noPreference: 0.25, other: 0 },
} as const;

/**
 * The text relevance (0–1, absolute: `saturatedRelevance`) below which a candidate does
 * not fit the need. Chosen
 * by 5-fold cross-validation on the graded needs of `npm run bench:matching` (which prints
 * the held-out figures and the floor it would choose on all of them); see ADR 0019.
 */
export const MATCH_FLOOR = 0;

/**
 * An engine score mapped to 0–1 without looking at the other candidates:
 * s ÷ (s + SCORE_HALF_TERMS × idfMax(N)), where idfMax(N) = ln(1 + (N − 0.5) ÷ 1.5) is the
 * BM25 weight of a word found in one patent of N. So relevance ½ is "as much evidence as
 * two words each found in a single patent", in a catalog of any size: BM25 scores grow
 * with the catalog (ln N), and a fixed divisor would let a small county catalog fit nothing.
 * Monotone in the score, so it never reorders one need's candidates.
 */
export const SCORE_HALF_TERMS = 2;
export function saturatedRelevance(score: number, catalogSize: number): number {
  if (!Number.isFinite(score) || score <= 0) return 0;
  const idfMax = Math.log(1 + (Math.max(1, catalogSize) - 0.5) / 1.5);
  return score / (score + SCORE_HALF_TERMS * idfMax);
}

export type IpcLevel = keyof typeof WEIGHTS.ipc;

export type NeedForMatching = {
  ipcHints: string[];
  clusters: string[];
  budgetMaxFen: bigint | null;
  preferredHolderKinds: string[];
  /** The need's query terms (search/need-query.ts): the words a reason may name. Empty = any. */
  queryTerms?: string[];
};

export type Candidate = {
  doc: PatentSearchDoc;
  /** Absolute text relevance, 0–1 (find-candidates.ts: `saturatedRelevance` of the engine's score). */
  relevance: number;
  matchedTerms: string[];
};

export type ReasonKind = "terms" | "ipc" | "cluster" | "budget" | "life" | "holder";
export type Reason = {
  kind: ReasonKind;
  text: string;
  points: number;
  /** On the "terms" reason: the text relevance (0–1) the match was judged by, kept so the need page can tell fitting matches from the nearest others. */
  relevance?: number;
};

export type Match = {
  patentId: string;
  score: number;
  reasons: Reason[];
  /** The text relevance the match was judged by (0–1). */
  relevance: number;
  /** relevance ≥ MATCH_FLOOR: shown as a match and pushed to subscriptions. */
  fits: boolean;
};

const HOLDER_LABEL: Record<HolderKind, string> = { UNIVERSITY: "高校", RESEARCH_INSTITUTE: "科研院所", SOE: "国有企业" };
const IPC_LABEL: Record<Exclude<IpcLevel, "NONE">, string> = { GROUP: "同大组", SUBCLASS: "同小类", CLASS: "同大类", SECTION: "同部" };

/** Whether a stored match fits: its recorded relevance reaches the floor (matches stored before relevance was recorded count as fitting). */
export function storedMatchFits(reasons: readonly Reason[], floor = MATCH_FLOOR): boolean {
  const relevance = reasons.find((r) => r.kind === "terms")?.relevance;
  return relevance === undefined || relevance >= floor;
}

/** The technical score, 0–1: text relevance, and the IPC overlap when the need names classes. */
export function technicalScore(relevance: number, ipcLevel: IpcLevel | null): number {
  const text = clamp01(relevance);
  if (ipcLevel === null) return text;
  return (1 - WEIGHTS.ipcShare) * text + WEIGHTS.ipcShare * WEIGHTS.ipc[ipcLevel];
}

export function scoreCandidate(need: NeedForMatching, c: Candidate, floor = MATCH_FLOOR): Match {
  const reasons: Reason[] = [];
  const add = (kind: ReasonKind, points: number, text: string) => reasons.push({ kind, points: round1(points), text });
  const relevance = clamp01(c.relevance);

  const ipc = need.ipcHints.length ? ipcOverlap(need.ipcHints, c.doc) : null;
  const textShare = ipc ? 1 - WEIGHTS.ipcShare : 1;
  const terms = readableTerms(c.matchedTerms, 6, need.queryTerms);
  add("terms", WEIGHTS.technical * textShare * relevance, terms.length ? `匹配关键词：${terms.join("、")}` : "文本相关度低");
  reasons[0].relevance = relevance;
  if (ipc) {
    const points = WEIGHTS.technical * WEIGHTS.ipcShare * WEIGHTS.ipc[ipc.level];
    add("ipc", points, ipc.level === "NONE" ? "IPC 分类与需求不同" : `IPC ${IPC_LABEL[ipc.level]}（${ipc.code}）`);
  }

  const sharedClusters = c.doc.clusters.filter((x) => need.clusters.includes(x));
  if (sharedClusters.length) add("cluster", WEIGHTS.cluster, `同属产业集群：${sharedClusters.join("、")}`);

  add(...budgetFit(need.budgetMaxFen, c.doc.priceFen));
  add(...lifeFit(c.doc.remainingLifeYears));

  const holder = c.doc.holderKind;
  if (!need.preferredHolderKinds.length) add("holder", WEIGHTS.holder.noPreference, `持有方：${HOLDER_LABEL[holder]}`);
  else if (need.preferredHolderKinds.includes(holder)) add("holder", WEIGHTS.holder.preferred, `持有方为${HOLDER_LABEL[holder]}（符合偏好）`);
  else add("holder", WEIGHTS.holder.other, `持有方为${HOLDER_LABEL[holder]}（非偏好类型）`);

  // Exact sums (the reasons' points are rounded for display only).
  const technical = WEIGHTS.technical * technicalScore(relevance, ipc?.level ?? null);
  const tie = (sharedClusters.length ? WEIGHTS.cluster : 0) + nearTiePoints(need, c.doc);
  const score = round1(technical + Math.min(WEIGHTS.tieBreak, tie));
  return { patentId: c.doc.id, score, reasons, relevance, fits: relevance >= floor };
}

/** Budget, life and holder points (without the cluster), each as its reason gives them. */
function nearTiePoints(need: NeedForMatching, doc: PatentSearchDoc): number {
  const holder = !need.preferredHolderKinds.length ? WEIGHTS.holder.noPreference : need.preferredHolderKinds.includes(doc.holderKind) ? WEIGHTS.holder.preferred : WEIGHTS.holder.other;
  return budgetFit(need.budgetMaxFen, doc.priceFen)[1] + lifeFit(doc.remainingLifeYears)[1] + holder;
}

/**
 * Ranks candidates by score (then relevance, then id, so ties are stable) and keeps
 * `limit`. Whether each fits does not reorder them: the need page shows those that fit, in
 * this order, and the others as the nearest ones.
 */
export function rankMatches(need: NeedForMatching, candidates: Candidate[], limit = 20, floor = MATCH_FLOOR): Match[] {
  return candidates
    .map((c) => ({ match: scoreCandidate(need, c, floor), relevance: clamp01(c.relevance) }))
    .sort((a, b) => b.match.score - a.match.score || b.relevance - a.relevance || a.match.patentId.localeCompare(b.match.patentId))
    .slice(0, limit)
    .map((x) => x.match);
}

/**
 * The deepest IPC level a need's hints share with the patent's codes, and the shared code
 * (for the reason text). Hints may be partial ("A23L"); the catalog's own IPC reading
 * (`ipcHierarchy`) parses them, so both sides are read by the same rules.
 */
export function ipcOverlap(hints: string[], doc: Pick<PatentSearchDoc, "ipcSection" | "ipcClass" | "ipcSubclass" | "ipcGroup">): { level: IpcLevel; code: string } {
  const wanted = ipcHierarchy(hints);
  const levels = [
    ["GROUP", "ipcGroup"],
    ["SUBCLASS", "ipcSubclass"],
    ["CLASS", "ipcClass"],
    ["SECTION", "ipcSection"],
  ] as const;
  for (const [level, key] of levels) {
    const code = wanted[key].find((v) => doc[key].includes(v));
    if (code) return { level, code };
  }
  return { level: "NONE", code: "" };
}

/** A price up to 120 % of the budget is "slightly over": worth a conversation. */
const SLIGHTLY_OVER_BUDGET = Ratio.parse("1.2");

function budgetFit(budgetFen: bigint | null, priceFen: number | null): [ReasonKind, number, string] {
  const budget = budgetFen == null ? null : Money.fromFen(budgetFen);
  const price = priceFen == null ? null : Money.fromFen(priceFen);
  if (budget === null) return ["budget", WEIGHTS.budget.noBudget, price === null ? "价格面议或按提成" : `报价 ${price.summary()}`];
  if (price === null) return ["budget", WEIGHTS.budget.unknown, "价格面议或按提成，需洽谈"];
  if (price.compare(budget) <= 0) return ["budget", WEIGHTS.budget.within, `报价 ${price.summary()}，在预算 ${budget.summary()} 内`];
  // Exactly price ÷ budget ≤ 1.2, with no rounding of budget × 1.2 to the fen; a zero budget has no "slightly over".
  if (budget.isPositive() && price.ratioTo(budget).compare(SLIGHTLY_OVER_BUDGET) <= 0) {
    return ["budget", WEIGHTS.budget.slightlyOver, `报价 ${price.summary()}，略超预算 ${budget.summary()}`];
  }
  return ["budget", WEIGHTS.budget.over, `报价 ${price.summary()}，超出预算 ${budget.summary()}`];
}

function lifeFit(years: number | null): [ReasonKind, number, string] {
  if (years == null) return ["life", WEIGHTS.life.unknown, "剩余保护期未知"];
  const text = `剩余保护期约 ${years.toFixed(1)} 年`;
  if (years >= 10) return ["life", WEIGHTS.life.long, text];
  if (years >= 5) return ["life", WEIGHTS.life.medium, text];
  if (years >= 2) return ["life", WEIGHTS.life.short, text];
  return ["life", WEIGHTS.life.ending, text];
}

/**
 * The matched words worth showing: the need's own query terms that the patent contains
 * (they carried the score; the engine also reports words it reached from them, such as
 * 杏鲍菇 from 菇), never boilerplate or prose stop words, and no word contained in a longer
 * one shown (木耳 inside 黑木耳). Single characters only when the need's query kept them as
 * technical terms (镉, 砷); otherwise they are segmentation fragments (木, 耳).
 */
export function readableTerms(terms: string[], limit = 6, queryTerms?: string[]): string[] {
  const asked = queryTerms?.length ? new Set(queryTerms) : null;
  const unique = [...new Set(terms.map((t) => t.trim()))].filter((t) => t && !isPatentBoilerplate(t) && !isProseStopword(t));
  const carried = asked ? unique.filter((t) => asked.has(t)) : [];
  const words = (carried.length ? carried : unique).filter((t) => [...t].length >= 2 || (asked?.has(t) ?? false));
  return words.filter((w) => !words.some((other) => other !== w && other.includes(w))).slice(0, limit);
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const round1 = (x: number) => Math.round(x * 10) / 10;
