import type { DealStatus, PatentStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { can } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { notFound } from "../shared/errors";
import { DEAL_STATUSES } from "./deal-machine";
import { DECLINE_REASONS } from "./schemas";

export type DeclineReason = (typeof DECLINE_REASONS)[number];
type ByStatus = Record<DealStatus, number>;
type ByReason = Record<DeclineReason, number>;

export type PatentDealInsight = {
  patent: { id: string; title: string; applicationNumber: string | null; status: PatentStatus; heldNow: boolean };
  /** Openings of the patent's page by anyone but the holder (patents/views.server.ts). */
  views: number;
  /** Deals started on it (inquiries and open licences taken). */
  inquiries: number;
  byStatus: ByStatus;
  declineReasons: ByReason;
};

export type HolderDealInsight = {
  patents: PatentDealInsight[];
  summary: {
    /** Patents with any view or deal (the rows above). */
    patents: number;
    views: number;
    inquiries: number;
    byStatus: ByStatus;
    declineReasons: ByReason;
    /** Deals that reached AGREED or later (AGREED, PAID, RECORDED, CONVERTED) per deal started, 0–1; null without deals. */
    agreedRate: number | null;
  };
};

const AGREED_OR_LATER: readonly DealStatus[] = ["AGREED", "PAID", "RECORDED", "CONVERTED"];
const zeroStatuses = (): ByStatus => Object.fromEntries(DEAL_STATUSES.map((s) => [s, 0])) as ByStatus;
const zeroReasons = (): ByReason => Object.fromEntries(DECLINE_REASONS.map((r) => [r, 0])) as ByReason;

/**
 * The holder's insight into its patents' marketplace (issue 14 §10): per patent, how often
 * its page was viewed, how many deals were started, where they stand, and why the holder
 * declined; and the same summed over all its patents. Counts the deals where the org was
 * the holder when they began, so an assigned patent's history stays with the assignor.
 * Patents without a view or a deal are left out. The org's own members only (404 otherwise).
 */
export async function holderDealInsight(actor: Actor): Promise<HolderDealInsight> {
  if (!can(actor, "patent.read-unlisted", { orgId: actor.orgId })) throw notFound("交易概况");
  const holderId = actor.orgId;
  const [dealGroups, reasonGroups, viewRows] = await Promise.all([
    db.deal.groupBy({ by: ["patentId", "status"], where: { holderId }, _count: { _all: true } }),
    db.deal.groupBy({ by: ["patentId", "declineReason"], where: { holderId, status: "DECLINED", declineReason: { not: null } }, _count: { _all: true } }),
    db.patentViewCount.findMany({ where: { patent: { holderId }, views: { gt: 0 } }, select: { patentId: true, views: true } }),
  ]);
  const ids = [...new Set([...dealGroups.map((g) => g.patentId), ...viewRows.map((v) => v.patentId)])];
  const patents = ids.length
    ? await db.patent.findMany({ where: { id: { in: ids } }, select: { id: true, title: true, applicationNumber: true, status: true, holderId: true } })
    : [];

  const rows = new Map<string, PatentDealInsight>(
    patents.map((p) => [
      p.id,
      { patent: { id: p.id, title: p.title, applicationNumber: p.applicationNumber, status: p.status, heldNow: p.holderId === holderId }, views: 0, inquiries: 0, byStatus: zeroStatuses(), declineReasons: zeroReasons() },
    ]),
  );
  const summary: HolderDealInsight["summary"] = { patents: rows.size, views: 0, inquiries: 0, byStatus: zeroStatuses(), declineReasons: zeroReasons(), agreedRate: null };
  for (const v of viewRows) {
    const row = rows.get(v.patentId);
    if (!row) continue;
    row.views += v.views;
    summary.views += v.views;
  }
  for (const g of dealGroups) {
    const row = rows.get(g.patentId);
    if (!row) continue;
    row.byStatus[g.status] += g._count._all;
    row.inquiries += g._count._all;
    summary.byStatus[g.status] += g._count._all;
    summary.inquiries += g._count._all;
  }
  for (const g of reasonGroups) {
    const row = rows.get(g.patentId);
    if (!row || !g.declineReason) continue;
    row.declineReasons[g.declineReason] += g._count._all;
    summary.declineReasons[g.declineReason] += g._count._all;
  }
  if (summary.inquiries > 0) summary.agreedRate = AGREED_OR_LATER.reduce((n, s) => n + summary.byStatus[s], 0) / summary.inquiries;

  const sorted = [...rows.values()].sort((a, b) => b.inquiries - a.inquiries || b.views - a.views || a.patent.title.localeCompare(b.patent.title, "zh-CN") || a.patent.id.localeCompare(b.patent.id));
  return { patents: sorted, summary };
}
