import { createFailureLimiter, type FailureLimiter } from "~/utils/rate-limit.server";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { DomainError, notFound, validation } from "../shared/errors";
import { dayOf } from "./active-on";
import { parseCertificateNumber } from "./certificate-number";
import { AUTHORIZED_GI_STATUSES } from "./machine";
import { GI_KIND_NAMES, GI_PUBLIC_STATUS_NAMES, GI_VERIFY_MAX_RESULTS, giVerifyQueryError, type GiPublicCertificate, type GiPublicUser } from "./public-view";

/**
 * Public verification of GI special-mark users (issue 16 §3, §4): anyone, without an
 * account, finds an authorized user (APPROVED, or REVOKED with its date) by enterprise
 * name, USCC or certificate number. The rows are selected field by field — never evidence,
 * production address, output, contact data, org ids or e-mail addresses. Every request
 * counts against its client address (GI_VERIFY_MAX_PER_IP per GI_VERIFY_WINDOW_SECONDS),
 * so the register cannot be scraped by walking through names or numbers.
 */

let verifyLimiter: FailureLimiter | undefined;

/** Verification requests per client address; every request counts (as sign-up attempts do). Fails open like the login limiter. */
export function getGiVerifyLimiter(): FailureLimiter {
  const env = getEnv();
  verifyLimiter ??= createFailureLimiter("gi-verify", { max: env.GI_VERIFY_MAX_PER_IP, windowSeconds: env.GI_VERIFY_WINDOW_SECONDS });
  return verifyLimiter;
}

export type VerifyMeta = { ipAddress: string | null };

/** Counts one verification request of `meta.ipAddress`; RATE_LIMITED (429, Retry-After) once the address is over its limit. */
export async function countGiVerification(meta: VerifyMeta, limiter: FailureLimiter = getGiVerifyLimiter()): Promise<void> {
  const subjects = meta.ipAddress ? [`ip:${meta.ipAddress}`] : [];
  const retryAfter = await limiter.retryAfter(subjects);
  if (retryAfter !== null) throw new DomainError("RATE_LIMITED", "查询过于频繁，请稍后再试", undefined, retryAfter);
  await limiter.recordFailure(subjects);
}

const publicSelect = {
  enterpriseName: true,
  uscc: true,
  certificateNumber: true,
  certificateYear: true,
  status: true,
  revokedOn: true,
  announcementNumber: true,
  announcedOn: true,
  town: true,
  product: { select: { name: true, kind: true, qualityStandard: true, registrationNumber: true } },
} as const;

type PublicRow = {
  enterpriseName: string;
  uscc: string;
  certificateNumber: string | null;
  certificateYear: number | null;
  status: string;
  revokedOn: Date | null;
  announcementNumber: string | null;
  announcedOn: Date | null;
  town: string;
  product: { name: string; kind: keyof typeof GI_KIND_NAMES; qualityStandard: string; registrationNumber: string };
};

function publicUserOf(row: PublicRow): GiPublicUser {
  const status = row.status === "REVOKED" ? "REVOKED" : "APPROVED";
  return {
    enterpriseName: row.enterpriseName,
    uscc: row.uscc,
    product: { name: row.product.name, kind: row.product.kind, kindName: GI_KIND_NAMES[row.product.kind] },
    certificateNumber: row.certificateNumber ?? "",
    status,
    statusName: GI_PUBLIC_STATUS_NAMES[status],
    revokedOn: status === "REVOKED" ? dayOf(row.revokedOn) : null,
    announcementNumber: row.announcementNumber,
    announcedOn: dayOf(row.announcedOn),
    town: row.town,
  };
}

/** Prisma hands `contains` to LIKE as is: a name part is matched literally (\ is PostgreSQL's default LIKE escape). */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Authorized users matching `query`: an enterprise name (any part of it, at least 2
 * characters), an exact USCC (any letter case) or an exact certificate number. An empty or
 * too short query is a field error (`q`); nothing found is an empty list. At most
 * GI_VERIFY_MAX_RESULTS rows, by name and certificate number. With `meta` the request counts
 * against the caller's address (public pages and the API pass it).
 */
export async function findGiUsers(query: string, meta?: VerifyMeta): Promise<GiPublicUser[]> {
  if (meta) await countGiVerification(meta);
  const problem = giVerifyQueryError(query);
  if (problem) throw validation({ q: [problem] }, problem);
  const q = query.trim().replace(/\s+/g, " ");
  const upper = q.toUpperCase();
  const rows = await db.giApplication.findMany({
    where: {
      status: { in: [...AUTHORIZED_GI_STATUSES] },
      certificateNumber: { not: null },
      OR: [{ enterpriseName: { contains: likeLiteral(q), mode: "insensitive" } }, ...(upper.length === 18 ? [{ uscc: upper }] : []), ...(parseCertificateNumber(upper) ? [{ certificateNumber: upper }] : [])],
    },
    select: publicSelect,
    orderBy: [{ enterpriseName: "asc" }, { certificateNumber: "asc" }],
    take: GI_VERIFY_MAX_RESULTS,
  });
  return rows.map(publicUserOf);
}

/** The certificate of an authorized user (the printable page): the public fields plus the product's standard; NOT_FOUND otherwise. */
export async function getGiCertificate(certificateNumber: string, meta?: VerifyMeta): Promise<GiPublicCertificate> {
  if (meta) await countGiVerification(meta);
  const number = certificateNumber.trim().toUpperCase();
  const row = parseCertificateNumber(number)
    ? await db.giApplication.findFirst({ where: { certificateNumber: number, status: { in: [...AUTHORIZED_GI_STATUSES] } }, select: publicSelect })
    : null;
  if (!row) throw notFound("地理标志专用标志使用证书");
  const user = publicUserOf(row);
  return {
    ...user,
    product: { ...user.product, qualityStandard: row.product.qualityStandard, registrationNumber: row.product.registrationNumber },
    certificateYear: row.certificateYear,
  };
}
