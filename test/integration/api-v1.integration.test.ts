import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { hashApiKey } from "~/domain/identity/api-key-secret";
import { createSession } from "~/domain/identity/sessions.server";
import { systemActor } from "~/domain/shared/actor";
import { clock } from "~/domain/shared/clock";
import { db } from "~/utils/db.server";
import { sessionSetCookie } from "~/utils/session.server";
import { createOrg, createUser } from "../factories";
import { startTestServer, type TestServer } from "../setup/http";

let server: TestServer;
let orgA: Awaited<ReturnType<typeof createOrg>>;
let orgB: Awaited<ReturnType<typeof createOrg>>; // PENDING SME
let bank: Awaited<ReturnType<typeof createOrg>>; // ACTIVE, someone else
let keyA: string;
let keyAId: string;
let keyB: string;
let ownerCookie: string;
let memberCookie: string;

async function issueKey(orgId: string, name = "test key") {
  const { key, apiKey } = await createApiKey(systemActor(), { orgId, name });
  return { key, id: apiKey.id };
}

async function cookieFor(userId: string, orgId: string) {
  const session = await createSession({ userId, orgId });
  return (await sessionSetCookie(session.id)).split(";")[0];
}

const bearer = (key: string, init: RequestInit = {}) => ({ ...init, headers: { ...(init.headers as object), Authorization: `Bearer ${key}` } });
const patchJson = (body: unknown, headers: Record<string, string>) => ({
  method: "PATCH",
  headers: { "Content-Type": "application/json", ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

async function expectProblem(res: Response, status: number, slug?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  const body = await res.json();
  expect(body).toMatchObject({ status, title: expect.any(String), type: expect.stringMatching(/^https:\/\/ipbridge\.cn\/problems\//) });
  if (slug) expect(body.type).toBe(`https://ipbridge.cn/problems/${slug}`);
  return body;
}

beforeAll(async () => {
  server = await startTestServer();
  orgA = await createOrg({ kind: "SME", name: "柞水甲企业" });
  orgB = await createOrg({ kind: "SME", status: "PENDING", name: "柞水乙企业" });
  bank = await createOrg({ kind: "BANK", name: "柞水合作银行" });
  ({ key: keyA, id: keyAId } = await issueKey(orgA.id, "A 的信贷系统"));
  ({ key: keyB } = await issueKey(orgB.id, "B 的系统"));
  await issueKey(bank.id, "bank key");
  const owner = await createUser({ orgId: orgA.id, role: "OWNER", name: "甲负责人" });
  const member = await createUser({ orgId: orgA.id, role: "MEMBER", name: "甲成员" });
  ownerCookie = await cookieFor(owner.user.id, orgA.id);
  memberCookie = await cookieFor(member.user.id, orgA.id);
});

describe("API key authentication", () => {
  it("accepts a valid key and records when it was last used (at most once a minute)", async () => {
    const res = await server.fetch("/api/v1/me", bearer(keyA));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    const me = await res.json();
    expect(me).toMatchObject({ user: null, role: "MEMBER", org: { id: orgA.id, name: "柞水甲企业", kind: "SME", status: "ACTIVE", uscc: orgA.uscc } });
    expect(me.apiKey).toMatchObject({ id: keyAId, name: "A 的信贷系统", prefix: keyA.slice(0, 12) });

    const first = (await db.apiKey.findUniqueOrThrow({ where: { id: keyAId } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await server.fetch("/api/v1/me", bearer(keyA));
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: keyAId } })).lastUsedAt).toEqual(first);
  });

  it("answers 401 with WWW-Authenticate for a missing, malformed or unknown key", async () => {
    const missing = await server.fetch("/api/v1/me");
    await expectProblem(missing, 401, "unauthenticated");
    expect(missing.headers.get("WWW-Authenticate")).toMatch(/^Bearer realm=/);

    // The last character changed to one it is not (a fixed "X" was the key's own 1 time in 62).
    const tampered = keyA.slice(0, -1) + (keyA.endsWith("X") ? "Y" : "X");
    for (const header of ["Bearer nonsense", "Basic dXNlcjpwYXNz", `Bearer ${tampered}`, `Bearer ipb_AAAAAAAA_${"b".repeat(40)}`]) {
      const res = await server.fetch("/api/v1/me", { headers: { Authorization: header } });
      await expectProblem(res, 401, "unauthenticated");
      expect(res.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
    }
  });

  it("never falls back to the session cookie when a bad key is sent", async () => {
    const res = await server.fetch("/api/v1/me", { headers: { Authorization: "Bearer wrong", Cookie: ownerCookie } });
    await expectProblem(res, 401);
  });

  it("refuses revoked keys and keys of suspended orgs", async () => {
    const { key, id } = await issueKey(orgA.id, "soon revoked");
    expect((await server.fetch("/api/v1/me", bearer(key))).status).toBe(200);
    await db.apiKey.update({ where: { id }, data: { revokedAt: clock.now() } });
    await expectProblem(await server.fetch("/api/v1/me", bearer(key)), 401);

    const suspended = await createOrg({ status: "SUSPENDED" });
    const { key: suspendedKey } = await issueKey(suspended.id);
    await expectProblem(await server.fetch("/api/v1/me", bearer(suspendedKey)), 401);
  });

  it("stores only the key's hash", async () => {
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: keyAId } });
    expect(row.hash).toBe(hashApiKey(keyA));
    expect(JSON.stringify(row)).not.toContain(keyA);
  });
});

describe("GET /api/v1/me with a session", () => {
  it("describes the signed-in person", async () => {
    const res = await server.fetch("/api/v1/me", { headers: { Cookie: ownerCookie } });
    expect(res.status).toBe(200);
    const me = await res.json();
    expect(me).toMatchObject({ user: { name: "甲负责人" }, apiKey: null, role: "OWNER", org: { id: orgA.id } });
  });
});

describe("GET /api/v1/orgs/:id", () => {
  it("gives the own org in full", async () => {
    const res = await server.fetch(`/api/v1/orgs/${orgA.id}`, bearer(keyA));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ visibility: "full", id: orgA.id, uscc: orgA.uscc, status: "ACTIVE" });
  });

  it("gives another active org's public profile only", async () => {
    const body = await (await server.fetch(`/api/v1/orgs/${bank.id}`, bearer(keyA))).json();
    expect(body).toEqual({ visibility: "public", id: bank.id, name: "柞水合作银行", kind: "BANK", county: "柞水县", town: null, clusters: [] });
  });

  it("hides another org that is pending, from keys and from sessions alike", async () => {
    await expectProblem(await server.fetch(`/api/v1/orgs/${orgB.id}`, bearer(keyA)), 404, "not-found");
    await expectProblem(await server.fetch(`/api/v1/orgs/${orgB.id}`, { headers: { Cookie: memberCookie } }), 404, "not-found");
    await expectProblem(await server.fetch("/api/v1/orgs/no-such-org", bearer(keyA)), 404);
    await expectProblem(await server.fetch(`/api/v1/orgs/${"x".repeat(200)}`, bearer(keyA)), 404);
  });

  it("lets a pending org's key read its own org and nothing else", async () => {
    expect(await (await server.fetch(`/api/v1/orgs/${orgB.id}`, bearer(keyB))).json()).toMatchObject({ visibility: "full", status: "PENDING" });
    await expectProblem(await server.fetch(`/api/v1/orgs/${orgA.id}`, bearer(keyB)), 404);
    await expectProblem(await server.fetch("/api/v1/api-keys", bearer(keyB)), 403, "forbidden");
  });
});

describe("GET /api/v1/api-keys", () => {
  it("lists the caller's own org's keys only, paginated", async () => {
    const res = await server.fetch("/api/v1/api-keys?pageSize=100", bearer(keyA));
    expect(res.status).toBe(200);
    const page = await res.json();
    const own = await db.apiKey.count({ where: { orgId: orgA.id } });
    expect(page).toMatchObject({ total: own, page: 1, pageSize: 100 });
    expect(page.items).toHaveLength(own);
    const ids = page.items.map((k: { id: string }) => k.id);
    expect(await db.apiKey.count({ where: { id: { in: ids }, orgId: { not: orgA.id } } })).toBe(0);
    expect(JSON.stringify(page)).not.toMatch(/hash|ipb_[0-9A-Za-z]{8}_/);

    const second = await (await server.fetch("/api/v1/api-keys?page=2&pageSize=1", bearer(keyA))).json();
    expect(second).toMatchObject({ total: own, page: 2, pageSize: 1 });
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).toBe(page.items[1].id);
  });

  it("rejects out-of-range paging with a field error", async () => {
    const body = await expectProblem(await server.fetch("/api/v1/api-keys?pageSize=101", bearer(keyA)), 400, "validation");
    expect(body.errors[0].field).toBe("pageSize");
    const zero = await expectProblem(await server.fetch("/api/v1/api-keys?page=0", bearer(keyA)), 400);
    expect(zero.errors[0].field).toBe("page");
  });
});

describe("PATCH /api/v1/orgs/:id", () => {
  it("names the bad field in a 400 problem before checking permissions", async () => {
    for (const bad of [{ name: "" }, { name: 42 }, { name: "好" }]) {
      const body = await expectProblem(await server.fetch(`/api/v1/orgs/${orgA.id}`, bearer(keyA, patchJson(bad, {}))), 400, "validation");
      expect(body.errors[0].field).toBe("name");
      expect(body.errors[0].message).toEqual(expect.any(String));
    }
    const nested = await expectProblem(
      await server.fetch(`/api/v1/orgs/${orgA.id}`, bearer(keyA, patchJson({ clusters: ["木耳深加工", "不存在的集群"] }, {}))),
      400,
    );
    expect(nested.errors[0].field).toBe("clusters.1");
  });

  it("answers 403 to an API key with a valid body (keys never administer)", async () => {
    await expectProblem(await server.fetch(`/api/v1/orgs/${orgA.id}`, bearer(keyA, patchJson({ name: "新名称企业" }, {}))), 403, "forbidden");
    expect((await db.organization.findUniqueOrThrow({ where: { id: orgA.id } })).name).toBe("柞水甲企业");
  });

  it("answers 404 for another org's pending profile", async () => {
    await expectProblem(await server.fetch(`/api/v1/orgs/${orgB.id}`, bearer(keyA, patchJson({ name: "抢注名称" }, {}))), 404);
  });

  it("refuses non-JSON and malformed bodies", async () => {
    const form = await server.fetch(`/api/v1/orgs/${orgA.id}`, bearer(keyA, { method: "PATCH", headers: { "Content-Type": "text/plain" }, body: "name=x" }));
    await expectProblem(form, 415, "unsupported-media-type");
    await expectProblem(await server.fetch(`/api/v1/orgs/${orgA.id}`, bearer(keyA, patchJson("{not json", {}))), 400, "malformed-json");
  });

  it("lets the owner change the profile from our own pages, and audits it", async () => {
    const origin = server.url;
    const res = await server.fetch(`/api/v1/orgs/${orgA.id}`, patchJson({ town: "营盘镇", clusters: ["木耳深加工", "木耳深加工"] }, { Cookie: ownerCookie, Origin: origin }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: orgA.id, town: "营盘镇", clusters: ["木耳深加工"], version: 2 });
    expect(await db.auditEvent.count({ where: { entityId: orgA.id, action: "org.profile-updated" } })).toBe(1);

    // A member may not; a cookie write without our Origin is refused outright.
    await expectProblem(await server.fetch(`/api/v1/orgs/${orgA.id}`, patchJson({ town: "下梁镇" }, { Cookie: memberCookie, Origin: origin })), 403);
    await expectProblem(await server.fetch(`/api/v1/orgs/${orgA.id}`, patchJson({ town: "下梁镇" }, { Cookie: ownerCookie })), 403);
    await expectProblem(
      await server.fetch(`/api/v1/orgs/${orgA.id}`, patchJson({ town: "下梁镇" }, { Cookie: ownerCookie, Origin: "https://evil.example" })),
      403,
    );
    expect((await db.organization.findUniqueOrThrow({ where: { id: orgA.id } })).town).toBe("营盘镇");
  });
});

describe("routing", () => {
  it("answers unknown API paths with a 404 problem, whatever the method", async () => {
    await expectProblem(await server.fetch("/api/v1/no-such-thing", bearer(keyA)), 404, "not-found");
    await expectProblem(await server.fetch("/api/v1/no/such/deep/path"), 404);
    await expectProblem(await server.fetch("/api/v1/"), 404);
    await expectProblem(await server.fetch("/api/v1/no-such-thing", { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } }), 404);
  });

  it("answers a wrong method with 405 and Allow", async () => {
    const res = await server.fetch("/api/v1/me", bearer(keyA, { method: "DELETE" }));
    await expectProblem(res, 405, "method-not-allowed");
    expect(res.headers.get("Allow")).toBe("GET, HEAD");
    const orgs = await server.fetch(`/api/v1/orgs/${orgA.id}`, bearer(keyA, { method: "POST" }));
    expect(orgs.status).toBe(405);
    expect(orgs.headers.get("Allow")).toBe("GET, PATCH, HEAD");
  });

  it("serves the OpenAPI document to anyone", async () => {
    const res = await server.fetch("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = JSON.parse(await res.text());
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/me", "/orgs/{id}", "/api-keys"]));
    expect(doc.servers[0].url).toMatch(/\/api\/v1$/);
  });
});
