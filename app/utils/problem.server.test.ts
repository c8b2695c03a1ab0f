import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError, notFound, validation } from "~/domain/shared/errors";
import { methodNotAllowed, PROBLEM_BASE, problemFromError, unauthorized } from "./problem.server";

const request = (headers: Record<string, string> = {}) => new Request("http://localhost/api/v1/orgs/x?y=1", { headers });

describe("problem details", () => {
  it("answers zod errors with 400 and dotted field paths", async () => {
    const schema = z.object({ name: z.string().min(1), assets: z.array(z.object({ value: z.number() })) });
    const parsed = schema.safeParse({ name: "", assets: [{ value: "x" }] });
    const res = problemFromError(parsed.error, request());
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    const body = await res.json();
    expect(body).toMatchObject({ type: `${PROBLEM_BASE}validation`, status: 400, instance: "/api/v1/orgs/x" });
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(["name", "assets.0.value"]);
  });

  it("maps domain errors through httpStatusOf, with their field errors", async () => {
    const nf = problemFromError(notFound("机构"), request());
    expect(nf.status).toBe(404);
    expect(await nf.json()).toMatchObject({ type: `${PROBLEM_BASE}not-found`, detail: "机构不存在或无权查看" });

    const v = await problemFromError(validation({ uscc: ["bad"] }), request()).json();
    expect(v.errors).toEqual([{ field: "uscc", message: "bad" }]);

    const limited = problemFromError(new DomainError("RATE_LIMITED", "slow down", undefined, 30), request());
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("30");
  });

  it("hides unexpected errors behind a generic 500", async () => {
    const res = problemFromError(new Error("password=hunter2 at db.ts:12"), request());
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain("hunter2");
  });

  it("asks for a Bearer key on 401 and lists allowed methods on 405", async () => {
    expect(unauthorized(request(), false).headers.get("WWW-Authenticate")).toMatch(/^Bearer /);
    expect(unauthorized(request(), true).headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
    const res = methodNotAllowed(new Request("http://localhost/api/v1/me", { method: "DELETE" }), ["GET", "HEAD"]);
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, HEAD");
  });

  it("speaks English to clients that prefer it", async () => {
    const body = await unauthorized(request({ "Accept-Language": "en-US,en;q=0.9" }), false).json();
    expect(body.detail).toMatch(/Missing API key/);
  });
});
