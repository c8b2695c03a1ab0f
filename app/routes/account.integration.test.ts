import { afterEach, describe, expect, it } from "vitest";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { systemActor } from "~/domain/shared/actor";
import { nowMs, pinClock } from "~/domain/shared/clock";
import { db } from "~/utils/db.server";
import { createUser, TEST_PASSWORD } from "../../test/factories";
import { startTestServer, type TestClient } from "../../test/setup/http";

const server = await startTestServer();

let nextIp = 10;
const fromIp = () => ({ headers: { "X-Forwarded-For": `192.0.2.${nextIp++}` } });

// Time moves by the application clock (the server runs in this process), never by waiting.
const clockRestores: (() => void)[] = [];
afterEach(() => {
  while (clockRestores.length) clockRestores.pop()!();
});
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const advance = (ms: number) => clockRestores.push(pinClock(new Date(nowMs() + ms)));

async function signedIn(kind: "BANK" | "INSURER" | "SME") {
  const { user } = await createUser({ kind });
  const client = server.client();
  const res = await client.postForm("/login", { email: user.email, password: TEST_PASSWORD }, fromIp());
  expect(res.status).toBe(302);
  return { user, client };
}

const isSignedIn = async (client: TestClient) => (await client.get("/home")).status === 200;

describe("idle sessions", () => {
  it("ends a bank member's session after 8 hours unused, counting from its last use", async () => {
    const { user, client } = await signedIn("BANK");
    advance(7 * HOUR);
    expect(await isSignedIn(client)).toBe(true); // used: the idle time starts again
    advance(7 * HOUR + 50 * MINUTE);
    expect(await isSignedIn(client)).toBe(true);
    advance(8 * HOUR + MINUTE);
    const res = await client.get("/home");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0); // gone, not just refused
  });

  it("gives an SME member 7 days", async () => {
    const { client } = await signedIn("SME");
    advance(6 * DAY);
    expect(await isSignedIn(client)).toBe(true);
    advance(7 * DAY - HOUR);
    expect(await isSignedIn(client)).toBe(true);
    advance(7 * DAY + MINUTE);
    expect(await isSignedIn(client)).toBe(false);
  });

  it("records last use at a bounded rate, not on every request", async () => {
    const { user, client } = await signedIn("INSURER");
    const lastSeen = async () => (await db.session.findFirstOrThrow({ where: { userId: user.id } })).lastSeenAt.getTime();
    const first = await lastSeen();
    advance(MINUTE);
    await client.get("/home");
    await client.get("/notifications");
    expect(await lastSeen()).toBe(first);
    advance(10 * MINUTE);
    await client.get("/home");
    expect(await lastSeen()).toBeGreaterThan(first + 10 * MINUTE);
  });
});

describe("log out everywhere", () => {
  it("ends every session of the user from the account page, and audits it", async () => {
    const { user, client: laptop } = await signedIn("SME");
    const phone = server.client();
    expect((await phone.postForm("/login", { email: user.email, password: TEST_PASSWORD }, fromIp())).status).toBe(302);
    const other = await signedIn("SME"); // someone else's session is not touched

    const page = await laptop.get("/account");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("账户与安全");
    expect(html).toContain("退出所有设备");
    expect(html.match(/<tr>/g)?.length).toBe(3); // header + two sessions

    const res = await laptop.postForm("/account", { intent: "logout-everywhere" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login");
    expect(laptop.cookies.has("__ipb_session")).toBe(false);
    expect(await isSignedIn(phone)).toBe(false);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await isSignedIn(other.client)).toBe(true);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "user.sessions-ended", entityId: user.id } });
    expect(audit.data).toEqual({ sessions: 2 });
  });

  it("refuses an unknown intent and a signed-out or cross-site post", async () => {
    const { client } = await signedIn("SME");
    expect((await client.postForm("/account", { intent: "nothing" })).status).toBe(400);
    expect(await isSignedIn(client)).toBe(true);
    const anonymous = await server.client().postForm("/account", { intent: "logout-everywhere" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
    expect((await client.postForm("/account", { intent: "logout-everywhere" }, { headers: { Origin: "https://evil.example" } })).status).toBe(403);
    expect(await isSignedIn(client)).toBe(true);
  });
});

describe("response headers", () => {
  it("answers a signed-in page and an API key's request with no-store, a public page without it, and every one with a Permissions-Policy", async () => {
    const { client, user } = await signedIn("SME");
    const home = await client.get("/home");
    expect(home.headers.get("cache-control")).toBe("no-store");

    const membership = await db.membership.findFirstOrThrow({ where: { userId: user.id } });
    const { key } = await createApiKey(systemActor(), { orgId: membership.orgId, name: "headers" });
    const api = await server.fetch("/api/v1/me", { headers: { Authorization: `Bearer ${key}` } });
    expect(api.status).toBe(200);
    expect(api.headers.get("cache-control")).toBe("no-store");

    const publicPage = await server.fetch("/login");
    expect(publicPage.status).toBe(200);
    expect(publicPage.headers.get("cache-control") ?? "").not.toContain("no-store");

    for (const res of [home, api, publicPage]) {
      const policy = res.headers.get("permissions-policy") ?? "";
      for (const feature of ["camera=()", "microphone=()", "geolocation=()", "payment=()"]) expect(policy).toContain(feature);
    }
  });
});
