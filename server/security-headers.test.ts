import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express from "express";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestLog } from "./request-log";
import { securityHeaders } from "./security-headers";
import { waitFor } from "../test/setup/wait-for";

describe("security headers and request log", () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  let server: ReturnType<express.Express["listen"]>;
  let url = "";

  beforeAll(async () => {
    const app = express();
    app.use(securityHeaders({ hsts: true }));
    app.use(requestLog(pino({ level: "info" }, sink)));
    app.get("/ok", (_req, res) => res.send(`nonce=${res.locals.cspNonce}`));
    app.get("/missing", (_req, res) => res.status(404).send("no"));
    app.get("/cached", (_req, res) => res.set("Cache-Control", "public, max-age=3600").send("public"));
    app.get("/build/app.js", (_req, res) => res.set("Cache-Control", "public, max-age=31536000, immutable").send("js"));
    await new Promise<void>((resolve) => {
      server = app.listen(0, "127.0.0.1", () => resolve());
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends a strict CSP whose script nonce is fresh for every response and matches the page's", async () => {
    const [a, b] = await Promise.all([fetch(`${url}/ok`), fetch(`${url}/ok`)]);
    const nonceA = (await a.text()).replace("nonce=", "");
    const cspA = a.headers.get("content-security-policy")!;
    expect(cspA).toContain(`script-src 'self' 'nonce-${nonceA}'`);
    expect(cspA).toContain("object-src 'none'");
    expect(cspA).toContain("frame-ancestors 'self'");
    expect(b.headers.get("content-security-policy")).not.toBe(cspA);
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(a.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(a.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("denies browser features with a Permissions-Policy on every response", async () => {
    for (const path of ["/ok", "/missing", "/cached"]) {
      const policy = (await fetch(`${url}${path}`)).headers.get("permissions-policy");
      expect(policy, path).toContain("camera=()");
      expect(policy, path).toContain("microphone=()");
      expect(policy, path).toContain("geolocation=()");
      expect(policy, path).toContain("payment=()");
    }
  });

  it("answers no-store to a request carrying the session cookie or an API key, over the route's own choice", async () => {
    const anonymous = await fetch(`${url}/cached`);
    expect(anonymous.headers.get("cache-control")).toBe("public, max-age=3600");
    const signedIn = await fetch(`${url}/cached`, { headers: { Cookie: "ipb_lang=en; __ipb_session=abc.def" } });
    expect(signedIn.headers.get("cache-control")).toBe("no-store");
    const apiClient = await fetch(`${url}/ok`, { headers: { Authorization: "Bearer ipb_x" } });
    expect(apiClient.headers.get("cache-control")).toBe("no-store");
    const otherCookie = await fetch(`${url}/cached`, { headers: { Cookie: "not__ipb_session=1" } });
    expect(otherCookie.headers.get("cache-control")).toBe("public, max-age=3600");
    // The versioned assets stay cacheable for everyone.
    const asset = await fetch(`${url}/build/app.js`, { headers: { Cookie: "__ipb_session=abc.def" } });
    expect(asset.headers.get("cache-control")).toContain("immutable");
  });

  it("logs one structured line per request, warn for 4xx, and echoes the request id", async () => {
    lines.length = 0;
    const res = await fetch(`${url}/missing`, { headers: { "X-Request-Id": "upstream-42" } });
    expect(res.headers.get("x-request-id")).toBe("upstream-42");
    await waitFor(() => lines.length > 0, { what: "the request's log line" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, reqId: "upstream-42", method: "GET", url: "/missing", status: 404, msg: "request" });
    expect(typeof lines[0].ms).toBe("number");
  });
});
