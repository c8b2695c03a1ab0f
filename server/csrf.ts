import type { NextFunction, Request, Response } from "express";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie-authenticated forms: session cookies are SameSite=Lax, and any
 * state-changing request that a browser marks as coming from another site is refused.
 * API calls (Bearer keys, no cookies) and signed webhooks are exempt.
 */
export function rejectCrossSiteWrites(req: Request, res: Response, next: NextFunction) {
  if (SAFE.has(req.method) || req.path.startsWith("/api/") || req.path.startsWith("/webhooks/")) return next();
  const site = req.get("sec-fetch-site");
  const origin = req.get("origin");
  const crossSite = site === "cross-site" || (origin !== undefined && origin !== "null" && new URL(origin).host !== req.get("host"));
  if (crossSite || origin === "null") {
    res.status(403).type("text/plain").send("Cross-site request refused");
    return;
  }
  next();
}
