import type { DealStatus, OrgKind, Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { notFound } from "../shared/errors";
import { Money } from "../shared/money";
import { isoDateOf } from "../shared/calendar";
import { canPayByCard, paymentActions, STRIPE_PAYER_ACTION } from "../payments/payment-machine";
import { paymentSideOf } from "../payments/policies";
import { stateFor } from "./act-on-deal.server";
import { dealFactsOf } from "./deal-store.server";
import { ENDED_DEAL_STATUSES, OPEN_DEAL_STATUSES } from "./deal-machine";
import { canOnDeal, dealPartyOf, dealRelationOf, dealsVisibleTo } from "./policies";

const yuan = (fen: bigint | null) => (fen === null ? null : Money.fromFen(fen).toYuanString());
const isoDate = (d: Date | null) => (d ? isoDateOf(d) : null);
const orgRef = { select: { id: true, name: true, uscc: true } } as const;

const detailInclude = {
  patent: { select: { id: true, title: true, applicationNumber: true, type: true, holderId: true, listing: { select: { mode: true } } } },
  sme: orgRef,
  holder: orgRef,
  pledgee: { select: { id: true, name: true } },
  offers: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
  messages: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
  payments: true,
} satisfies Prisma.DealInclude;

type DealRow = Prisma.DealGetPayload<{ include: typeof detailInclude }>;

function offerOf(o: DealRow["offers"][number], currentOfferId: string | null) {
  return {
    id: o.id,
    side: o.side,
    mode: o.mode,
    upfront: yuan(o.upfrontFen) as string,
    royaltyRate: o.royaltyRate,
    royaltyBasis: o.royaltyBasis,
    termMonths: o.termMonths,
    territory: o.territory,
    validUntil: isoDate(o.validUntil) as string,
    current: o.id === currentOfferId,
    supersededAt: o.supersededAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
  };
}

/**
 * One deal with everything its parties see (issue 14 §12): status, version, offers, the
 * thread, agreed terms and fingerprint, consent, payment, record, conversion, timeline
 * and what the caller can do now. The pledgee bank reads it without the thread.
 */
export async function getDeal(actor: Actor, id: string) {
  const deal = await db.deal.findUnique({ where: { id }, include: detailInclude });
  if (!deal || !canOnDeal(actor, deal, "read")) throw notFound("交易");
  const relation = dealRelationOf(actor, deal);
  const party = dealPartyOf(actor, deal);
  const events = await db.auditEvent.findMany({ where: { entityType: "Deal", entityId: id }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  const payment = deal.payments.find((p) => p.kind === "DEAL_UPFRONT") ?? null;
  const current = deal.offers.find((o) => o.id === deal.currentOfferId) ?? null;
  const seesThread = relation !== "PLEDGEE_BANK";
  const side = payment ? paymentSideOf(actor, payment) : null;
  const state = stateFor(party && party !== "SYSTEM" && actor.orgStatus === "ACTIVE" ? party : null, {
    ...deal,
    offerSide: current?.side ?? null,
    paymentStatus: payment?.status ?? null,
  });
  return {
    ...summaryOf(deal),
    patent: { id: deal.patent.id, title: deal.patent.title, applicationNumber: deal.patent.applicationNumber, type: deal.patent.type, listingMode: deal.patent.listing?.mode ?? null },
    sme: deal.sme,
    holder: deal.holder,
    currentOffer: current ? offerOf(current, deal.currentOfferId) : null,
    offers: deal.offers.map((o) => offerOf(o, deal.currentOfferId)),
    messages: seesThread ? deal.messages.map((m) => ({ id: m.id, side: m.side, orgId: m.orgId, body: m.body, at: m.createdAt.toISOString() })) : [],
    terms: deal.agreedAt
      ? {
          mode: deal.mode,
          upfront: yuan(deal.upfrontFen) as string,
          royaltyRate: deal.royaltyRate,
          royaltyBasis: deal.royaltyBasis,
          termMonths: deal.termMonths,
          territory: deal.territory ?? "",
          termsHash: deal.termsHash ?? "",
          agreedAt: deal.agreedAt.toISOString(),
        }
      : null,
    openLicenceNotice: deal.openLicenceNotice,
    consent: { status: deal.consent, bank: deal.pledgee, pledgeApplicationId: deal.consent === "NOT_NEEDED" ? null : deal.pledgeApplicationId, at: deal.consentAt?.toISOString() ?? null },
    payment: payment
      ? {
          id: payment.id,
          status: payment.status,
          method: payment.method,
          version: payment.version,
          amount: yuan(payment.amountFen) as string,
          transferReference: payment.transferReference,
          paidAt: payment.paidAt?.toISOString() ?? null,
          receivedOn: isoDate(payment.receivedOn),
          actions: actor.orgStatus === "ACTIVE" && !(ENDED_DEAL_STATUSES as readonly DealStatus[]).includes(deal.status) ? [...paymentActions(payment.method, payment.status, side), ...(canPayByCard(payment.method, payment.status, side) ? [STRIPE_PAYER_ACTION] : [])] : [],
        }
      : null,
    record: deal.recordNumber ? { number: deal.recordNumber, date: isoDate(deal.recordedOn) as string } : null,
    conversion: deal.convertedAt
      ? {
          productName: deal.productName ?? "",
          startedOn: isoDate(deal.productionStartedOn) as string,
          note: deal.conversionNote,
          evidenceUrl: deal.evidenceFilePath ? `/deals/${deal.id}/evidence` : null,
          at: deal.convertedAt.toISOString(),
        }
      : null,
    decline: deal.declineReason ? { reason: deal.declineReason, note: deal.endNote } : null,
    endNote: deal.endNote,
    endedAt: deal.endedAt?.toISOString() ?? null,
    createdAt: deal.createdAt.toISOString(),
    timeline: events.map((e) => ({ at: e.at.toISOString(), action: e.action, from: e.fromState, to: e.toState, orgId: e.orgId, reason: e.reason, data: (e.data ?? null) as Record<string, unknown> | null })),
    yourRole: state.yourRole,
    actions: state.actions,
    facts: dealFactsOf({ offerSide: current?.side ?? null, consent: deal.consent, upfrontFen: deal.upfrontFen, paymentStatus: payment?.status ?? null }),
  };
}

export type DealDetail = Awaited<ReturnType<typeof getDeal>>;

function summaryOf(deal: { id: string; status: DealStatus; version: number; mode: DealRow["mode"]; consent: DealRow["consent"]; stageEnteredAt: Date; overdueFlaggedAt: Date | null; updatedAt: Date; patent: { id: string; title: string }; sme: { id: string; name: string }; holder: { id: string; name: string } }) {
  return {
    id: deal.id,
    status: deal.status,
    version: deal.version,
    mode: deal.mode,
    consent: deal.consent,
    patent: { id: deal.patent.id, title: deal.patent.title },
    sme: { id: deal.sme.id, name: deal.sme.name },
    holder: { id: deal.holder.id, name: deal.holder.name },
    stageEnteredAt: deal.stageEnteredAt.toISOString(),
    overdue: deal.overdueFlaggedAt !== null,
    updatedAt: deal.updatedAt.toISOString(),
  };
}

/**
 * The deals the caller may list (deals/policies.ts), newest activity first, a page at a
 * time; `role` narrows to the deals where the caller is the SME, the holder or the bank
 * asked for consent.
 */
export async function listDeals(actor: Actor, query: { status?: DealStatus; role?: "SME" | "HOLDER" | "BANK"; page: number; pageSize: number }) {
  const roleWhere: Prisma.DealWhereInput = query.role === "SME" ? { smeId: actor.orgId } : query.role === "HOLDER" ? { holderId: actor.orgId } : query.role === "BANK" ? { pledgeeBankId: actor.orgId } : {};
  const where: Prisma.DealWhereInput = { AND: [dealsVisibleTo(actor), roleWhere, query.status ? { status: query.status } : {}] };
  const [total, rows] = await Promise.all([
    db.deal.count({ where }),
    db.deal.findMany({
      where,
      include: { patent: { select: { id: true, title: true } }, sme: { select: { id: true, name: true } }, holder: { select: { id: true, name: true } } },
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return { items: rows.map(summaryOf), total, page: query.page, pageSize: query.pageSize };
}

/** The caller's open deal on a patent (one per SME and patent), to continue it rather than start another. */
export async function findOpenDealOn(actor: Actor | null, patentId: string): Promise<{ id: string; status: DealStatus } | null> {
  if (!actor) return null;
  return db.deal.findFirst({ where: { patentId, smeId: actor.orgId, status: { in: [...OPEN_DEAL_STATUSES] } }, select: { id: true, status: true } });
}

/** Holder kinds whose patents count for the county's "SMEs converting patents" (SPEC §5, §9). */
export const CONVERSION_HOLDER_KINDS: readonly OrgKind[] = ["UNIVERSITY", "RESEARCH_INSTITUTE", "SOE"];

/**
 * The SMEs with a CONVERTED deal on a university, research-institute or SOE patent whose
 * conversion was reported in [from, to) (issue 14 §8), with the deals behind the count:
 * parties, patent, mode and dates only — what GOVERNMENT's drill-down may show (SPEC §2).
 */
export async function smesConvertingPatents(actor: Actor, period: { from: Date; to: Date }) {
  const where: Prisma.DealWhereInput = {
    AND: [dealsVisibleTo(actor, "read-summary"), { status: "CONVERTED", convertedAt: { gte: period.from, lt: period.to }, holder: { kind: { in: [...CONVERSION_HOLDER_KINDS] } } }],
  };
  const deals = await db.deal.findMany({
    where,
    select: {
      id: true,
      mode: true,
      agreedAt: true,
      recordedOn: true,
      productionStartedOn: true,
      convertedAt: true,
      patent: { select: { id: true, title: true, applicationNumber: true } },
      sme: { select: { id: true, name: true, uscc: true } },
      holder: { select: { id: true, name: true, kind: true } },
    },
    orderBy: [{ convertedAt: "asc" }, { id: "asc" }],
  });
  const records = deals.map((d) => ({
    dealId: d.id,
    sme: d.sme,
    holder: d.holder,
    patent: d.patent,
    mode: d.mode,
    agreedAt: d.agreedAt?.toISOString() ?? null,
    recordedOn: isoDate(d.recordedOn),
    productionStartedOn: isoDate(d.productionStartedOn),
    convertedAt: d.convertedAt?.toISOString() ?? null,
  }));
  return { count: new Set(records.map((r) => r.sme.id)).size, records };
}
