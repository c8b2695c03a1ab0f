import type { OrgStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { notFound } from "../shared/errors";
import { capabilitiesFor } from "./home";
import type { SessionView } from "./sessions.server";
import { hashInvitationToken, isWellFormedInvitationToken } from "./invitation-token.server";
import { orgTransitionsFor } from "./org-status";
import { can } from "./policies";
import { ORG_PAGE_SIZE, type OrgListQuery } from "./schemas";
import { clock, nowMs } from "../shared/clock";

/**
 * Everything the role-aware home page shows (the unread count comes with the app shell).
 * The org's profile and member count come with the session view (one round trip for the
 * page everyone lands on after logging in; ADR 0006); only the platform's review count is
 * a query of its own.
 */
export async function getHome(view: SessionView) {
  const { actor, org, orgProfile } = view;
  const pendingOrgs = can(actor, "org.list") ? await db.organization.count({ where: { status: "PENDING" } }) : null;
  const { memberCount, createdAt, ...profile } = orgProfile;
  return {
    org: { ...org, ...profile, createdAt: createdAt.toISOString() },
    memberCount,
    pendingOrgs,
    capabilities: capabilitiesFor(actor),
  };
}

/** Members and open invitations of an org; 404 for anyone who may not see them. */
export async function listMembers(actor: Actor, orgId: string) {
  if (!can(actor, "member.list", { orgId })) throw notFound("机构");
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { id: true, name: true, kind: true, status: true } });
  if (!org) throw notFound("机构");
  const showInvitations = can(actor, "member.invite", { orgId });
  const [members, invitations] = await Promise.all([
    db.membership.findMany({
      where: { orgId },
      orderBy: [{ role: "asc" }, { createdAt: "asc" }],
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    }),
    showInvitations
      ? db.invitation.findMany({
          where: { orgId, acceptedAt: null, expiresAt: { gt: clock.now() } },
          orderBy: { createdAt: "desc" },
          select: { id: true, email: true, role: true, expiresAt: true, createdAt: true, invitedBy: { select: { name: true } } },
        })
      : [],
  ]);
  return {
    org,
    canInvite: showInvitations,
    members: members.map((m) => ({ id: m.id, role: m.role, joinedAt: m.createdAt.toISOString(), userId: m.user.id, name: m.user.name, email: m.user.email })),
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      expiresAt: i.expiresAt.toISOString(),
      invitedAt: i.createdAt.toISOString(),
      invitedBy: i.invitedBy.name,
    })),
  };
}

/** The invitation behind a link, or null when it is unknown, used or expired. */
export async function findInvitation(token: string) {
  if (!isWellFormedInvitationToken(token)) return null;
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: {
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      org: { select: { name: true, kind: true, status: true } },
      invitedBy: { select: { name: true } },
    },
  });
  if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() <= nowMs()) return null;
  const account = await db.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
  return {
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt.toISOString(),
    org: invitation.org,
    invitedBy: invitation.invitedBy.name,
    accountExists: !!account,
  };
}

/** Platform review list: every org, filtered and paginated, pending first. */
export async function listOrgs(actor: Actor, query: OrgListQuery) {
  if (!can(actor, "org.list")) throw notFound("页面");
  const where = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.q ? { OR: [{ name: { contains: query.q, mode: "insensitive" as const } }, { uscc: { startsWith: query.q.toUpperCase() } }] } : {}),
  };
  const [total, rows, counts] = await Promise.all([
    db.organization.count({ where }),
    db.organization.findMany({
      where,
      orderBy: [{ status: "asc" }, { createdAt: "desc" }, { id: "asc" }],
      skip: (query.page - 1) * ORG_PAGE_SIZE,
      take: ORG_PAGE_SIZE,
      select: {
        id: true,
        name: true,
        kind: true,
        uscc: true,
        town: true,
        clusters: true,
        status: true,
        version: true,
        isDemo: true,
        createdAt: true,
        _count: { select: { memberships: true } },
      },
    }),
    db.organization.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Partial<Record<OrgStatus, number>>;
  return {
    total,
    page: query.page,
    pages: Math.max(1, Math.ceil(total / ORG_PAGE_SIZE)),
    byStatus,
    orgs: rows.map(({ _count, ...org }) => ({
      ...org,
      createdAt: org.createdAt.toISOString(),
      memberCount: _count.memberships,
      transitions: orgTransitionsFor(actor, org).map((t) => ({ name: t.name, audit: t.audit, reasonRequired: t.reasonRequired })),
    })),
  };
}
