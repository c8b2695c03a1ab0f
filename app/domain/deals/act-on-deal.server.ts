import { bookDateError } from "../shared/book-dates";
import type { DealConsent, DealMode, DealStatus } from "~/generated/prisma/enums";
import { Prisma } from "~/generated/prisma/client";
import { db, type Tx } from "~/utils/db.server";
import { systemActor, type Actor } from "../shared/actor";
import { conflict, DomainError, forbidden, notFound, validation } from "../shared/errors";
import { Money } from "../shared/money";
import { clock } from "../shared/clock";
import { newId } from "../shared/ids";
import { dateColumn, shanghaiDate } from "../shared/calendar";
import { isStripeConfigured } from "../payments/stripe-client.server";
import { availableDealActions, DEAL_PARTY_ACTIONS, resolveDealMove, type DealAction, type DealParty, type DealPartyAction } from "./deal-machine";
import { dealPartyOf } from "./policies";
import { auditDeal, bindingFacts, currentOfferTerms, dealFactsOf, lockDeal, otherSideOf, tellOrgs, type DealNotice, type LockedDeal } from "./deal-store.server";
import { DEAL_MODE_NAMES, exclusivityConflict, negotiableModes, openLicenceNotice, pledgeNeedingConsent, termsHash, transfersThePatent, type DealTerms } from "./rules";
import { DECLINE_REASON_NAMES, dealActionBodySchemas, type DealActionBody, type MessageInput, type OfferInput } from "./schemas";
import { assignPatent } from "./assignment.server";

const NOT_FOUND = "交易";

/** What a write returns: the deal's state for the caller, without another read. */
export type DealStateDto = { id: string; status: DealStatus; version: number; mode: DealMode; consent: DealConsent; yourRole: DealParty | null; actions: DealPartyAction[] };

/** What a move writes besides the status: fields, the deal as it will read, audit reason/data, writes after the update, whom to tell. */
type Change = {
  data: Record<string, unknown>;
  view?: Partial<LockedDeal>;
  reason?: string | null;
  audit?: Record<string, unknown>;
  /** Writes after the update; may tell more orgs, or ask the search index to follow the patent. */
  after?: (tx: Tx) => Promise<void | { notices?: DealNotice[]; searchSync?: string[] }>;
  notices: (to: DealStatus, version: number) => DealNotice[];
};

/** The caller's state view of a deal (the API's write responses; GET gives the whole deal). */
export function stateFor(party: DealParty | null, deal: Pick<LockedDeal, "id" | "status" | "version" | "mode" | "consent" | "offerSide" | "upfrontFen" | "paymentStatus">): DealStateDto {
  const actions = party ? availableDealActions(deal.status, party, dealFactsOf(deal)).filter((a): a is DealPartyAction => (DEAL_PARTY_ACTIONS as readonly string[]).includes(a)) : [];
  return { id: deal.id, status: deal.status, version: deal.version, mode: deal.mode, consent: deal.consent, yourRole: party, actions };
}

/** Locks the deal and finds the caller's part in it; strangers learn nothing (404), readers may not act (403). */
async function lockForParty(tx: Tx, actor: Actor, dealId: string) {
  const deal = await lockDeal(tx, dealId);
  const party = deal && dealPartyOf(actor, deal);
  if (!deal || !party) {
    if (deal && actor.orgStatus === "ACTIVE" && (actor.orgKind === "PLATFORM" || deal.smeId === actor.orgId || deal.holderId === actor.orgId)) throw forbidden("您不能办理此交易的这一步");
    throw notFound(NOT_FOUND);
  }
  if (actor.orgStatus !== "ACTIVE") throw forbidden("机构尚未启用或已停用，不能办理交易");
  return { deal, party };
}

/**
 * Applies one move of the deal machine: the machine decides whether the move is the
 * caller's and its guard holds, `changeOf` checks the action's own rules and says what it
 * writes; the update (optimistic on `version`), the audit event, the writes after it and
 * the notices are one transaction.
 */
async function applyMove(tx: Tx, actor: Actor, deal: LockedDeal, action: DealAction, party: DealParty, changeOf: () => Promise<Change> | Change): Promise<DealStateDto> {
  const resolution = resolveDealMove(deal.status, action, party, dealFactsOf(deal));
  if (!resolution.ok) {
    if (resolution.reason === "party") throw forbidden(resolution.message);
    throw new DomainError("INVALID_STATE", resolution.message);
  }
  const to = resolution.move.to;
  const change = await changeOf();
  const moved = to !== deal.status;
  const updated = await tx.deal
    .updateMany({
      where: { id: deal.id, version: deal.version },
      data: { ...change.data, status: to, version: { increment: 1 }, ...(moved ? { stageEnteredAt: clock.now(), overdueFlaggedAt: null } : {}) },
    })
    .catch(exclusivityRace);
  if (updated.count !== 1) throw conflict("该交易已被更新，请刷新后重试");
  const more = (await change.after?.(tx)) ?? {};
  await auditDeal(tx, actor, deal, { action, from: deal.status, to, party, reason: change.reason, data: change.audit });
  await tellOrgs(tx, [...change.notices(to, deal.version + 1), ...(more.notices ?? [])], more.searchSync?.length ? [{ name: "search.sync-patents", payload: { patentIds: more.searchSync } }] : []);
  return stateFor(party === "SYSTEM" ? null : party, { ...deal, ...change.view, status: to, version: deal.version + 1 });
}

/** Another exclusive deal on the patent was agreed in a concurrent transaction: the database's unique index refused this one. */
export function exclusivityRace(e: unknown): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw conflict("该专利已有独占、排他或转让交易同时达成，本交易不能达成");
  throw e;
}

const link = (id: string) => `/deals/${id}`;
const notice = (deal: LockedDeal, orgIds: string[], kind: string, version: number, body: string): DealNotice[] =>
  orgIds.map((orgId) => ({ orgId, kind: `deal.${kind}`, title: `交易动态：${deal.patentTitle}`, body, sourceKey: `deal.${kind}:${deal.id}:v${version}`, link: link(deal.id) }));
const partyName = (deal: LockedDeal, party: DealParty) => (party === "SME" ? deal.smeName : party === "HOLDER" ? deal.holderName : "质权银行");

/** The caller's version must be the current one (else 409, nothing changes). */
function checkVersion(deal: { version: number }, version: number | undefined) {
  if (version !== undefined && version !== deal.version) throw conflict(`该交易已被更新（当前版本 ${deal.version}），请刷新后重试`);
}

/**
 * Either side makes an offer (issue 14 §3): it supersedes the previous one, in a mode the
 * listing offers, valid from today for at most a year. The holder's first answer stops
 * the inquiry's SLA clock.
 */
export async function makeOffer(actor: Actor, dealId: string, input: OfferInput): Promise<DealStateDto & { offerId: string }> {
  return db.$transaction(async (tx) => {
    const { deal, party } = await lockForParty(tx, actor, dealId);
    checkVersion(deal, input.version);
    if (party !== "SME" && party !== "HOLDER") throw forbidden("只有交易双方可以报价");
    const offerId = newId();
    const state = await applyMove(tx, actor, deal, "make-offer", party, () => {
      const modes = negotiableModes(deal.listingMode);
      if (deal.patentStatus !== "LISTED" || deal.patentHolderId !== deal.holderId) throw new DomainError("INVALID_STATE", "该专利已下架或已转让，不能再报价");
      if (!modes.includes(input.mode)) throw validation({ mode: [modes.length ? `该专利可洽谈的方式：${modes.map((m) => DEAL_MODE_NAMES[m]).join("、")}` : "该专利不接受洽谈报价"] });
      const today = shanghaiDate(clock.now());
      if (input.validUntil < today) throw validation({ validUntil: ["报价有效期不能早于今天"] });
      if (input.validUntil > addDays(today, 365)) throw validation({ validUntil: ["报价有效期最长一年"] });
      // An assignment transfers the patent for good: it has no term. A licence must name one.
      const termMonths = input.mode === "ASSIGNMENT" ? null : input.termMonths;
      if (termMonths === null && input.mode !== "ASSIGNMENT") throw validation({ termMonths: ["请填写许可期限（月）"] });
      const upfront = Money.parseYuan(input.upfront);
      if (upfront.isZero() && input.royaltyRate === null) throw validation({ upfront: ["入门费和提成费率不能都为 0"] });
      const now = clock.now();
      const side = party;
      return {
        data: { currentOfferId: offerId, ...(party === "HOLDER" && !deal.answeredAt ? { answeredAt: now } : {}) },
        view: { offerSide: side },
        audit: { offerId, mode: input.mode, upfront: upfront.toYuanString(), royaltyRate: input.royaltyRate, termMonths, territory: input.territory, validUntil: input.validUntil },
        after: async (tx) => {
          if (deal.currentOfferId) await tx.dealOffer.updateMany({ where: { dealId: deal.id, supersededAt: null }, data: { supersededAt: now } });
          await tx.dealOffer.create({
            data: {
              id: offerId,
              dealId: deal.id,
              side,
              byOrgId: actor.orgId,
              mode: input.mode,
              upfrontFen: upfront.fen,
              royaltyRate: input.royaltyRate,
              royaltyBasis: input.royaltyRate === null ? null : (input.royaltyBasis ?? "NET_SALES"),
              termMonths,
              territory: input.territory,
              validUntil: dateColumn(input.validUntil),
              createdAt: now,
            },
          });
        },
        notices: (_to, version) => notice(deal, otherSideOf(deal, party), "offer", version, `${partyName(deal, party)}提出了新报价（${DEAL_MODE_NAMES[input.mode]}，入门费 ${upfront.format()}），有效期至 ${input.validUntil}。`),
      };
    });
    return { ...state, offerId };
  });
}

/** A message on the thread (plain text); not a move, so the version stays. The holder's first message answers the inquiry. */
export async function postDealMessage(actor: Actor, dealId: string, input: MessageInput): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const deal = await tx.deal.findUnique({
      where: { id: dealId },
      select: { id: true, smeId: true, holderId: true, status: true, consent: true, pledgeeBankId: true, answeredAt: true, overdueFlaggedAt: true, patent: { select: { title: true } } },
    });
    const party = deal && dealPartyOf(actor, deal);
    if (!deal || !party) throw notFound(NOT_FOUND);
    if (party !== "SME" && party !== "HOLDER") throw forbidden("只有交易双方可以留言");
    if (actor.orgStatus !== "ACTIVE") throw forbidden("机构尚未启用或已停用，不能留言");
    if (deal.status === "CONVERTED" || deal.status === "DECLINED" || deal.status === "CANCELLED") throw new DomainError("INVALID_STATE", "交易已结束，不能再留言");
    const now = clock.now();
    const message = await tx.dealMessage.create({ data: { dealId, side: party, orgId: actor.orgId, userId: actor.userId && actor.userId !== "system" ? actor.userId : null, body: input.body, createdAt: now }, select: { id: true } });
    if (party === "HOLDER" && !deal.answeredAt) await tx.deal.update({ where: { id: dealId }, data: { answeredAt: now, overdueFlaggedAt: null } });
    const to = party === "SME" ? deal.holderId : deal.smeId;
    await tellOrgs(tx, [{ orgId: to, kind: "deal.message", title: `交易留言：${deal.patent.title}`, body: input.body.length > 80 ? `${input.body.slice(0, 80)}…` : input.body, sourceKey: `deal.message:${message.id}`, link: link(dealId) }]);
    return message;
  });
}

/**
 * A party moves a deal (`POST /api/v1/deals/:id/actions/:action`): the body's `version`
 * must be the current one, the machine decides whether the move is the caller's, the
 * action's rules check its fields and the protection rules (exclusivity, the pledgee's
 * consent, an assignment moving the patent).
 */
export async function actOnDeal(actor: Actor, dealId: string, action: DealPartyAction, rawBody: unknown): Promise<DealStateDto> {
  return db.$transaction(async (tx) => {
    const { deal, party } = await lockForParty(tx, actor, dealId);
    const body = dealActionBodySchemas[action].parse(rawBody ?? {});
    checkVersion(deal, body.version);
    return applyMove(tx, actor, deal, action, party, () => changeFor(tx, deal, action, party, body));
  });
}

const addDays = (iso: string, days: number) => shanghaiDate(new Date(dateColumn(iso).getTime() + days * 86_400_000));

/** A date of the books: not in the future, not before the deal was agreed. */
function checkBookDate(deal: LockedDeal, date: string, field: string, label: string) {
  const error = bookDateError(date, label, [{ label: "交易达成日", date: deal.agreedAt ? shanghaiDate(deal.agreedAt) : null }]);
  if (error) throw validation({ [field]: [error] });
}

async function changeFor(tx: Tx, deal: LockedDeal, action: DealPartyAction, party: DealParty, body: Record<string, unknown>): Promise<Change> {
  const other = otherSideOf(deal, party);
  switch (action) {
    case "accept-offer": {
      const { offerId } = body as DealActionBody<"accept-offer">;
      if (offerId && offerId !== deal.currentOfferId) throw conflict("该报价已被新的报价取代，请查看最新报价");
      const terms = currentOfferTerms(deal);
      if (!terms) throw new DomainError("INVALID_STATE", "没有可接受的报价");
      if (deal.offerValidUntil && shanghaiDate(deal.offerValidUntil) < shanghaiDate(clock.now())) throw new DomainError("INVALID_STATE", "该报价已过有效期，请对方重新报价");
      return agreement(tx, deal, terms, party);
    }
    case "decline": {
      const { reason, note } = body as DealActionBody<"decline">;
      return {
        data: { declineReason: reason, endNote: note ?? null, endedAt: clock.now(), answeredAt: deal.answeredAt ?? clock.now() },
        reason: note ?? DECLINE_REASON_NAMES[reason],
        audit: { declineReason: reason },
        notices: (_to, v) => notice(deal, other, "declined", v, `${deal.holderName}婉拒了本次洽谈：${DECLINE_REASON_NAMES[reason]}${note ? `（${note}）` : ""}。`),
      };
    }
    case "cancel": {
      const { reason } = body as DealActionBody<"cancel">;
      const tellBank = deal.consent === "PENDING" && deal.pledgeeBankId ? [deal.pledgeeBankId] : [];
      return {
        data: { endNote: reason ?? null, endedAt: clock.now() },
        reason: reason ?? null,
        notices: (_to, v) => notice(deal, [...other, ...tellBank], "cancelled", v, `${partyName(deal, party)}取消了交易${reason ? `：${reason}` : ""}。`),
      };
    }
    case "consent": {
      const { note } = body as DealActionBody<"consent">;
      const fee = Money.fromFen(deal.upfrontFen ?? 0n);
      return {
        data: { consent: "GIVEN", consentAt: clock.now() },
        view: { consent: "GIVEN" },
        reason: note ?? null,
        after: async (tx) => {
          if (fee.isPositive()) await createDealPayment(tx, deal, fee);
        },
        notices: (_to, v) => notice(deal, other, "consented", v, `质权银行同意本次${DEAL_MODE_NAMES[deal.mode]}。${fee.isPositive() ? `请企业支付入门费 ${fee.format()}。` : "持有人可办理合同备案。"}`),
      };
    }
    case "refuse-consent": {
      const { reason } = body as DealActionBody<"refuse-consent">;
      return {
        data: { endNote: reason, endedAt: clock.now(), consentAt: clock.now(), consent: "REFUSED" },
        view: { consent: "REFUSED" },
        reason,
        notices: (_to, v) => notice(deal, other, "consent-refused", v, `质权银行不同意本次${DEAL_MODE_NAMES[deal.mode]}（${reason}），交易已取消。`),
      };
    }
    case "record": {
      const { recordNumber, date } = body as DealActionBody<"record">;
      checkBookDate(deal, date, "date", "备案日期");
      const assignment = transfersThePatent(deal.mode);
      return {
        data: { recordNumber, recordedOn: dateColumn(date) },
        audit: { recordNumber, date, ...(assignment ? { newHolderId: deal.smeId } : {}) },
        after: async (tx) => (assignment ? assignPatent(tx, deal) : undefined),
        notices: (_to, v) => notice(deal, other, "recorded", v, assignment ? `专利转让已登记（${recordNumber}，${date}），专利权人变更为${deal.smeName}。` : `许可合同已备案（${recordNumber}，${date}）。`),
      };
    }
    case "report-conversion": {
      const { productName, startedOn, note } = body as DealActionBody<"report-conversion">;
      checkBookDate(deal, startedOn, "startedOn", "投产日期");
      return {
        data: { productName, productionStartedOn: dateColumn(startedOn), conversionNote: note ?? null, convertedAt: clock.now() },
        audit: { productName, startedOn },
        notices: (_to, v) => notice(deal, other, "converted", v, `${deal.smeName}报告专利已投产：${productName}（${startedOn} 起）。`),
      };
    }
  }
}

/**
 * Reaching AGREED at `terms` (accepting an offer, or taking an open licence): the
 * exclusivity rule, the pledgee's consent, the terms' fingerprint and the upfront fee's
 * payment. Shared with create-deal.server.ts.
 */
export async function agreement(tx: Tx, deal: LockedDeal, terms: DealTerms, party: DealParty): Promise<Change> {
  if (deal.patentHolderId !== deal.holderId) throw new DomainError("INVALID_STATE", "该专利已转让给他人，交易不能达成");
  const { binding, pledges } = await bindingFacts(tx, deal);
  const blocking = exclusivityConflict(terms.mode, binding);
  if (blocking) throw conflict(`该专利已有${DEAL_MODE_NAMES[blocking.mode]}交易生效（${blocking.id}），不能再达成${DEAL_MODE_NAMES[terms.mode]}`);
  const pledge = pledgeNeedingConsent(pledges);
  const now = clock.now();
  const facts = { dealId: deal.id, patent: { applicationNumber: deal.patentApplicationNumber, title: deal.patentTitle }, licensor: { name: deal.holderName, uscc: deal.holderUscc }, licensee: { name: deal.smeName, uscc: deal.smeUscc }, terms };
  const hash = termsHash(facts);
  const consent: DealConsent = pledge ? "PENDING" : "NOT_NEEDED";
  const fee = terms.upfront;
  const other = otherSideOf(deal, party);
  return {
    data: {
      mode: terms.mode,
      upfrontFen: fee.fen,
      royaltyRate: terms.royaltyRate,
      royaltyBasis: terms.royaltyBasis,
      termMonths: terms.termMonths,
      territory: terms.territory,
      termsHash: hash,
      agreedAt: now,
      consent,
      pledgeApplicationId: pledge?.applicationId ?? null,
      pledgeeBankId: pledge?.bankId ?? null,
      ...(terms.mode === "OPEN" ? { openLicenceNotice: openLicenceNotice(facts, shanghaiDate(now)) } : {}),
    },
    view: { mode: terms.mode, upfrontFen: fee.fen, consent, pledgeeBankId: pledge?.bankId ?? null, paymentStatus: !pledge && fee.isPositive() ? "PENDING" : deal.paymentStatus },
    audit: { mode: terms.mode, upfront: fee.toYuanString(), royaltyRate: terms.royaltyRate, termMonths: terms.termMonths, territory: terms.territory, termsHash: hash, ...(pledge ? { pledgeApplicationId: pledge.applicationId, consent: "PENDING" } : {}) },
    after: async (tx) => {
      if (!pledge && fee.isPositive()) await createDealPayment(tx, deal, fee);
    },
    notices: (_to, v) => {
      const agreed = `${partyName(deal, party)}已接受报价，交易达成（${DEAL_MODE_NAMES[terms.mode]}）。`;
      const next = pledge ? "该专利正在质押中，须经质权银行同意后方可继续。" : fee.isPositive() ? `请企业支付入门费 ${fee.format()}。` : "持有人可办理合同备案。";
      const toParties = notice(deal, party === "SME" && terms.mode === "OPEN" ? [deal.holderId] : other, "agreed", v, `${agreed}${next}`);
      const toBank = pledge
        ? [{ orgId: pledge.bankId, kind: "deal.consent-asked", title: `质押专利交易待同意：${deal.patentTitle}`, body: `${deal.holderName}与${deal.smeName}就质押中的专利达成${DEAL_MODE_NAMES[terms.mode]}，依《民法典》第四百四十四条须经贵行同意。`, sourceKey: `deal.consent-asked:${deal.id}:v${v}`, link: link(deal.id) }]
        : [];
      return [...toParties, ...toBank];
    },
  };
}

async function createDealPayment(tx: Tx, deal: { id: string; smeId: string; holderId: string }, fee: Money) {
  await tx.payment.create({ data: { dealId: deal.id, kind: "DEAL_UPFRONT", payerId: deal.smeId, payeeId: deal.holderId, amountFen: fee.fen, method: isStripeConfigured() ? "STRIPE" : "OFFLINE", createdAt: clock.now() } });
}

/**
 * The upfront fee is paid (the holder confirmed receipt, or Stripe's webhook): the platform
 * moves the deal to PAID in the payment's transaction, and both sides hear of it.
 */
export async function dealFeePaid(tx: Tx, payment: { id: string; dealId: string }) {
  const deal = await lockDeal(tx, payment.dealId);
  if (!deal) throw notFound(NOT_FOUND);
  const paid = { ...deal, paymentStatus: "PAID" as const };
  if (!resolveDealMove(paid.status, "mark-paid", "SYSTEM", dealFactsOf(paid)).ok) return;
  await applyMove(tx, systemActor(), paid, "mark-paid", "SYSTEM", () => ({
    data: { paidAt: clock.now() },
    audit: { paymentId: payment.id },
    notices: (_to, v) => notice(deal, [deal.smeId, deal.holderId], "paid", v, `入门费 ${Money.fromFen(deal.upfrontFen ?? 0n).format()} 已到账。请持有人办理合同备案。`),
  }));
}
