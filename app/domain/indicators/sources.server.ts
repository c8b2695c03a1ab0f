import { db } from "~/utils/db.server";
import { smesConvertingPatents } from "../deals/queries.server";
import { activeGiUsersOn } from "../gi/counting.server";
import { county } from "../identity/county";
import { HIGH_VALUE_FLAG_LABELS, HOLDER_KIND_LABELS, type HighValueFlag } from "../patents/labels";
import { systemActor } from "../shared/actor";
import { dateColumn, isoDateOf, shanghaiDate } from "../shared/calendar";
import { Money, Ratio } from "../shared/money";
import type { PlatformSourceKind } from "./definitions";
import type { IndicatorRecord } from "./types";

/**
 * The platform's own records behind each PLATFORM indicator (SPEC §9, issue 17 §1), on a
 * day: every query counts only what had happened by the end of that day, from dated
 * facts (disbursement dates, conversion reports, GI announcements and revocations, grant
 * dates), so that past months can be rebuilt. Each returns the exact value and the records.
 */

export type PlatformValue = { value: Ratio | null; records: IndicatorRecord[]; perCapita?: { inventionPatents: number; population: string | null; populationAsOf: string | null } };

const plan = county.indicatorPlan;

/** The instant a county day ends: the next day's 00:00 in Asia/Shanghai. */
function endOfDay(day: string): Date {
  return new Date(dateColumn(day).getTime() + 16 * 3_600_000);
}
const startOfDay = (day: string) => new Date(dateColumn(day).getTime() - 8 * 3_600_000);

export async function platformValueOn(source: PlatformSourceKind, day: string, inputs: { population: { value: Ratio; asOf: string } | null }): Promise<PlatformValue> {
  switch (source) {
    case "PLEDGE_FINANCING_TOTAL":
      return pledgeFinancingTotal(day);
    case "CONVERTING_SMES":
      return convertingSmes(day);
    case "GI_ACTIVE_USERS":
      return giActiveUsers(day);
    case "HIGH_VALUE_INVENTION_PATENTS": {
      const patents = await countyValidInventionPatents(day, { highValueOnly: true });
      return { value: Ratio.of(patents.length), records: patents };
    }
    case "INVENTION_PATENTS_PER_10K": {
      const patents = await countyValidInventionPatents(day, { highValueOnly: false });
      const population = inputs.population;
      const perCapita = { inventionPatents: patents.length, population: population ? population.value.toDecimalString(0) : null, populationAsOf: population?.asOf ?? null };
      if (!population || population.value.isZero()) return { value: null, records: patents, perCapita };
      return { value: Ratio.of(patents.length * 10_000).dividedBy(population.value).reduced(), records: patents, perCapita };
    }
  }
}

/** Σ disbursed pledge-loan amounts disbursed from the plan's first day through `day` (SPEC §9). */
async function pledgeFinancingTotal(day: string): Promise<PlatformValue> {
  const loans = await db.pledgeApplication.findMany({
    where: { disbursedAmountFen: { not: null }, disbursedOn: { gte: dateColumn(plan.start), lte: dateColumn(day) } },
    select: { id: true, disbursedAmountFen: true, disbursedOn: true, sme: { select: { name: true } }, bank: { select: { name: true } } },
    orderBy: [{ disbursedOn: "asc" }, { id: "asc" }],
  });
  const total = loans.reduce((sum, l) => sum.plus(Money.fromFen(l.disbursedAmountFen ?? 0n)), Money.zero);
  return {
    value: total.ratioTo(Money.fromFen(100)),
    records: loans.map((l) => ({
      kind: "LOAN" as const,
      id: l.id,
      link: `/financing/${l.id}`,
      smeName: l.sme.name,
      bankName: l.bank.name,
      amount: Money.fromFen(l.disbursedAmountFen ?? 0n).toYuanString(),
      disbursedOn: isoDateOf(l.disbursedOn!),
    })),
  };
}

/** Distinct SMEs with a CONVERTED deal on a university / institute / SOE patent reported from the plan's start through `day` (the deals context's query). */
async function convertingSmes(day: string): Promise<PlatformValue> {
  const { count, records } = await smesConvertingPatents(systemActor(), { from: startOfDay(plan.start), to: endOfDay(day) });
  return {
    value: Ratio.of(count),
    records: records.map((r) => ({
      kind: "DEAL" as const,
      id: r.dealId,
      // GOVERNMENT sees a deal only as this summary (its terms are the parties'): the link opens the patent.
      link: `/patents/${r.patent.id}`,
      smeName: r.sme.name,
      holderName: r.holder.name,
      holderKind: HOLDER_KIND_LABELS[r.holder.kind as keyof typeof HOLDER_KIND_LABELS] ?? r.holder.kind,
      patentTitle: r.patent.title,
      applicationNumber: r.patent.applicationNumber,
      convertedOn: shanghaiDate(new Date(r.convertedAt!)),
    })),
  };
}

/** Enterprises authorized on `day` (the GI context's query). */
async function giActiveUsers(day: string): Promise<PlatformValue> {
  const { count, records } = await activeGiUsersOn(day);
  return {
    value: Ratio.of(count),
    records: records.map((r) => ({
      kind: "GI_USER" as const,
      id: r.applicationId,
      link: `/gi/applications/${r.applicationId}`,
      enterpriseName: r.enterpriseName,
      uscc: r.uscc,
      productName: r.product.name,
      certificateNumber: r.certificateNumber,
      announcedOn: r.announcedOn,
    })),
  };
}

/**
 * Valid invention patents of holders in the county on `day`: granted on or before it, not
 * yet expired, and VALID today (a lapse or invalidation has no date in the catalog, so a
 * patent that lapsed since is left out of past months too). `highValueOnly`: with at
 * least one of CNIPA's high-value flags.
 */
async function countyValidInventionPatents(day: string, opts: { highValueOnly: boolean }): Promise<IndicatorRecord[]> {
  const d = dateColumn(day);
  const patents = await db.patent.findMany({
    where: {
      type: "INVENTION",
      legalStatus: "VALID",
      grantDate: { lte: d },
      OR: [{ expiryDate: null }, { expiryDate: { gt: d } }],
      holder: { county: county.name },
      ...(opts.highValueOnly ? { NOT: { highValueFlags: { isEmpty: true } } } : {}),
    },
    select: { id: true, title: true, applicationNumber: true, grantDate: true, highValueFlags: true, status: true, holder: { select: { name: true } } },
    orderBy: [{ grantDate: "asc" }, { id: "asc" }],
  });
  return patents.map((p) => ({
    kind: "PATENT" as const,
    id: p.id,
    link: p.status === "LISTED" ? `/patents/${p.id}` : null,
    title: p.title,
    applicationNumber: p.applicationNumber,
    holderName: p.holder.name,
    grantDate: p.grantDate ? isoDateOf(p.grantDate) : null,
    highValueFlags: p.highValueFlags.map((f) => HIGH_VALUE_FLAG_LABELS[f as HighValueFlag] ?? f),
  }));
}

/** Subsidies the platform paid out in a calendar year (Asia/Shanghai), in yuan: shown beside the IP-fund share. */
export async function platformSubsidiesPaidIn(year: number): Promise<string> {
  const from = startOfDay(`${year}-01-01`);
  const to = startOfDay(`${year + 1}-01-01`);
  const sum = await db.subsidyAward.aggregate({ where: { status: "PAID", paidAt: { gte: from, lt: to } }, _sum: { amountFen: true } });
  return Money.fromFen(sum._sum.amountFen ?? 0n).toYuanString();
}
