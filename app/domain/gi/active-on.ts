import type { GiApplicationStatus } from "~/generated/prisma/enums";
import { AUTHORIZED_GI_STATUSES } from "./machine";

/**
 * When a GI special-mark user counts as active (issue 16 §7, for the county indicator):
 * on day `d` ("YYYY-MM-DD", the county's calendar) a row is active when it holds an
 * authorization (APPROVED, or REVOKED later), was announced on or before `d`, and was not
 * revoked on or before `d` (revoked on `d` itself: no longer active that day). Pure; the
 * query builds its `where` from the same rule (counting.server.ts).
 */
export type GiUserDates = { status: GiApplicationStatus; announcedOn: string | null; revokedOn: string | null };

export const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written "YYYY-MM-DD" (2026-02-30 is not). */
export function isIsoDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function isActiveGiUserOn(row: GiUserDates, day: string): boolean {
  if (!(AUTHORIZED_GI_STATUSES as readonly string[]).includes(row.status)) return false;
  if (!row.announcedOn || row.announcedOn > day) return false;
  return row.revokedOn === null || row.revokedOn > day;
}

/** A `@db.Date` value as the day it stores ("YYYY-MM-DD"); Prisma gives it as UTC midnight. */
export function dayOf(value: Date): string;
export function dayOf(value: Date | null): string | null;
export function dayOf(value: Date | null): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}

/** The Date Prisma stores for a `@db.Date` day. */
export function dateOfDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}
