import type { z } from "zod";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isLocale, DEFAULT_LOCALE, translate } from "~/utils/i18n";
import { getMailer, type Mailer } from "~/utils/mailer.server";
import "~/utils/messages/notifications";
import type { jobSchemas } from "../shared/jobs";
import { clock } from "../shared/clock";
import { emailKindOf } from "./kinds";

export type DeliverNotificationInput = z.output<(typeof jobSchemas)["notifications.deliver"]>;

export type DeliverNotificationResult = { recipients: number; created: number; emailed: number };

/** One notification per (source event, recipient): the unique key that makes replays harmless. */
export function notificationSourceKey(sourceKey: string, userId: string) {
  return `${sourceKey}:${userId}`;
}

/**
 * Turns a `notifications.deliver` job into in-app notifications, then e-mails those not
 * e-mailed yet when SMTP is configured. Safe to run any number of times for one payload:
 * rows are keyed by `sourceKey:userId`, and `emailedAt` records each sent e-mail, so a
 * retry after a mail failure sends only what is still missing. Recipients deleted in the
 * meantime are skipped. A recipient who turned e-mail off for the notification's kind
 * (kinds.ts, User.emailOptOutKinds) gets the in-app notification and no e-mail; the row
 * is never pending for e-mail, so a retry of the job does not send it either.
 */
export async function deliverNotification(
  input: DeliverNotificationInput,
  deps: { mailer?: Mailer | null } = {},
): Promise<DeliverNotificationResult> {
  const mailer = deps.mailer === undefined ? getMailer() : deps.mailer;
  const users = await db.user.findMany({ where: { id: { in: [...new Set(input.userIds)] } }, select: { id: true } });
  const org = input.orgId ? await db.organization.findUnique({ where: { id: input.orgId }, select: { id: true } }) : null;
  const sourceKeys = users.map((u) => notificationSourceKey(input.sourceKey, u.id));

  const { count } = await db.notification.createMany({
    data: users.map((u, i) => ({
      userId: u.id,
      orgId: org?.id ?? null,
      kind: input.kind,
      title: input.title,
      body: input.body,
      link: input.link ?? null,
      sourceKey: sourceKeys[i],
    })),
    skipDuplicates: true,
  });

  const emailed = mailer ? await emailPending(mailer, sourceKeys, emailKindOf(input.kind)) : 0;
  return { recipients: users.length, created: count, emailed };
}

/** Sends each notification of `sourceKeys` that has no `emailedAt` yet and whose recipient wants e-mail of `optOutKind`; throws on the first failure. */
async function emailPending(mailer: Mailer, sourceKeys: string[], optOutKind: string | null): Promise<number> {
  const pending = await db.notification.findMany({
    where: { sourceKey: { in: sourceKeys }, emailedAt: null, ...(optOutKind ? { user: { NOT: { emailOptOutKinds: { has: optOutKind } } } } : {}) },
    select: { id: true, title: true, body: true, link: true, user: { select: { email: true, locale: true } } },
    orderBy: { createdAt: "asc" },
  });
  const appUrl = getEnv().APP_URL.replace(/\/$/, "");
  for (const n of pending) {
    const locale = isLocale(n.user.locale) ? n.user.locale : DEFAULT_LOCALE;
    const lines = [translate(locale, n.body)];
    if (n.link) lines.push("", translate(locale, "notifications.email.open", { url: appUrl + n.link }));
    lines.push("", "—", translate(locale, "notifications.email.footer"));
    await mailer.send({ to: n.user.email, subject: translate(locale, n.title), text: lines.join("\n") });
    // Recorded right after the send: a crash in between can repeat one e-mail, never lose it.
    await db.notification.updateMany({ where: { id: n.id, emailedAt: null }, data: { emailedAt: clock.now() } });
  }
  return pending.length;
}
