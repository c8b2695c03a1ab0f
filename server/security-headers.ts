import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/**
 * Security headers for every response, built once at startup; only the CSP nonce changes
 * per response. (helmet rebuilt the whole policy on every request because of the nonce
 * function, which cost about a fifth of a logged-in page's CPU in bench:http.)
 */
export function securityHeaders({ hsts }: { hsts: boolean }) {
  const fixed: [string, string][] = [
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Cross-Origin-Resource-Policy", "same-origin"],
    ["Origin-Agent-Cluster", "?1"],
    // Not helmet's "no-referrer": with it Chromium sends `Origin: null` on native form
    // posts, which the CSRF guard must refuse; this keeps our origin on same-origin posts.
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["X-Content-Type-Options", "nosniff"],
    ["X-DNS-Prefetch-Control", "off"],
    ["X-Download-Options", "noopen"],
    ["X-Frame-Options", "SAMEORIGIN"],
    ["X-Permitted-Cross-Domain-Policies", "none"],
    ["X-XSS-Protection", "0"],
    // No page uses any of these browser features; payments go through Stripe's hosted pages
    // (no Payment Request API here), so `payment` is denied too.
    [
      "Permissions-Policy",
      // Only features Chromium knows: an unknown one is logged as a console error on every page.
      "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), " +
        "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), screen-wake-lock=(), " +
        "serial=(), usb=(), xr-spatial-tracking=()",
    ],
  ];
  if (hsts) fixed.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);

  const [beforeNonce, afterNonce] = [
    "default-src 'self'; base-uri 'self'; font-src 'self' data:; form-action 'self'; frame-ancestors 'self'; " +
      "img-src 'self' data:; object-src 'none'; script-src 'self' 'nonce-",
    "'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; connect-src 'self'",
  ];

  return function setSecurityHeaders(req: Request, res: Response, next: NextFunction) {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    for (const [name, value] of fixed) res.setHeader(name, value);
    res.setHeader("Content-Security-Policy", beforeNonce + nonce + afterNonce);
    if (carriesCredentials(req)) noStoreWhenSent(res);
    next();
  };
}

/**
 * A request with the session cookie or an API key is answered for one person or one
 * organization: no cache (a shared computer's back button, a proxy) may keep the answer.
 * Checked by what the request carries, not by looking the session up: a stale cookie
 * costs a no-store, never a query. The versioned assets under /build stay cacheable.
 */
function carriesCredentials(req: Request): boolean {
  if (req.path.startsWith("/build/")) return false;
  if (req.headers.authorization) return true;
  return /(?:^|;\s*)__ipb_session=/.test(req.headers.cookie ?? "");
}

/** Sets `Cache-Control: no-store` as the headers go out, over whatever a route chose. */
function noStoreWhenSent(res: Response) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    if (!this.headersSent) this.setHeader("Cache-Control", "no-store");
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response["writeHead"];
}
