import { getEnv } from "./env.server";

/**
 * Our own origin, as the cross-site checks and the redirect targets see it: scheme, host
 * and port (never the host alone: https://host is another origin than http://host).
 */

/** An Origin header names our site: the same origin as APP_URL or as the request itself. */
export function isOwnOrigin(origin: string | null | undefined, requestOrigin: string): boolean {
  if (!origin || origin === "null") return false;
  const given = originOf(origin);
  return given !== null && (given === originOf(getEnv().APP_URL) || given === originOf(requestOrigin));
}

function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/**
 * A redirect target taken from input (a query parameter, a form field), made safe: it is
 * resolved against APP_URL and kept only if it stays on that origin, and it is returned
 * as a path ("/x?y#z") — so "/\t/evil.test", "//evil.test", "/\\evil.test",
 * "https://evil.test" and "javascript:…" all give `fallback`. Leading slashes are
 * collapsed so the result can never read as a protocol-relative URL.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/home"): string {
  if (typeof to !== "string" || to === "" || !to.startsWith("/")) return fallback;
  const base = new URL(getEnv().APP_URL); // a URL: the environment is checked at boot
  let target: URL;
  try {
    target = new URL(to, base);
  } catch {
    return fallback;
  }
  if (target.origin !== base.origin) return fallback;
  return `/${target.pathname.replace(/^\/+/, "")}${target.search}${target.hash}`;
}
