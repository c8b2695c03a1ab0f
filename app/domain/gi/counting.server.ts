import { db } from "~/utils/db.server";
import { validation } from "../shared/errors";
import { dateOfDay, dayOf, isIsoDay } from "./active-on";
import { AUTHORIZED_GI_STATUSES } from "./machine";

/**
 * Active GI special-mark users on a day (issue 16 §7), with the records behind the count,
 * for the county indicator. The rule is active-on.ts's isActiveGiUserOn, as a `where`:
 * authorized (APPROVED or REVOKED), announced on or before the day, not revoked on or
 * before it. No actor: the indicator's own use case decides who may read it.
 */
export type ActiveGiUser = {
  applicationId: string;
  enterpriseName: string;
  uscc: string;
  product: { id: string; name: string };
  certificateNumber: string | null;
  announcedOn: string | null;
  revokedOn: string | null;
};

export function activeGiUsersWhere(day: string, productId?: string) {
  const d = dateOfDay(day);
  return {
    status: { in: [...AUTHORIZED_GI_STATUSES] },
    announcedOn: { lte: d },
    OR: [{ revokedOn: null }, { revokedOn: { gt: d } }],
    ...(productId ? { productId } : {}),
  };
}

export async function activeGiUsersOn(date: string, opts: { productId?: string } = {}): Promise<{ date: string; count: number; records: ActiveGiUser[] }> {
  if (!isIsoDay(date)) throw validation({ date: ["请输入有效的日期（YYYY-MM-DD）"] });
  const rows = await db.giApplication.findMany({
    where: activeGiUsersWhere(date, opts.productId),
    select: { id: true, enterpriseName: true, uscc: true, certificateNumber: true, announcedOn: true, revokedOn: true, product: { select: { id: true, name: true } } },
    orderBy: [{ announcedOn: "asc" }, { certificateNumber: "asc" }],
  });
  const records = rows.map((r) => ({
    applicationId: r.id,
    enterpriseName: r.enterpriseName,
    uscc: r.uscc,
    product: r.product,
    certificateNumber: r.certificateNumber,
    announcedOn: dayOf(r.announcedOn),
    revokedOn: dayOf(r.revokedOn),
  }));
  return { date, count: records.length, records };
}
