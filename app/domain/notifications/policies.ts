import type { Prisma } from "~/generated/prisma/client";
import { can } from "../identity/policies";
import { allows, defineAccess, NOTHING } from "../shared/access";
import type { Actor } from "../shared/actor";

/** In-app notifications: each is its recipient's alone (ADR 0011). Pure. */
export const NOTIFICATION_RELATIONS = ["RECIPIENT", "OTHER"] as const;
export type NotificationRelation = (typeof NOTIFICATION_RELATIONS)[number];
export const NOTIFICATION_OPERATIONS = ["read", "list", "mark-read"] as const;
export type NotificationOperation = (typeof NOTIFICATION_OPERATIONS)[number];

export const notificationAccess = defineAccess({
  context: "notifications",
  subject: "In-app notifications",
  relations: NOTIFICATION_RELATIONS,
  states: ["UNREAD", "READ"] as const,
  operations: NOTIFICATION_OPERATIONS,
  relationNotes: { RECIPIENT: "the person it was sent to (a person, never an API key; an org under review too)", OTHER: "anyone else, including the rest of the recipient's org" },
  stateNotes: { UNREAD: "not read yet", READ: "read" },
  rules: { RECIPIENT: { UNREAD: ["read", "list", "mark-read"], READ: ["read", "list", "mark-read"] }, OTHER: {} },
  notes: ["Marking a read notification read changes nothing; someone else's is \"not found\", never \"forbidden\"."],
});

export function notificationRelationOf(actor: Actor | null, notification: { userId: string }): NotificationRelation {
  return can(actor, "notification.read") && actor?.userId === notification.userId ? "RECIPIENT" : "OTHER";
}

export function canOnNotification(actor: Actor | null, notification: { userId: string; readAt: Date | null }, operation: NotificationOperation): boolean {
  return allows(notificationAccess, notificationRelationOf(actor, notification), notification.readAt ? "READ" : "UNREAD", operation);
}

/** The caller's own notifications, as a Prisma `where`. */
export function notificationsVisibleTo(actor: Actor | null): Prisma.NotificationWhereInput {
  return actor?.userId && can(actor, "notification.read") ? { userId: actor.userId } : NOTHING;
}
