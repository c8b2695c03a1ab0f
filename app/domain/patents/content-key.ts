import { createHash } from "node:crypto";
import { toHalfWidth } from "./text";

/**
 * Probable duplicates (SPEC §3, issue 15): the same holder registering the same text twice.
 * A patent's content key is the sha256 of its normalized title and abstract: full-width
 * folded, NFKC, lower case, every space, punctuation mark and symbol dropped, so that a
 * re-typed copy ("一种木耳脆片，" vs "一种 木耳脆片,") has the same key. Pure.
 */
export function normalizeForContentKey(text: string): string {
  return toHalfWidth(text).normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, "");
}

export function contentKeyOf(title: string, abstract: string): string {
  return createHash("sha256").update(`${normalizeForContentKey(title)}\u0000${normalizeForContentKey(abstract)}`).digest("hex");
}

export type DuplicateFacts = { contentKey: string | null; applicationNumber: string | null; publicationNumber: string | null };

const hasNumber = (p: DuplicateFacts) => !!(p.applicationNumber || p.publicationNumber);

/**
 * Two records of one holder are probably one patent when their texts are the same and at
 * least one of them carries no number to tell it apart. Two records that both carry
 * numbers are matched by number (a re-import updates), and different numbers mean
 * different applications: CN111623427A and CN111623429A share a title and abstract in
 * KPPatent-ZH and are two patents.
 */
export function isProbableDuplicate(a: DuplicateFacts, b: DuplicateFacts): boolean {
  if (!a.contentKey || a.contentKey !== b.contentKey) return false;
  return !hasNumber(a) || !hasNumber(b);
}

/** The field error of a probable duplicate, naming the record it repeats. */
export function duplicateMessage(existing: { title: string; applicationNumber: string | null; publicationNumber: string | null }): string {
  const number = existing.applicationNumber ?? existing.publicationNumber;
  const title = existing.title.trim() || "（无标题）";
  return `与本机构已有专利「${title}」${number ? `（${number}）` : ""}的标题和摘要相同，疑似重复登记；请编辑已有记录，或补充申请号以区分`;
}
