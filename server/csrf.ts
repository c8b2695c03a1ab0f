import type { NextFunction, Request, Response } from "express";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie-authenticated forms: session cookies are SameSite=Lax, and a
 * state-changing request is refused unless the browser says it came from our own origin
 * (Fetch Metadata), or — for clients that send no Fetch Metadata — its Origin is ours.
 * API calls (Bearer keys; cookie writes are checked again there) and signed webhooks are exempt.
 */
export function rejectCrossSiteWrites(req: Request, res: Response, next: NextFunction) {
  if (SAFE.has(req.method) || req.path.startsWith("/api/") || req.path.startsWith("/webhooks/")) return next();
  if (isSameOrigin(req)) return next();
  res.status(403).type("text/plain").send("Cross-site request refused");
}

function isSameOrigin(req: Request): boolean {
  const site = req.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = req.get("origin");
  if (origin === undefined) return true; // not a browser form post: nothing a browser could forge
  if (origin === "null") return false;
  try {
    return new URL(origin).host === req.get("host");
  } catch {
    return false;
  }
}
