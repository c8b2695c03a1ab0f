import { createCookie } from "@remix-run/node";

/**
 * The one-time notice of a GI page after a redirect ("申请已提交…", "已新增地理标志产品…"):
 * a message key and its parameters ride a short-lived cookie to the page named in it,
 * which shows it once and clears it, so a reload does not repeat it and the page's
 * address stays clean. The text is looked up in the messages, never taken from the cookie.
 */
const giFlash = createCookie("ipb_gi_notice", { path: "/gi", httpOnly: true, sameSite: "lax", maxAge: 120 });

export type GiNotice = { key: string; params: Record<string, string> };

export async function giNoticeCookie(path: string, key: string, params: Record<string, string> = {}): Promise<string> {
  return giFlash.serialize({ path, key, params });
}

/** The notice meant for this page (once), with the header that clears it. */
export async function takeGiNotice(request: Request): Promise<{ notice: GiNotice | null; headers?: HeadersInit }> {
  const value: unknown = await giFlash.parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object") return { notice: null };
  const { path, key, params } = value as { path?: unknown; key?: unknown; params?: unknown };
  if (path !== new URL(request.url).pathname || typeof key !== "string" || !key.startsWith("gi.")) return { notice: null };
  const safeParams = Object.fromEntries(Object.entries(params && typeof params === "object" ? params : {}).filter((e): e is [string, string] => typeof e[1] === "string"));
  return { notice: { key, params: safeParams }, headers: { "Set-Cookie": await giFlash.serialize("", { maxAge: 0 }) } };
}
