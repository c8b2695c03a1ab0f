import { db } from "~/utils/db.server";
import { assertCan } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { NOTIFICATIONS_PAGE_SIZE } from "./schemas";
import { notificationsVisibleTo } from "./policies";

export async function countUnreadNotifications(actor: Actor): Promise<number> {
  if (!actor.userId) return 0;
  return db.notification.count({ where: { userId: actor.userId, readAt: null } });
}

export type NotificationItem = {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
  createdAt: string;
};

export type NotificationPage = {
  items: NotificationItem[];
  page: number;
  pages: number;
  total: number;
  unread: number;
};

/** The signed-in person's own notifications, newest first, one page at a time. */
export async function listNotifications(actor: Actor, input: { page: number; pageSize?: number }): Promise<NotificationPage> {
  assertCan(actor, "notification.read");
  const userId = actor.userId as string; // humans only, per the permissions table
  const pageSize = input.pageSize ?? NOTIFICATIONS_PAGE_SIZE;
  const where = notificationsVisibleTo(actor);
  const [total, unread] = await Promise.all([
    db.notification.count({ where }),
    db.notification.count({ where: { userId, readAt: null } }),
  ]);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, input.page), pages);
  const rows = await db.notification.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    select: { id: true, kind: true, title: true, body: true, link: true, readAt: true, createdAt: true },
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: isSafeLink(r.link) ? r.link : null,
      read: r.readAt !== null,
      createdAt: r.createdAt.toISOString(),
    })),
    page,
    pages,
    total,
    unread,
  };
}

/** Only same-site paths are rendered as links ("/deals/1", never "//evil.example"). */
function isSafeLink(link: string | null): link is string {
  return !!link && link.startsWith("/") && !link.startsWith("//") && !link.startsWith("/\\");
}
