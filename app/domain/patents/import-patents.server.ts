import type { ImportMode, ImportStatus } from "~/generated/prisma/enums";
import { db, type Tx } from "~/utils/db.server";
import { assertCan, can, HOLDER_KINDS } from "../identity/policies";
import { actorUserIdForFk, type Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { DomainError, notFound } from "../shared/errors";
import { emit } from "../shared/outbox.server";
import { checkImportFile, parseImportFile, type ImportRow, type ImportRowError } from "./import-parse";
import { duplicateMessage, isProbableDuplicate, type DuplicateFacts } from "./content-key";
import { blockerMessages, listingBlockers, patentRows } from "./patent-data";
import { insertPatentsInBulk } from "./bulk-insert.server";
import { backfillContentKeys, emitPatentChanged, writePatentRows } from "./save-patent.server";
import { todayInChina } from "./dates";
import { clock } from "../shared/clock";

/**
 * Bulk import (SPEC §3). The upload is checked as a file (size, encoding, format) at once,
 * so a file that can never import is refused before anything is stored; the rows are
 * then validated and written by the worker (`patents.run-import`), which reports progress
 * and every bad row. All-or-nothing mode writes nothing unless every row is valid (and then
 * all rows in one transaction); skip mode writes the valid rows. Re-importing a patent with
 * the same application or publication number updates it instead of adding a copy.
 *
 * The result counts the rows that ended LISTED and those that stayed drafts, and says
 * for each draft why (the listing rule's reasons) — a holder who asked to list at once
 * must see which rows were not, and what to add. A row without numbers whose title and
 * abstract repeat one of the holder's patents (or an earlier row) is a probable duplicate:
 * it is not imported, and its note names the record it repeats.
 */

/** Why a row stayed a draft, or why it was not imported (a probable duplicate). */
export type ImportNote = { line: number; kind: "DRAFT" | "DUPLICATE"; message: string; patentId?: string };

export const BATCH_SIZE = 500;
/** Errors kept on the import record; the count in `failed` is always exact. */
const MAX_STORED_ERRORS = 2_000;
const MAX_STORED_NOTES = 2_000;

export type StartImportInput = {
  /** The holder whose catalog receives the patents; defaults to the actor's own org. */
  holderId?: string;
  fileName: string;
  contentType?: string | null;
  bytes: Uint8Array;
  mode: ImportMode;
  /** List at once the patents that have listing terms (default), or keep all as drafts. */
  publish?: boolean;
};

export async function startPatentImport(actor: Actor, input: StartImportInput) {
  const holderId = input.holderId ?? actor.orgId;
  assertCan(actor, "patent.import", { orgId: holderId });
  const holder = await db.organization.findUnique({ where: { id: holderId }, select: { id: true, kind: true, status: true } });
  if (!holder || (holderId !== actor.orgId && !can(actor, "org.list"))) throw notFound("机构");
  if (!(HOLDER_KINDS as readonly string[]).includes(holder.kind)) throw new DomainError("INVALID_STATE", "只有高校、科研院所和国有企业可以导入专利");
  if (holder.status !== "ACTIVE") throw new DomainError("INVALID_STATE", "机构尚未通过审核，暂不能导入专利");
  const { format } = checkImportFile(input.bytes, { hint: input.contentType ? `${input.fileName} ${input.contentType}` : input.fileName });

  return db.$transaction(async (tx) => {
    const created = await tx.patentImport.create({
      data: {
        holderId,
        createdById: actorUserIdForFk(actor),
        fileName: input.fileName.slice(0, 200),
        format,
        mode: input.mode,
        publish: input.publish ?? true,
        file: { create: { content: new Uint8Array(input.bytes.buffer as ArrayBuffer, input.bytes.byteOffset, input.bytes.byteLength) } },
      },
      select: importSelect,
    });
    await recordAudit(tx, actor, { entityType: "PatentImport", entityId: created.id, action: "patent-import.start", toState: "QUEUED", orgId: holderId });
    await emit(tx, "patents.run-import", { importId: created.id });
    return toImportView(created);
  });
}

/** One import's progress and errors, for its holder (or a platform operator). */
export async function getPatentImport(actor: Actor, importId: string) {
  const row = await db.patentImport.findUnique({ where: { id: importId }, select: importSelect });
  if (!row || !can(actor, "patent.import", { orgId: row.holderId })) throw notFound("导入任务");
  return toImportView(row);
}

export async function listPatentImports(actor: Actor, limit = 10) {
  if (!can(actor, "patent.import", { orgId: actor.orgId })) return [];
  const rows = await db.patentImport.findMany({ where: { holderId: actor.orgId }, orderBy: { createdAt: "desc" }, take: limit, select: importSelect });
  return rows.map(toImportView);
}

/**
 * The worker's part. Idempotent: a finished import is left alone; one interrupted while
 * RUNNING starts over (all-or-nothing rolled back; skip mode re-imports by number, which
 * updates rather than duplicates).
 */
export async function runPatentImport(importId: string): Promise<{ status: ImportStatus }> {
  const job = await db.patentImport.findUnique({ where: { id: importId }, select: { ...importSelect, file: { select: { content: true } } } });
  if (!job) return { status: "FAILED" };
  if (job.status === "SUCCEEDED" || job.status === "FAILED") return { status: job.status };
  if (!job.file) return finish(importId, "FAILED", { message: "导入文件已不存在，请重新上传" });

  await db.patentImport.update({ where: { id: importId }, data: { status: "RUNNING", startedAt: clock.now(), processed: 0, created: 0, updated: 0, failed: 0, listed: 0, drafted: 0, notes: [] } });
  // Duplicates are found by content key: the holder's older rows get theirs first.
  await db.$transaction((tx) => backfillContentKeys(tx, job.holderId), { timeout: 120_000 });
  let parsed;
  try {
    parsed = parseImportFile(job.file.content, { hint: job.fileName });
  } catch (e) {
    return finish(importId, "FAILED", { message: (e as Error).message });
  }
  const errors = [...parsed.errors];
  const failedLines = new Set(errors.map((e) => e.line));
  await progress(importId, { total: parsed.total });

  if (job.mode === "ALL_OR_NOTHING" && failedLines.size > 0) {
    return finish(importId, "FAILED", {
      errors,
      failed: failedLines.size,
      processed: parsed.total,
      message: `${failedLines.size} 行有错误，按“全部有效才导入”的方式未导入任何专利。请修正后重新上传，或选择“导入有效行，跳过错误行”`,
    });
  }

  const counts = { created: 0, updated: 0, failed: failedLines.size, processed: failedLines.size, listed: 0, drafted: 0 };
  const notes: ImportNote[] = [];
  const seen = new Map<string, DuplicateFacts & { line: number; title: string }>();
  const writeBatch = async (tx: Tx, batch: ImportRow[]) => {
    const result = await writeImportBatch(tx, job.holderId, batch, job.publish, seen);
    errors.push(...result.errors);
    notes.push(...result.notes);
    counts.created += result.created;
    counts.updated += result.updated;
    counts.listed += result.listed;
    counts.drafted += result.drafted;
    counts.failed += result.errors.length;
    counts.processed += batch.length;
    return result;
  };

  if (job.mode === "ALL_OR_NOTHING") {
    // One transaction: any row that fails at the database (a number another holder owns)
    // rolls everything back. Progress is written on another connection so the page sees it.
    const failedInDb = await db.$transaction(
      async (tx) => {
        for (let i = 0; i < parsed.rows.length; i += BATCH_SIZE) {
          const result = await writeBatch(tx, parsed.rows.slice(i, i + BATCH_SIZE));
          if (result.errors.length) throw new RollbackForErrors();
          await progress(importId, { processed: counts.processed });
        }
        return false;
      },
      { timeout: 30 * 60_000, maxWait: 60_000 },
    ).catch((e) => {
      if (e instanceof RollbackForErrors) return true;
      throw e;
    });
    if (failedInDb) {
      return finish(importId, "FAILED", { errors, failed: counts.failed, processed: parsed.total, message: "有专利与平台上其他机构的记录冲突，未导入任何专利" });
    }
  } else {
    for (let i = 0; i < parsed.rows.length; i += BATCH_SIZE) {
      await db.$transaction((tx) => writeBatch(tx, parsed.rows.slice(i, i + BATCH_SIZE)), { timeout: 120_000 });
      await progress(importId, { processed: counts.processed, created: counts.created, updated: counts.updated, failed: counts.failed, listed: counts.listed, drafted: counts.drafted });
    }
  }
  return finish(importId, "SUCCEEDED", { ...counts, processed: parsed.total, errors, notes });
}

class RollbackForErrors extends Error {}

/**
 * Writes one batch: new patents in bulk, known ones (same application or publication
 * number, same holder) updated in place. A number that belongs to another holder is a row
 * error, never an overwrite. A probable duplicate (content-key.ts) of one of the holder's
 * patents or of an earlier row is not written, and noted.
 */
async function writeImportBatch(tx: Tx, holderId: string, batch: ImportRow[], publish: boolean, seen: Map<string, DuplicateFacts & { line: number; title: string }>) {
  const today = todayInChina();
  const appNos = batch.flatMap((r) => (r.data.applicationNumber ? [r.data.applicationNumber] : []));
  const pubNos = batch.flatMap((r) => (r.data.publicationNumber ? [r.data.publicationNumber] : []));
  const existing = appNos.length + pubNos.length
    ? await tx.patent.findMany({
        where: { OR: [{ applicationNumber: { in: appNos } }, { publicationNumber: { in: pubNos } }] },
        select: { id: true, holderId: true, status: true, applicationNumber: true, publicationNumber: true },
      })
    : [];
  const byApp = new Map(existing.flatMap((p) => (p.applicationNumber ? [[p.applicationNumber, p] as const] : [])));
  const byPub = new Map(existing.flatMap((p) => (p.publicationNumber ? [[p.publicationNumber, p] as const] : [])));
  const prepared = batch.map((row) => ({ row, rows: patentRows(row.data, today) }));
  const sameText = await tx.patent.findMany({
    where: { holderId, contentKey: { in: [...new Set(prepared.map((p) => p.rows.patent.contentKey))] } },
    select: { id: true, title: true, contentKey: true, applicationNumber: true, publicationNumber: true },
  });

  const errors: ImportRowError[] = [];
  const notes: ImportNote[] = [];
  const toCreate: { line: number; rows: ReturnType<typeof patentRows>; listed: boolean }[] = [];
  const touched: string[] = [];
  let updated = 0;
  let listed = 0;
  let listedAny = false;
  const noteDraft = (line: number, patentId: string | undefined, reasons: string[]) =>
    notes.push({ line, kind: "DRAFT", message: reasons.join("；"), ...(patentId ? { patentId } : {}) });

  for (const { row, rows } of prepared) {
    const match = (row.data.applicationNumber && byApp.get(row.data.applicationNumber)) || (row.data.publicationNumber && byPub.get(row.data.publicationNumber)) || null;
    if (match && match.holderId !== holderId) {
      const field = row.data.applicationNumber && byApp.get(row.data.applicationNumber) ? "applicationNumber" : "publicationNumber";
      errors.push({ line: row.line, field, message: "该专利已由平台上的其他机构登记，不能导入到本机构" });
      continue;
    }
    if (!match) {
      const stored = sameText.find((other) => isProbableDuplicate(rows.patent, other));
      const earlier = seen.get(rows.patent.contentKey);
      if (stored) {
        notes.push({ line: row.line, kind: "DUPLICATE", patentId: stored.id, message: `未导入：${duplicateMessage(stored)}` });
        continue;
      }
      if (earlier && isProbableDuplicate(rows.patent, earlier)) {
        notes.push({ line: row.line, kind: "DUPLICATE", message: `未导入：与本文件第 ${earlier.line} 行的标题和摘要相同，疑似重复` });
        continue;
      }
      if (!earlier) seen.set(rows.patent.contentKey, { ...rows.patent, line: row.line });
    }
    // The listing rule decides: "publish" lists every row that may be listed; the others stay
    // drafts, and the note says what is missing. A listed patent that may no longer be listed
    // is taken off the market (UNLISTED), never left listed with bad facts.
    const reasons = blockerMessages(listingBlockers(rows.patent, rows.listing));
    const mayList = reasons.length === 0;
    const status = match
      ? publish && mayList ? "LISTED" : match.status === "LISTED" ? (mayList ? "LISTED" : "UNLISTED") : match.status
      : publish && mayList ? "LISTED" : "DRAFT";
    if (status === "LISTED") {
      listed++;
      listedAny = true;
    } else noteDraft(row.line, match?.id, mayList ? ["导入时选择了仅保存为草稿，可在目录中挂牌"] : reasons);
    if (match) {
      await writePatentRows(tx, match.id, rows, { status, version: { increment: 1 }, ...(status === "LISTED" && match.status !== "LISTED" ? { listedAt: clock.now() } : {}) });
      touched.push(match.id);
      updated++;
    } else toCreate.push({ line: row.line, rows, listed: status === "LISTED" });
  }

  if (toCreate.length) {
    const ids = await insertPatentsInBulk(tx, holderId, toCreate);
    touched.push(...ids);
    const idByLine = new Map(toCreate.map((c, i) => [c.line, ids[i]]));
    for (const note of notes) if (note.kind === "DRAFT" && !note.patentId) note.patentId = idByLine.get(note.line);
  }
  if (touched.length) await emitPatentChanged(tx, touched, listedAny);
  const written = toCreate.length + updated;
  return { created: toCreate.length, updated, listed, drafted: written - listed, errors, notes };
}

async function progress(importId: string, data: { total?: number; processed?: number; created?: number; updated?: number; failed?: number; listed?: number; drafted?: number }) {
  await db.patentImport.update({ where: { id: importId }, data });
}

async function finish(
  importId: string,
  status: "SUCCEEDED" | "FAILED",
  data: { message?: string; errors?: ImportRowError[]; notes?: ImportNote[]; processed?: number; created?: number; updated?: number; failed?: number; listed?: number; drafted?: number },
): Promise<{ status: ImportStatus }> {
  const errors = (data.errors ?? []).sort((a, b) => a.line - b.line).slice(0, MAX_STORED_ERRORS);
  // Nothing of a failed import was written: no row is listed or a draft.
  const notes = status === "SUCCEEDED" ? (data.notes ?? []).sort((a, b) => a.line - b.line).slice(0, MAX_STORED_NOTES) : [];
  const written = status === "SUCCEEDED" ? { listed: data.listed ?? 0, drafted: data.drafted ?? 0 } : { listed: 0, drafted: 0, created: 0, updated: 0 };
  await db.$transaction(async (tx) => {
    await tx.patentImport.update({
      where: { id: importId },
      data: { status, finishedAt: clock.now(), message: data.message ?? null, errors, notes, processed: data.processed, created: data.created, updated: data.updated, failed: data.failed, ...written },
    });
    await tx.patentImportFile.deleteMany({ where: { importId } });
  });
  return { status };
}

const importSelect = {
  id: true,
  holderId: true,
  fileName: true,
  format: true,
  mode: true,
  publish: true,
  status: true,
  total: true,
  processed: true,
  created: true,
  updated: true,
  failed: true,
  listed: true,
  drafted: true,
  errors: true,
  notes: true,
  message: true,
  createdAt: true,
  finishedAt: true,
} as const;

type ImportRecord = {
  id: string;
  holderId: string;
  fileName: string;
  format: string;
  mode: ImportMode;
  publish: boolean;
  status: ImportStatus;
  total: number;
  processed: number;
  created: number;
  updated: number;
  failed: number;
  listed: number;
  drafted: number;
  errors: unknown;
  notes: unknown;
  message: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

function toImportView(row: ImportRecord) {
  return {
    id: row.id,
    holderId: row.holderId,
    fileName: row.fileName,
    format: row.format,
    mode: row.mode,
    publish: row.publish,
    status: row.status,
    total: row.total,
    processed: row.processed,
    created: row.created,
    updated: row.updated,
    failed: row.failed,
    listed: row.listed,
    drafted: row.drafted,
    errors: (row.errors as ImportRowError[]) ?? [],
    notes: (row.notes as ImportNote[]) ?? [],
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    done: row.status === "SUCCEEDED" || row.status === "FAILED",
  };
}
export type PatentImportView = ReturnType<typeof toImportView>;
