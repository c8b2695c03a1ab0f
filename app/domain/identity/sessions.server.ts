import { db, queryPrepared } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { clock, nowMs } from "../shared/clock";

/** The longest a session lives however often it is used; the idle timeout usually ends it first. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Org kinds whose members hold other parties' loan terms and bids: a short idle timeout. */
const INSTITUTION_KINDS: ReadonlySet<Actor["orgKind"]> = new Set(["BANK", "INSURER", "GOVERNMENT", "PLATFORM"]);

/**
 * How long a session of a member of this org kind may stay unused before it ends
 * (SESSION_IDLE_SECONDS_INSTITUTION: 8 h by default; SESSION_IDLE_SECONDS: 7 days).
 */
export function idleTimeoutMs(kind: Actor["orgKind"]): number {
  const env = getEnv();
  return (INSTITUTION_KINDS.has(kind) ? env.SESSION_IDLE_SECONDS_INSTITUTION : env.SESSION_IDLE_SECONDS) * 1000;
}

/**
 * Last use is written at most this often per session (not on every request: a page view
 * would otherwise be a write), so a session ends between `idle - touch` and `idle` after
 * its last use.
 */
export function touchIntervalMs(kind: Actor["orgKind"]): number {
  return Math.min(5 * 60_000, idleTimeoutMs(kind) / 10);
}

export type SessionView = {
  sessionId: string;
  actor: Actor;
  user: { id: string; name: string; email: string; locale: string };
  org: { id: string; name: string; kind: Actor["orgKind"]; status: Actor["orgStatus"]; isDemo: boolean };
  /**
   * The rest of what the home page shows of the org, read in the same round trip (the
   * same row is already joined; the member count is one index lookup): the page everyone
   * lands on after logging in then needs no query of its own.
   */
  orgProfile: { uscc: string; county: string; town: string | null; clusters: string[]; createdAt: Date; memberCount: number };
  /** For the app shell's badge: read in the same round trip as the session itself. */
  unreadNotifications: number;
};

export async function createSession(input: { userId: string; orgId: string; ipAddress?: string | null; userAgent?: string | null }) {
  return db.session.create({
    data: {
      userId: input.userId,
      orgId: input.orgId,
      ipAddress: input.ipAddress ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(nowMs() + SESSION_TTL_MS),
      lastSeenAt: clock.now(),
    },
    select: { id: true, expiresAt: true },
  });
}

type SessionRow = {
  sessionId: string;
  userId: string;
  userName: string;
  email: string;
  locale: string;
  orgId: string;
  orgName: string;
  kind: Actor["orgKind"];
  status: Actor["orgStatus"];
  isDemo: boolean;
  uscc: string;
  county: string;
  town: string | null;
  clusters: string[];
  createdAt: Date;
  memberCount: number;
  role: Actor["role"];
  unread: number;
  lastSeenMs: number;
};

const SESSION_VIEW_SQL = `
  SELECT s.id AS "sessionId", u.id AS "userId", u.name AS "userName", u.email, u.locale,
         o.id AS "orgId", o.name AS "orgName", o.kind::text AS kind, o.status::text AS status,
         o."isDemo", o.uscc, o.county, o.town, COALESCE(o.clusters, '{}') AS clusters, o."createdAt",
         (SELECT count(*)::int FROM "Membership" mc WHERE mc."orgId" = s."orgId") AS "memberCount",
         m.role::text AS role, (extract(epoch FROM s."lastSeenAt") * 1000)::float8 AS "lastSeenMs",
         (SELECT count(*)::int FROM "Notification" n WHERE n."userId" = s."userId" AND n."readAt" IS NULL) AS unread
    FROM "Session" s
    JOIN "User" u ON u.id = s."userId"
    JOIN "Organization" o ON o.id = s."orgId"
    JOIN "Membership" m ON m."userId" = s."userId" AND m."orgId" = s."orgId"
   WHERE s.id = $1 AND s."expiresAt" > (to_timestamp($2::float8 / 1000) AT TIME ZONE 'UTC')`;

/**
 * The signed-in actor behind a session id, or null when it is unknown, expired, idle past
 * its org kind's timeout (then it is deleted), or the membership it acts through is gone.
 * Every signed-in request runs this, so it is one indexed join rather than four ORM round
 * trips, prepared once per connection (see bench:http); last use is written only when the
 * recorded one is older than the touch interval.
 */
export async function findSessionView(sessionId: string): Promise<SessionView | null> {
  const now = nowMs();
  const rows = await queryPrepared<SessionRow>("session_view_v3", SESSION_VIEW_SQL, [sessionId, now]);
  const row = rows[0];
  if (!row) return null;
  const idleMs = now - row.lastSeenMs;
  if (idleMs > idleTimeoutMs(row.kind)) {
    await deleteSession(sessionId);
    return null;
  }
  if (idleMs > touchIntervalMs(row.kind)) {
    // Conditional, so requests racing on one session write once.
    await db.session.updateMany({ where: { id: sessionId, lastSeenAt: { lt: new Date(now - touchIntervalMs(row.kind)) } }, data: { lastSeenAt: new Date(now) } });
  }
  return {
    sessionId: row.sessionId,
    user: { id: row.userId, name: row.userName, email: row.email, locale: row.locale },
    org: { id: row.orgId, name: row.orgName, kind: row.kind, status: row.status, isDemo: row.isDemo },
    orgProfile: { uscc: row.uscc, county: row.county, town: row.town, clusters: row.clusters, createdAt: row.createdAt, memberCount: row.memberCount },
    unreadNotifications: row.unread,
    actor: {
      userId: row.userId,
      apiKeyId: null,
      orgId: row.orgId,
      orgKind: row.kind,
      orgStatus: row.status,
      role: row.role,
    },
  };
}

export async function deleteSession(sessionId: string) {
  await db.session.deleteMany({ where: { id: sessionId } });
}

export type SessionSummary = { createdAt: Date; lastSeenAt: Date; ipAddress: string | null; userAgent: string | null; current: boolean };

/**
 * The user's sessions that are still open, most recently used first (the account page lists them).
 * Without their ids: an id is what the session cookie carries, so it never goes to a page.
 */
export async function listOwnSessions(actor: Actor, currentSessionId: string): Promise<SessionSummary[]> {
  const rows = await db.session.findMany({
    where: { userId: actor.userId ?? "", expiresAt: { gt: clock.now() } },
    select: { id: true, createdAt: true, lastSeenAt: true, ipAddress: true, userAgent: true, org: { select: { kind: true } } },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
  });
  const now = nowMs();
  return rows
    .filter((r) => now - r.lastSeenAt.getTime() <= idleTimeoutMs(r.org.kind))
    .map(({ org: _org, id, ...r }) => ({ ...r, current: id === currentSessionId }));
}

/**
 * "Log out everywhere": ends every session of the signed-in user (this one too), in every
 * organization they act for, and records it in the audit trail. Returns how many ended.
 */
export async function endAllOwnSessions(actor: Actor): Promise<{ ended: number }> {
  const userId = actor.userId;
  if (!userId) return { ended: 0 };
  return db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, actor, { entityType: "User", entityId: userId, action: "user.sessions-ended", data: { sessions: count } });
    return { ended: count };
  });
}
