import type { Prisma } from "~/generated/prisma/client";
import type { PatentStatus } from "~/generated/prisma/enums";
import { db, queryPrepared } from "~/utils/db.server";
import { can } from "../identity/policies";
import { canOnPatent, patentsVisibleTo } from "./policies";
import type { Actor } from "../shared/actor";
import { forbidden, notFound } from "../shared/errors";
import { listingBlockers } from "./patent-data";
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

/** What a summary is made from, whichever way it was read (Prisma or the prepared statement below). */
type SummarySource = Omit<SummaryRow, "expiryDate" | "updatedAt" | "listing"> & {
  /** "YYYY-MM-DD" */
  expiryDate: string | null;
  /** ISO 8601 */
  updatedAt: string;
  listing: (Omit<NonNullable<SummaryRow["listing"]>, "askingPriceFen" | "royaltyPercent"> & { askingPriceFen: bigint | null; royaltyPercent: string | null }) | null;
};

export type PatentSummary = ReturnType<typeof toSummary>;

function fromPrisma(row: SummaryRow): SummarySource {
  return {
    ...row,
    expiryDate: row.expiryDate?.toISOString().slice(0, 10) ?? null,
    updatedAt: row.updatedAt.toISOString(),
    listing: row.listing ? { ...row.listing, royaltyPercent: row.listing.royaltyPercent?.toFixed(2) ?? null } : null,
  };
}

function toSummary(row: SummarySource, today = todayInChina()) {
  const expiry = row.expiryDate;
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
    updatedAt: row.updatedAt,
    holder: row.holder,
    listing: row.listing
      ? {
          mode: row.listing.mode,
          askingPrice: row.listing.askingPriceFen == null ? null : Money.fromFen(row.listing.askingPriceFen).toYuanString(),
          royaltyPercent: row.listing.royaltyPercent,
          royaltyBasis: row.listing.royaltyBasis,
          negotiable: row.listing.negotiable,
          evaluationReportNo: row.listing.evaluationReportNo,
        }
      : null,
  };
}

/**
 * The summaries of listed patents among `ids`, as one prepared statement: a search page
 * reads 20 of them on every request, and an ORM query costs several times the read
 * (Prisma 6 compiles each query anew; ADR 0006). Dates come as text, so the process time
 * zone cannot shift them. The status is checked here, not in SQL: with a condition on it,
 * stale statistics (right after a bulk import) can make the planner intersect the status
 * index — 100,000 entries — with the 20 primary-key lookups.
 */
const LISTED_SUMMARIES_SQL = `
  SELECT p.id, p.title, p."applicationNumber", p."publicationNumber", p.type::text AS type,
         p."legalStatus"::text AS "legalStatus", p.status::text AS status,
         COALESCE(p.clusters, '{}') AS clusters, COALESCE(p."ipcCodes", '{}') AS "ipcCodes",
         to_char(p."expiryDate", 'YYYY-MM-DD') AS "expiryDate",
         COALESCE(p."highValueFlags"::text[], '{}') AS "highValueFlags", p."isDemo", p.version,
         to_char(p."updatedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt",
         o.id AS "holderId", o.name AS "holderName", o.kind::text AS "holderKind",
         l.mode::text AS "listingMode", l."askingPriceFen"::text AS "askingPriceFen",
         to_char(l."royaltyPercent", 'FM990.00') AS "royaltyPercent", l."royaltyBasis"::text AS "royaltyBasis",
         l.negotiable, l."evaluationReportNo", l."patentId" AS "listingId"
    FROM "Patent" p
    JOIN "Organization" o ON o.id = p."holderId"
    LEFT JOIN "PatentListing" l ON l."patentId" = p.id
   WHERE p.id = ANY($1::text[])`;

type ListedSummaryRow = Omit<SummarySource, "holder" | "listing"> & {
  holderId: string;
  holderName: string;
  holderKind: SummaryRow["holder"]["kind"];
  listingId: string | null;
  listingMode: NonNullable<SummaryRow["listing"]>["mode"];
  askingPriceFen: string | null;
  royaltyPercent: string | null;
  royaltyBasis: NonNullable<SummaryRow["listing"]>["royaltyBasis"];
  negotiable: boolean;
  evaluationReportNo: string | null;
};

async function listedSummaries(ids: string[]): Promise<SummarySource[]> {
  if (!ids.length) return [];
  const rows = await queryPrepared<ListedSummaryRow>("listed_patent_summaries_v2", LISTED_SUMMARIES_SQL, [ids]);
  return rows.filter((row) => row.status === "LISTED").map(({ holderId, holderName, holderKind, listingId, listingMode, askingPriceFen, royaltyPercent, royaltyBasis, negotiable, evaluationReportNo, ...patent }) => ({
    ...patent,
    holder: { id: holderId, name: holderName, kind: holderKind },
    listing:
      listingId === null
        ? null
        : { mode: listingMode, askingPriceFen: askingPriceFen === null ? null : BigInt(askingPriceFen), royaltyPercent, royaltyBasis, negotiable, evaluationReportNo },
  }));
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
  if (!row || !canOnPatent(actor, row, "read")) throw notFound("专利");
  const mine = canOnPatent(actor, row, "edit");
  return {
    ...toSummary(fromPrisma(row)),
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

export type ListingBlocker = { field: string; message: string };
export type OwnPatentSummary = PatentSummary & {
  actions: string[];
  listingBlockers: ListingBlocker[];
  /** The blockers that listing terms cannot fix (what bulk listing with terms still needs). */
  blockersBesideTerms: ListingBlocker[];
};

const asList = (errors: Record<string, string[]>): ListingBlocker[] => Object.entries(errors).flatMap(([field, messages]) => messages.map((message) => ({ field, message })));
/** Terms the holder is about to give: any mode stands in for them, the mode's own rules are checked on listing. */
const SOME_TERMS = { mode: "NON_EXCLUSIVE" } as const;

/**
 * The holder's own catalog, newest first, optionally one status. Each patent not yet
 * listed says why it cannot be listed as it stands (`listingBlockers`, the listing rule's
 * reasons; terms missing is one of them), so the holder knows what to complete.
 */
export async function listOwnPatents(actor: Actor, query: PageQuery & { status?: PatentStatus }): Promise<Page<OwnPatentSummary>> {
  if (!can(actor, "patent.read-unlisted", { orgId: actor.orgId })) throw notFound("专利目录");
  const where: Prisma.PatentWhereInput = { AND: [patentsVisibleTo(actor), { holderId: actor.orgId }, query.status ? { status: query.status } : {}] };
  const [rows, total] = await Promise.all([
    db.patent.findMany({ where, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], ...skipTake(query), select: { ...summarySelect, filingDate: true, grantDate: true } }),
    db.patent.count({ where }),
  ]);
  const today = todayInChina();
  return {
    items: rows.map(({ filingDate, grantDate, ...r }) => ({
      ...toSummary(fromPrisma(r), today),
      actions: patentStatusActions(r.status),
      listingBlockers: r.status === "LISTED" ? [] : asList(listingBlockers({ ...r, filingDate, grantDate }, r.listing)),
      blockersBesideTerms: r.status === "LISTED" ? [] : asList(listingBlockers({ ...r, filingDate, grantDate }, SOME_TERMS)),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * `GET /api/v1/patents?status=…`: the caller's own catalog in one status (its drafts,
 * listed or unlisted patents), in the search result's shape. Only a holder has a catalog:
 * anyone else is refused, so nobody reads another org's drafts.
 */
export async function listOwnPatentsAsResult(actor: Actor | null, query: PageQuery & { status: PatentStatus }) {
  if (!actor || !can(actor, "patent.read-unlisted", { orgId: actor.orgId })) {
    throw forbidden("只有专利权人机构可以按状态查看本机构的专利（status 参数）；公开检索请不带 status");
  }
  const started = performance.now();
  const page = await listOwnPatents(actor, query);
  return {
    hits: page.items.map((patent) => ({ id: patent.id, score: 0, title: [{ text: patent.title, match: false }], snippet: [], matchedTerms: [], patent })),
    total: page.total,
    page: page.page,
    pageSize: page.pageSize,
    facets: {},
    tookMs: Math.round(performance.now() - started),
    engine: "catalog",
  };
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
  const rows = await listedSummaries(ids);
  const today = todayInChina();
  const byId = new Map(rows.map((r) => [r.id, toSummary(r, today)]));
  const hits = result.hits.flatMap((h) => {
    const patent = byId.get(h.id);
    return patent ? [{ ...h, patent }] : [];
  });
  return { ...result, hits, engine: engine.name };
}
