import { createHash } from "node:crypto";
import type { OrgStatus } from "~/generated/prisma/enums";
import { DomainError } from "../shared/errors";
import { Money, Ratio } from "../shared/money";

/**
 * The appraisal market's assignment rules (SPEC §7), pure: who may appraise a job, how
 * bids are ranked, when bidding is extended, and the lottery when nobody bids. The
 * database, the queue and the clock stay with the caller, which passes `now`.
 *
 * Scores are computed EXACTLY, as fractions of bigints, and ranked by exact comparison; the
 * `score` number on a ranked bid is only the fraction read as a float for display. So two
 * bids whose scores are mathematically equal tie exactly (0.4·0.8 + 0.2 = 0.4 + 0.2·0.6,
 * which floats get wrong), the tie-breaks decide, and the ranking never depends on the
 * order of floating-point sums.
 */

export const ASSET_TYPES = ["INVENTION", "UTILITY_MODEL", "DESIGN", "TRADEMARK", "GI_MARK"] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export const ASSET_TYPE_LABELS: Record<AssetType, string> = {
  INVENTION: "发明专利",
  UTILITY_MODEL: "实用新型专利",
  DESIGN: "外观设计专利",
  TRADEMARK: "商标",
  GI_MARK: "地理标志",
};

export const APPRAISAL_METHODS = ["INCOME", "MARKET", "COST"] as const;
export type AppraisalMethod = (typeof APPRAISAL_METHODS)[number];

/**
 * The tunable numbers of SPEC §7. Weights and the prior's mean are decimal STRINGS, read
 * exactly (as `Ratio`), so "0.4" is four tenths and not 0.40000000000000002: that keeps
 * score ties exact (see the file comment). Counts and durations are plain integers.
 */
export type AssignmentPolicy = {
  /** score = fee·(minFee/fee) + days·(minDays/days) + rating·(rating/5) + fairness·fairness */
  weights: { fee: string; days: string; rating: string; fairness: string };
  /** Bayesian prior: `votes` imaginary ratings of `mean` stars, so a newcomer starts at the mean. */
  ratingPrior: { votes: number; mean: string };
  /** Concurrent jobs an appraiser may hold when its profile sets no capacity. */
  defaultCapacity: number;
  /** Assignments within this many days before the decision lower the fairness term. */
  fairnessWindowDays: number;
  /** The one extension of bidding when no eligible bid came in. */
  extensionHours: number;
  /** How long the winner has to accept before the next-ranked bid is offered. */
  acceptanceHours: number;
  /** Bidding period from the job's opening to its deadline. */
  biddingDays: number;
};

export const DEFAULT_ASSIGNMENT_POLICY: AssignmentPolicy = {
  weights: { fee: "0.4", days: "0.2", rating: "0.3", fairness: "0.1" },
  ratingPrior: { votes: 5, mean: "4.0" },
  defaultCapacity: 5,
  fairnessWindowDays: 90,
  extensionHours: 72,
  acceptanceHours: 48,
  biddingDays: 5,
};

/**
 * A job as the rules see it. `deadline` is the ORIGINAL bidding deadline and never moves:
 * the lottery seed is built from it, and the current deadline after the one extension is
 * derived from it (`currentDeadline`), so the two cannot drift apart.
 */
export type AppraisalJob = {
  jobId: string;
  assets: readonly { type: AssetType }[];
  smeOrgId: string;
  bankOrgId: string;
  insurerOrgId: string;
  deadline: Date;
  referenceFee: Money;
  extended: boolean;
};

export type Bid = {
  appraiserOrgId: string;
  fee: Money;
  daysToDeliver: number;
  method: AppraisalMethod;
  note: string;
  submittedAt: Date;
};

export type AppraiserProfile = {
  orgId: string;
  orgStatus: OrgStatus;
  filingRecordNumber: string | null;
  qualifiedAssetTypes: readonly AssetType[];
  affiliatedOrgIds: readonly string[];
  /** null: the policy's default capacity. */
  capacity: number | null;
  activeJobs: number;
  /** Past ratings, whole stars 1–5. */
  ratings: readonly number[];
  /** When the appraiser was assigned past jobs; only the fairness window counts. */
  assignmentDates: readonly Date[];
};

export type IneligibilityCode =
  | "ORG_NOT_ACTIVE"
  | "NOT_FILED"
  | "NOT_QUALIFIED"
  | "AFFILIATED_SME"
  | "AFFILIATED_BANK"
  | "AFFILIATED_INSURER"
  | "AT_CAPACITY";

export type Ineligibility = { code: IneligibilityCode; message: string };

export type RankedBid = {
  /** 1 for the winner. */
  rank: number;
  bid: Bid;
  /** The exact score read as a float, for display and audit; the ranking used the exact value. */
  score: number;
  /** Each term before weighting, 0–1 (rating is rating/5). */
  terms: { fee: number; days: number; rating: number; fairness: number };
  /** Bayesian mean rating, stars. */
  rating: number;
  /** Assignments counted in the fairness window. */
  recentAssignments: number;
};

export type AssignmentDecision =
  | { kind: "assign"; ranking: RankedBid[] }
  | { kind: "extend"; newDeadline: Date }
  /** `pool`: the eligible org ids in the order the draw indexed them, so anyone can re-check it. */
  | { kind: "lottery"; appraiserOrgId: string; fee: Money; seed: string; pool: string[] }
  | { kind: "none" };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

// Durations are fixed multiples of an hour on UTC instants: no calendar, no DST.
const addHours = (at: Date, hours: number) => new Date(at.getTime() + hours * HOUR_MS);

/** The original bidding deadline of a job opened at `openedAt`. */
export function biddingDeadline(openedAt: Date, policy: AssignmentPolicy = DEFAULT_ASSIGNMENT_POLICY): Date {
  return addHours(openedAt, policy.biddingDays * 24);
}

/** The deadline bidding actually closes at: the original one, or that plus the extension. */
export function currentDeadline(job: Pick<AppraisalJob, "deadline" | "extended">, policy: AssignmentPolicy = DEFAULT_ASSIGNMENT_POLICY): Date {
  return job.extended ? addHours(job.deadline, policy.extensionHours) : job.deadline;
}

/** When an offer made at `offeredAt` lapses and the next-ranked bid is offered. */
export function acceptanceDeadline(offeredAt: Date, policy: AssignmentPolicy = DEFAULT_ASSIGNMENT_POLICY): Date {
  return addHours(offeredAt, policy.acceptanceHours);
}

/**
 * Why an appraiser may not take this job; empty when it may. Every failed condition is
 * listed (not only the first), so an appraiser sees all it has to fix.
 */
export function eligibility(appraiser: AppraiserProfile, job: AppraisalJob, policy: AssignmentPolicy = DEFAULT_ASSIGNMENT_POLICY): Ineligibility[] {
  const reasons: Ineligibility[] = [];
  if (appraiser.orgStatus !== "ACTIVE") {
    reasons.push({ code: "ORG_NOT_ACTIVE", message: appraiser.orgStatus === "PENDING" ? "机构尚在审核中" : "机构已被暂停" });
  }
  if (!appraiser.filingRecordNumber?.trim()) reasons.push({ code: "NOT_FILED", message: "未备案" });

  const missing = [...new Set(job.assets.map((a) => a.type))].filter((t) => !appraiser.qualifiedAssetTypes.includes(t));
  if (missing.length) {
    const types = ASSET_TYPES.filter((t) => missing.includes(t)).map((t) => ASSET_TYPE_LABELS[t]);
    reasons.push({ code: "NOT_QUALIFIED", message: `资质不覆盖资产类型：${types.join("、")}` });
  }

  const affiliated = new Set(appraiser.affiliatedOrgIds);
  if (affiliated.has(job.smeOrgId)) reasons.push({ code: "AFFILIATED_SME", message: "与申请方存在关联" });
  if (affiliated.has(job.bankOrgId)) reasons.push({ code: "AFFILIATED_BANK", message: "与贷款银行存在关联" });
  if (affiliated.has(job.insurerOrgId)) reasons.push({ code: "AFFILIATED_INSURER", message: "与保险机构存在关联" });

  const capacity = appraiser.capacity ?? policy.defaultCapacity;
  if (appraiser.activeJobs >= capacity) {
    reasons.push({ code: "AT_CAPACITY", message: `在办业务已满（${appraiser.activeJobs}/${capacity}）` });
  }
  return reasons;
}

export const isEligible = (appraiser: AppraiserProfile, job: AppraisalJob, policy: AssignmentPolicy = DEFAULT_ASSIGNMENT_POLICY) =>
  eligibility(appraiser, job, policy).length === 0;

/**
 * What is wrong with a bid when it is submitted (empty when nothing): fee above zero,
 * whole days ≥ 1, a known method, before the current deadline, and one bid per appraiser
 * (`existingBidders`: the org ids that already bid on the job). Whether the appraiser is
 * eligible is checked again at decision time, so it is not repeated here.
 */
export function checkBid(
  bid: Bid,
  job: AppraisalJob,
  existingBidders: Iterable<string>,
  at: Date,
  policy: AssignmentPolicy = DEFAULT_ASSIGNMENT_POLICY,
): string[] {
  const errors: string[] = [];
  if (!bid.fee.isPositive()) errors.push("报价应大于 0 元");
  if (!Number.isInteger(bid.daysToDeliver) || bid.daysToDeliver < 1) errors.push("交付天数应为不小于 1 的整数");
  if (!APPRAISAL_METHODS.includes(bid.method)) errors.push("评估方法应为收益法、市场法或成本法");
  if (at.getTime() >= currentDeadline(job, policy).getTime()) errors.push("竞价已截止");
  if (new Set(existingBidders).has(bid.appraiserOrgId)) errors.push("每家评估机构对同一任务只能报价一次");
  return errors;
}

/** The Bayesian mean of whole-star ratings: (votes·mean + Σstars) / (votes + n). */
export function bayesianRating(stars: readonly number[], policy: AssignmentPolicy = DEFAULT_ASSIGNMENT_POLICY): number {
  return toNumber(exactRating(stars, policy));
}

/** Assignments in [now − window, now): the interval is start-inclusive, end-exclusive. */
export function recentAssignmentCount(dates: readonly Date[], now: Date, policy: AssignmentPolicy = DEFAULT_ASSIGNMENT_POLICY): number {
  const from = now.getTime() - policy.fairnessWindowDays * DAY_MS;
  return dates.filter((d) => d.getTime() >= from && d.getTime() < now.getTime()).length;
}

/**
 * Ranks the bids of ELIGIBLE appraisers, best first. Bids by ineligible appraisers, or by
 * appraisers with no profile in `appraisers` (eligibility cannot be checked), are left out
 * and do not count for minFee or minDays. Ties: lower fee, then earlier submission, then
 * org id ascending by UTF-16 code units (not locale order, which differs between machines).
 */
export function scoreBids(
  job: AppraisalJob,
  bids: readonly Bid[],
  appraisers: readonly AppraiserProfile[],
  now: Date,
  policy: AssignmentPolicy = DEFAULT_ASSIGNMENT_POLICY,
): RankedBid[] {
  const profiles = indexProfiles(appraisers);
  assertBids(bids);
  const eligible = bids.filter((b) => {
    const p = profiles.get(b.appraiserOrgId);
    return p !== undefined && isEligible(p, job, policy);
  });
  if (!eligible.length) return [];

  const w = {
    fee: parseRate(policy.weights.fee),
    days: parseRate(policy.weights.days),
    rating: parseRate(policy.weights.rating),
    fairness: parseRate(policy.weights.fairness),
  };
  const minFee = Money.min(...eligible.map((b) => b.fee));
  const minDays = Math.min(...eligible.map((b) => b.daysToDeliver));

  const scored = eligible.map((bid) => {
    const profile = profiles.get(bid.appraiserOrgId)!;
    const rating = exactRating(profile.ratings, policy);
    const recent = recentAssignmentCount(profile.assignmentDates, now, policy);
    const terms = {
      fee: fromRatio(minFee.ratioTo(bid.fee)),
      days: q(BigInt(minDays), BigInt(bid.daysToDeliver)),
      rating: mul(rating, q(1n, 5n)),
      fairness: q(1n, BigInt(1 + recent)),
    };
    const score = add(add(mul(w.fee, terms.fee), mul(w.days, terms.days)), add(mul(w.rating, terms.rating), mul(w.fairness, terms.fairness)));
    return { bid, score, terms, rating, recent };
  });

  scored.sort(
    (a, b) =>
      cmp(b.score, a.score) ||
      a.bid.fee.compare(b.bid.fee) ||
      a.bid.submittedAt.getTime() - b.bid.submittedAt.getTime() ||
      codeUnitCompare(a.bid.appraiserOrgId, b.bid.appraiserOrgId),
  );
  return scored.map((s, i) => ({
    rank: i + 1,
    bid: s.bid,
    score: toNumber(s.score),
    terms: { fee: toNumber(s.terms.fee), days: toNumber(s.terms.days), rating: toNumber(s.terms.rating), fairness: toNumber(s.terms.fairness) },
    rating: toNumber(s.rating),
    recentAssignments: s.recent,
  }));
}

/**
 * The bid to offer next: the best-ranked one whose appraiser has not declined or let the
 * acceptance window lapse (`refused`: those appraisers' org ids). null when all refused.
 */
export function nextCandidate(ranking: readonly RankedBid[], refused: Iterable<string>): RankedBid | null {
  const out = new Set(refused);
  return ranking.find((r) => !out.has(r.bid.appraiserOrgId)) ?? null;
}

/** sha256 of jobId followed directly by the original deadline's ISO string, lowercase hex. */
export function lotterySeed(job: Pick<AppraisalJob, "jobId" | "deadline">): string {
  return createHash("sha256").update(job.jobId + job.deadline.toISOString(), "utf8").digest("hex");
}

/**
 * The lottery's draw: the pool is sorted by org id (UTF-16 code units, ascending), the
 * first 8 bytes of the seed digest are read as an unsigned big-endian integer, and the
 * winner is `pool[that integer mod pool size]`. Input order cannot matter (the pool is
 * sorted) and the draw needs no random source, so anyone can recompute it from the job.
 * The slight modulo bias (pool size / 2⁶⁴) is negligible.
 */
export function drawLottery(seed: string, orgIds: readonly string[]): { appraiserOrgId: string; pool: string[] } | null {
  const pool = [...orgIds].sort(codeUnitCompare);
  if (!pool.length) return null;
  const index = Number(BigInt(`0x${seed.slice(0, 16)}`) % BigInt(pool.length));
  return { appraiserOrgId: pool[index], pool };
}

/**
 * SPEC §7 at the deadline (`now` ≥ the current deadline, else an error: the caller
 * scheduled the decision too early).
 * - eligible bids → `assign`, with the ranking (the winner first; `nextCandidate` walks it
 *   as offers are declined or lapse);
 * - none, not yet extended → `extend` once, to the original deadline plus the extension;
 * - none after the extension → `lottery` among all eligible appraisers (profiles, not
 *   bids) at the job's reference fee;
 * - nobody eligible at all → `none` (the caller flags the job for an operator).
 */
export function decideAssignment(
  job: AppraisalJob,
  bids: readonly Bid[],
  appraisers: readonly AppraiserProfile[],
  now: Date,
  policy: AssignmentPolicy = DEFAULT_ASSIGNMENT_POLICY,
): AssignmentDecision {
  if (!job.assets.length) throw new DomainError("INVALID_STATE", "评估任务未列出任何资产");
  const closesAt = currentDeadline(job, policy);
  if (now.getTime() < closesAt.getTime()) throw new DomainError("INVALID_STATE", "竞价尚未截止，不能决定评估机构");

  const ranking = scoreBids(job, bids, appraisers, now, policy);
  if (ranking.length) return { kind: "assign", ranking };
  if (!job.extended) return { kind: "extend", newDeadline: addHours(job.deadline, policy.extensionHours) };

  const seed = lotterySeed(job);
  const drawn = drawLottery(
    seed,
    appraisers.filter((a) => isEligible(a, job, policy)).map((a) => a.orgId),
  );
  if (!drawn) return { kind: "none" };
  return { kind: "lottery", appraiserOrgId: drawn.appraiserOrgId, fee: job.referenceFee, seed, pool: drawn.pool };
}

// ---------------------------------------------------------------------------------------
// Input checks. These are broken invariants (the submission checks should have refused
// such data), not user mistakes, so they throw rather than silently skew a ranking.

function indexProfiles(appraisers: readonly AppraiserProfile[]): Map<string, AppraiserProfile> {
  const byId = new Map<string, AppraiserProfile>();
  for (const a of appraisers) {
    if (byId.has(a.orgId)) throw new DomainError("INVALID_STATE", `评估机构 ${a.orgId} 重复出现`);
    byId.set(a.orgId, a);
  }
  return byId;
}

function assertBids(bids: readonly Bid[]): void {
  const seen = new Set<string>();
  for (const b of bids) {
    if (seen.has(b.appraiserOrgId)) throw new DomainError("INVALID_STATE", `评估机构 ${b.appraiserOrgId} 对同一任务报价多次`);
    seen.add(b.appraiserOrgId);
    if (!b.fee.isPositive()) throw new DomainError("INVALID_STATE", `评估机构 ${b.appraiserOrgId} 的报价应大于 0 元`);
    if (!Number.isInteger(b.daysToDeliver) || b.daysToDeliver < 1) {
      throw new DomainError("INVALID_STATE", `评估机构 ${b.appraiserOrgId} 的交付天数应为不小于 1 的整数`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Exact fractions, kept reduced so the bigints stay small.

type Q = { n: bigint; d: bigint };

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  while (b) [a, b] = [b, a % b];
  return a;
}

function q(n: bigint, d: bigint): Q {
  if (d === 0n) throw new DomainError("INVALID_STATE", "分母不能为 0");
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

const add = (a: Q, b: Q) => q(a.n * b.d + b.n * a.d, a.d * b.d);
const mul = (a: Q, b: Q) => q(a.n * b.n, a.d * b.d);
const cmp = (a: Q, b: Q) => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};

function fromRatio(r: Ratio): Q {
  return q(r.numerator, r.denominator);
}

function parseRate(text: string): Q {
  return fromRatio(Ratio.parse(text));
}

function exactRating(stars: readonly number[], policy: AssignmentPolicy): Q {
  for (const s of stars) {
    if (!Number.isInteger(s) || s < 1 || s > 5) throw new DomainError("INVALID_STATE", `评分应为 1–5 的整数：${s}`);
  }
  const mean = parseRate(policy.ratingPrior.mean);
  const votes = BigInt(policy.ratingPrior.votes);
  const sum = BigInt(stars.reduce((a, s) => a + s, 0));
  // (votes·mean + Σ) / (votes + n), with mean = m/d: (votes·m + Σ·d) / ((votes + n)·d)
  return q(votes * mean.n + sum * mean.d, (votes + BigInt(stars.length)) * mean.d);
}

/**
 * The fraction as the nearest float: its decimal expansion to 30 places (exact digits,
 * truncated), parsed once. Deterministic on every engine, since parseFloat rounds correctly.
 */
function toNumber(x: Q): number {
  const negative = x.n < 0n;
  const n = negative ? -x.n : x.n;
  const frac = (((n % x.d) * 10n ** 30n) / x.d).toString().padStart(30, "0");
  return Number.parseFloat(`${negative ? "-" : ""}${n / x.d}.${frac}`);
}

const codeUnitCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
