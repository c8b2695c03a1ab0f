import { db } from "~/utils/db.server";
import { readPrivateFile, removePrivateFile, savePrivateFile } from "~/utils/private-files.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { clock } from "../shared/clock";
import { DomainError, forbidden, notFound, validation } from "../shared/errors";
import { declaredMediaType, declaredTypeContradicts, EXTENSION_OF, sniffFileType, SNIFFED_TYPES, TYPE_LABEL_OF, type SniffedType } from "../shared/file-types";
import { hasForbiddenCharacters } from "../shared/text";
import { OPEN_GI_STATUSES } from "./machine";
import { canOnGiApplication, giPartyOf } from "./policies";

/**
 * Evidence files of a GI application (issue 16 §2): PDF, JPG or PNG of at most 10 MB each,
 * known by their magic bytes (a declared type that contradicts them is refused), kept
 * outside the web root under a server-chosen name and read back only through
 * `getGiEvidence` (the applicant, GOVERNMENT, PLATFORM; anyone else 404).
 */

/** A file as a page or the API hands it over: its bytes, the name it came with, the type it was declared as. */
export type GiUpload = { bytes: Uint8Array; name: string; type?: string | null };

export const MAX_GI_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const MAX_GI_EVIDENCE_FILES = 20;
export const GI_EVIDENCE_TYPES = SNIFFED_TYPES;

export const giEvidenceTooLarge = () => new DomainError("PAYLOAD_TOO_LARGE", "证明材料单个文件不能超过 10 MB");

export type GiEvidenceView = { id: string; name: string; mime: SniffedType; bytes: number; uploadedAt: string };

/** The name to show (never used on disk): no path, no control characters, at most 120 characters. */
export function displayNameOf(name: string, mime: SniffedType): string {
  const base = (name ?? "").split(/[/\\]/).pop() ?? "";
  const clean = [...base].filter((c) => !hasForbiddenCharacters(c) && c !== '"').join("").normalize("NFC").trim().slice(0, 120);
  return clean || `证明材料.${EXTENSION_OF[mime]}`;
}

/** Why the file cannot be evidence (a Chinese message naming it), or its type. `tooLarge` is told apart for the 413 of the raw upload. */
export function checkGiEvidence(file: GiUpload): { ok: true; mime: SniffedType } | { ok: false; tooLarge: boolean; message: string } {
  const label = file.name?.trim() ? `文件“${file.name.trim().slice(0, 60)}”` : "文件";
  if (file.bytes.length > MAX_GI_EVIDENCE_BYTES) return { ok: false, tooLarge: true, message: `${label}超过 10 MB` };
  if (file.bytes.length === 0) return { ok: false, tooLarge: false, message: `${label}是空文件` };
  const mime = sniffFileType(file.bytes);
  if (!mime) return { ok: false, tooLarge: false, message: `${label}不是 PDF、JPG 或 PNG 文件` };
  if (declaredTypeContradicts(file.type, mime)) return { ok: false, tooLarge: false, message: `${label}的内容是 ${TYPE_LABEL_OF[mime]}，与声明的类型 ${declaredMediaType(file.type)} 不符` };
  return { ok: true, mime };
}

/** Stores a checked file of an application; the path relative to the private root. */
export function storeGiEvidenceFile(applicationId: string, mime: SniffedType, bytes: Uint8Array): Promise<string> {
  return savePrivateFile(`gi-evidence/${applicationId}`, EXTENSION_OF[mime], bytes);
}

export type CheckedGiEvidence = { file: GiUpload; mime: SniffedType };
export type StoredGiEvidence = { path: string; mime: SniffedType; bytes: number; originalName: string };

/**
 * Checks the files that come with an application or a resubmission, adding one message per
 * bad file (and one when there are too many, counting the `already` attached) to `add`.
 */
export function checkGiEvidenceFiles(files: readonly GiUpload[], add: (message: string) => void, already = 0): CheckedGiEvidence[] {
  if (already + files.length > MAX_GI_EVIDENCE_FILES) add(`每份申请最多 ${MAX_GI_EVIDENCE_FILES} 个证明材料文件`);
  const checked: CheckedGiEvidence[] = [];
  for (const file of files) {
    const result = checkGiEvidence(file);
    if (result.ok) checked.push({ file, mime: result.mime });
    else add(result.message);
  }
  return checked;
}

/** Stores checked files before the transaction that names them (run it through `keepOnlyIfWritten`). */
export async function storeGiEvidenceFiles(applicationId: string, checked: readonly CheckedGiEvidence[]): Promise<StoredGiEvidence[]> {
  const stored: StoredGiEvidence[] = [];
  for (const { file, mime } of checked) stored.push({ path: await storeGiEvidenceFile(applicationId, mime, file.bytes), mime, bytes: file.bytes.length, originalName: displayNameOf(file.name, mime) });
  return stored;
}

/** No row, no file: when the transaction that would name the stored files fails, they are removed and the error goes on. */
export function keepOnlyIfWritten<T>(written: Promise<T>, stored: readonly { path: string }[]): Promise<T> {
  return written.catch(async (e: unknown) => {
    await Promise.all(stored.map((f) => removePrivateFile(f.path).catch(() => undefined)));
    throw e;
  });
}

export function evidenceViewOf(f: { id: string; originalName: string; mime: string; bytes: number; uploadedAt: Date }): GiEvidenceView {
  return { id: f.id, name: f.originalName, mime: f.mime as SniffedType, bytes: f.bytes, uploadedAt: f.uploadedAt.toISOString() };
}

const idOk = (id: string) => typeof id === "string" && id.length > 0 && id.length <= 64;

/**
 * The applicant adds a file while the application is open (SUBMITTED, or SUPPLEMENT_REQUESTED
 * before it resubmits). Not a move: the version stays. Audited.
 */
export async function addGiEvidence(actor: Actor, applicationId: string, file: GiUpload): Promise<GiEvidenceView> {
  const app = idOk(applicationId) ? await db.giApplication.findUnique({ where: { id: applicationId }, select: { id: true, orgId: true, status: true, _count: { select: { evidence: true } } } }) : null;
  if (!app || !canOnGiApplication(actor, app, "read")) throw notFound("申请");
  if (giPartyOf(actor, app) !== "APPLICANT") throw forbidden("只有申请企业可以上传证明材料");
  if (actor.orgStatus !== "ACTIVE") throw forbidden("机构尚未启用或已停用，不能上传证明材料");
  if (!(OPEN_GI_STATUSES as readonly string[]).includes(app.status)) throw new DomainError("INVALID_STATE", "申请已办结，不能再上传证明材料");
  const checked = checkGiEvidence(file);
  if (!checked.ok) throw checked.tooLarge ? giEvidenceTooLarge() : validation({ evidence: [checked.message] });
  if (app._count.evidence >= MAX_GI_EVIDENCE_FILES) throw validation({ evidence: [`每份申请最多 ${MAX_GI_EVIDENCE_FILES} 个证明材料文件`] });
  const stored = await storeGiEvidenceFile(app.id, checked.mime, file.bytes);
  const name = displayNameOf(file.name, checked.mime);
  const written = db.$transaction(async (tx) => {
    // Still open when the row is written (a decision in between closes it).
    const open = await tx.giApplication.updateMany({ where: { id: app.id, status: { in: [...OPEN_GI_STATUSES] } }, data: { updatedAt: clock.now() } });
    if (open.count !== 1) throw new DomainError("INVALID_STATE", "申请已办结，不能再上传证明材料");
    const row = await tx.giEvidenceFile.create({ data: { applicationId: app.id, path: stored, mime: checked.mime, bytes: file.bytes.length, originalName: name, uploadedAt: clock.now() } });
    await recordAudit(tx, actor, { entityType: "GiApplication", entityId: app.id, action: "add-evidence", fromState: app.status, toState: app.status, data: { fileId: row.id, name, mime: checked.mime, bytes: file.bytes.length } });
    return evidenceViewOf(row);
  });
  return keepOnlyIfWritten(written, [{ path: stored }]);
}

/** One evidence file, for the applicant, GOVERNMENT and PLATFORM; 404 for anyone else and for a file of another application. */
export async function getGiEvidence(actor: Actor, applicationId: string, fileId: string): Promise<{ bytes: Buffer; mime: SniffedType; filename: string; name: string }> {
  const file = idOk(applicationId) && idOk(fileId) ? await db.giEvidenceFile.findFirst({ where: { id: fileId, applicationId }, include: { application: { select: { orgId: true } } } }) : null;
  if (!file || !canOnGiApplication(actor, file.application, "read-evidence")) throw notFound("证明材料");
  const mime = file.mime as SniffedType;
  return { bytes: await readPrivateFile(file.path), mime, filename: `gi-evidence-${file.id}.${EXTENSION_OF[mime] ?? "bin"}`, name: file.originalName };
}
