import { afterEach, describe, expect, it } from "vitest";
import { nowMs, pinClock } from "~/domain/shared/clock";
import { db } from "~/utils/db.server";
import { createUser, TEST_PASSWORD } from "../../test/factories";
import { startTestServer } from "../../test/setup/http";

const server = await startTestServer();
const MAX = Number(process.env.LOGIN_MAX_ATTEMPTS); // 5, set by test/setup/integration.ts
const MAX_PER_IP = Number(process.env.LOGIN_MAX_ATTEMPTS_PER_IP); // 8: an address gets more room than an account
const LOCK = Number(process.env.LOGIN_LOCK_SECONDS ?? 60); // the first wait of a pair, in seconds

const clockRestores: (() => void)[] = [];
afterEach(() => {
  while (clockRestores.length) clockRestores.pop()!();
});

// Each test plays a different client address (the app trusts X-Forwarded-For from
// loopback, like a reverse proxy on the same host), so per-IP counters do not leak
// between tests.
let nextIp = 10;
const fromIp = () => ({ headers: { "X-Forwarded-For": `198.51.100.${nextIp++}` } });

describe("log in", () => {
  it("signs in, honours a same-site redirectTo and refuses an open redirect", async () => {
    const { user } = await createUser();
    const ip = fromIp();
    const client = server.client();
    const res = await client.postForm("/login", { email: user.email.toUpperCase(), password: TEST_PASSWORD, redirectTo: "/org/members" }, ip);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/org/members");
    expect(client.cookies.has("__ipb_session")).toBe(true);
    expect((await client.get("/home")).status).toBe(200);

    const evil = await server.client().postForm("/login", { email: user.email, password: TEST_PASSWORD, redirectTo: "//evil.example/x" }, ip);
    expect(evil.headers.get("location")).toBe("/home");
  });

  it("sends visitors of a private page to the login page and back", async () => {
    const res = await server.client().get("/home");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fhome");
    const page = await server.client().get("/login?redirectTo=%2Forg%2Fmembers");
    expect(await page.text()).toContain('name="redirectTo" value="/org/members"');
  });

  it("gives the same generic error for an unknown account and a wrong password", async () => {
    const { user } = await createUser();
    const ip = fromIp();
    const unknown = await server.client().postForm("/login", { email: "nobody@example.cn", password: "whatever-123" }, ip);
    const wrong = await server.client().postForm("/login", { email: user.email, password: "wrong-password" }, ip);
    expect(unknown.status).toBe(400);
    expect(wrong.status).toBe(400);
    expect(await unknown.text()).toContain("邮箱或密码不正确");
    expect(await wrong.text()).toContain("邮箱或密码不正确");
  });

  it(`makes an (account, address) pair that failed ${MAX} times wait, doubling each time, without locking the owner out`, async () => {
    const { user } = await createUser();
    const attacker = fromIp();
    const owner = fromIp();
    for (let i = 0; i < MAX; i++) {
      const res = await server.client().postForm("/login", { email: user.email, password: `wrong-${i}-password` }, attacker);
      expect(res.status, `attempt ${i + 1}`).toBe(400);
    }
    // The attacking pair is refused, even with the right password…
    const client = server.client();
    const refused = await client.postForm("/login", { email: user.email, password: TEST_PASSWORD }, attacker);
    expect(refused.status).toBe(429);
    const firstWait = Number(refused.headers.get("retry-after"));
    expect(firstWait).toBeGreaterThan(0);
    expect(firstWait).toBeLessThanOrEqual(LOCK);
    const html = await refused.text();
    expect(html).toContain("登录失败次数过多");
    expect(html).toMatch(/请在 \d+ 分钟后（北京时间 \d{4}-\d\d-\d\d \d\d:\d\d 以后）再试/);
    expect(client.cookies.has("__ipb_session")).toBe(false);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);

    // …while the owner, from another address, signs in at once (no targeted lockout).
    expect((await server.client().postForm("/login", { email: user.email, password: TEST_PASSWORD }, owner)).status).toBe(302);

    // Each failure after a wait doubles the next wait. Time moves by the clock, not by waiting.
    let wait = firstWait;
    let expected = LOCK;
    for (let round = 0; round < 2; round++) {
      clockRestores.push(pinClock(new Date(nowMs() + (wait + 1) * 1000)));
      expect((await server.client().postForm("/login", { email: user.email, password: "wrong-again-password" }, attacker)).status).toBe(400);
      const again = await server.client().postForm("/login", { email: user.email, password: TEST_PASSWORD }, attacker);
      expect(again.status).toBe(429);
      const next = Number(again.headers.get("retry-after"));
      expected *= 2;
      expect(next, `round ${round + 1}`).toBeGreaterThan(expected / 2);
      expect(next, `round ${round + 1}`).toBeLessThanOrEqual(expected);
      wait = next;
    }
    // The owner is still not affected.
    expect((await server.client().postForm("/login", { email: user.email, password: TEST_PASSWORD }, owner)).status).toBe(302);
  });

  it("clears the pair's failures after a successful login from that address", async () => {
    const { user } = await createUser();
    const ip = fromIp();
    for (let i = 0; i < MAX - 1; i++) await server.client().postForm("/login", { email: user.email, password: "wrong-password" }, ip);
    expect((await server.client().postForm("/login", { email: user.email, password: TEST_PASSWORD }, ip)).status).toBe(302);
    // Uncleared, the pair would reach MAX failures here and wait (the address's own limit, MAX_PER_IP, is not reached).
    for (let i = 0; i < 2; i++) {
      expect((await server.client().postForm("/login", { email: user.email, password: "wrong-password" }, ip)).status).toBe(400);
    }
    expect((await server.client().postForm("/login", { email: user.email, password: TEST_PASSWORD }, ip)).status).toBe(302);
  });

  it("does not lock an account for everyone: failures spread over many addresses lock none of them", async () => {
    const { user } = await createUser();
    for (let i = 0; i < MAX * 2; i++) {
      expect((await server.client().postForm("/login", { email: user.email, password: "wrong-password" }, fromIp())).status).toBe(400);
    }
    expect((await server.client().postForm("/login", { email: user.email, password: TEST_PASSWORD }, fromIp())).status).toBe(302);
  });

  it("limits one address guessing across many accounts", async () => {
    const ip = fromIp();
    expect(MAX_PER_IP).toBeGreaterThan(MAX);
    for (let i = 0; i < MAX_PER_IP; i++) {
      const { user } = await createUser();
      expect((await server.client().postForm("/login", { email: user.email, password: "wrong-password" }, ip)).status).toBe(400);
    }
    const { user } = await createUser();
    const blocked = await server.client().postForm("/login", { email: user.email, password: TEST_PASSWORD }, ip);
    expect(blocked.status).toBe(429);
    // The same account from another address is fine: its own counter is clean.
    expect((await server.client().postForm("/login", { email: user.email, password: TEST_PASSWORD }, fromIp())).status).toBe(302);
  });

  it("keeps its counters under REDIS_PREFIX, without e-mail addresses in the keys", async () => {
    const { getReadyRedis } = await import("~/utils/redis.server");
    const redis = await getReadyRedis();
    const keys = await redis.keys(`${process.env.REDIS_PREFIX}:ratelimit:login*`);
    expect(keys.some((k) => k.includes(":ratelimit:login:"))).toBe(true);
    expect(keys.some((k) => k.includes(":ratelimit:login-pair:"))).toBe(true);
    expect(keys.join()).not.toMatch(/@/);
  });

  it("logs out: the session is deleted and the old cookie no longer works", async () => {
    const { user } = await createUser();
    const client = server.client();
    await client.postForm("/login", { email: user.email, password: TEST_PASSWORD }, fromIp());
    const stolen = client.cookies.get("__ipb_session")!;
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);

    const res = await client.postForm("/logout", {});
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    expect(client.cookies.has("__ipb_session")).toBe(false);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);

    const replay = await server.fetch("/home", { headers: { Cookie: `__ipb_session=${stolen}` } });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toMatch(/^\/login/);
  });

  it("refuses a cross-site logout or login post", async () => {
    const res = await server.client().postForm("/logout", {}, { headers: { Origin: "https://evil.example" } });
    expect(res.status).toBe(403);
  });
});

describe("language switch", () => {
  it("sets the ipb_lang cookie for a year and goes back", async () => {
    const client = server.client();
    const res = await client.postForm("/set-locale", { locale: "en", redirectTo: "/login" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^ipb_lang=en;/);
    expect(cookie).toMatch(/Max-Age=31536000/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const page = await client.get("/login");
    expect(await page.text()).toContain("Log in to IP Bridge");
  });

  it("refuses unknown locales and off-site redirects", async () => {
    expect((await server.client().postForm("/set-locale", { locale: "fr" })).status).toBe(400);
    const res = await server.client().postForm("/set-locale", { locale: "zh-CN", redirectTo: "https://evil.example" });
    expect(res.headers.get("location")).toBe("/");
  });

  it("remembers the choice on the account and restores it at the next login", async () => {
    const { user } = await createUser();
    const client = server.client();
    await client.postForm("/login", { email: user.email, password: TEST_PASSWORD }, fromIp());
    await client.postForm("/set-locale", { locale: "en", redirectTo: "/home" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBe("en");

    const elsewhere = server.client();
    const res = await elsewhere.postForm("/login", { email: user.email, password: TEST_PASSWORD }, fromIp());
    expect(res.headers.getSetCookie().some((c) => c.startsWith("ipb_lang=en"))).toBe(true);
    expect(await (await elsewhere.get("/home")).text()).toContain("SME workbench");
  });

  it("keeps a language chosen before signing in, and remembers it on the account", async () => {
    const { user } = await createUser();
    const client = server.client();
    await client.postForm("/set-locale", { locale: "en", redirectTo: "/login" });
    const res = await client.postForm("/login", { email: user.email, password: TEST_PASSWORD }, fromIp());
    expect(res.headers.getSetCookie().some((c) => c.startsWith("ipb_lang="))).toBe(false);
    expect(await (await client.get("/home")).text()).toContain("SME workbench");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBe("en");
  });
});
