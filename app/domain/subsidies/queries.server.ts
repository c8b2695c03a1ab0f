import type { Prisma, SubsidyAward } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { isoDateOf, shanghaiDate, yearOf } from "../shared/calendar";
import { forbidden } from "../shared/errors";
import { Money } from "../shared/money";
import { skipTake } from "../shared/pagination";
import { getPolicyInForce } from "../financing/policy-store.server";
import { canOnSubsidies, subsidiesVisibleTo, subsidyRelationOf } from "./policies";
import { SUBSIDY_KINDS, type AwardQuery } from "./schemas";
import { clock } from "../shared/clock";

const yuan = (fen: bigint) => Money.fromFen(fen).toYuanString();

export function awardView(a: SubsidyAward & { sme?: { id: string; name: string } }) {
  return {
    id: a.id,
    applicationId: a.applicationId,
    smeId: a.smeId,
    smeName: a.sme?.name ?? null,
    kind: a.kind,
    sourceEvent: a.sourceEvent,
    eventOn: isoDateOf(a.eventOn),
    year: a.year,
    base: yuan(a.baseFen),
    computed: yuan(a.computedFen),
    amount: yuan(a.amountFen),
    flags: a.flags,
    policyVersion: a.policyVersion,
    status: a.status,
    voucherNo: a.voucherNo,
    paidAt: a.paidAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}
export type AwardView = ReturnType<typeof awardView>;

/**
 * Awards, newest event first (SPEC §11), as subsidies/policies.ts allows: GOVERNMENT sees
 * every enterprise's; an SME only its own, whatever `orgId` it asks for; others none (403).
 */
export async function listSubsidyAwards(actor: Actor, query: AwardQuery) {
  const where: Prisma.SubsidyAwardWhereInput = {
    ...listable(actor, query.orgId),
    ...(query.year ? { year: query.year } : {}),
    ...(query.applicationId ? { applicationId: query.applicationId } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.status ? { status: query.status } : {}),
  };
  const [total, rows] = await Promise.all([
    db.subsidyAward.count({ where }),
    db.subsidyAward.findMany({ where, include: { sme: { select: { id: true, name: true } } }, orderBy: [{ eventOn: "desc" }, { createdAt: "desc" }, { id: "asc" }], ...skipTake(query) }),
  ]);
  return { items: rows.map(awardView), total, page: query.page, pageSize: query.pageSize };
}

function listable(actor: Actor, orgId?: string): Prisma.SubsidyAwardWhereInput {
  if (!canOnSubsidies(actor, undefined, "list")) throw forbidden("补贴信息仅对县政府和获补贴企业开放");
  return subsidiesVisibleTo(actor, orgId);
}

/**
 * An SME's subsidy statement for a year: every award with its policy version, totals by
 * kind, and what is left of each yearly cap under the policy in force today.
 */
export async function subsidyStatement(actor: Actor, year: number, orgId?: string) {
  const scope = listable(actor, orgId);
  // GOVERNMENT asks for one SME's statement; an SME always gets its own.
  const smeId = subsidyRelationOf(actor) === "GOVERNMENT" && orgId ? orgId : actor.orgId;
  const rows = await db.subsidyAward.findMany({ where: { AND: [scope, { smeId, year }] }, orderBy: [{ eventOn: "asc" }, { createdAt: "asc" }] });
  const policy = await getPolicyInForce(yearOf(shanghaiDate(clock.now())) === year ? undefined : `${year}-12-31`);
  const total = (kind?: string, status?: string) => Money.sum(rows.filter((r) => (!kind || r.kind === kind) && (!status || r.status === status)).map((r) => Money.fromFen(r.amountFen)));
  const capLeft = (cap: string, kind: string) => Money.max(Money.zero, Money.parseYuan(cap).minus(total(kind))).toYuanString();
  return {
    year,
    smeId,
    awards: rows.map(awardView),
    totals: {
      all: total().toYuanString(),
      paid: total(undefined, "PAID").toYuanString(),
      unpaid: total(undefined, "UNPAID").toYuanString(),
      byKind: Object.fromEntries(SUBSIDY_KINDS.map((k) => [k, total(k).toYuanString()])) as Record<(typeof SUBSIDY_KINDS)[number], string>,
    },
    capsLeft: { policyVersion: policy.ref, INTEREST: capLeft(policy.interestSubsidy.yearlyCapPerEnterprise, "INTEREST"), PREMIUM: capLeft(policy.premiumSubsidy.yearlyCapPerEnterprise, "PREMIUM") },
  };
}

/** An application's awards and loss shares, for its page and API detail (the caller may read the application). */
export async function financingSupportOf(applicationId: string) {
  const [awards, share, recoveryShares] = await Promise.all([
    db.subsidyAward.findMany({ where: { applicationId }, orderBy: [{ eventOn: "asc" }, { createdAt: "asc" }] }),
    db.lossShare.findUnique({ where: { applicationId } }),
    db.recoveryShare.findMany({ where: { applicationId }, include: { recovery: { select: { recoveredOn: true } } }, orderBy: { createdAt: "asc" } }),
  ]);
  return {
    subsidies: awards.map(awardView),
    lossShares: share
      ? {
          outstanding: yuan(share.outstandingFen),
          recoveredBefore: yuan(share.recoveredBeforeFen),
          loss: yuan(share.lossFen),
          insurer: yuan(share.insurerFen),
          fund: yuan(share.fundFen),
          bank: yuan(share.bankFen),
          fundDue: yuan(share.fundDueFen),
          flags: share.flags,
          policyVersion: share.policyVersion,
          at: share.createdAt.toISOString(),
          sharedBack: recoveryShares.map((r) => ({ date: isoDateOf(r.recovery.recoveredOn), amount: yuan(r.amountFen), insurer: yuan(r.insurerFen), fund: yuan(r.fundFen), bank: yuan(r.bankFen), policyVersion: r.policyVersion })),
        }
      : null,
  };
}
