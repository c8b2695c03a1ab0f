import { QUEUES } from "~/domain/shared/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/domain/identity/sessions.server";
import { closeQueues } from "~/domain/shared/queue-producer.server";
import { sessionSetCookie } from "~/utils/session.server";
import { createUser } from "../test/factories";
import { startTestServer, type TestClient, type TestServer } from "../test/setup/http";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await closeQueues();
});

async function signedInClient(kind: "PLATFORM" | "SME", role: "OWNER" | "MEMBER" = "MEMBER"): Promise<TestClient> {
  const { user, orgId } = await createUser({ kind, role });
  const session = await createSession({ userId: user.id, orgId });
  const [pair] = (await sessionSetCookie(session.id)).split(";");
  const client = server.client();
  const eq = pair.indexOf("=");
  client.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  return client;
}

describe("/admin/queues (Bull Board)", () => {
  it("sends anonymous visitors to the login page", async () => {
    const res = await server.client().get("/admin/queues");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fadmin%2Fqueues");
    const api = await server.client().get("/admin/queues/api/queues");
    expect(api.status).toBe(302);
  });

  it("refuses signed-in users who are not platform operators", async () => {
    const sme = await signedInClient("SME", "OWNER");
    const res = await sme.get("/admin/queues");
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("只有平台运营方可以查看任务队列");
    expect((await sme.get("/admin/queues/api/queues")).status).toBe(403);
  });

  it("shows every queue to a platform operator, with its assets allowed by the CSP", async () => {
    const operator = await signedInClient("PLATFORM");
    const page = await operator.get("/admin/queues");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("知产桥 · 任务队列");
    expect(html).toContain('<base href="/admin/queues/"');
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self'/);

    // Every script the board loads is same-origin, so the default CSP allows it.
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).not.toMatch(/^https?:/);
      const asset = await operator.get(`/admin/queues/${src}`);
      expect(asset.status, src).toBe(200);
    }
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)(?![^>]*type="application\/json")[^>]*>/); // no inline scripts

    const api = await operator.get("/admin/queues/api/queues");
    expect(api.status).toBe(200);
    const body = await api.json<{ queues: { name: string }[] }>();
    expect(body.queues.map((q) => q.name)).toEqual([...QUEUES]);
  });
});
