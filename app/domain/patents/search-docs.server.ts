import { queryPrepared } from "~/utils/db.server";
import type { HolderKind, PatentSearchDoc } from "../../../search/port";
import { ipcHierarchy } from "./ipc";
import { Money } from "../shared/money";
import { remainingLifeYears } from "./rules";
import { clock } from "../shared/clock";

/**
 * (Lists are read with COALESCE: rows written through Prisma without a list hold NULL, which
 * Prisma reads as [] but plain SQL does not.)
 *
 * What a search document is built from, in one SQL statement per batch: this runs for every
 * listed patent when a process builds its index and for every change it follows, and the
 * ORM's nested reads cost more than the indexing itself (bench:import, ADR 0007).
 */
const DOC_COLUMNS = `
  p.id, p.title, p.abstract, p.claims, p."applicationNumber", p."publicationNumber", p.type::text AS type,
  COALESCE(p."ipcCodes", '{}') AS "ipcCodes", COALESCE(p.clusters, '{}') AS clusters, p."legalStatus"::text AS "legalStatus",
  COALESCE(cardinality(p."highValueFlags"), 0) > 0 AS "highValue",
  p."expiryDate", p.status::text AS status, p."listedAt", p."updatedAt",
  o.id AS "holderId", o.name AS "holderName", o.kind::text AS "holderKind",
  l.mode::text AS "listingMode", l."askingPriceFen"
  FROM "Patent" p
  JOIN "Organization" o ON o.id = p."holderId"
  LEFT JOIN "PatentListing" l ON l."patentId" = p.id`;

type DocRow = {
  id: string;
  title: string;
  abstract: string;
  claims: string;
  applicationNumber: string | null;
  publicationNumber: string | null;
  type: PatentSearchDoc["type"];
  ipcCodes: string[];
  clusters: string[];
  legalStatus: PatentSearchDoc["legalStatus"];
  highValue: boolean;
  expiryDate: Date | null;
  status: string;
  listedAt: Date | null;
  updatedAt: Date;
  holderId: string;
  holderName: string;
  holderKind: string;
  listingMode: PatentSearchDoc["listingMode"];
  askingPriceFen: string | null;
};

export function toSearchDoc(row: DocRow, now = clock.now()): PatentSearchDoc {
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
    holderId: row.holderId,
    holderName: row.holderName,
    holderKind: row.holderKind as HolderKind,
    clusters: row.clusters,
    legalStatus: row.legalStatus,
    listingMode: row.listingMode,
    priceFen: row.askingPriceFen == null ? null : Money.fromFen(BigInt(row.askingPriceFen)).toFenNumber(),
    remainingLifeYears: row.expiryDate ? Math.round(remainingLifeYears(row.expiryDate, now) * 10) / 10 : null,
    highValue: row.highValue,
    listedAt: (row.listedAt ?? row.updatedAt).getTime(),
  };
}

/** Listed patents among `ids` as documents, and the ids that must leave the index. */
export async function loadSearchDocs(ids: string[]): Promise<{ docs: PatentSearchDoc[]; removed: string[] }> {
  if (!ids.length) return { docs: [], removed: [] };
  // The status is checked here, not in SQL: see `listedSummaries` (queries.server.ts).
  const rows = (await queryPrepared<DocRow>("search_docs_by_id_v2", `SELECT ${DOC_COLUMNS} WHERE p.id = ANY($1::text[])`, [ids])).filter((row) => row.status === "LISTED");
  const now = clock.now();
  const keep = new Set(rows.map((r) => r.id));
  return { docs: rows.map((r) => toSearchDoc(r, now)), removed: ids.filter((id) => !keep.has(id)) };
}

/** Every listed patent, in batches (keyset pagination by id), for a full rebuild. */
export async function* listedPatentDocs(batchSize = 2_000): AsyncGenerator<PatentSearchDoc[]> {
  let after = "";
  for (;;) {
    const rows = await queryPrepared<DocRow>(
      "search_docs_listed_v1",
      `SELECT ${DOC_COLUMNS} WHERE p.status = 'LISTED' AND p.id > $1 ORDER BY p.id LIMIT $2`,
      [after, batchSize],
    );
    if (rows.length === 0) return;
    const now = clock.now();
    yield rows.map((r) => toSearchDoc(r, now));
    after = rows[rows.length - 1].id;
  }
}
