import type { Tx } from "~/utils/db.server";
import { formatCertificateNumber } from "./certificate-number";

/**
 * Issues the next certificate number of (product, year) inside the caller's transaction.
 * The counter row is created or incremented by one upsert, which holds its row lock until
 * the transaction ends: concurrent approvals queue on it, a rolled-back approval gives its
 * number back (gap-free), and a committed one is never issued again (never reused, even
 * when the application is later revoked).
 */
export async function issueCertificateNumber(tx: Tx, product: { id: string; certificatePrefix: string }, year: number): Promise<{ certificateNumber: string; certificateYear: number; certificateSeq: number }> {
  const rows = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "GiCertificateCounter" ("productId", "year", "last") VALUES (${product.id}, ${year}, 1)
    ON CONFLICT ("productId", "year") DO UPDATE SET "last" = "GiCertificateCounter"."last" + 1
    RETURNING "last"`;
  const seq = Number(rows[0].last);
  return { certificateNumber: formatCertificateNumber(product.certificatePrefix, year, seq), certificateYear: year, certificateSeq: seq };
}
