import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { assertCan } from "../identity/policies";
import { canOnNeed, needsVisibleTo } from "./policies";
import { actorUserIdForFk, type Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { notFound } from "../shared/errors";
import { Money } from "../shared/money";
import { emit } from "../shared/outbox.server";
import { skipTake, type Page, type PageQuery } from "../shared/pagination";
import type { NeedInput } from "../patents/schemas";
import { storedMatchFits, type Reason } from "./score";
import { clock } from "../shared/clock";

/** An SME posts a technology need; its matches are computed by the worker right after. */
export async function createNeed(actor: Actor, input: NeedInput) {
  assertCan(actor, "need.manage", { orgId: actor.orgId });
  return db.$transaction(async (tx) => {
    const need = await tx.need.create({
      data: {
        orgId: actor.orgId,
        createdById: actorUserIdForFk(actor),
        title: input.title,
        description: input.description,
        ipcHints: input.ipcHints,
        clusters: input.clusters,
        budgetMaxFen: input.budgetMax ? Money.parseYuan(input.budgetMax).fen : null,
        preferredHolderKinds: input.preferredHolderKinds,
      },
      select: { id: true },
    });
    if (input.subscribe && actor.userId) {
      await tx.subscription.create({
        // createdAt decides which listings are new to it (compute-matches): the application's clock, like listedAt.
        data: { orgId: actor.orgId, userId: actor.userId, kind: "NEED", name: input.title.slice(0, 50), needId: need.id, createdAt: clock.now() },
      });
    }
    await recordAudit(tx, actor, { entityType: "Need", entityId: need.id, action: "need.create", toState: "OPEN" });
    await emit(tx, "matching.compute-need", { needId: need.id });
    return need;
  });
}

const needSelect = {
  id: true,
  orgId: true,
  title: true,
  description: true,
  ipcHints: true,
  clusters: true,
  budgetMaxFen: true,
  preferredHolderKinds: true,
  status: true,
  matchedAt: true,
  createdAt: true,
  subscriptions: { where: { active: true }, select: { id: true } },
} satisfies Prisma.NeedSelect;

function toNeedView(row: Prisma.NeedGetPayload<{ select: typeof needSelect }>) {
  return {
    id: row.id,
    orgId: row.orgId,
    title: row.title,
    description: row.description,
    ipcHints: row.ipcHints,
    clusters: row.clusters,
    budgetMax: row.budgetMaxFen == null ? null : Money.fromFen(row.budgetMaxFen).toYuanString(),
    preferredHolderKinds: row.preferredHolderKinds,
    status: row.status,
    matchedAt: row.matchedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    subscribed: row.subscriptions.length > 0,
  };
}
export type NeedView = ReturnType<typeof toNeedView>;

/** A need of the caller's own org; 404 for anyone else. */
export async function getNeed(actor: Actor, needId: string): Promise<NeedView> {
  const row = await db.need.findUnique({ where: { id: needId }, select: needSelect });
  if (!row || !canOnNeed(actor, row, "read")) throw notFound("需求");
  return toNeedView(row);
}

export async function listOwnNeeds(actor: Actor, query: PageQuery): Promise<Page<NeedView>> {
  assertCan(actor, "need.manage", { orgId: actor.orgId });
  const where = needsVisibleTo(actor);
  const [rows, total] = await Promise.all([
    db.need.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...skipTake(query), select: needSelect }),
    db.need.count({ where }),
  ]);
  return { items: rows.map(toNeedView), total, page: query.page, pageSize: query.pageSize };
}

/**
 * A need's ranked matches with their reasons, as last computed (empty while pending).
 * `matches` holds those that fit (text relevance ≥ MATCH_FLOOR); when none does,
 * `nothingFits` is set and `nearest` holds the closest ones, for a page that says
 * "暂无合适专利" and shows them on request.
 */
export async function getNeedMatches(actor: Actor, needId: string) {
  const need = await getNeed(actor, needId);
  const rows = await db.needMatch.findMany({
    where: { needId, patent: { status: "LISTED" } },
    orderBy: { rank: "asc" },
    select: {
      rank: true,
      score: true,
      reasons: true,
      patent: {
        select: {
          id: true,
          title: true,
          type: true,
          legalStatus: true,
          clusters: true,
          ipcCodes: true,
          holder: { select: { id: true, name: true, kind: true } },
          listing: { select: { mode: true, askingPriceFen: true, negotiable: true } },
        },
      },
    },
  });
  const all = rows.map((r) => ({
    rank: r.rank,
    patentId: r.patent.id,
    score: Number(r.score),
    fits: storedMatchFits(r.reasons as Reason[]),
    reasons: (r.reasons as Reason[]).map(({ kind, text, points }) => ({ kind, text, points })),
    patent: {
      ...r.patent,
      listing: r.patent.listing
        ? {
            mode: r.patent.listing.mode,
            negotiable: r.patent.listing.negotiable,
            askingPrice: r.patent.listing.askingPriceFen == null ? null : Money.fromFen(r.patent.listing.askingPriceFen).toYuanString(),
          }
        : null,
    },
  }));
  const matches = all.filter((m) => m.fits);
  const nothingFits = need.matchedAt !== null && matches.length === 0;
  return { need, pending: need.matchedAt === null, nothingFits, matches, nearest: nothingFits ? all : [] };
}
