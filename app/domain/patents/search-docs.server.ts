import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import type { HolderKind, PatentSearchDoc } from "../../../search/port";
import { ipcHierarchy } from "./ipc";
import { remainingLifeYears } from "./rules";

/** What a search document is built from: one query shape for the full rebuild and for changes. */
const docSelect = {
  id: true,
  title: true,
  abstract: true,
  claims: true,
  applicationNumber: true,
  publicationNumber: true,
  type: true,
  ipcCodes: true,
  clusters: true,
  legalStatus: true,
  highValueFlags: true,
  expiryDate: true,
  status: true,
  listedAt: true,
  updatedAt: true,
  holder: { select: { id: true, name: true, kind: true } },
  listing: { select: { mode: true, askingPriceFen: true } },
} satisfies Prisma.PatentSelect;

type DocRow = Prisma.PatentGetPayload<{ select: typeof docSelect }>;

export function toSearchDoc(row: DocRow, now = new Date()): PatentSearchDoc {
  return {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    claims: row.claims,
    applicationNumber: row.applicationNumber,
    publicationNumber: row.publicationNumber,
    type: row.type,
    ipc: row.ipcCodes,
    ...ipcHierarchy(row.ipcCodes),
    holderId: row.holder.id,
    holderName: row.holder.name,
    holderKind: row.holder.kind as HolderKind,
    clusters: row.clusters,
    legalStatus: row.legalStatus,
    listingMode: row.listing?.mode ?? null,
    priceFen: row.listing?.askingPriceFen == null ? null : Number(row.listing.askingPriceFen),
    remainingLifeYears: row.expiryDate ? Math.round(remainingLifeYears(row.expiryDate, now) * 10) / 10 : null,
    highValue: row.highValueFlags.length > 0,
    listedAt: (row.listedAt ?? row.updatedAt).getTime(),
  };
}

/** Listed patents among `ids` as documents, and the ids that must leave the index. */
export async function loadSearchDocs(ids: string[]): Promise<{ docs: PatentSearchDoc[]; removed: string[] }> {
  const rows = await db.patent.findMany({ where: { id: { in: ids } }, select: docSelect });
  const listed = rows.filter((r) => r.status === "LISTED");
  const keep = new Set(listed.map((r) => r.id));
  return { docs: listed.map((r) => toSearchDoc(r)), removed: ids.filter((id) => !keep.has(id)) };
}

/** Every listed patent, in batches (keyset pagination by id), for a full rebuild. */
export async function* listedPatentDocs(batchSize = 1_000): AsyncGenerator<PatentSearchDoc[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await db.patent.findMany({
      where: { status: "LISTED", ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: batchSize,
      select: docSelect,
    });
    if (rows.length === 0) return;
    const now = new Date();
    yield rows.map((r) => toSearchDoc(r, now));
    after = rows[rows.length - 1].id;
  }
}
