import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type SessionView = {
  sessionId: string;
  actor: Actor;
  user: { id: string; name: string; email: string; locale: string };
  org: { id: string; name: string; kind: Actor["orgKind"]; status: Actor["orgStatus"]; isDemo: boolean };
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

/** The signed-in actor behind a session id, or null when it is unknown or expired. */
export async function findSessionView(sessionId: string): Promise<SessionView | null> {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      expiresAt: true,
      user: { select: { id: true, name: true, email: true, locale: true } },
      org: { select: { id: true, name: true, kind: true, status: true, isDemo: true } },
      userId: true,
      orgId: true,
    },
  });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  const membership = await db.membership.findUnique({
    where: { userId_orgId: { userId: session.userId, orgId: session.orgId } },
    select: { role: true },
  });
  if (!membership) return null;
  return {
    sessionId: session.id,
    user: session.user,
    org: session.org,
    actor: {
      userId: session.user.id,
      apiKeyId: null,
      orgId: session.org.id,
      orgKind: session.org.kind,
      orgStatus: session.org.status,
      role: membership.role,
    },
  };
}

export async function deleteSession(sessionId: string) {
  await db.session.deleteMany({ where: { id: sessionId } });
}
