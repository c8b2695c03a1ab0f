import { LOCALE_COOKIE, localeFromCookie, type Locale } from "./i18n";
import { getEnv } from "./env.server";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The language cookie: a plain value (not signed — it is a preference, and
 * `localeFromCookie` only accepts known locales), readable on every page, kept a year.
 */
export function localeCookie(locale: Locale): string {
  const secure = getEnv().NODE_ENV === "production" && getEnv().APP_URL.startsWith("https:") ? "; Secure" : "";
  return `${LOCALE_COOKIE}=${encodeURIComponent(locale)}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure}`;
}

/** The language this browser explicitly chose (the cookie is set), or null when it never chose. */
export function chosenLocaleOf(cookieHeader: string | null): Locale | null {
  if (!cookieHeader || !new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=`).test(cookieHeader)) return null;
  return localeFromCookie(cookieHeader);
}
