import type { DealStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { readPrivateFile, savePrivateFile } from "~/utils/private-files.server";
import type { Actor } from "../shared/actor";
import { DomainError, forbidden, notFound, validation } from "../shared/errors";
import { declaredTypeContradicts, sniffFileType } from "../shared/file-types";
import { auditDeal, tellOrgs } from "./deal-store.server";
import { dealPartyOf, dealRelationOf } from "./policies";

/** Issue 14 §8: the evidence of production is a PDF or a JPG of at most 10 MB. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_TYPES = ["application/pdf", "image/jpeg"] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];
const EXTENSION: Record<EvidenceType, string> = { "application/pdf": "pdf", "image/jpeg": "jpg" };

/** The SME attaches it with the conversion report (RECORDED, just before the move) or afterwards (CONVERTED). */
const EVIDENCE_STATUSES: readonly DealStatus[] = ["RECORDED", "CONVERTED"];

const TOO_LARGE = "投产证明文件不能超过 10 MB";
export const evidenceTooLarge = () => new DomainError("PAYLOAD_TOO_LARGE", TOO_LARGE);

/**
 * What the bytes are, by their magic number (never by a name or a declared type), or a
 * field error: only PDF and JPG are kept, at most 10 MB. A declared type, when given,
 * must agree with the bytes.
 */
export function checkEvidenceFile(bytes: Uint8Array, declaredType?: string | null): EvidenceType {
  if (bytes.length > MAX_EVIDENCE_BYTES) throw evidenceTooLarge();
  if (bytes.length === 0) throw validation({ file: ["请选择投产证明文件（PDF 或 JPG）"] });
  const type = sniffFileType(bytes, EVIDENCE_TYPES) as EvidenceType | null;
  if (!type) throw validation({ file: ["投产证明须为 PDF 或 JPG 文件"] });
  const declared = declaredType?.split(";")[0].trim().toLowerCase();
  if (declaredTypeContradicts(declaredType, type)) {
    throw validation({ file: [`文件内容是 ${type === "application/pdf" ? "PDF" : "JPG"}，与声明的类型 ${declared} 不符`] });
  }
  return type;
}

const dealSelect = { id: true, smeId: true, holderId: true, status: true, consent: true, pledgeeBankId: true, evidenceFilePath: true, evidenceMime: true, patent: { select: { title: true } }, sme: { select: { name: true } } } as const;

/**
 * The SME attaches the evidence that the patent is in production (issue 14 §8) to a deal
 * that is RECORDED (with the conversion report) or CONVERTED; a later file replaces the
 * earlier one. Stored outside the web root, named by the server; audited, and the holder
 * is told once the deal is CONVERTED. Not a move: the deal's version stays.
 */
export async function attachConversionEvidence(actor: Actor, dealId: string, bytes: Uint8Array, declaredType?: string | null): Promise<{ mime: EvidenceType; bytes: number }> {
  const deal = await db.deal.findUnique({ where: { id: dealId }, select: dealSelect });
  const party = deal && dealPartyOf(actor, deal);
  if (!deal || !party) throw notFound("交易");
  if (party !== "SME" || actor.orgStatus !== "ACTIVE") throw forbidden("只有受让/被许可企业可以上传投产证明");
  if (!EVIDENCE_STATUSES.includes(deal.status)) throw new DomainError("INVALID_STATE", "合同备案后方可上传投产证明");
  const mime = checkEvidenceFile(bytes, declaredType);
  const stored = await savePrivateFile(`deal-evidence/${deal.id}`, EXTENSION[mime], bytes);
  await db.$transaction(async (tx) => {
    const updated = await tx.deal.updateMany({ where: { id: deal.id, status: { in: [...EVIDENCE_STATUSES] } }, data: { evidenceFilePath: stored, evidenceMime: mime } });
    if (updated.count !== 1) throw new DomainError("INVALID_STATE", "合同备案后方可上传投产证明");
    await auditDeal(tx, actor, deal, { action: "conversion-evidence", from: deal.status, to: deal.status, party: "SME", data: { mime, bytes: bytes.length, replaced: deal.evidenceFilePath !== null } });
    if (deal.status === "CONVERTED") {
      await tellOrgs(tx, [
        { orgId: deal.holderId, kind: "deal.conversion-evidence", title: `交易动态：${deal.patent.title}`, body: `${deal.sme.name}上传了投产证明。`, sourceKey: `deal.conversion-evidence:${deal.id}:${stored}`, link: `/deals/${deal.id}` },
      ]);
    }
  });
  return { mime, bytes: bytes.length };
}

/** The evidence file for the deal's two parties (its SME and holder); 404 for anyone else, and when there is none. */
export async function getConversionEvidence(actor: Actor, dealId: string): Promise<{ bytes: Buffer; mime: EvidenceType; filename: string }> {
  const deal = await db.deal.findUnique({ where: { id: dealId }, select: dealSelect });
  const relation = deal ? dealRelationOf(actor, deal) : "NONE";
  if (!deal || (relation !== "SME" && relation !== "HOLDER") || !deal.evidenceFilePath || !deal.evidenceMime) throw notFound("投产证明");
  const mime = deal.evidenceMime as EvidenceType;
  return { bytes: await readPrivateFile(deal.evidenceFilePath), mime, filename: `conversion-evidence-${deal.id}.${EXTENSION[mime] ?? "bin"}` };
}
