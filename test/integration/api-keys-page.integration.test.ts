import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { API_KEY_PATTERN, hashApiKey } from "~/domain/identity/api-key-secret";
import { createSession } from "~/domain/identity/sessions.server";
import { systemActor } from "~/domain/shared/actor";
import { db } from "~/utils/db.server";
import { sessionSetCookie } from "~/utils/session.server";
import { createOrg, createUser } from "../factories";
import { startTestServer, type TestClient, type TestServer } from "../setup/http";

let server: TestServer;
let orgId: string;
let owner: TestClient;
let member: TestClient;
let stranger: TestClient;

async function signedIn(userId: string, org: string): Promise<TestClient> {
  const client = server.client();
  const session = await createSession({ userId, orgId: org });
  const [pair] = (await sessionSetCookie(session.id)).split(";");
  const eq = pair.indexOf("=");
  client.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  return client;
}

const keyIn = (html: string) => html.match(/ipb_[0-9A-Za-z]{8}_[0-9A-Za-z]{32,64}/)?.[0] ?? null;

beforeAll(async () => {
  server = await startTestServer();
  orgId = (await createOrg({ kind: "BANK" })).id;
  const o = await createUser({ orgId, role: "OWNER" });
  const m = await createUser({ orgId, role: "MEMBER" });
  const s = await createUser({ kind: "BANK", role: "OWNER" });
  owner = await signedIn(o.user.id, orgId);
  member = await signedIn(m.user.id, orgId);
  stranger = await signedIn(s.user.id, s.orgId);
});

describe("/org/api-keys", () => {
  it("sends anonymous visitors to log in", async () => {
    const res = await server.client().get("/org/api-keys");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("lets the owner create a key, shown once, that then works against the API", async () => {
    const page = await owner.get("/org/api-keys");
    expect(page.status).toBe(200);

    const res = await owner.postForm("/org/api-keys", { intent: "create", name: "信贷审批系统" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const html = await res.text();
    expect(html).toContain('class="secret"');
    const key = keyIn(html);
    expect(key).toMatch(API_KEY_PATTERN);

    const row = await db.apiKey.findUniqueOrThrow({ where: { hash: hashApiKey(key!) } });
    expect(row).toMatchObject({ orgId, name: "信贷审批系统", prefix: key!.slice(0, 12), revokedAt: null });
    expect(await db.auditEvent.count({ where: { entityId: row.id, action: "apikey.created" } })).toBe(1);

    // Listed by name and prefix afterwards; the secret is never shown again.
    const again = await (await owner.get("/org/api-keys")).text();
    expect(again).toContain("信贷审批系统");
    expect(again).toContain(row.prefix);
    expect(keyIn(again)).toBeNull();

    const me = await server.fetch("/api/v1/me", { headers: { Authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    expect((await me.json()).org.id).toBe(orgId);
  });

  it("shows the field error for an empty name and creates nothing", async () => {
    const before = await db.apiKey.count({ where: { orgId } });
    const res = await owner.postForm("/org/api-keys", { intent: "create", name: "  " });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请填写密钥名称");
    expect(html).toContain('aria-invalid="true"');
    expect(await db.apiKey.count({ where: { orgId } })).toBe(before);
  });

  it("lets the owner revoke a key, after which it is refused", async () => {
    const { key, apiKey } = await createApiKey(systemActor(), { orgId, name: "to revoke" });
    const res = await owner.postForm("/org/api-keys", { intent: "revoke", apiKeyId: apiKey.id });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/org/api-keys?revoked=1");
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).revokedAt).toBeInstanceOf(Date);
    expect((await server.fetch("/api/v1/me", { headers: { Authorization: `Bearer ${key}` } })).status).toBe(401);

    // Revoking twice changes nothing and audits once.
    expect((await owner.postForm("/org/api-keys", { intent: "revoke", apiKeyId: apiKey.id })).status).toBe(302);
    expect(await db.auditEvent.count({ where: { entityId: apiKey.id, action: "apikey.revoked" } })).toBe(1);
  });

  it("is forbidden to members: no list, no create, no revoke", async () => {
    const { apiKey } = await createApiKey(systemActor(), { orgId, name: "member cannot touch" });
    const before = await db.apiKey.count({ where: { orgId } });
    expect((await member.get("/org/api-keys")).status).toBe(403);
    expect((await member.postForm("/org/api-keys", { intent: "create", name: "sneaky" })).status).toBe(403);
    expect((await member.postForm("/org/api-keys", { intent: "revoke", apiKeyId: apiKey.id })).status).toBe(403);
    expect(await db.apiKey.count({ where: { orgId } })).toBe(before);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).revokedAt).toBeNull();
  });

  it("does not let another org's owner revoke this org's key", async () => {
    const { apiKey } = await createApiKey(systemActor(), { orgId, name: "not yours" });
    expect((await stranger.postForm("/org/api-keys", { intent: "revoke", apiKeyId: apiKey.id })).status).toBe(404);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).revokedAt).toBeNull();
    const theirs = await (await stranger.get("/org/api-keys")).text();
    expect(theirs).not.toContain("not yours");
  });
});
