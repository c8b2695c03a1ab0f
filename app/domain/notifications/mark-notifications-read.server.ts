import { db } from "~/utils/db.server";
import { assertCan } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { notFound } from "../shared/errors";
import { clock } from "../shared/clock";
import { notificationsVisibleTo } from "./policies";

/**
 * Marks one of the actor's own notifications read. Someone else's notification is
 * "not found", never "forbidden", so ids of other people's notifications leak nothing.
 * Reading is personal UI state, so it writes no audit event.
 */
export async function markNotificationRead(actor: Actor, input: { notificationId: string }): Promise<{ id: string }> {
  assertCan(actor, "notification.read");
  const found = await db.notification.findFirst({
    where: { AND: [{ id: input.notificationId }, notificationsVisibleTo(actor)] },
    select: { id: true, readAt: true },
  });
  if (!found) throw notFound("消息");
  if (!found.readAt) await db.notification.updateMany({ where: { id: found.id, readAt: null }, data: { readAt: clock.now() } });
  return { id: found.id };
}

/** Marks all of the actor's unread notifications read; returns how many changed. */
export async function markAllNotificationsRead(actor: Actor): Promise<{ count: number }> {
  assertCan(actor, "notification.read");
  const { count } = await db.notification.updateMany({
    where: { AND: [notificationsVisibleTo(actor), { readAt: null }] },
    data: { readAt: clock.now() },
  });
  return { count };
}
