import { db } from "~/utils/db.server";
import { isSystemActor, type Actor } from "../shared/actor";
import { notFound } from "../shared/errors";
import type { Me, OrgProfile, OrgPublic, OrgView } from "./org-schemas";
import { can } from "./policies";
import { checkUscc } from "./uscc";

/**
 * Reading organizations. Visibility, in one place:
 * - the full profile (USCC, status, version…): the org's own people and keys (even while
 *   PENDING or SUSPENDED) and platform operators — `org.read` in the permissions table;
 * - the public profile (id, name, kind, county, town, clusters): any caller of an ACTIVE
 *   org may see it of another ACTIVE org — the marketplace directory. Status and USCC are
 *   left out: they are registration details, and a non-active org is not listed at all;
 * - everything else (a PENDING or SUSPENDED org of someone else; anything for a caller
 *   whose own org is not ACTIVE): 404, so ids do not reveal which orgs exist.
 */

export const orgPublicSelect = { id: true, name: true, kind: true, county: true, town: true, clusters: true } as const;
export const orgProfileSelect = {
  ...orgPublicSelect,
  uscc: true,
  status: true,
  isDemo: true,
  products: true,
  version: true,
  createdAt: true,
  updatedAt: true,
} as const;

type OrgProfileRow = Omit<OrgProfile, "createdAt" | "updatedAt"> & { createdAt: Date; updatedAt: Date };

export function toOrgProfile(row: OrgProfileRow): OrgProfile {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

function toOrgPublic(row: OrgPublic): OrgPublic {
  return { id: row.id, name: row.name, kind: row.kind, county: row.county, town: row.town, clusters: row.clusters };
}

/** An org as the actor may see it; NOT_FOUND when it does not exist or is not theirs to see. */
export async function getOrgView(actor: Actor, orgId: string): Promise<OrgView> {
  if (can(actor, "org.read", { orgId })) {
    const row = await db.organization.findUnique({ where: { id: orgId }, select: orgProfileSelect });
    if (!row) throw notFound("机构");
    return { visibility: "full", ...toOrgProfile(row) };
  }
  if (actor.orgStatus !== "ACTIVE") throw notFound("机构");
  const row = await db.organization.findFirst({ where: { id: orgId, status: "ACTIVE" }, select: orgPublicSelect });
  if (!row) throw notFound("机构");
  return { visibility: "public", ...toOrgPublic(row) };
}

/** The caller of GET /api/v1/me: the person or key, its org (always its own, full) and role. */
export async function getMe(actor: Actor): Promise<Me> {
  const [org, user, apiKey] = await Promise.all([
    db.organization.findUnique({ where: { id: actor.orgId }, select: orgProfileSelect }),
    actor.userId && !isSystemActor(actor)
      ? db.user.findUnique({ where: { id: actor.userId }, select: { id: true, name: true, email: true } })
      : null,
    actor.apiKeyId ? db.apiKey.findUnique({ where: { id: actor.apiKeyId }, select: { id: true, prefix: true, name: true } }) : null,
  ]);
  if (!org) throw notFound("机构");
  return { user, org: toOrgProfile(org), apiKey, role: actor.role };
}

/**
 * An operator's reference to an org — its id or its USCC — resolved to the id (admin CLI).
 * Not a visibility-checked read: callers are operators acting as the system.
 */
export async function findOrgIdByRef(ref: string): Promise<string | null> {
  const uscc = checkUscc(ref);
  const row = await db.organization.findFirst({
    where: uscc.ok ? { OR: [{ uscc: uscc.value }, { id: ref }] } : { id: ref.trim() },
    select: { id: true },
  });
  return row?.id ?? null;
}
