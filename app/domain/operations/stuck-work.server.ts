import type { PledgeStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { NEXT_STEP_OWNER } from "../financing/flag-overdue.server";
import { can } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { forbidden } from "../shared/errors";
import { clock } from "../shared/clock";

/**
 * Work that is stuck across the pipeline (issue 19 §6), for the platform's operators, in
 * the words of the business rather than of the job queues: every item the SLA jobs have
 * flagged as past its time and that is still waiting — a pledge application in a timed
 * stage, a deal inquiry the holder has not answered, a failed GI spot check not rectified
 * by its deadline — with the stage, the party that owes the next step, and since when.
 * Next to it, what the outbox has not handed to the queues for a while (the technical
 * side, whose detail is on the queue board).
 */
export type StuckArea = "pledge" | "deal" | "gi-rectification";

export type StuckItem = {
  area: StuckArea;
  /** The stage, as an i18n key (fin.status.X, or stuck.stage.*). */
  stageKey: string;
  /** Who owes the next step: the organization's name, or null while any qualified appraiser may still bid (no one is assigned yet). */
  party: string | null;
  /** What is stuck, for people (the SME, the patent, the enterprise). */
  subject: string;
  /** When the stage began (or the deadline passed), and when the SLA job flagged it. */
  since: Date;
  flaggedAt: Date;
  link: string;
};

export type StuckWork = {
  items: StuckItem[];
  /** Counts by stage and party, largest first. */
  groups: { stageKey: string; party: string | null; count: number }[];
  /** Outbox messages waiting more than OUTBOX_LATE_MINUTES to reach the queues, and those that failed at least once. */
  outbox: { late: number; failing: number };
};

export const OUTBOX_LATE_MINUTES = 15;
/** Items listed per area (the counts above them are exact). */
const LIMIT = 200;

export async function listStuckWork(actor: Actor): Promise<StuckWork> {
  if (!can(actor, "queues.view")) throw forbidden("只有平台运营方可以查看超时事项");
  const lateBefore = new Date(clock.now().getTime() - OUTBOX_LATE_MINUTES * 60_000);
  const [pledges, deals, rectifications, late, failing] = await Promise.all([
    db.pledgeApplication.findMany({
      where: { overdueFlaggedAt: { not: null } },
      select: {
        id: true,
        status: true,
        stageEnteredAt: true,
        overdueFlaggedAt: true,
        sme: { select: { name: true } },
        bank: { select: { name: true } },
        insurer: { select: { name: true } },
        appraisal: { select: { assignedAppraiserId: true } },
      },
      orderBy: { stageEnteredAt: "asc" },
      take: LIMIT,
    }),
    db.deal.findMany({
      where: { status: "INQUIRY", overdueFlaggedAt: { not: null } },
      select: { id: true, createdAt: true, overdueFlaggedAt: true, holder: { select: { name: true } }, sme: { select: { name: true } }, patent: { select: { title: true } } },
      orderBy: { createdAt: "asc" },
      take: LIMIT,
    }),
    db.giSpotCheckItem.findMany({
      where: { overdueFlaggedAt: { not: null }, rectifiedOn: null, result: "FAIL" },
      select: { id: true, rectifyBy: true, overdueFlaggedAt: true, spotCheckId: true, application: { select: { enterpriseName: true } } },
      orderBy: { rectifyBy: "asc" },
      take: LIMIT,
    }),
    db.outboxMessage.count({ where: { dispatchedAt: null, availableAt: { lt: lateBefore } } }),
    db.outboxMessage.count({ where: { dispatchedAt: null, attempts: { gt: 0 } } }),
  ]);

  const appraiserIds = [...new Set(pledges.flatMap((p) => (p.appraisal?.assignedAppraiserId ? [p.appraisal.assignedAppraiserId] : [])))];
  const appraisers = new Map((await db.organization.findMany({ where: { id: { in: appraiserIds } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
  const partyOfPledge = (p: (typeof pledges)[number]): string | null => {
    const owner = NEXT_STEP_OWNER[p.status as PledgeStatus];
    if (owner === "SME") return p.sme.name;
    if (owner === "BANK") return p.bank.name;
    if (owner === "INSURER") return p.insurer.name;
    if (owner === "APPRAISER") return (p.appraisal?.assignedAppraiserId && appraisers.get(p.appraisal.assignedAppraiserId)) || null;
    return p.sme.name;
  };
  const items: StuckItem[] = [
    ...pledges.map((p) => ({
      area: "pledge" as const,
      stageKey: `fin.status.${p.status}`,
      party: partyOfPledge(p),
      subject: p.sme.name,
      since: p.stageEnteredAt,
      flaggedAt: p.overdueFlaggedAt!,
      link: `/financing/${p.id}`,
    })),
    ...deals.map((d) => ({
      area: "deal" as const,
      stageKey: "stuck.stage.inquiry",
      party: d.holder.name,
      subject: `${d.sme.name} · ${d.patent.title}`,
      since: d.createdAt,
      flaggedAt: d.overdueFlaggedAt!,
      link: `/deals/${d.id}`,
    })),
    ...rectifications.map((r) => ({
      area: "gi-rectification" as const,
      stageKey: "stuck.stage.rectification",
      party: r.application.enterpriseName,
      subject: r.application.enterpriseName,
      since: r.rectifyBy ?? r.overdueFlaggedAt!,
      flaggedAt: r.overdueFlaggedAt!,
      link: `/gi/spot-checks/${r.spotCheckId}`,
    })),
  ].sort((a, b) => a.since.getTime() - b.since.getTime());

  const counts = new Map<string, { stageKey: string; party: string | null; count: number }>();
  for (const item of items) {
    const key = `${item.stageKey}\u0000${item.party}`;
    const group = counts.get(key) ?? counts.set(key, { stageKey: item.stageKey, party: item.party, count: 0 }).get(key)!;
    group.count++;
  }
  const groups = [...counts.values()].sort((a, b) => b.count - a.count || a.stageKey.localeCompare(b.stageKey) || (a.party ?? "").localeCompare(b.party ?? ""));
  return { items, groups, outbox: { late, failing } };
}
