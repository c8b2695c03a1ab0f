import type { Prisma } from "~/generated/prisma/client";
import type { PatentStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { can } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { notFound } from "../shared/errors";
import { Money } from "../shared/money";
import { skipTake, type Page, type PageQuery } from "../shared/pagination";
import type { SearchQuery, SearchResult } from "../../../search/port";
import { todayInChina } from "./dates";
import { remainingLifeYears } from "./rules";
import { getPatentSearchEngine } from "./search-index.server";
import { patentStatusActions } from "./status";

/** The facts a result card, a list row and the detail page all show. */
const summarySelect = {
  id: true,
  title: true,
  applicationNumber: true,
  publicationNumber: true,
  type: true,
  legalStatus: true,
  clusters: true,
  ipcCodes: true,
  expiryDate: true,
  highValueFlags: true,
  status: true,
  isDemo: true,
  version: true,
  updatedAt: true,
  holder: { select: { id: true, name: true, kind: true } },
  listing: { select: { mode: true, askingPriceFen: true, royaltyPercent: true, royaltyBasis: true, negotiable: true, evaluationReportNo: true } },
} satisfies Prisma.PatentSelect;

type SummaryRow = Prisma.PatentGetPayload<{ select: typeof summarySelect }>;

export type PatentSummary = ReturnType<typeof toSummary>;

function toSummary(row: SummaryRow, today = todayInChina()) {
  const expiry = row.expiryDate?.toISOString().slice(0, 10) ?? null;
  return {
    id: row.id,
    title: row.title,
    applicationNumber: row.applicationNumber,
    publicationNumber: row.publicationNumber,
    type: row.type,
    legalStatus: row.legalStatus,
    status: row.status,
    clusters: row.clusters,
    ipc: row.ipcCodes,
    expiryDate: expiry,
    remainingLifeYears: expiry ? remainingLifeYears(expiry, today) : null,
    highValueFlags: row.highValueFlags,
    isDemo: row.isDemo,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    holder: row.holder,
    listing: row.listing
      ? {
          mode: row.listing.mode,
          askingPrice: row.listing.askingPriceFen == null ? null : Money.fromFen(row.listing.askingPriceFen).toYuanString(),
          royaltyPercent: row.listing.royaltyPercent?.toFixed(2) ?? null,
          royaltyBasis: row.listing.royaltyBasis,
          negotiable: row.listing.negotiable,
          evaluationReportNo: row.listing.evaluationReportNo,
        }
      : null,
  };
}

/** Who may see a patent: everyone when LISTED; otherwise only its holder (else 404). */
function visibleTo(actor: Actor | null, patent: { status: PatentStatus; holderId: string }) {
  return patent.status === "LISTED" || can(actor, "patent.read-unlisted", { orgId: patent.holderId });
}

/** One patent with everything the detail page shows; 404 when the caller may not see it. */
export async function getPatentDetail(actor: Actor | null, patentId: string) {
  const row = await db.patent.findUnique({
    where: { id: patentId },
    select: {
      ...summarySelect,
      holderId: true,
      abstract: true,
      claims: true,
      filingDate: true,
      grantDate: true,
      trl: true,
      advantage: true,
      targetApplication: true,
      listedAt: true,
      inventors: { orderBy: { position: "asc" }, select: { name: true } },
    },
  });
  if (!row || !visibleTo(actor, row)) throw notFound("专利");
  const mine = can(actor, "patent.manage", { orgId: row.holderId });
  return {
    ...toSummary(row),
    abstract: row.abstract,
    claims: row.claims,
    filingDate: row.filingDate?.toISOString().slice(0, 10) ?? null,
    grantDate: row.grantDate?.toISOString().slice(0, 10) ?? null,
    trl: row.trl,
    advantage: row.advantage,
    targetApplication: row.targetApplication,
    listedAt: row.listedAt?.toISOString() ?? null,
    inventors: row.inventors.map((i) => i.name),
    /** What the caller may do to it: the holder's moves, nothing for anyone else. */
    actions: mine ? patentStatusActions(row.status) : [],
    canEdit: mine,
  };
}
export type PatentDetail = Awaited<ReturnType<typeof getPatentDetail>>;

/** The holder's own catalog, newest first, optionally one status. */
export async function listOwnPatents(actor: Actor, query: PageQuery & { status?: PatentStatus }): Promise<Page<PatentSummary & { actions: string[] }>> {
  if (!can(actor, "patent.read-unlisted", { orgId: actor.orgId })) throw notFound("专利目录");
  const where: Prisma.PatentWhereInput = { holderId: actor.orgId, ...(query.status ? { status: query.status } : {}) };
  const [rows, total] = await Promise.all([
    db.patent.findMany({ where, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], ...skipTake(query), select: summarySelect }),
    db.patent.count({ where }),
  ]);
  const today = todayInChina();
  return { items: rows.map((r) => ({ ...toSummary(r, today), actions: patentStatusActions(r.status) })), total, page: query.page, pageSize: query.pageSize };
}

/** Counts by status for the catalog page's tabs. */
export async function countOwnPatents(actor: Actor): Promise<Record<PatentStatus, number>> {
  if (!can(actor, "patent.read-unlisted", { orgId: actor.orgId })) throw notFound("专利目录");
  const groups = await db.patent.groupBy({ by: ["status"], where: { holderId: actor.orgId }, _count: { _all: true } });
  const counts: Record<PatentStatus, number> = { DRAFT: 0, LISTED: 0, UNLISTED: 0 };
  for (const g of groups) counts[g.status] = g._count._all;
  return counts;
}

export type PatentSearchHit = SearchResult["hits"][number] & { patent: PatentSummary };
export type PatentSearchResult = Omit<SearchResult, "hits"> & { hits: PatentSearchHit[]; engine: string };

/**
 * The public search: the engine ranks and counts, PostgreSQL supplies the card facts of
 * the page's hits (so a patent unlisted a moment ago never shows, whatever the index says).
 */
export async function searchListedPatents(query: SearchQuery): Promise<PatentSearchResult> {
  const engine = await getPatentSearchEngine();
  const result = await engine.search(query);
  const ids = result.hits.map((h) => h.id);
  const rows = ids.length ? await db.patent.findMany({ where: { id: { in: ids }, status: "LISTED" }, select: summarySelect }) : [];
  const today = todayInChina();
  const byId = new Map(rows.map((r) => [r.id, toSummary(r, today)]));
  const hits = result.hits.flatMap((h) => {
    const patent = byId.get(h.id);
    return patent ? [{ ...h, patent }] : [];
  });
  return { ...result, hits, engine: engine.name };
}
