import type { GiKind } from "~/generated/prisma/enums";
import { FORBIDDEN_CHARACTERS_MESSAGE, hasForbiddenCharacters } from "../shared/text";

/**
 * Words of the public GI pages (verification, certificate) and the public row's shape.
 * Pure, browser-safe.
 */
/** The kinds' Chinese names are the products' (one list, in schemas.ts). */
export { GI_KIND_NAMES } from "./schemas";

/** The public status of an authorized user: 有效 or 已撤销 (never colour alone on a page). */
export const GI_PUBLIC_STATUS_NAMES = { APPROVED: "有效", REVOKED: "已撤销" } as const;
export type GiPublicStatus = keyof typeof GI_PUBLIC_STATUS_NAMES;

/** What anyone may see of an authorized user: no evidence, address, output, contact data or ids. */
export type GiPublicUser = {
  enterpriseName: string;
  uscc: string;
  product: { name: string; kind: GiKind; kindName: string };
  certificateNumber: string;
  status: GiPublicStatus;
  statusName: string;
  revokedOn: string | null;
  announcementNumber: string | null;
  /** Authorized since: the announcement date ("YYYY-MM-DD"). */
  announcedOn: string | null;
  town: string;
};

export type GiPublicCertificate = GiPublicUser & {
  product: GiPublicUser["product"] & { qualityStandard: string; registrationNumber: string };
  certificateYear: number | null;
};

export const GI_VERIFY_QUERY_LABEL = "企业名称、统一社会信用代码或证书编号";
export const GI_VERIFY_MIN_CHARS = 2;
export const GI_VERIFY_MAX_CHARS = 100;
/** At most this many rows answer one query (a name fragment matches many). */
export const GI_VERIFY_MAX_RESULTS = 50;

/** Why `q` cannot be looked up, or null. */
export function giVerifyQueryError(q: string): string | null {
  const value = q.trim();
  if (!value) return `请输入${GI_VERIFY_QUERY_LABEL}`;
  if (hasForbiddenCharacters(value)) return `查询内容${FORBIDDEN_CHARACTERS_MESSAGE}`;
  if ([...value].length < GI_VERIFY_MIN_CHARS) return `请至少输入 ${GI_VERIFY_MIN_CHARS} 个字`;
  if ([...value].length > GI_VERIFY_MAX_CHARS) return `查询内容不能超过 ${GI_VERIFY_MAX_CHARS} 个字`;
  return null;
}
