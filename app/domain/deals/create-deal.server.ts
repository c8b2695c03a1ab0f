import type { LegalStatus, ListingMode, PatentStatus, RoyaltyBasis } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { assertCan } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { conflict, DomainError, validation } from "../shared/errors";
import { clock } from "../shared/clock";
import { newId } from "../shared/ids";
import { agreement, exclusivityRace, stateFor, type DealStateDto } from "./act-on-deal.server";
import { auditDeal, lockDeal, tellOrgs } from "./deal-store.server";
import { OPEN_DEAL_STATUSES } from "./deal-machine";
import { DEAL_MODE_NAMES, offeredModes, openLicenceTerms } from "./rules";
import type { CreateDealInput } from "./schemas";

type PatentForDeal = {
  id: string;
  holderId: string;
  status: PatentStatus;
  legalStatus: LegalStatus;
  title: string;
  listingMode: ListingMode | null;
  askingPriceFen: bigint | null;
  royaltyPercent: string | null;
  royaltyBasis: RoyaltyBasis | null;
};

/**
 * An SME starts a deal on a listed patent (issue 14 §1, §4, §11): an INQUIRY to the holder
 * in a mode the listing offers, or — for an open licence — the licence itself, AGREED at
 * the declared terms with the written notice to the holder generated and kept. One open
 * deal per SME and patent; the holder is told.
 */
export async function createDeal(actor: Actor, input: CreateDealInput): Promise<DealStateDto> {
  assertCan(actor, "deal.start", { orgId: actor.orgId });
  return db.$transaction(async (tx) => {
    // The patent row locked (NO KEY UPDATE: deals may still reference it) for the rest of the
    // transaction: two requests of one SME on one patent run one after the other, so the
    // one-open-deal check below sees the first one's deal.
    const [patent] = await tx.$queryRaw<PatentForDeal[]>`
      SELECT p.id, p."holderId", p.status, p."legalStatus", p.title,
             l.mode AS "listingMode", l."askingPriceFen", l."royaltyPercent"::text AS "royaltyPercent", l."royaltyBasis"
        FROM "Patent" p LEFT JOIN "PatentListing" l ON l."patentId" = p.id
       WHERE p.id = ${input.patentId}
         FOR NO KEY UPDATE OF p`;
    if (!patent || patent.status !== "LISTED") throw validation({ patentId: ["专利不存在或未上架"] });
    if (patent.holderId === actor.orgId) throw validation({ patentId: ["不能就本机构持有的专利发起交易"] });
    if (patent.legalStatus !== "VALID" && patent.legalStatus !== "PENDING") throw validation({ patentId: ["该专利已失效，不能许可或转让"] });
    const modes = offeredModes(patent.listingMode);
    if (!modes.includes(input.mode)) throw validation({ mode: [`该专利提供的方式：${modes.map((m) => DEAL_MODE_NAMES[m]).join("、") || "无"}`] });
    const open = await tx.deal.findFirst({ where: { patentId: patent.id, smeId: actor.orgId, status: { in: [...OPEN_DEAL_STATUSES] } }, select: { id: true } });
    if (open) throw conflict(`您已就该专利发起交易（${open.id}），请在原交易中继续`);

    const now = clock.now();
    const id = newId();
    await tx.deal.create({ data: { id, patentId: patent.id, smeId: actor.orgId, holderId: patent.holderId, mode: input.mode, stageEnteredAt: now, createdAt: now } });
    if (input.message) await tx.dealMessage.create({ data: { dealId: id, side: "SME", orgId: actor.orgId, userId: actor.userId, body: input.message, createdAt: now } });

    if (input.mode !== "OPEN") {
      await auditDeal(tx, actor, { id, smeId: actor.orgId }, { action: "inquire", from: null, to: "INQUIRY", party: "SME", data: { mode: input.mode } });
      await tellOrgs(tx, [
        { orgId: patent.holderId, kind: "deal.inquiry", title: `新的交易咨询：${patent.title}`, body: `有企业希望以${DEAL_MODE_NAMES[input.mode]}方式获得该专利${input.message ? `：${input.message.slice(0, 80)}` : "。"}请在规定时限内答复。`, sourceKey: `deal.inquiry:${id}`, link: `/deals/${id}` },
      ]);
      return stateFor("SME", { id, status: "INQUIRY", version: 1, mode: input.mode, consent: "NOT_NEEDED", offerSide: null, upfrontFen: null, paymentStatus: null });
    }

    // An open licence: agreed at once at the declared terms (the posting is the SME's confirmation).
    const deal = await lockDeal(tx, id);
    if (!deal || !patent.listingMode) throw new DomainError("UNAVAILABLE", "交易创建失败，请重试");
    const change = await agreement(tx, deal, openLicenceTerms(patent), "SME");
    await tx.deal.update({ where: { id }, data: { ...change.data, status: "AGREED", version: 2 } }).catch(exclusivityRace);
    await change.after?.(tx);
    await auditDeal(tx, actor, deal, { action: "take-open-licence", from: null, to: "AGREED", party: "SME", data: change.audit });
    await tellOrgs(tx, change.notices("AGREED", 2));
    return stateFor("SME", { ...deal, ...change.view, status: "AGREED", version: 2 });
  });
}
