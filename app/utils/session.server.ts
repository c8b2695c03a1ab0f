import { createCookie, redirect } from "@remix-run/node";
import { findSessionView, SESSION_TTL_MS, type SessionView } from "~/domain/identity/sessions.server";
import { getEnv } from "./env.server";

/** The cookie holds only the signed id of a database session. */
export const sessionCookie = createCookie("__ipb_session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: getEnv().NODE_ENV === "production" && getEnv().APP_URL.startsWith("https:"),
  secrets: [getEnv().SESSION_SECRET],
  maxAge: SESSION_TTL_MS / 1000,
});

export async function readSessionId(cookieHeader: string | null | undefined): Promise<string | null> {
  if (!cookieHeader) return null;
  const value = await sessionCookie.parse(cookieHeader);
  return typeof value === "string" && value ? value : null;
}

/**
 * The signed-in session behind a request. A document request runs the root loader and
 * the page loader concurrently, each with its own copy of the Request, so concurrent
 * lookups of the same session share one database read (single flight; nothing is
 * cached once it settles, so a logout or suspension takes effect on the next request).
 */
const inFlight = new Map<string, Promise<SessionView | null>>();

export async function getSessionView(request: Request): Promise<SessionView | null> {
  const id = await readSessionId(request.headers.get("Cookie"));
  if (!id) return null;
  let view = inFlight.get(id);
  if (!view) {
    view = findSessionView(id).finally(() => inFlight.delete(id));
    inFlight.set(id, view);
  }
  return view;
}

/** Signed in, or redirected to the login page (remembering where they were going). */
export async function requireSessionView(request: Request): Promise<SessionView> {
  const view = await getSessionView(request);
  if (view) return view;
  const url = new URL(request.url);
  const redirectTo = url.pathname + url.search;
  throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
}

export async function sessionSetCookie(sessionId: string) {
  return sessionCookie.serialize(sessionId);
}

export async function sessionClearCookie() {
  return sessionCookie.serialize("", { maxAge: 0 });
}

/** Redirect targets from input: resolved against APP_URL, same origin only (origin.server.ts). */
export { safeRedirect } from "./origin.server";
