import type { NextFunction, Request, Response } from "express";
import { describe, expect, it, vi } from "vitest";
import { rejectCrossSiteWrites } from "./csrf";

function run(method: string, path: string, headers: Record<string, string>, protocol = "https") {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const req = { method, originalUrl: path, path, protocol, get: (h: string) => lower[h.toLowerCase()] } as unknown as Request;
  const res = { status: vi.fn().mockReturnThis(), type: vi.fn().mockReturnThis(), send: vi.fn() } as unknown as Response;
  const next = vi.fn() as NextFunction;
  rejectCrossSiteWrites(req, res, next);
  return { passed: (next as unknown as { mock: { calls: unknown[] } }).mock.calls.length === 1, res };
}

describe("CSRF guard", () => {
  const host = { Host: "portal.example" };
  it("lets reads and same-origin form posts through", () => {
    expect(run("GET", "/home", { ...host, "Sec-Fetch-Site": "cross-site" }).passed).toBe(true);
    expect(run("POST", "/login", { ...host, "Sec-Fetch-Site": "same-origin", Origin: "https://portal.example" }).passed).toBe(true);
    expect(run("POST", "/login", { ...host, Origin: "https://portal.example" }).passed).toBe(true);
    expect(run("POST", "/login", host).passed).toBe(true);
  });

  it("refuses cross-site and same-site-but-other-origin posts", () => {
    expect(run("POST", "/logout", { ...host, "Sec-Fetch-Site": "cross-site", Origin: "https://evil.example" }).passed).toBe(false);
    expect(run("POST", "/logout", { ...host, "Sec-Fetch-Site": "same-site", Origin: "https://a.portal.example" }).passed).toBe(false);
    expect(run("POST", "/logout", { ...host, Origin: "https://evil.example" }).passed).toBe(false);
    expect(run("POST", "/logout", { ...host, Origin: "null" }).passed).toBe(false);
  });

  it("compares whole origins: another scheme or port is another site", () => {
    expect(run("POST", "/logout", { ...host, Origin: "https://portal.example" }, "http").passed).toBe(false);
    expect(run("POST", "/logout", { ...host, Origin: "http://portal.example:8443" }, "http").passed).toBe(false);
    expect(run("POST", "/logout", { ...host, Origin: "http://portal.example" }, "http").passed).toBe(true);
  });

  it("leaves the Bearer API and signed webhooks to their own checks, judged on the normalized path", () => {
    expect(run("POST", "/api/v1/orgs", { ...host, "Sec-Fetch-Site": "cross-site" }).passed).toBe(true);
    expect(run("POST", "/webhooks/stripe", { ...host, "Sec-Fetch-Site": "cross-site" }).passed).toBe(true);
    for (const sneaky of ["/webhooks/../logout", "/webhooks/%2e%2e/logout", "/api/../logout", "/api/v1/../../set-locale"]) {
      expect(run("POST", sneaky, { ...host, Origin: "https://evil.example" }).passed, sneaky).toBe(false);
    }
  });
});
