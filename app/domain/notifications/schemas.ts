import { z } from "zod";
import { text } from "~/domain/shared/text";

export const NOTIFICATIONS_PAGE_SIZE = 20;

/** `?page=` of the notifications list; anything odd falls back to the first page. */
export const notificationListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

/** The forms on the notifications page (one `intent` per button). */
export const notificationActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("mark-read"), id: text().trim().min(1).max(64) }),
  z.object({ intent: z.literal("mark-all-read") }),
]);

export type NotificationAction = z.infer<typeof notificationActionSchema>;
