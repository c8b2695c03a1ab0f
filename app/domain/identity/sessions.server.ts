import { db, queryPrepared } from "~/utils/db.server";
import type { Actor } from "../shared/actor";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

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
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
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
};

const SESSION_VIEW_SQL = `
  SELECT s.id AS "sessionId", u.id AS "userId", u.name AS "userName", u.email, u.locale,
         o.id AS "orgId", o.name AS "orgName", o.kind::text AS kind, o.status::text AS status,
         o."isDemo", o.uscc, o.county, o.town, COALESCE(o.clusters, '{}') AS clusters, o."createdAt",
         (SELECT count(*)::int FROM "Membership" mc WHERE mc."orgId" = s."orgId") AS "memberCount",
         m.role::text AS role,
         (SELECT count(*)::int FROM "Notification" n WHERE n."userId" = s."userId" AND n."readAt" IS NULL) AS unread
    FROM "Session" s
    JOIN "User" u ON u.id = s."userId"
    JOIN "Organization" o ON o.id = s."orgId"
    JOIN "Membership" m ON m."userId" = s."userId" AND m."orgId" = s."orgId"
   WHERE s.id = $1 AND s."expiresAt" > now()`;

/**
 * The signed-in actor behind a session id, or null when it is unknown, expired, or the
 * membership it acts through is gone. Every signed-in request runs this, so it is one
 * indexed join rather than four ORM round trips, prepared once per connection (see bench:http).
 */
export async function findSessionView(sessionId: string): Promise<SessionView | null> {
  const rows = await queryPrepared<SessionRow>("session_view_v2", SESSION_VIEW_SQL, [sessionId]);
  const row = rows[0];
  if (!row) return null;
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
