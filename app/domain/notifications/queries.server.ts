import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";

export async function countUnreadNotifications(actor: Actor): Promise<number> {
  if (!actor.userId) return 0;
  return db.notification.count({ where: { userId: actor.userId, readAt: null } });
}
