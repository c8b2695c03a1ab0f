/**
 * Certificate numbers of GI special-mark users: `<product prefix>-<year>-<sequence>`, the
 * sequence four digits (wider past 9999), gap-free per product and year, never reused
 * (issued under the counter's row lock: app/domain/gi/certificates.server.ts).
 */
export const CERTIFICATE_PREFIX_PATTERN = /^[A-Z][A-Z0-9]{1,9}$/;

export function formatCertificateNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(4, "0")}`;
}

/** The parts of a well-formed certificate number, or null. */
export function parseCertificateNumber(value: string): { prefix: string; year: number; seq: number } | null {
  const m = /^([A-Z][A-Z0-9]{1,9})-(\d{4})-(\d{4,})$/.exec(value.trim().toUpperCase());
  if (!m) return null;
  const seq = Number(m[3]);
  if (seq < 1) return null;
  return { prefix: m[1], year: Number(m[2]), seq };
}
