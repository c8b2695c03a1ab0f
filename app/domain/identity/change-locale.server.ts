import { db } from "~/utils/db.server";
import type { Locale } from "~/utils/i18n";
import type { Actor } from "../shared/actor";

/** Remembers a signed-in person's language, so it follows them to other browsers (and e-mails). */
export async function changeLocale(actor: Actor, locale: Locale) {
  if (!actor.userId) return;
  await db.user.updateMany({ where: { id: actor.userId, locale: { not: locale } }, data: { locale } });
}
