import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { withUsccCheck } from "~/domain/identity/uscc";
import { createUser, randomUscc } from "../../test/factories";
import { startTestServer } from "../../test/setup/http";

const server = await startTestServer();

// Each test signs up from its own client address (the app trusts X-Forwarded-For from
// loopback, like a reverse proxy on this host), so the per-address limit of one test does
// not reach the next.
let nextIp = 10;
const fromIp = () => ({ headers: { "X-Forwarded-For": `203.0.113.${nextIp++}` } });
const SIGNUP_MAX_PER_IP = Number(process.env.SIGNUP_MAX_PER_IP ?? 10);

function form(over: Record<string, string> = {}) {
  return {
    name: "王秀英",
    email: `wang-${Math.random().toString(36).slice(2, 8)}@example.cn`,
    password: "qinling-2026",
    orgName: "柞水县金米木耳专业合作社",
    orgKind: "SME",
    uscc: randomUscc(),
    town: "下梁镇",
    clusters: "木耳深加工",
    ...over,
  };
}

async function counts() {
  const [users, orgs, memberships, audits, outbox] = await Promise.all([
    db.user.count(),
    db.organization.count(),
    db.membership.count(),
    db.auditEvent.count(),
    db.outboxMessage.count(),
  ]);
  return { users, orgs, memberships, audits, outbox };
}

describe("sign-up", () => {
  it("shows the form with every county town and cluster, and no PLATFORM option", async () => {
    const res = await server.client().get("/signup");
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const town of ["乾佑街道", "营盘镇", "下梁镇", "红岩寺镇", "曹坪镇", "杏坪镇", "瓦房口镇", "凤凰镇", "小岭镇"]) expect(html).toContain(town);
    for (const c of ["秦岭医药", "木耳深加工", "旅游康养", "新型材料", "绿色食品"]) expect(html).toContain(c);
    expect(html).toContain('value="BANK"');
    expect(html).not.toContain('value="PLATFORM"');
  });

  it("creates a PENDING org with its OWNER, audits it, tells platform operators and the owner, who then logs in", async () => {
    const operator = await createUser({ kind: "PLATFORM" });
    await createUser({ kind: "PLATFORM", status: "SUSPENDED" }); // not told: their org is not active
    const client = server.client();
    const fields = form({ email: "Wang.XiuYing@Example.CN" });
    const res = await client.postForm("/signup", fields, fromIp());
    expect(res.status).toBe(200);
    const answer = await res.text();
    expect(answer).toContain("注册申请已提交");
    expect(answer).toContain("wang.xiuying@example.cn");
    // Not signed in by the answer: it must look the same when the e-mail is taken.
    expect(client.cookies.has("__ipb_session")).toBe(false);

    const user = await db.user.findUniqueOrThrow({ where: { email: "wang.xiuying@example.cn" }, include: { memberships: { include: { org: true } } } });
    expect(user.passwordHash).not.toContain(fields.password);
    expect(user.memberships).toHaveLength(1);
    const { org, role } = user.memberships[0];
    expect(role).toBe("OWNER");
    expect(org).toMatchObject({ name: "柞水县金米木耳专业合作社", kind: "SME", status: "PENDING", uscc: fields.uscc, county: "柞水县", town: "下梁镇", clusters: ["木耳深加工"], isDemo: false });

    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: org.id } });
    expect(audit).toMatchObject({ action: "org.registered", actorUserId: user.id, orgId: org.id, toState: "PENDING" });
    const outbox = await db.outboxMessage.findMany({ where: { jobName: "notifications.deliver" } });
    expect(outbox.map((o) => o.payload)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userIds: [operator.user.id], title: "新机构待审核", link: "/admin/orgs?status=PENDING" }),
        expect.objectContaining({ userIds: [user.id], kind: "signup.received", title: "机构注册已提交" }),
      ]),
    );

    expect((await client.postForm("/login", { email: fields.email, password: fields.password }, fromIp())).status).toBe(302);
    const home = await client.get("/home");
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('data-testid="home-SME"');
    expect(html).toContain("中小企业工作台");
    expect(html).toContain("待平台审核");
  });

  it("rejects an invalid USCC with a Chinese field error and writes nothing", async () => {
    const before = await counts();
    const bad = withUsccCheck("91611033MA7QB0777").slice(0, 17) + "Z";
    const res = await server.client().postForm("/signup", form({ uscc: bad }), fromIp());
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/统一社会信用代码含有无效字符/);
    expect(html).toMatch(/aria-invalid="true"/);
    expect(await counts()).toEqual(before);
  });

  it("answers a taken e-mail or USCC exactly as a new sign-up, creates nothing and tells the existing owner", async () => {
    const { user } = await createUser();
    const { user: owner, orgId } = await createUser();
    const org = await db.organization.findUniqueOrThrow({ where: { id: orgId } });
    const answerFor = async (fields: Record<string, string>) => {
      const client = server.client();
      const res = await client.postForm("/signup", fields, fromIp());
      expect(client.cookies.has("__ipb_session")).toBe(false);
      // Compared whole, less the address echoed back and the per-response CSP nonce.
      const html = (await res.text()).replaceAll(fields.email.toLowerCase(), "<email>").replace(/nonce="[^"]*"/g, 'nonce=""');
      return { status: res.status, html };
    };
    const fresh = await answerFor(form());
    const before = await counts();

    const dupEmail = await answerFor(form({ email: user.email.toUpperCase() }));
    const dupUscc = await answerFor(form({ uscc: org.uscc.toLowerCase() }));
    expect(fresh.status).toBe(200);
    expect(dupEmail).toEqual(fresh);
    expect(dupUscc).toEqual(fresh);
    expect(fresh.html).not.toContain("已注册，请直接登录");

    const after = await counts();
    expect({ ...after, outbox: 0 }).toEqual({ ...before, outbox: 0 });
    // "The rest by e-mail": a notification (in-app, and e-mail when SMTP is set) to the account's owner…
    const told = await db.outboxMessage.findMany({ where: { jobName: "notifications.deliver" } });
    const payloads = told.map((o) => o.payload as { userIds: string[]; kind: string; body: string });
    expect(payloads).toEqual(expect.arrayContaining([expect.objectContaining({ userIds: [user.id], kind: "signup.emailTaken" })]));
    // …and to the owners of the org whose USCC was given, naming who tried.
    const usccNotice = payloads.find((p) => p.kind === "signup.usccTaken");
    expect(usccNotice?.userIds).toEqual([owner.id]);
    expect(usccNotice?.body).toContain("@example.cn");
  });

  it("refuses a common password at its field, and one containing the e-mail or the organization's name", async () => {
    const before = await counts();
    const common = await server.client().postForm("/signup", form({ password: "1234567890" }), fromIp());
    expect(common.status).toBe(400);
    const commonHtml = await common.text();
    expect(commonHtml).toContain("这个密码太常见");
    expect(commonHtml).toMatch(/aria-invalid="true"/);
    expect(commonHtml).not.toContain("1234567890");

    const upper = await server.client().postForm("/signup", form({ password: "QWERTYUIOP" }), fromIp());
    expect(await upper.text()).toContain("这个密码太常见");

    const withEmail = await server.client().postForm("/signup", form({ email: "zhangwei88@example.cn", password: "ZhangWei88-secret" }), fromIp());
    expect(withEmail.status).toBe(400);
    expect(await withEmail.text()).toContain("密码不能包含邮箱地址");

    const withOrg = await server.client().postForm("/signup", form({ orgName: "秦岭中药材公司", password: "秦岭中药材公司2026" }), fromIp());
    expect(withOrg.status).toBe(400);
    expect(await withOrg.text()).toContain("密码不能包含机构名称");

    expect(await counts()).toEqual(before);
  });

  it(`limits sign-ups per client address (${SIGNUP_MAX_PER_IP} per window), whatever their outcome`, async () => {
    const ip = fromIp();
    for (let i = 0; i < SIGNUP_MAX_PER_IP; i++) {
      // Cheap attempts (refused at the password) count as much as successful ones.
      const res = await server.client().postForm("/signup", form({ password: "1234567890" }), ip);
      expect(res.status, `attempt ${i + 1}`).toBe(400);
    }
    const before = await counts();
    const blocked = await server.client().postForm("/signup", form(), ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await blocked.text()).toContain("注册尝试过于频繁");
    expect(await counts()).toEqual(before);
    // Another address is not affected.
    expect((await server.client().postForm("/signup", form(), fromIp())).status).toBe(200);
  });

  it("validates every field server-side (short password, PLATFORM kind, unknown town)", async () => {
    const before = await counts();
    const res = await server.client().postForm("/signup", form({ password: "123456789", orgKind: "PLATFORM", town: "长安区" }), fromIp());
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("密码至少 10 位");
    expect(html).toContain("请选择机构类型");
    expect(html).toContain("请从列表中选择本县的镇（街道）");
    expect(html).not.toContain("123456789"); // the password is never echoed back
    expect(await counts()).toEqual(before);
  });

  it("sends signed-in people from /signup and / to their home", async () => {
    const { user, password } = await createUser();
    const client = server.client();
    expect((await client.postForm("/login", { email: user.email, password })).status).toBe(302);
    expect((await client.get("/signup")).headers.get("location")).toBe("/home");
    expect((await client.get("/")).headers.get("location")).toBe("/home");
  });
});
