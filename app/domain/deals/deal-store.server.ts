import { notifyOrgs, type OrgNotice } from "../notifications/notify.server";
import type { DealConsent, DealMode, DealSide, DealStatus, ListingMode, PaymentStatus, PatentStatus, RoyaltyBasis } from "~/generated/prisma/enums";
import type { Tx } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { Money } from "../shared/money";
import type { DealFacts, DealParty } from "./deal-machine";
import type { DealTerms, OtherDeal } from "./rules";

/**
 * Reads and writes shared by the deal use cases, each one SQL statement: a move costs a
 * bounded, counted number of statements (`npm run bench:deals`, ADR 0014).
 */

/** A deal locked for a move, with what every move reads: its offer in force, its payment, the patent and both parties. */
export type LockedDeal = {
  id: string;
  patentId: string;
  smeId: string;
  holderId: string;
  mode: DealMode;
  status: DealStatus;
  version: number;
  currentOfferId: string | null;
  upfrontFen: bigint | null;
  royaltyRate: string | null;
  royaltyBasis: RoyaltyBasis | null;
  termMonths: number | null;
  territory: string | null;
  consent: DealConsent;
  pledgeeBankId: string | null;
  agreedAt: Date | null;
  recordedOn: Date | null;
  answeredAt: Date | null;
  offerSide: DealSide | null;
  offerMode: DealMode | null;
  offerUpfrontFen: bigint | null;
  offerRoyaltyRate: string | null;
  offerRoyaltyBasis: RoyaltyBasis | null;
  offerTermMonths: number | null;
  offerTerritory: string | null;
  offerValidUntil: Date | null;
  paymentId: string | null;
  paymentStatus: PaymentStatus | null;
  patentHolderId: string;
  patentStatus: PatentStatus;
  patentTitle: string;
  patentApplicationNumber: string | null;
  listingMode: ListingMode | null;
  smeName: string;
  smeUscc: string;
  holderName: string;
  holderUscc: string;
};

export async function lockDeal(tx: Tx, id: string): Promise<LockedDeal | null> {
  const rows = await tx.$queryRaw<LockedDeal[]>`
    SELECT d.id, d."patentId", d."smeId", d."holderId", d.mode, d.status, d.version, d."currentOfferId",
           d."upfrontFen", d."royaltyRate", d."royaltyBasis", d."termMonths", d.territory, d.consent, d."pledgeeBankId",
           d."agreedAt", d."recordedOn", d."answeredAt",
           o.side AS "offerSide", o.mode AS "offerMode", o."upfrontFen" AS "offerUpfrontFen", o."royaltyRate" AS "offerRoyaltyRate",
           o."royaltyBasis" AS "offerRoyaltyBasis", o."termMonths" AS "offerTermMonths", o.territory AS "offerTerritory", o."validUntil" AS "offerValidUntil",
           pay.id AS "paymentId", pay.status AS "paymentStatus",
           pt."holderId" AS "patentHolderId", pt.status AS "patentStatus", pt.title AS "patentTitle", pt."applicationNumber" AS "patentApplicationNumber",
           l.mode AS "listingMode",
           s.name AS "smeName", s.uscc AS "smeUscc", h.name AS "holderName", h.uscc AS "holderUscc"
      FROM "Deal" d
      JOIN "Patent" pt ON pt.id = d."patentId"
      JOIN "Organization" s ON s.id = d."smeId"
      JOIN "Organization" h ON h.id = d."holderId"
      LEFT JOIN "PatentListing" l ON l."patentId" = d."patentId"
      LEFT JOIN "DealOffer" o ON o.id = d."currentOfferId"
      LEFT JOIN "Payment" pay ON pay."dealId" = d.id AND pay.kind = 'DEAL_UPFRONT'
     WHERE d.id = ${id}
       FOR UPDATE OF d`;
  return rows[0] ?? null;
}

export function dealFactsOf(deal: Pick<LockedDeal, "offerSide" | "consent" | "upfrontFen" | "paymentStatus">): DealFacts {
  return {
    currentOfferBy: deal.offerSide,
    consentPending: deal.consent === "PENDING",
    feeDue: (deal.upfrontFen ?? 0n) > 0n,
    feePaid: deal.paymentStatus === "PAID",
  };
}

/** The terms of the offer in force. */
export function currentOfferTerms(deal: LockedDeal): DealTerms | null {
  if (!deal.currentOfferId || !deal.offerMode) return null;
  return {
    mode: deal.offerMode,
    upfront: Money.fromFen(deal.offerUpfrontFen ?? 0n),
    royaltyRate: deal.offerRoyaltyRate,
    royaltyBasis: deal.offerRoyaltyBasis,
    termMonths: deal.offerTermMonths,
    territory: deal.offerTerritory ?? "",
  };
}

/** What binds the patent besides this deal, in one statement: deals agreed or later, and registered pledges on it. */
export async function bindingFacts(tx: Tx, deal: { id: string; patentId: string; holderId: string; patentApplicationNumber: string | null }) {
  const rows = await tx.$queryRaw<{ binding: OtherDeal[] | null; pledges: { applicationId: string; bankId: string; status: "REGISTERED" }[] | null }[]>`
    SELECT
      (SELECT json_agg(json_build_object('id', o.id, 'mode', o.mode, 'status', o.status))
         FROM "Deal" o
        WHERE o."patentId" = ${deal.patentId} AND o."holderId" = ${deal.holderId} AND o.id <> ${deal.id}
          AND o.status IN ('AGREED', 'PAID', 'RECORDED', 'CONVERTED')) AS binding,
      (SELECT json_agg(json_build_object('applicationId', a.id, 'bankId', a."bankId", 'status', a.status) ORDER BY a."registeredOn")
         FROM "PledgedAsset" pa JOIN "PledgeApplication" a ON a.id = pa."applicationId"
        WHERE (pa."patentId" = ${deal.patentId} OR pa."registrationNumber" = ${deal.patentApplicationNumber ?? ""})
          AND a.status IN ('REGISTERED', 'DISBURSED', 'REPAYING', 'DEFAULTED', 'COMPENSATED')) AS pledges`;
  return { binding: rows[0]?.binding ?? [], pledges: rows[0]?.pledges ?? [] };
}

export type DealNotice = OrgNotice;

/** Tells every member of each org (the one notification path of the platform). */
export const tellOrgs = notifyOrgs;

/** The org on the other side of `party`. */
export function otherSideOf(deal: { smeId: string; holderId: string }, party: DealParty): string[] {
  if (party === "SME") return [deal.holderId];
  if (party === "HOLDER") return [deal.smeId];
  return [deal.smeId, deal.holderId];
}

export async function auditDeal(tx: Tx, actor: Actor, deal: { id: string; smeId: string }, input: { action: string; from: DealStatus | null; to: DealStatus; party: DealParty; reason?: string | null; data?: Record<string, unknown> }) {
  await recordAudit(tx, actor, {
    entityType: "Deal",
    entityId: deal.id,
    action: input.action,
    fromState: input.from,
    toState: input.to,
    reason: input.reason ?? null,
    data: input.data,
    orgId: input.party === "SYSTEM" ? deal.smeId : actor.orgId,
  });
}
