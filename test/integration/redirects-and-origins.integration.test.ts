import { beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/domain/identity/sessions.server";
import { sessionSetCookie } from "~/utils/session.server";
import { createUser } from "../factories";
import { startTestServer, type TestServer } from "../setup/http";

/** Issue 13 §2: open redirects (login, set-locale, logout) and the cross-site check. */

let server: TestServer;
let user: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  server = await startTestServer();
  user = await createUser({ kind: "SME" });
});

const cookieOf = async () => (await sessionSetCookie((await createSession({ userId: user.user.id, orgId: user.orgId })).id)).split(";")[0];

const EVIL = ["/\t/evil.test/phish", "//evil.test/phish", "/\\evil.test/phish", "https://evil.test/phish", "/%09/evil.test", "/.//evil.test", " //evil.test", "javascript:alert(1)"];

/** Where a browser goes with this Location: it must be our own origin. */
function expectOwnOrigin(res: Response) {
  const location = res.headers.get("Location");
  expect(location).not.toBeNull();
  // The URL parser drops tabs and newlines the way Chromium does before resolving.
  expect(new URL(location!, server.url).origin, location!).toBe(server.url);
  return location!;
}

describe("redirect targets from input stay on our origin", () => {
  it("GET /login?redirectTo=… when already logged in", async () => {
    const cookie = await cookieOf();
    for (const to of EVIL) {
      const res = await server.fetch(`/login?redirectTo=${encodeURIComponent(to)}`, { headers: { Cookie: cookie } });
      expect(res.status).toBe(302);
      expectOwnOrigin(res);
    }
    const raw = await server.fetch("/login?redirectTo=%2F%09%2Fevil.test%2Fphish", { headers: { Cookie: cookie } });
    expect(raw.headers.get("Location")).toBe("/home");
    const fine = await server.fetch(`/login?redirectTo=${encodeURIComponent("/patents?q=木耳")}`, { headers: { Cookie: cookie } });
    expect(fine.headers.get("Location")).toBe("/patents?q=%E6%9C%A8%E8%80%B3");
  });

  it("POST /login", async () => {
    for (const to of ["/\t/evil.test/phish", "https://evil.test/"]) {
      const res = await server.client().postForm("/login", { email: user.user.email, password: user.password, redirectTo: to });
      expect(res.status).toBe(302);
      expect(expectOwnOrigin(res)).toBe("/home");
    }
    const fine = await server.client().postForm("/login", { email: user.user.email, password: user.password, redirectTo: "/financing" });
    expect(fine.headers.get("Location")).toBe("/financing");
  });

  it("POST /set-locale and POST /logout", async () => {
    for (const to of EVIL) {
      const locale = await server.client().postForm("/set-locale", { locale: "en", redirectTo: to });
      expect(locale.status).toBe(302);
      expectOwnOrigin(locale);
      const logout = await server.client().postForm("/logout", { redirectTo: to }, { headers: { Cookie: await cookieOf() } });
      expect(logout.status).toBe(302);
      expectOwnOrigin(logout);
    }
    const fine = await server.client().postForm("/set-locale", { locale: "en", redirectTo: "/patents" });
    expect(fine.headers.get("Location")).toBe("/patents");
  });
});

/** A raw form POST: the path goes out as written (fetch would resolve "../"). */
const rawPost = async (path: string, headers: Record<string, string>) =>
  (await server.raw("POST", path, { headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body: "locale=en" })).status;

describe("the cross-site check compares whole origins on the normalized path", () => {
  it("refuses another scheme or port of our own host", async () => {
    const url = new URL(server.url);
    const cookie = await cookieOf();
    for (const origin of [`https://${url.host}`, `http://${url.hostname}:${Number(url.port) + 1}`, "null"]) {
      expect(await rawPost("/set-locale", { Origin: origin, Cookie: cookie }), origin).toBe(403);
    }
    expect(await rawPost("/set-locale", { Origin: server.url, Cookie: cookie })).toBe(302);
  });

  it("does not exempt /webhooks/../logout or /api/../set-locale", async () => {
    for (const path of ["/webhooks/../logout", "/webhooks/%2e%2e/logout", "/api/../set-locale", "/api/v1/../../set-locale", "/webhooks/./../set-locale"]) {
      expect(await rawPost(path, { Origin: "https://evil.test" }), path).toBe(403);
    }
  });

  it("the API refuses a cookie write from another scheme of our host", async () => {
    const url = new URL(server.url);
    const res = await server.fetch("/api/v1/needs", {
      method: "POST",
      headers: { Cookie: await cookieOf(), Origin: `https://${url.host}`, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "跨站", description: "不应被接受的跨站写入请求" }),
    });
    expect(res.status).toBe(403);
  });
});
