import { z } from "zod";

/**
 * Every background job: its queue and payload schema. Names are `<context>.<verb-noun>`.
 * Payloads carry ids, never personal data.
 */
export const jobSchemas = {
  "notifications.deliver": z.object({
    /** Stable key of the event that caused it; with the user id it makes delivery idempotent. */
    sourceKey: z.string().min(1),
    userIds: z.array(z.string().min(1)).min(1),
    orgId: z.string().nullable().optional(),
    kind: z.string().min(1),
    /** i18n message key plus its parameters, rendered when the notification is created. */
    title: z.string().min(1),
    body: z.string(),
    link: z.string().startsWith("/").optional(),
  }),
} as const;

export type JobName = keyof typeof jobSchemas;
export type JobPayload<N extends JobName> = z.input<(typeof jobSchemas)[N]>;

export const QUEUES = ["notifications"] as const;
export type QueueName = (typeof QUEUES)[number];

export function queueOf(name: JobName): QueueName {
  const queue = name.split(".")[0] as QueueName;
  if (!QUEUES.includes(queue)) throw new Error(`job ${name} has no queue`);
  return queue;
}
