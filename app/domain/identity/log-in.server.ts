import { db } from "~/utils/db.server";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/utils/i18n";
import { getLoginLimiter, getLoginPairLockout } from "~/utils/rate-limit.server";
import { DomainError } from "../shared/errors";
import { hashPassword, verifyPassword } from "./passwords.server";
import type { LogInInput } from "./schemas";
import { createSession, deleteSession } from "./sessions.server";

export type RequestMeta = { ipAddress: string | null; userAgent: string | null };

/** The same words whether the account is unknown or the password wrong. */
export const invalidCredentials = () => new DomainError("UNAUTHENTICATED", "邮箱或密码不正确");

/**
 * Checks the password and opens a session for the user's first organization.
 * Two limits (app/utils/rate-limit.server.ts, ADR 0013), checked before the password, so a
 * refused attempt is refused even when its password is right:
 * - per (account, client address): after LOGIN_MAX_ATTEMPTS failures that pair waits
 *   LOGIN_LOCK_SECONDS, doubling with each further failure. Nobody else waits: a stranger
 *   guessing at an account does not lock its owner out (no targeted lockout).
 * - per client address, across accounts: LOGIN_MAX_ATTEMPTS_PER_IP failures per window.
 * Success clears the pair (not the address: one good account must not launder guesses at others).
 */
export async function logIn(input: Pick<LogInInput, "email" | "password">, meta: RequestMeta, options: { chosenLocale?: Locale | null } = {}) {
  const ipLimiter = getLoginLimiter();
  const pairLockout = getLoginPairLockout();
  const ipSubjects = meta.ipAddress ? [`ip:${meta.ipAddress}`] : [];
  const pair = `${input.email}|${meta.ipAddress ?? "-"}`;

  const waits = await Promise.all([ipLimiter.retryAfter(ipSubjects), pairLockout.retryAfter(pair)]);
  const retryAfter = waits.reduce<number | null>((longest, w) => (w === null ? longest : Math.max(longest ?? 0, w)), null);
  if (retryAfter !== null) throw new DomainError("RATE_LIMITED", "登录失败次数过多，请稍后再试", undefined, retryAfter);

  const user = await db.user.findUnique({
    where: { email: input.email },
    select: {
      id: true,
      passwordHash: true,
      locale: true,
      memberships: { select: { orgId: true }, orderBy: { createdAt: "asc" }, take: 1 },
    },
  });
  // Unknown e-mail: spend the same argon2 time, so response times do not reveal accounts.
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), input.password);
  const membership = user?.memberships[0];
  if (!user || !ok || !membership) {
    await Promise.all([ipLimiter.recordFailure(ipSubjects), pairLockout.recordFailure(pair)]);
    throw invalidCredentials();
  }

  await pairLockout.reset(pair);
  const session = await createSession({ userId: user.id, orgId: membership.orgId, ...meta });
  // A language picked in this browser before signing in wins and is remembered; otherwise the account's applies.
  const { chosenLocale } = options;
  if (chosenLocale && chosenLocale !== user.locale) await db.user.update({ where: { id: user.id }, data: { locale: chosenLocale } });
  const locale: Locale = chosenLocale ?? (isLocale(user.locale) ? user.locale : DEFAULT_LOCALE);
  return { sessionId: session.id, userId: user.id, locale };
}

export async function logOut(sessionId: string | null) {
  if (sessionId) await deleteSession(sessionId);
}

let dummy: Promise<string> | undefined;
function dummyHash() {
  dummy ??= hashPassword("timing-equaliser-not-a-real-password");
  return dummy;
}
