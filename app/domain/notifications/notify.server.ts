import type { Tx } from "~/utils/db.server";
import type { JobPayload } from "../shared/jobs";
import { emit, emitMany } from "../shared/outbox.server";

export type NotifyInput = JobPayload<"notifications.deliver">;
export type NotifyOrgInput = Omit<NotifyInput, "userIds" | "orgId">;

/**
 * Asks for notifications inside the caller's transaction: they are delivered (in-app, and
 * by e-mail when SMTP is configured) after the commit, exactly once per `sourceKey` and
 * recipient. `sourceKey` must name the event, e.g. `org.activated:<orgId>:v<version>`.
 * `title` and `body` may be message keys (translated per recipient) or plain text.
 */
export async function notify(tx: Tx, input: NotifyInput) {
  const userIds = [...new Set(input.userIds)];
  if (userIds.length === 0) return null;
  return emit(tx, "notifications.deliver", { ...input, userIds });
}

/** Notifies every member of `orgId` (only its owners with `ownersOnly`), as they are when the transaction runs. */
export async function notifyOrgMembers(tx: Tx, orgId: string, input: NotifyOrgInput, options: { ownersOnly?: boolean } = {}) {
  const role = options.ownersOnly ? ("OWNER" as const) : undefined;
  const members = await tx.membership.findMany({ where: { orgId, role }, select: { userId: true } });
  return notify(tx, { ...input, orgId, userIds: members.map((m) => m.userId) });
}

/** Notifies every member of these orgs and of every active GOVERNMENT org (the county watches financing), each org once. */
export async function notifyOrgsAndGovernment(tx: Tx, orgIds: readonly string[], input: NotifyOrgInput) {
  const governments = await tx.organization.findMany({ where: { kind: "GOVERNMENT", status: "ACTIVE" }, select: { id: true } });
  for (const orgId of new Set([...governments.map((g) => g.id), ...orgIds])) await notifyOrgMembers(tx, orgId, input);
}

/** One notice to every member of one org: the event's key, its kind (for e-mail opt-out), text and the record's link. */
export type OrgNotice = { orgId: string; kind: string; title: string; body: string; sourceKey: string; link: string };

/**
 * Tells every member of each org (in-app, and by e-mail when SMTP is configured and the
 * member has not turned that kind off), in the caller's transaction, with two statements
 * however many orgs: one read of their members, one outbox insert (with `alsoEmit`).
 * Delivery is once per (sourceKey, recipient).
 */
export async function notifyOrgs(tx: Tx, notices: readonly OrgNotice[], alsoEmit: Parameters<typeof emitMany>[1] = []) {
  if (notices.length === 0) return emitMany(tx, alsoEmit);
  const orgIds = [...new Set(notices.map((n) => n.orgId))];
  const members = await tx.membership.findMany({ where: { orgId: { in: orgIds } }, select: { orgId: true, userId: true } });
  const jobs = notices.flatMap((n) => {
    const userIds = [...new Set(members.filter((m) => m.orgId === n.orgId).map((m) => m.userId))];
    return userIds.length ? [{ name: "notifications.deliver" as const, payload: { sourceKey: n.sourceKey, userIds, orgId: n.orgId, kind: n.kind, title: n.title, body: n.body, link: n.link } }] : [];
  });
  await emitMany(tx, [...jobs, ...alsoEmit]);
}
