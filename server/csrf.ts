import type { NextFunction, Request, Response } from "express";
import { isOwnOrigin } from "~/utils/origin.server";
import { normalizedPath } from "./request-limits";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie-authenticated forms: session cookies are SameSite=Lax, and a
 * state-changing request is refused unless the browser says it came from our own origin
 * (Fetch Metadata), or — for clients that send no Fetch Metadata — its Origin is ours:
 * scheme, host and port, equal to APP_URL's or to the request's own. API calls (Bearer
 * keys; cookie writes are checked again there) and signed webhooks are exempt, judged on
 * the path the router will see ("/webhooks/../logout" is "/logout").
 */
export function rejectCrossSiteWrites(req: Request, res: Response, next: NextFunction) {
  if (SAFE.has(req.method)) return next();
  const path = normalizedPath(req.originalUrl);
  if (path.startsWith("/api/") || path.startsWith("/webhooks/")) return next();
  if (isSameOrigin(req)) return next();
  res.status(403).type("text/plain").send("Cross-site request refused");
}

function isSameOrigin(req: Request): boolean {
  const site = req.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = req.get("origin");
  if (origin === undefined) return true; // not a browser form post: nothing a browser could forge
  return isOwnOrigin(origin, `${req.protocol}://${req.get("host")}`);
}
