import { UnrecoverableError, type Job } from "bullmq";
import { deliverNotification, type DeliverNotificationResult } from "~/domain/notifications/deliver-notification.server";
import { jobSchemas } from "~/domain/shared/jobs";

/**
 * The `notifications` queue. A payload that does not parse will never succeed, so it
 * fails at once (UnrecoverableError) instead of using up its retries; anything else that
 * throws (database, SMTP) is retried with backoff, which the use case makes harmless.
 */
export async function processNotificationJob(job: Pick<Job, "id" | "name" | "data">): Promise<DeliverNotificationResult> {
  if (job.name !== "notifications.deliver") {
    throw new UnrecoverableError(`unknown job ${job.name} on the notifications queue`);
  }
  const parsed = jobSchemas["notifications.deliver"].safeParse(job.data);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".") || "(payload)").join(", ");
    throw new UnrecoverableError(`invalid notifications.deliver payload (${fields})`);
  }
  return deliverNotification(parsed.data);
}
