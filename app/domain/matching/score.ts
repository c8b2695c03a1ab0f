import { ipcHierarchy } from "../patents/ipc";
import { Money, Ratio } from "../shared/money";
import type { HolderKind, PatentSearchDoc } from "../../../search/port";

/**
 * How well a listed patent fits an SME's technology need: a 0–100 score and the reasons a
 * person can read. Pure, so the weights are visible and tested in one place.
 *
 * The text relevance from the search engine carries the most weight; the structured
 * signals (IPC, cluster, budget, remaining life, holder kind) then separate candidates
 * that read alike. Each signal's points are listed in WEIGHTS.
 */
export const WEIGHTS = {
  text: 40,
  ipc: { GROUP: 20, SUBCLASS: 15, CLASS: 8, SECTION: 3, NONE: 0 },
  cluster: 10,
  budget: { within: 10, slightlyOver: 5, unknown: 5, noBudget: 5, over: 0 },
  life: { long: 10, medium: 7, short: 4, ending: 1, unknown: 3 },
  holder: { preferred: 10, noPreference: 5, other: 0 },
} as const;

export type IpcLevel = keyof typeof WEIGHTS.ipc;

export type NeedForMatching = {
  ipcHints: string[];
  clusters: string[];
  budgetMaxFen: bigint | null;
  preferredHolderKinds: string[];
};

export type Candidate = {
  doc: PatentSearchDoc;
  /** The engine's relevance divided by the best candidate's: 0–1. */
  relevance: number;
  matchedTerms: string[];
};

export type ReasonKind = "terms" | "ipc" | "cluster" | "budget" | "life" | "holder";
export type Reason = { kind: ReasonKind; text: string; points: number };

export type Match = { patentId: string; score: number; reasons: Reason[] };

const HOLDER_LABEL: Record<HolderKind, string> = { UNIVERSITY: "高校", RESEARCH_INSTITUTE: "科研院所", SOE: "国有企业" };
const IPC_LABEL: Record<Exclude<IpcLevel, "NONE">, string> = { GROUP: "同大组", SUBCLASS: "同小类", CLASS: "同大类", SECTION: "同部" };

export function scoreCandidate(need: NeedForMatching, c: Candidate): Match {
  const reasons: Reason[] = [];
  const add = (kind: ReasonKind, points: number, text: string) => reasons.push({ kind, points, text });

  const textPoints = round1(WEIGHTS.text * clamp01(c.relevance));
  const terms = readableTerms(c.matchedTerms);
  add("terms", textPoints, terms.length ? `匹配关键词：${terms.join("、")}` : "文本相关");

  if (need.ipcHints.length) {
    const { level, code } = ipcOverlap(need.ipcHints, c.doc);
    const points = WEIGHTS.ipc[level];
    add("ipc", points, level === "NONE" ? "IPC 分类与需求不同" : `IPC ${IPC_LABEL[level]}（${code}）`);
  }

  const sharedClusters = c.doc.clusters.filter((x) => need.clusters.includes(x));
  if (sharedClusters.length) add("cluster", WEIGHTS.cluster, `同属产业集群：${sharedClusters.join("、")}`);

  add(...budgetFit(need.budgetMaxFen, c.doc.priceFen));
  add(...lifeFit(c.doc.remainingLifeYears));

  const holder = c.doc.holderKind;
  if (!need.preferredHolderKinds.length) add("holder", WEIGHTS.holder.noPreference, `持有方：${HOLDER_LABEL[holder]}`);
  else if (need.preferredHolderKinds.includes(holder)) add("holder", WEIGHTS.holder.preferred, `持有方为${HOLDER_LABEL[holder]}（符合偏好）`);
  else add("holder", WEIGHTS.holder.other, `持有方为${HOLDER_LABEL[holder]}（非偏好类型）`);

  const score = round1(reasons.reduce((sum, r) => sum + r.points, 0));
  return { patentId: c.doc.id, score, reasons };
}

/** Ranks candidates by score (then relevance, then id, so ties are stable) and keeps `limit`. */
export function rankMatches(need: NeedForMatching, candidates: Candidate[], limit = 20): Match[] {
  return candidates
    .map((c) => ({ match: scoreCandidate(need, c), relevance: c.relevance }))
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
  if (budget === null) return ["budget", WEIGHTS.budget.noBudget, price === null ? "价格面议或按提成" : `报价 ${price.formatWan()}`];
  if (price === null) return ["budget", WEIGHTS.budget.unknown, "价格面议或按提成，需洽谈"];
  if (price.compare(budget) <= 0) return ["budget", WEIGHTS.budget.within, `报价 ${price.formatWan()}，在预算 ${budget.formatWan()} 内`];
  // Exactly price ÷ budget ≤ 1.2, with no rounding of budget × 1.2 to the fen; a zero budget has no "slightly over".
  if (budget.isPositive() && price.ratioTo(budget).compare(SLIGHTLY_OVER_BUDGET) <= 0) {
    return ["budget", WEIGHTS.budget.slightlyOver, `报价 ${price.formatWan()}，略超预算 ${budget.formatWan()}`];
  }
  return ["budget", WEIGHTS.budget.over, `报价 ${price.formatWan()}，超出预算 ${budget.formatWan()}`];
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
 * The matched words worth showing: single characters (segmentation fragments such as 木, 耳)
 * and words contained in a longer matched word (木耳 inside 黑木耳) say nothing more.
 */
export function readableTerms(terms: string[], limit = 6): string[] {
  const words = [...new Set(terms.map((t) => t.trim()))].filter((t) => [...t].length >= 2);
  return words.filter((w) => !words.some((other) => other !== w && other.includes(w))).slice(0, limit);
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const round1 = (x: number) => Math.round(x * 10) / 10;
