/**
 * What an uploaded file is, by its magic number — never by its name or the type the client
 * declared (both are the client's word). Shared by every upload that keeps files: appraisal
 * reports, a deal's evidence of production, a GI application's evidence. Pure.
 */

export const SNIFFED_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export type SniffedType = (typeof SNIFFED_TYPES)[number];

/** The extension a stored file of each type gets (the server names stored files). */
export const EXTENSION_OF: Record<SniffedType, string> = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" };
/** How a type is named to people. */
export const TYPE_LABEL_OF: Record<SniffedType, string> = { "application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG" };

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]; // "\x89PNG\r\n\x1a\n"

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

/** Whether the bytes are a PDF ("%PDF-"). */
export function isPdf(bytes: Uint8Array): boolean {
  return startsWith(bytes, PDF_MAGIC);
}

/** JPEG's start-of-image marker followed by another marker. */
export function isJpeg(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xff, 0xd8, 0xff]);
}

/** PNG's eight-byte signature. */
export function isPng(bytes: Uint8Array): boolean {
  return startsWith(bytes, PNG_MAGIC);
}

/** The type the bytes are among `allowed` (default: all known), or null. */
export function sniffFileType(bytes: Uint8Array, allowed: readonly SniffedType[] = SNIFFED_TYPES): SniffedType | null {
  const type: SniffedType | null = isPdf(bytes) ? "application/pdf" : isJpeg(bytes) ? "image/jpeg" : isPng(bytes) ? "image/png" : null;
  return type && allowed.includes(type) ? type : null;
}

/**
 * A declared Content-Type as a comparable media type, or null when it says nothing
 * (absent, empty, application/octet-stream — what browsers send for unknown files).
 * "image/jpg", a common misspelling, reads as image/jpeg.
 */
export function declaredMediaType(declared: string | null | undefined): string | null {
  const type = declared?.split(";")[0].trim().toLowerCase() ?? "";
  if (!type || type === "application/octet-stream") return null;
  return type === "image/jpg" || type === "image/pjpeg" ? "image/jpeg" : type;
}

/** Whether a declared type contradicts what the bytes are (a declaration that says nothing never does). */
export function declaredTypeContradicts(declared: string | null | undefined, actual: SniffedType): boolean {
  const type = declaredMediaType(declared);
  return type !== null && type !== actual;
}
