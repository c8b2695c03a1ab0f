import { Prisma } from "~/generated/prisma/client";
import { db, type Tx } from "~/utils/db.server";
import { assertCan } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { conflict, DomainError, notFound, validation, type FieldErrors } from "../shared/errors";
import { emit } from "../shared/outbox.server";
import { contentKeyOf, duplicateMessage, isProbableDuplicate } from "./content-key";
import { listingBlockers, patentRows, type PatentRows } from "./patent-data";
import { checkOpenLicence } from "./rules";
import type { ListingTermsInput, PatentInput } from "./schemas";
import { nextPatentStatus, type PatentStatusAction } from "./status";
import { clock } from "../shared/clock";

export type SavedPatent = { id: string; status: "DRAFT" | "LISTED" | "UNLISTED"; version: number };

const APPLICATION_TAKEN = "该申请号已在平台登记";
const PUBLICATION_TAKEN = "该公开（公告）号已在平台登记";

/** A holder adds a patent to its catalog, as a draft or listed at once (`publish`). */
export async function createPatent(actor: Actor, input: PatentInput, options: { publish?: boolean } = {}): Promise<SavedPatent> {
  assertCan(actor, "patent.manage", { orgId: actor.orgId });
  const rows = patentRows(input);
  const publish = options.publish ?? false;
  if (publish) throwIfErrors(listingBlockers(rows.patent, rows.listing));
  try {
    return await db.$transaction(async (tx) => {
      await refuseProbableDuplicate(tx, actor.orgId, rows.patent);
      const patent = await tx.patent.create({
        data: {
          ...rows.patent,
          holderId: actor.orgId,
          status: publish ? "LISTED" : "DRAFT",
          listedAt: publish ? clock.now() : null,
          listing: rows.listing ? { create: rows.listing } : undefined,
          ipc: { createMany: { data: rows.ipc } },
          inventors: { createMany: { data: rows.inventors } },
        },
        select: { id: true, status: true, version: true },
      });
      await recordAudit(tx, actor, { entityType: "Patent", entityId: patent.id, action: "patent.create", toState: patent.status });
      await emitPatentChanged(tx, [patent.id], patent.status === "LISTED");
      return patent;
    });
  } catch (e) {
    throw uniqueViolation(e);
  }
}

/**
 * A holder edits a patent. `version` is the one the editor saw: a stale edit is a conflict,
 * never a silent overwrite. A listed patent stays listed only while it may be; `publish`
 * lists a draft or unlisted patent in the same transaction (all or nothing).
 */
export async function updatePatent(actor: Actor, patentId: string, input: PatentInput, version?: number, options: { publish?: boolean } = {}): Promise<SavedPatent> {
  const rows = patentRows(input);
  try {
    return await db.$transaction(async (tx) => {
      const current = await lockOwnPatent(tx, actor, patentId, version);
      await refuseProbableDuplicate(tx, actor.orgId, rows.patent, patentId);
      const listing = current.status !== "LISTED" && options.publish === true;
      if (current.status === "LISTED" || listing) throwIfErrors(listingBlockers(rows.patent, rows.listing));
      const patent = await writePatentRows(tx, patentId, rows, { version: { increment: 1 }, ...(listing ? { status: "LISTED", listedAt: clock.now() } : {}) });
      await recordAudit(tx, actor, { entityType: "Patent", entityId: patentId, action: "patent.update", fromState: current.status, toState: patent.status });
      await emitPatentChanged(tx, [patentId], patent.status === "LISTED");
      return patent;
    });
  } catch (e) {
    throw uniqueViolation(e);
  }
}

/** List (DRAFT/UNLISTED → LISTED) or unlist (LISTED → UNLISTED) a patent. */
export async function changePatentStatus(actor: Actor, patentId: string, action: PatentStatusAction, version?: number): Promise<SavedPatent> {
  return db.$transaction(async (tx) => {
    const current = await lockOwnPatent(tx, actor, patentId, version);
    const to = nextPatentStatus(current.status, action);
    if (!to) throw new DomainError("INVALID_STATE", action === "list" ? "该专利已在挂牌中" : "该专利未挂牌，无需下架");
    if (to === "LISTED") {
      const full = await tx.patent.findUniqueOrThrow({ where: { id: patentId }, select: { ...listingFactsSelect, listing: true } });
      throwIfErrors(listingBlockers(full, full.listing));
    }
    const patent = await tx.patent.update({
      where: { id: patentId },
      data: { status: to, version: { increment: 1 }, ...(to === "LISTED" ? { listedAt: clock.now() } : {}) },
      select: { id: true, status: true, version: true },
    });
    await recordAudit(tx, actor, { entityType: "Patent", entityId: patentId, action: `patent.${action}`, fromState: current.status, toState: to });
    await emitPatentChanged(tx, [patentId], to === "LISTED");
    return patent;
  });
}

/** The columns `listingBlockers` reads. */
export const listingFactsSelect = {
  title: true,
  applicationNumber: true,
  type: true,
  filingDate: true,
  grantDate: true,
  legalStatus: true,
  expiryDate: true,
} as const;

/**
 * A holder lists several of its drafts (or unlisted patents) at once, all with the same
 * listing terms. All or nothing: when any patent may not be listed, the error names each
 * one with its reasons (`ids.<id>.<field>`) and nothing changes.
 */
export async function bulkListPatents(actor: Actor, input: { ids: string[]; terms: ListingTermsInput }): Promise<{ id: string; status: "LISTED"; version: number }[]> {
  assertCan(actor, "patent.manage", { orgId: actor.orgId });
  const rows = patentRowsListing(input.terms);
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Patent" WHERE id = ANY(${input.ids}::text[]) AND "holderId" = ${actor.orgId} ORDER BY id FOR UPDATE`;
    const found = await tx.patent.findMany({ where: { id: { in: input.ids }, holderId: actor.orgId }, select: { id: true, status: true, ...listingFactsSelect } });
    const byId = new Map(found.map((p) => [p.id, p]));
    const errors: FieldErrors = {};
    for (const id of input.ids) {
      const p = byId.get(id);
      const problems: FieldErrors = !p
        ? { _: ["未找到该专利，或它不属于本机构"] }
        : p.status === "LISTED"
          ? { status: ["该专利已在挂牌中"] }
          : { ...listingBlockers(p, rows), ...(input.terms.listingMode === "OPEN_LICENCE" ? checkOpenLicence(input.terms, p.type) : {}) };
      for (const [field, messages] of Object.entries(problems)) errors[field === "_" ? `ids.${id}` : `ids.${id}.${field}`] = messages;
    }
    if (Object.keys(errors).length) throw validation(errors, "有专利暂不能挂牌，本次未挂牌任何专利");
    const saved: { id: string; status: "LISTED"; version: number }[] = [];
    const now = clock.now();
    for (const id of input.ids) {
      const from = byId.get(id)!.status;
      const patent = await tx.patent.update({
        where: { id },
        data: { status: "LISTED", listedAt: now, version: { increment: 1 }, listing: { upsert: { create: rows, update: rows } } },
        select: { id: true, status: true, version: true },
      });
      await recordAudit(tx, actor, { entityType: "Patent", entityId: id, action: "patent.list", fromState: from, toState: "LISTED" });
      saved.push({ id: patent.id, status: "LISTED", version: patent.version });
    }
    await emitPatentChanged(tx, input.ids, true);
    return saved;
  });
}

function patentRowsListing(terms: ListingTermsInput): NonNullable<PatentRows["listing"]> {
  return patentRows({ title: "", abstract: "", ipc: [], inventors: [], clusters: [], highValueFlags: [], legalStatus: "VALID", ...terms }).listing!;
}

/**
 * Refuses a record the holder already has (same normalized title and abstract, one of
 * the two without a number). Holders' rows written before content keys existed get theirs
 * first; an advisory lock on (holder, key) makes two concurrent copies take turns.
 */
async function refuseProbableDuplicate(tx: Tx, holderId: string, patent: PatentRows["patent"], selfId?: string) {
  await backfillContentKeys(tx, holderId);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${holderId}:${patent.contentKey}`}))`;
  const same = await tx.patent.findMany({
    where: { holderId, contentKey: patent.contentKey, ...(selfId ? { id: { not: selfId } } : {}) },
    select: { id: true, title: true, contentKey: true, applicationNumber: true, publicationNumber: true },
    take: 20,
  });
  const dup = same.find((other) => isProbableDuplicate(patent, other));
  if (dup) throw validation({ title: [duplicateMessage(dup)] }, "疑似重复登记");
}

/**
 * Gives content keys to a holder's rows that have none (written before the column
 * existed). Idempotent and cheap once done: it reads only rows whose key is null. The
 * seed runs it for all holders; imports and single saves for the holder at hand.
 */
export async function backfillContentKeys(tx: Tx, holderId?: string): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await tx.patent.findMany({ where: { contentKey: null, ...(holderId ? { holderId } : {}) }, select: { id: true, title: true, abstract: true }, take: 1_000 });
    if (!rows.length) return done;
    const ids = rows.map((r) => r.id);
    const keys = rows.map((r) => contentKeyOf(r.title, r.abstract));
    await tx.$executeRaw`UPDATE "Patent" p SET "contentKey" = k.key FROM unnest(${ids}::text[], ${keys}::text[]) AS k(id, key) WHERE p.id = k.id`;
    done += rows.length;
  }
}

/** Replaces a patent's stored rows (patent fields, listing terms, IPC codes, inventors). */
export async function writePatentRows(tx: Tx, patentId: string, rows: PatentRows, extra: Prisma.PatentUpdateInput = {}): Promise<SavedPatent> {
  await tx.patentIpc.deleteMany({ where: { patentId } });
  await tx.patentInventor.deleteMany({ where: { patentId } });
  if (!rows.listing) await tx.patentListing.deleteMany({ where: { patentId } });
  return tx.patent.update({
    where: { id: patentId },
    data: {
      ...rows.patent,
      ...extra,
      listing: rows.listing ? { upsert: { create: rows.listing, update: rows.listing } } : undefined,
      ipc: { createMany: { data: rows.ipc } },
      inventors: { createMany: { data: rows.inventors } },
    },
    select: { id: true, status: true, version: true },
  });
}

/**
 * The follow-up work of a patent change: the shared search index (Meilisearch) and, for a
 * listed patent, matching and subscription pushes. The embedded indexes follow the change
 * feed instead, but the job is cheap and keeps both engines on one path.
 */
export async function emitPatentChanged(tx: Tx, patentIds: string[], listed: boolean) {
  await emit(tx, "search.sync-patents", { patentIds });
  if (listed) await emit(tx, "matching.patent-changed", { patentIds });
}

/** The actor's own patent, row-locked; 404 for anyone else's, 409 for a stale version. */
async function lockOwnPatent(tx: Tx, actor: Actor, patentId: string, version?: number) {
  assertCan(actor, "patent.manage", { orgId: actor.orgId });
  const [row] = await tx.$queryRaw<{ id: string; holderId: string; status: "DRAFT" | "LISTED" | "UNLISTED"; version: number }[]>`
    SELECT id, "holderId", status::text AS status, version FROM "Patent" WHERE id = ${patentId} FOR UPDATE`;
  if (!row || row.holderId !== actor.orgId) throw notFound("专利");
  if (version !== undefined && version !== row.version) throw conflict("该专利已被他人修改，请刷新后重试");
  return row;
}

function throwIfErrors(errors: FieldErrors) {
  if (Object.keys(errors).length) throw validation(errors, "该专利暂不能挂牌");
}

function uniqueViolation(e: unknown): unknown {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError) || e.code !== "P2002") return e;
  const target = JSON.stringify(e.meta ?? {});
  if (target.includes("publicationNumber")) return validation({ publicationNumber: [PUBLICATION_TAKEN] });
  return validation({ applicationNumber: [APPLICATION_TAKEN] });
}
