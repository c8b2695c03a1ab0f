import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { skipTake, type Page } from "../shared/pagination";
import { PARTNER_KINDS, type DirectoryEntry, type DirectoryQuery, type PartnerKind } from "./org-schemas";

/**
 * The partner directory (GET /api/v1/orgs): the ACTIVE banks, insurers and appraisers an
 * SME chooses from and a bank's or insurer's system looks up — name, USCC, kind, and what
 * each offers (products) or where and how it appraises (its profile). Any signed-in caller
 * may read it: these are registered institutions acting in the market, and an SME must
 * find its partners before its own org does anything else. Nothing else is listed: an
 * org that is PENDING or SUSPENDED, and every other kind, stay out.
 */
export function directoryWhere(query: Pick<DirectoryQuery, "kind" | "q">): Prisma.OrganizationWhereInput {
  return {
    status: "ACTIVE",
    kind: query.kind ? query.kind : { in: [...PARTNER_KINDS] },
    ...(query.q ? { name: { contains: query.q, mode: "insensitive" as const } } : {}),
  };
}

export async function listPartnerDirectory(_actor: Actor, query: DirectoryQuery): Promise<Page<DirectoryEntry>> {
  const where = directoryWhere(query);
  const [total, rows] = await Promise.all([
    db.organization.count({ where }),
    db.organization.findMany({
      where,
      orderBy: [{ kind: "asc" }, { name: "asc" }, { id: "asc" }],
      ...skipTake(query),
      select: {
        id: true,
        name: true,
        uscc: true,
        kind: true,
        county: true,
        town: true,
        isDemo: true,
        products: true,
        appraiserProfile: { select: { filingRecordNumber: true, methods: true, serviceArea: true, capacity: true } },
      },
    }),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      name: row.name,
      uscc: row.uscc,
      kind: row.kind as PartnerKind,
      county: row.county,
      town: row.town,
      isDemo: row.isDemo,
      products: row.kind === "APPRAISER" ? [] : row.products,
      appraiser: row.kind === "APPRAISER" && row.appraiserProfile ? { ...row.appraiserProfile } : null,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
