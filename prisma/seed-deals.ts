import { actOnDeal, makeOffer, postDealMessage } from "../app/domain/deals/act-on-deal.server";
import { createDeal } from "../app/domain/deals/create-deal.server";
import type { DealPartyAction } from "../app/domain/deals/deal-machine";
import { createDealInputSchema, messageInputSchema, offerInputSchema } from "../app/domain/deals/schemas";
import type { DealMode } from "../app/generated/prisma/enums";
import type { Actor } from "../app/domain/shared/actor";
import { shanghaiDate } from "../app/domain/shared/calendar";
import { clock, fixedClock, setClock } from "../app/domain/shared/clock";
import { db } from "../app/utils/db.server";
import { DEMO_ORGS, DEMO_SECOND_SME } from "./seed-data";

/**
 * Demo deals (issue 14) between the two demo SMEs and the demo university, institute and
 * SOE, in the states a visitor should see: an inquiry, a negotiation with offers, an open
 * licence agreed at its declared terms, a declined inquiry with its reason, a recorded
 * licence and a converted one on a university patent (what the county's indicator counts).
 * Every step goes through the deal use cases with the parties as actors, so the demo data
 * obeys the same rules, audit trail and notifications as real deals; steps are dated in
 * the past (the clock is moved back for them) so timelines read naturally.
 *
 * Idempotent: a scenario whose SME already has a deal on its patent (in any state) is left
 * alone; one whose patent is no longer listed by its demo holder is skipped and reported.
 * No 木耳 patent is used, so the demo SME's own journey (search 木耳, start a deal) is never
 * blocked by a seeded open deal, and no exclusive, sole or assignment deal binds a patent.
 */

type Side = "sme" | "holder";
type Holder = "UNIVERSITY" | "RESEARCH_INSTITUTE" | "SOE";
type Step =
  | { daysAgo: number; by: Side; offer: { mode: DealMode; upfront: string; royaltyRate: string | null; termMonths: number; validForDays: number } }
  | { daysAgo: number; by: Side; message: string }
  | { daysAgo: number; by: Side; action: DealPartyAction; body?: (today: string) => Record<string, unknown> };

type Scenario = { name: string; sme: "SME" | "SME2"; holder: Holder; applicationNumber: string; mode: DealMode; message?: string; daysAgo: number; steps: Step[] };

const nonExclusive = (upfront: string, royaltyRate: string | null, termMonths: number, validForDays = 30) => ({ mode: "NON_EXCLUSIVE" as const, upfront, royaltyRate, termMonths, validForDays });

export const DEMO_DEAL_SCENARIOS: Scenario[] = [
  {
    name: "CONVERTED",
    sme: "SME",
    holder: "UNIVERSITY",
    applicationNumber: "CN201713538147.9", // 一种板栗仁的低温护色保鲜方法
    mode: "NON_EXCLUSIVE",
    message: "我司拟新增板栗仁即食小包装产品线，希望以普通许可方式实施贵校该专利，请告知许可条件。",
    daysAgo: 96,
    steps: [
      { daysAgo: 94, by: "holder", message: "感谢关注。本专利可普通许可，我们先给出报价，欢迎洽谈。" },
      { daysAgo: 94, by: "holder", offer: nonExclusive("80000.00", null, 36) },
      { daysAgo: 90, by: "sme", offer: nonExclusive("0.00", "0.03", 36) },
      { daysAgo: 88, by: "holder", action: "accept-offer" },
      { daysAgo: 75, by: "holder", action: "record", body: (today) => ({ recordNumber: "2026610000301(示例)", date: today }) },
      { daysAgo: 21, by: "sme", action: "report-conversion", body: (today) => ({ productName: "秦岭板栗仁即食小包装（示例）", startedOn: today, note: "首批 2 万袋已投产，在县内商超和电商渠道销售。" }) },
    ],
  },
  {
    name: "AGREED (open licence)",
    sme: "SME",
    holder: "UNIVERSITY",
    applicationNumber: "CN202223374440.2", // 一种中药材多层热泵烘干箱（开放许可）
    mode: "OPEN",
    daysAgo: 6,
    steps: [],
  },
  {
    name: "DECLINED",
    sme: "SME",
    holder: "SOE",
    applicationNumber: "CN202322112909.3", // 一种岩棉保温装饰一体板（开放许可，可洽谈普通许可）
    mode: "NON_EXCLUSIVE",
    message: "我司冷库保温改造拟采用该一体板，想洽谈普通许可，入门费能否降低？",
    daysAgo: 40,
    steps: [
      { daysAgo: 38, by: "holder", offer: nonExclusive("50000.00", "0.06", 24) },
      { daysAgo: 36, by: "sme", offer: nonExclusive("15000.00", null, 24) },
      { daysAgo: 33, by: "holder", action: "decline", body: () => ({ reason: "PRICE", note: "报价低于本集团普通许可的底价，可按开放许可条件直接实施。" }) },
    ],
  },
  {
    name: "RECORDED",
    sme: "SME2",
    holder: "RESEARCH_INSTITUTE",
    applicationNumber: "CN202016496332.7", // 一种酒五味子饮片的炮制方法
    mode: "NON_EXCLUSIVE",
    message: "我司五味子饮片车间希望引进贵院的酒炙工艺，请问许可方式和费用？",
    daysAgo: 50,
    steps: [
      { daysAgo: 48, by: "holder", offer: nonExclusive("0.00", "0.03", 60) },
      { daysAgo: 46, by: "sme", action: "accept-offer" },
      { daysAgo: 30, by: "holder", action: "record", body: (today) => ({ recordNumber: "2026610000418(示例)", date: today }) },
    ],
  },
  {
    name: "NEGOTIATING",
    sme: "SME2",
    holder: "RESEARCH_INSTITUTE",
    applicationNumber: "CN201928334920.6", // 一种中药材太阳能与热泵联合烘干房
    mode: "NON_EXCLUSIVE",
    message: "我司计划在营盘镇建设药材烘干房，希望获得该专利的普通许可。",
    daysAgo: 12,
    steps: [
      { daysAgo: 10, by: "holder", offer: nonExclusive("50000.00", null, 36) },
      { daysAgo: 8, by: "sme", offer: nonExclusive("35000.00", null, 36) },
      { daysAgo: 7, by: "sme", message: "入门费 3.5 万元是我们目前的预算上限，期限可以延长。" },
      { daysAgo: 5, by: "holder", offer: nonExclusive("42000.00", null, 48) },
    ],
  },
  {
    name: "INQUIRY",
    sme: "SME2",
    holder: "UNIVERSITY",
    applicationNumber: "CN201616069140.1", // 一种高山绿茶的微波杀青与低温揉捻加工工艺
    mode: "NON_EXCLUSIVE",
    message: "我司有 300 亩高山茶园，想了解该工艺的许可条件，能否派人到现场指导？",
    daysAgo: 1,
    steps: [],
  },
];

/** Demo patents' page views (holder insight): written once, never reset over real counts. */
const DEMO_VIEWS: Record<string, number> = {
  "CN201713538147.9": 57,
  "CN202223374440.2": 41,
  "CN202322112909.3": 23,
  "CN202016496332.7": 34,
  "CN201928334920.6": 29,
  "CN201616069140.1": 18,
  "CN201515225727.6": 88, // 一种黑木耳多糖的低温超声辅助提取方法
  "CN201815009057.8": 64, // 一种冻干即食木耳脆片及其制备方法
};

export async function ownerActor(uscc: string): Promise<Actor> {
  const org = await db.organization.findUniqueOrThrow({ where: { uscc }, select: { id: true, kind: true, status: true, memberships: { where: { role: "OWNER" }, select: { userId: true }, take: 1 } } });
  const userId = org.memberships[0]?.userId;
  if (!userId) throw new Error(`demo org ${uscc} has no owner`);
  return { userId, apiKeyId: null, orgId: org.id, orgKind: org.kind, orgStatus: org.status, role: "OWNER" };
}

/**
 * Runs `fn` with the clock at `daysAgo` days before `base` (the seed's now), at 10:00 in
 * Shanghai plus `minute` minutes (steps on one day keep their order), never after `base`.
 */
async function on<T>(base: Date, daysAgo: number, minute: number, fn: () => Promise<T>): Promise<T> {
  const day = shanghaiDate(new Date(base.getTime() - daysAgo * 86_400_000));
  const at = new Date(Date.parse(`${day}T10:00:00+08:00`) + minute * 60_000);
  const restore = setClock(fixedClock(at < base ? at : base));
  try {
    return await fn();
  } finally {
    restore();
  }
}

export async function seedDemoDeals(scenarios: readonly Scenario[] = DEMO_DEAL_SCENARIOS): Promise<{ created: number; existing: number; skipped: string[] }> {
  const actors = {
    SME: await ownerActor(DEMO_ORGS.SME.uscc),
    SME2: await ownerActor(DEMO_SECOND_SME.org.uscc),
    UNIVERSITY: await ownerActor(DEMO_ORGS.UNIVERSITY.uscc),
    RESEARCH_INSTITUTE: await ownerActor(DEMO_ORGS.RESEARCH_INSTITUTE.uscc),
    SOE: await ownerActor(DEMO_ORGS.SOE.uscc),
  };
  const base = clock.now();
  let created = 0;
  let existing = 0;
  const skipped: string[] = [];

  for (const s of scenarios) {
    const sme = actors[s.sme];
    const holder = actors[s.holder];
    const patent = await db.patent.findUnique({ where: { applicationNumber: s.applicationNumber }, select: { id: true, status: true, holderId: true, isDemo: true } });
    if (!patent?.isDemo) {
      skipped.push(`${s.name}: demo patent ${s.applicationNumber} missing`);
      continue;
    }
    if (await db.deal.findFirst({ where: { smeId: sme.orgId, patentId: patent.id }, select: { id: true } })) {
      existing++;
      continue;
    }
    if (patent.status !== "LISTED" || patent.holderId !== holder.orgId) {
      skipped.push(`${s.name}: ${s.applicationNumber} is no longer listed by its demo holder`);
      continue;
    }
    // Inputs go through the same schemas as a form or an API call.
    const deal = await on(base, s.daysAgo, 0, () => createDeal(sme, createDealInputSchema.parse({ patentId: patent.id, mode: s.mode, message: s.message })));
    let version = deal.version;
    for (const [i, step] of s.steps.entries()) {
      const actor = step.by === "sme" ? sme : holder;
      await on(base, step.daysAgo, i + 1, async () => {
        const today = shanghaiDate(clock.now());
        if ("offer" in step) {
          const { validForDays, ...offer } = step.offer;
          const validUntil = shanghaiDate(new Date(clock.now().getTime() + validForDays * 86_400_000));
          version = (await makeOffer(actor, deal.id, offerInputSchema.parse({ ...offer, version, territory: "中国大陆", validUntil }))).version;
        } else if ("message" in step) {
          await postDealMessage(actor, deal.id, messageInputSchema.parse({ body: step.message }));
        } else {
          version = (await actOnDeal(actor, deal.id, step.action, { version, ...step.body?.(today) })).version;
        }
      });
    }
    created++;
  }

  for (const [applicationNumber, views] of Object.entries(DEMO_VIEWS)) {
    const patent = await db.patent.findUnique({ where: { applicationNumber }, select: { id: true, isDemo: true } });
    if (patent?.isDemo) await db.patentViewCount.upsert({ where: { patentId: patent.id }, create: { patentId: patent.id, views, updatedAt: base }, update: {} });
  }
  return { created, existing, skipped };
}
