import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors";
import { Money } from "../shared/money";
import {
  acceptanceDeadline,
  ASSET_TYPES,
  bayesianRating,
  biddingDeadline,
  checkBid,
  currentDeadline,
  decideAssignment,
  DEFAULT_ASSIGNMENT_POLICY,
  drawLottery,
  eligibility,
  lotterySeed,
  nextCandidate,
  recentAssignmentCount,
  scoreBids,
  type AppraisalJob,
  type AppraiserProfile,
  type AssignmentPolicy,
  type Bid,
  type RankedBid,
} from "./assignment";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The original bidding deadline: 2025-03-11 00:00 in Beijing. */
const DEADLINE = new Date("2025-03-10T16:00:00.000Z");
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

const job = (over: Partial<AppraisalJob> = {}): AppraisalJob => ({
  jobId: "APR-2025-0001",
  assets: [{ type: "INVENTION" }, { type: "TRADEMARK" }],
  smeOrgId: "sme-1",
  bankOrgId: "bank-1",
  insurerOrgId: "ins-1",
  deadline: DEADLINE,
  referenceFee: Money.parseYuan("12000.00"),
  extended: false,
  ...over,
});

const appraiser = (orgId: string, over: Partial<AppraiserProfile> = {}): AppraiserProfile => ({
  orgId,
  orgStatus: "ACTIVE",
  filingRecordNumber: "陕财评备〔2023〕017号",
  qualifiedAssetTypes: [...ASSET_TYPES],
  affiliatedOrgIds: [],
  capacity: null,
  activeJobs: 0,
  ratings: [],
  assignmentDates: [],
  ...over,
});

const bid = (appraiserOrgId: string, fee: string, daysToDeliver: number, over: Partial<Bid> = {}): Bid => ({
  appraiserOrgId,
  fee: Money.parseYuan(fee),
  daysToDeliver,
  method: "INCOME",
  note: "",
  submittedAt: new Date("2025-03-08T02:00:00.000Z"),
  ...over,
});

const codes = (a: AppraiserProfile, j = job(), policy?: AssignmentPolicy) => eligibility(a, j, policy).map((r) => r.code);
const order = (ranking: RankedBid[]) => ranking.map((r) => r.bid.appraiserOrgId);
const daysAgo = (n: number, from = DEADLINE) => at(from, -n * DAY);

describe("policy", () => {
  it("carries SPEC §7's numbers by default", () => {
    expect(DEFAULT_ASSIGNMENT_POLICY).toEqual({
      weights: { fee: "0.4", days: "0.2", rating: "0.3", fairness: "0.1" },
      ratingPrior: { votes: 5, mean: "4.0" },
      defaultCapacity: 5,
      fairnessWindowDays: 90,
      extensionHours: 72,
      acceptanceHours: 48,
      biddingDays: 5,
    });
  });

  it("derives the deadlines: bidding 5 days, extension 72 h after the original, acceptance 48 h", () => {
    const opened = new Date("2025-03-05T16:00:00.000Z");
    expect(biddingDeadline(opened).toISOString()).toBe("2025-03-10T16:00:00.000Z");
    expect(currentDeadline(job()).toISOString()).toBe("2025-03-10T16:00:00.000Z");
    expect(currentDeadline(job({ extended: true })).toISOString()).toBe("2025-03-13T16:00:00.000Z");
    expect(acceptanceDeadline(new Date("2025-03-10T16:00:00.000Z")).toISOString()).toBe("2025-03-12T16:00:00.000Z");
    const quick = { ...DEFAULT_ASSIGNMENT_POLICY, biddingDays: 3, extensionHours: 24, acceptanceHours: 12 };
    expect(biddingDeadline(opened, quick).toISOString()).toBe("2025-03-08T16:00:00.000Z");
    expect(currentDeadline(job({ extended: true }), quick).toISOString()).toBe("2025-03-11T16:00:00.000Z");
    expect(acceptanceDeadline(DEADLINE, quick).toISOString()).toBe("2025-03-11T04:00:00.000Z");
  });
});

describe("eligibility", () => {
  it("accepts an active, filed, qualified, unaffiliated appraiser with room", () => {
    expect(eligibility(appraiser("apr-1"), job())).toEqual([]);
  });

  it("requires an ACTIVE organisation", () => {
    expect(eligibility(appraiser("apr-1", { orgStatus: "PENDING" }), job())).toEqual([{ code: "ORG_NOT_ACTIVE", message: "机构尚在审核中" }]);
    expect(eligibility(appraiser("apr-1", { orgStatus: "SUSPENDED" }), job())).toEqual([{ code: "ORG_NOT_ACTIVE", message: "机构已被暂停" }]);
    expect(codes(appraiser("apr-1", { orgStatus: "ACTIVE" }))).toEqual([]);
  });

  it("requires a non-empty filing record number", () => {
    for (const filingRecordNumber of [null, "", "   "]) {
      expect(eligibility(appraiser("apr-1", { filingRecordNumber }), job())).toEqual([{ code: "NOT_FILED", message: "未备案" }]);
    }
    expect(codes(appraiser("apr-1", { filingRecordNumber: "X1" }))).toEqual([]);
  });

  it("requires a qualification for EVERY asset type of the job", () => {
    const inventionOnly = appraiser("apr-1", { qualifiedAssetTypes: ["INVENTION"] });
    expect(eligibility(inventionOnly, job())).toEqual([{ code: "NOT_QUALIFIED", message: "资质不覆盖资产类型：商标" }]);
    expect(eligibility(appraiser("apr-1", { qualifiedAssetTypes: [] }), job())).toEqual([
      { code: "NOT_QUALIFIED", message: "资质不覆盖资产类型：发明专利、商标" },
    ]);
    // Exactly the job's types (listed in another order, assets repeated) is enough.
    const twoAssetsOfOneType = job({ assets: [{ type: "TRADEMARK" }, { type: "INVENTION" }, { type: "TRADEMARK" }] });
    expect(codes(appraiser("apr-1", { qualifiedAssetTypes: ["TRADEMARK", "INVENTION"] }), twoAssetsOfOneType)).toEqual([]);
    expect(codes(inventionOnly, job({ assets: [{ type: "INVENTION" }] }))).toEqual([]);
    expect(codes(inventionOnly, job({ assets: [{ type: "GI_MARK" }] }))).toEqual(["NOT_QUALIFIED"]);
  });

  it("refuses an appraiser affiliated with the SME, the bank or the insurer, each named", () => {
    expect(eligibility(appraiser("apr-1", { affiliatedOrgIds: ["sme-1"] }), job())).toEqual([{ code: "AFFILIATED_SME", message: "与申请方存在关联" }]);
    expect(eligibility(appraiser("apr-1", { affiliatedOrgIds: ["bank-1"] }), job())).toEqual([{ code: "AFFILIATED_BANK", message: "与贷款银行存在关联" }]);
    expect(eligibility(appraiser("apr-1", { affiliatedOrgIds: ["ins-1"] }), job())).toEqual([{ code: "AFFILIATED_INSURER", message: "与保险机构存在关联" }]);
    // Affiliations with parties of other jobs do not matter.
    expect(codes(appraiser("apr-1", { affiliatedOrgIds: ["sme-2", "bank-2", "ins-2"] }))).toEqual([]);
  });

  it("requires fewer active jobs than the capacity, 5 by default", () => {
    expect(codes(appraiser("apr-1", { activeJobs: 4 }))).toEqual([]);
    expect(eligibility(appraiser("apr-1", { activeJobs: 5 }), job())).toEqual([{ code: "AT_CAPACITY", message: "在办业务已满（5/5）" }]);
    expect(codes(appraiser("apr-1", { capacity: 2, activeJobs: 1 }))).toEqual([]);
    expect(eligibility(appraiser("apr-1", { capacity: 2, activeJobs: 2 }), job())).toEqual([{ code: "AT_CAPACITY", message: "在办业务已满（2/2）" }]);
    expect(codes(appraiser("apr-1", { capacity: 8, activeJobs: 6 }))).toEqual([]);
    // The default comes from the policy.
    const tight = { ...DEFAULT_ASSIGNMENT_POLICY, defaultCapacity: 3 };
    expect(codes(appraiser("apr-1", { activeJobs: 3 }), job(), tight)).toEqual(["AT_CAPACITY"]);
    expect(codes(appraiser("apr-1", { activeJobs: 2 }), job(), tight)).toEqual([]);
  });

  it("lists every failed condition, not only the first", () => {
    const bad = appraiser("apr-1", {
      orgStatus: "SUSPENDED",
      filingRecordNumber: null,
      qualifiedAssetTypes: ["DESIGN"],
      affiliatedOrgIds: ["ins-1", "sme-1", "bank-1"],
      activeJobs: 9,
    });
    expect(codes(bad)).toEqual(["ORG_NOT_ACTIVE", "NOT_FILED", "NOT_QUALIFIED", "AFFILIATED_SME", "AFFILIATED_BANK", "AFFILIATED_INSURER", "AT_CAPACITY"]);
  });
});

describe("Bayesian rating", () => {
  it("starts a newcomer at the prior mean and moves with the evidence", () => {
    expect(bayesianRating([])).toBe(4);
    expect(bayesianRating([5, 5])).toBe(30 / 7); // (5·4.0 + 10) / (5 + 2)
    expect(bayesianRating([1])).toBe(3.5); // (20 + 1) / 6
    expect(bayesianRating([1, 1, 1, 1, 1])).toBe(2.5); // (20 + 5) / 10
    expect(bayesianRating([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5])).toBe(4.75); // (20 + 75) / 20
  });

  it("takes the prior from the policy", () => {
    const policy = { ...DEFAULT_ASSIGNMENT_POLICY, ratingPrior: { votes: 2, mean: "3.5" } };
    expect(bayesianRating([], policy)).toBe(3.5);
    expect(bayesianRating([5], policy)).toBe(4); // (7 + 5) / 3
  });

  it("refuses stars outside whole 1–5", () => {
    for (const s of [0, 6, 4.5, Number.NaN]) expect(() => bayesianRating([5, s])).toThrow(DomainError);
  });
});

describe("fairness window", () => {
  it("counts assignments in [now − 90 days, now)", () => {
    const now = DEADLINE;
    expect(recentAssignmentCount([], now)).toBe(0);
    expect(recentAssignmentCount([at(now, -90 * DAY)], now)).toBe(1);
    expect(recentAssignmentCount([at(now, -90 * DAY - 1)], now)).toBe(0);
    expect(recentAssignmentCount([at(now, -1)], now)).toBe(1);
    expect(recentAssignmentCount([now, at(now, DAY)], now)).toBe(0);
    expect(recentAssignmentCount([daysAgo(1), daysAgo(30), daysAgo(89), daysAgo(120)], now)).toBe(3);
    expect(recentAssignmentCount([daysAgo(20)], now, { ...DEFAULT_ASSIGNMENT_POLICY, fairnessWindowDays: 10 })).toBe(0);
  });
});

describe("bid scores (SPEC weights 0.4 fee, 0.2 days, 0.3 rating, 0.1 fairness)", () => {
  /*
   * Worked example, decided at the deadline. D is not filed: its bid is ignored and its
   * low fee and short delivery do NOT set the minima.
   *
   *   bid  fee       days  ratings      rating (Bayes)           90-day assignments  fairness
   *   A    10000.00  10    5,5,5,5,5    (20+25)/10 = 9/2          2 (a 3rd 91 days ago) 1/3
   *   B     8000.00  15    —            20/5 = 4                  0 (one 200 days ago)  1
   *   C    12000.00   7    5,4          (20+9)/7 = 29/7           1                     1/2
   *   D     5000.00   3    (ineligible: 未备案)
   *
   *   minFee = 8000, minDays = 7
   *   A = 0.4·8000/10000 + 0.2·7/10 + 0.3·(9/2)/5 + 0.1·1/3
   *     = 0.32 + 0.14 + 0.27 + 1/30                    = 229/300   = 0.763333…
   *   B = 0.4·1 + 0.2·7/15 + 0.3·4/5 + 0.1·1
   *     = 0.4 + 7/75 + 0.24 + 0.1                      = 5/6       = 0.833333…
   *   C = 0.4·8000/12000 + 0.2·1 + 0.3·(29/7)/5 + 0.1·1/2
   *     = 4/15 + 0.2 + 87/350 + 0.05 = (560+420+522+105)/2100 = 1607/2100 = 0.765238…
   *
   *   ranking: B, C, A (C's higher fee is outweighed by speed and rating; A's recent work costs it).
   */
  const profiles = [
    appraiser("apr-A", { ratings: [5, 5, 5, 5, 5], assignmentDates: [daysAgo(10), daysAgo(80), daysAgo(91)] }),
    appraiser("apr-B", { assignmentDates: [daysAgo(200)] }),
    appraiser("apr-C", { ratings: [5, 4], assignmentDates: [daysAgo(30)] }),
    appraiser("apr-D", { filingRecordNumber: null }),
  ];
  const bids = [bid("apr-A", "10000.00", 10), bid("apr-B", "8000.00", 15), bid("apr-C", "12000.00", 7), bid("apr-D", "5000.00", 3)];

  it("ranks the worked example exactly", () => {
    const ranking = scoreBids(job(), bids, profiles, DEADLINE);
    expect(order(ranking)).toEqual(["apr-B", "apr-C", "apr-A"]);
    expect(ranking.map((r) => r.rank)).toEqual([1, 2, 3]);
    const [b, c, a] = ranking;
    expect(Math.abs(b.score - 5 / 6)).toBeLessThan(1e-12);
    expect(Math.abs(c.score - 1607 / 2100)).toBeLessThan(1e-12);
    expect(Math.abs(a.score - 229 / 300)).toBeLessThan(1e-12);
    expect(a.rating).toBe(4.5);
    expect(c.rating).toBe(29 / 7);
    expect(a.recentAssignments).toBe(2);
    expect(c.recentAssignments).toBe(1);
    expect(b.recentAssignments).toBe(0);
    expect(a.terms).toEqual({ fee: 0.8, days: 0.7, rating: 0.9, fairness: 1 / 3 });
    expect(b.terms).toEqual({ fee: 1, days: 7 / 15, rating: 0.8, fairness: 1 });
    expect(c.bid).toBe(bids[2]);
  });

  it("gives the same ranking whatever the input order", () => {
    const reversed = scoreBids(job(), [...bids].reverse(), [...profiles].reverse(), DEADLINE);
    expect(order(reversed)).toEqual(["apr-B", "apr-C", "apr-A"]);
  });

  it("ignores bids by appraisers that are ineligible at decision time or have no profile", () => {
    const ranking = scoreBids(job(), [...bids, bid("apr-ghost", "1.00", 1)], profiles, DEADLINE);
    expect(order(ranking)).not.toContain("apr-D");
    expect(order(ranking)).not.toContain("apr-ghost");
    // C became ineligible (now at capacity): it drops out and the minima move to A and B.
    const cFull = profiles.map((p) => (p.orgId === "apr-C" ? { ...p, activeJobs: 5 } : p));
    const [first, second] = scoreBids(job(), bids, cFull, DEADLINE);
    expect(order([first, second])).toEqual(["apr-B", "apr-A"]);
    expect(second.terms.days).toBe(1); // minDays is now A's 10
    // B = 0.4 + 0.2·10/15 + 0.24 + 0.1
    expect(Math.abs(first.score - (0.74 + 0.4 / 3))).toBeLessThan(1e-12);
  });

  it("scores against the bidding appraiser's record as of `now`", () => {
    // 100 days later, A's two assignments have left the window: fairness 1.
    const later = at(DEADLINE, 100 * DAY);
    const a = scoreBids(job(), bids, profiles, later).find((r) => r.bid.appraiserOrgId === "apr-A")!;
    expect(a.recentAssignments).toBe(0);
    expect(Math.abs(a.score - (0.73 + 0.1))).toBeLessThan(1e-12);
  });

  it("takes the weights from the policy", () => {
    const feeOnly = { ...DEFAULT_ASSIGNMENT_POLICY, weights: { fee: "1", days: "0", rating: "0", fairness: "0" } };
    expect(order(scoreBids(job(), bids, profiles, DEADLINE, feeOnly))).toEqual(["apr-B", "apr-A", "apr-C"]);
    const daysOnly = { ...DEFAULT_ASSIGNMENT_POLICY, weights: { fee: "0", days: "1", rating: "0", fairness: "0" } };
    expect(order(scoreBids(job(), bids, profiles, DEADLINE, daysOnly))).toEqual(["apr-C", "apr-A", "apr-B"]);
  });

  it("returns an empty ranking when no bid is eligible", () => {
    expect(scoreBids(job(), [bids[3]], profiles, DEADLINE)).toEqual([]);
    expect(scoreBids(job(), [], profiles, DEADLINE)).toEqual([]);
  });
});

describe("tie-breaks on exactly equal scores", () => {
  const submitted = (iso: string) => ({ submittedAt: new Date(iso) });

  it("prefers the lower fee", () => {
    // x: 0.4·6000/7200 + 0.2·4/4 = 1/3 + 1/5 = 8/15
    // y: 0.4·6000/6000 + 0.2·4/6 = 2/5 + 2/15 = 8/15 (equal ratings and fairness)
    // Summed in floats (with 0.3·0.8 + 0.1) x comes out 0.8733333333333334 and y 0.8733333333333333,
    // so a float ranking would put x first: the exact score is what makes this a tie.
    // x is first in the input, bid earlier and has the smaller org id: only the fee puts y first.
    const ranking = scoreBids(
      job(),
      [bid("apr-x", "7200.00", 4, submitted("2025-03-06T00:00:00Z")), bid("apr-y", "6000.00", 6, submitted("2025-03-09T00:00:00Z"))],
      [appraiser("apr-x"), appraiser("apr-y")],
      DEADLINE,
    );
    expect(ranking[0].score).toBe(ranking[1].score);
    expect(order(ranking)).toEqual(["apr-y", "apr-x"]);
  });

  it("then prefers the earlier bid", () => {
    const ranking = scoreBids(
      job(),
      [bid("apr-a", "9000.00", 8, submitted("2025-03-09T00:00:00.001Z")), bid("apr-b", "9000.00", 8, submitted("2025-03-09T00:00:00.000Z"))],
      [appraiser("apr-a"), appraiser("apr-b")],
      DEADLINE,
    );
    expect(ranking[0].score).toBe(ranking[1].score);
    expect(order(ranking)).toEqual(["apr-b", "apr-a"]);
  });

  it("then the org id, ascending by code unit", () => {
    const same = submitted("2025-03-09T00:00:00Z");
    const ranking = scoreBids(job(), [bid("apr-b", "9000.00", 8, same), bid("apr-a", "9000.00", 8, same)], [appraiser("apr-b"), appraiser("apr-a")], DEADLINE);
    expect(ranking[0].score).toBe(ranking[1].score);
    expect(order(ranking)).toEqual(["apr-a", "apr-b"]);
    // Code units, not locale order: "Z" (0x5A) sorts before "a" (0x61).
    const mixed = scoreBids(job(), [bid("apr-a", "9000.00", 8, same), bid("apr-Z", "9000.00", 8, same)], [appraiser("apr-a"), appraiser("apr-Z")], DEADLINE);
    expect(order(mixed)).toEqual(["apr-Z", "apr-a"]);
  });

  it("never lets a tie-break override a higher score", () => {
    // Same fee and days; the later bidder has the better rating, so it wins despite bidding later.
    const ranking = scoreBids(
      job(),
      [bid("apr-a", "9000.00", 8, submitted("2025-03-06T00:00:00Z")), bid("apr-b", "9000.00", 8, submitted("2025-03-09T00:00:00Z"))],
      [appraiser("apr-a"), appraiser("apr-b", { ratings: [5] })],
      DEADLINE,
    );
    expect(order(ranking)).toEqual(["apr-b", "apr-a"]);
    expect(ranking[0].score).toBeGreaterThan(ranking[1].score);
  });
});

describe("decision at the deadline", () => {
  const pool = [appraiser("apr-01"), appraiser("apr-02")];

  it("assigns by ranking when there are eligible bids", () => {
    const bids = [bid("apr-01", "9000.00", 10), bid("apr-02", "8000.00", 10)];
    const decision = decideAssignment(job(), bids, pool, DEADLINE);
    expect(decision.kind).toBe("assign");
    if (decision.kind !== "assign") return;
    expect(order(decision.ranking)).toEqual(["apr-02", "apr-01"]);
    expect(decision.ranking).toEqual(scoreBids(job(), bids, pool, DEADLINE));
  });

  it("refuses to decide before the current deadline", () => {
    expect(() => decideAssignment(job(), [], pool, at(DEADLINE, -1))).toThrow("竞价尚未截止");
    expect(decideAssignment(job(), [], pool, DEADLINE).kind).toBe("extend");
    const extended = job({ extended: true });
    expect(() => decideAssignment(extended, [], pool, at(DEADLINE, 72 * HOUR - 1))).toThrow(DomainError);
    expect(decideAssignment(extended, [], pool, at(DEADLINE, 72 * HOUR)).kind).toBe("lottery");
  });

  it("extends once, 72 h after the original deadline, when no eligible bid came in", () => {
    expect(decideAssignment(job(), [], pool, DEADLINE)).toEqual({ kind: "extend", newDeadline: new Date("2025-03-13T16:00:00.000Z") });
    // Bids by ineligible appraisers count as no bids; a late decision does not move the new deadline.
    const affiliated = [appraiser("apr-01", { affiliatedOrgIds: ["bank-1"] }), appraiser("apr-02")];
    expect(decideAssignment(job(), [bid("apr-01", "5000.00", 3)], affiliated, at(DEADLINE, 2 * HOUR))).toEqual({
      kind: "extend",
      newDeadline: new Date("2025-03-13T16:00:00.000Z"),
    });
    // Even when nobody is eligible yet: someone may become eligible during the extension.
    expect(decideAssignment(job(), [], [], DEADLINE).kind).toBe("extend");
    const policy = { ...DEFAULT_ASSIGNMENT_POLICY, extensionHours: 24 };
    expect(decideAssignment(job(), [], pool, DEADLINE, policy)).toEqual({ kind: "extend", newDeadline: new Date("2025-03-11T16:00:00.000Z") });
  });

  it("never extends twice", () => {
    const extended = job({ extended: true });
    const after = at(DEADLINE, 72 * HOUR);
    expect(decideAssignment(extended, [], pool, after).kind).toBe("lottery");
    expect(decideAssignment(extended, [bid("apr-01", "9000.00", 10)], pool, after).kind).toBe("assign");
  });

  it("says `none` when, after the extension, no appraiser is eligible at all", () => {
    const nobody = [appraiser("apr-01", { orgStatus: "SUSPENDED" }), appraiser("apr-02", { activeJobs: 5 })];
    expect(decideAssignment(job({ extended: true }), [bid("apr-01", "9000.00", 10)], nobody, at(DEADLINE, 72 * HOUR))).toEqual({ kind: "none" });
    expect(decideAssignment(job({ extended: true }), [], [], at(DEADLINE, 72 * HOUR))).toEqual({ kind: "none" });
  });

  it("refuses broken inputs rather than rank them", () => {
    const now = DEADLINE;
    expect(() => decideAssignment(job(), [bid("apr-01", "9000.00", 10), bid("apr-01", "8000.00", 9)], pool, now)).toThrow("报价多次");
    expect(() => decideAssignment(job(), [bid("apr-01", "0.00", 10)], pool, now)).toThrow("报价应大于 0 元");
    expect(() => decideAssignment(job(), [bid("apr-01", "9000.00", 0)], pool, now)).toThrow("交付天数");
    expect(() => decideAssignment(job(), [bid("apr-01", "9000.00", 2.5)], pool, now)).toThrow("交付天数");
    expect(() => decideAssignment(job(), [], [appraiser("apr-01"), appraiser("apr-01")], now)).toThrow("重复出现");
    expect(() => decideAssignment(job({ assets: [] }), [], pool, now)).toThrow("未列出任何资产");
  });
});

describe("lottery after the extension", () => {
  const after = at(DEADLINE, 72 * HOUR);
  const extended = (jobId = "APR-2025-0001") => job({ jobId, extended: true });
  // Five eligible appraisers and one suspended (not in the pool, although it bid).
  const appraisers = [
    appraiser("apr-04"),
    appraiser("apr-00", { orgStatus: "SUSPENDED" }),
    appraiser("apr-02"),
    appraiser("apr-05"),
    appraiser("apr-01"),
    appraiser("apr-03"),
  ];
  const ineligibleBid = [bid("apr-00", "100.00", 1)];

  /*
   * Golden value, computed outside this code:
   *   printf '%s' 'APR-2025-00012025-03-10T16:00:00.000Z' | sha256sum
   *   → fe0d70cec52402bf1cc1527aa0be420eabd573584978824d54ad20630e45177f
   *   0xfe0d70cec52402bf = 18306412093703979711; mod 5 = 1 → sorted pool[1] = apr-02
   *   (had the suspended apr-00 been drawn from too: mod 6 = 3 → apr-03)
   */
  it("draws the golden winner at the job's reference fee", () => {
    const decision = decideAssignment(extended(), ineligibleBid, appraisers, after);
    expect(decision).toEqual({
      kind: "lottery",
      appraiserOrgId: "apr-02",
      fee: Money.parseYuan("12000.00"),
      seed: "fe0d70cec52402bf1cc1527aa0be420eabd573584978824d54ad20630e45177f",
      pool: ["apr-01", "apr-02", "apr-03", "apr-04", "apr-05"],
    });
    if (decision.kind === "lottery") expect(decision.fee.toYuanString()).toBe(job().referenceFee.toYuanString());
  });

  it("pays the reference fee, whatever it is", () => {
    const decision = decideAssignment(job({ extended: true, referenceFee: Money.parseYuan("8765.43") }), [], appraisers, after);
    expect(decision.kind === "lottery" && decision.fee.fen).toBe(876_543n);
  });

  it("gives the same winner for the same seed and appraisers in any input order", () => {
    const winners = new Set<string>();
    for (let shift = 0; shift < appraisers.length; shift++) {
      const rotated = [...appraisers.slice(shift), ...appraisers.slice(0, shift)];
      for (const input of [rotated, [...rotated].reverse()]) {
        const d = decideAssignment(extended(), [], input, after);
        if (d.kind === "lottery") winners.add(d.appraiserOrgId);
      }
    }
    expect([...winners]).toEqual(["apr-02"]);
  });

  it("seeds with the job id and the ORIGINAL deadline, so another job can draw another winner", () => {
    // sha256('APR-2025-00022025-03-10T16:00:00.000Z') starts ad759513c68cb537: mod 5 = 2 → apr-03
    const other = decideAssignment(extended("APR-2025-0002"), [], appraisers, after);
    expect(other).toMatchObject({ kind: "lottery", appraiserOrgId: "apr-03", seed: "ad759513c68cb537b7da42aff6cbae545a71321deeb44c4bfa9d374ca632fc96" });
    expect(lotterySeed(job({ extended: true }))).toBe(lotterySeed(job({ extended: false })));
    expect(lotterySeed(job({ deadline: at(DEADLINE, 1) }))).not.toBe(lotterySeed(job()));
  });

  it("indexes the sorted pool with the digest's first 8 bytes modulo the pool size", () => {
    const ids = ["c", "a", "e", "b", "d"];
    const tail = "f".repeat(48);
    expect(drawLottery(`0000000000000007${tail}`, ids)).toEqual({ appraiserOrgId: "c", pool: ["a", "b", "c", "d", "e"] }); // 7 mod 5 = 2
    expect(drawLottery(`0000000000000007${"0".repeat(48)}`, ids)?.appraiserOrgId).toBe("c"); // later bytes do not matter
    expect(drawLottery(`0000000000000009${tail}`, ids)?.appraiserOrgId).toBe("e"); // 9 mod 5 = 4
    expect(drawLottery("f".repeat(64), ids)?.appraiserOrgId).toBe("a"); // 2⁶⁴ − 1 ≡ 0 mod 5
    expect(drawLottery("f".repeat(64), ["only"])?.appraiserOrgId).toBe("only");
    expect(drawLottery("f".repeat(64), [])).toBeNull();
  });
});

describe("acceptance fall-through", () => {
  const ranking = scoreBids(
    job(),
    [bid("apr-1", "8000.00", 5), bid("apr-2", "9000.00", 5), bid("apr-3", "10000.00", 5)],
    [appraiser("apr-1"), appraiser("apr-2"), appraiser("apr-3")],
    DEADLINE,
  );

  it("offers the winner first", () => {
    expect(order(ranking)).toEqual(["apr-1", "apr-2", "apr-3"]);
    expect(nextCandidate(ranking, [])).toBe(ranking[0]);
  });

  it("passes to the next-ranked bid when the first declines or lets 48 h lapse", () => {
    expect(nextCandidate(ranking, ["apr-1"])?.bid.appraiserOrgId).toBe("apr-2");
    expect(nextCandidate(ranking, ["apr-1", "apr-2"])?.bid.appraiserOrgId).toBe("apr-3");
    // Only who refused matters, not in which order; a second offer may be refused before the first answer.
    expect(nextCandidate(ranking, new Set(["apr-2", "apr-1"]))?.bid.appraiserOrgId).toBe("apr-3");
    expect(nextCandidate(ranking, ["apr-2"])?.bid.appraiserOrgId).toBe("apr-1");
    expect(nextCandidate(ranking, ["apr-unknown"])?.bid.appraiserOrgId).toBe("apr-1");
  });

  it("returns none when everyone refused", () => {
    expect(nextCandidate(ranking, ["apr-3", "apr-1", "apr-2"])).toBeNull();
    expect(nextCandidate([], [])).toBeNull();
  });
});

describe("bid submission check", () => {
  const before = at(DEADLINE, -HOUR);

  it("accepts a well-formed first bid before the deadline", () => {
    expect(checkBid(bid("apr-1", "0.01", 1), job(), [], before)).toEqual([]);
    expect(checkBid(bid("apr-1", "9000.00", 10, { method: "COST" }), job(), ["apr-2"], before)).toEqual([]);
  });

  it("refuses a zero or negative fee, days that are not a whole number ≥ 1, an unknown method", () => {
    expect(checkBid(bid("apr-1", "0.00", 10), job(), [], before)).toEqual(["报价应大于 0 元"]);
    expect(checkBid(bid("apr-1", "-1.00", 10), job(), [], before)).toEqual(["报价应大于 0 元"]);
    expect(checkBid(bid("apr-1", "9000.00", 0), job(), [], before)).toEqual(["交付天数应为不小于 1 的整数"]);
    expect(checkBid(bid("apr-1", "9000.00", 1.5), job(), [], before)).toEqual(["交付天数应为不小于 1 的整数"]);
    const odd = { ...bid("apr-1", "9000.00", 10), method: "GUESS" } as unknown as Bid;
    expect(checkBid(odd, job(), [], before)).toEqual(["评估方法应为收益法、市场法或成本法"]);
  });

  it("refuses bids at or after the current deadline and a second bid by the same appraiser", () => {
    expect(checkBid(bid("apr-1", "9000.00", 10), job(), [], DEADLINE)).toEqual(["竞价已截止"]);
    expect(checkBid(bid("apr-1", "9000.00", 10), job({ extended: true }), [], at(DEADLINE, HOUR))).toEqual([]);
    expect(checkBid(bid("apr-1", "9000.00", 10), job({ extended: true }), [], at(DEADLINE, 72 * HOUR))).toEqual(["竞价已截止"]);
    expect(checkBid(bid("apr-1", "9000.00", 10), job(), ["apr-2", "apr-1"], before)).toEqual(["每家评估机构对同一任务只能报价一次"]);
  });
});
