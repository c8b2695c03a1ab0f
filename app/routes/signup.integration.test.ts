import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { withUsccCheck } from "~/domain/identity/uscc";
import { createOrg, createUser, randomUscc } from "../../test/factories";
import { startTestServer } from "../../test/setup/http";

const server = await startTestServer();

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

  it("creates a PENDING org with its OWNER, audits it, tells platform operators and signs the person in", async () => {
    const operator = await createUser({ kind: "PLATFORM" });
    await createUser({ kind: "PLATFORM", status: "SUSPENDED" }); // not told: their org is not active
    const client = server.client();
    const fields = form({ email: "Wang.XiuYing@Example.CN" });
    const res = await client.postForm("/signup", fields);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/home");

    const user = await db.user.findUniqueOrThrow({ where: { email: "wang.xiuying@example.cn" }, include: { memberships: { include: { org: true } } } });
    expect(user.passwordHash).not.toContain(fields.password);
    expect(user.memberships).toHaveLength(1);
    const { org, role } = user.memberships[0];
    expect(role).toBe("OWNER");
    expect(org).toMatchObject({ name: "柞水县金米木耳专业合作社", kind: "SME", status: "PENDING", uscc: fields.uscc, county: "柞水县", town: "下梁镇", clusters: ["木耳深加工"], isDemo: false });

    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: org.id } });
    expect(audit).toMatchObject({ action: "org.registered", actorUserId: user.id, orgId: org.id, toState: "PENDING" });
    const outbox = await db.outboxMessage.findFirstOrThrow({ where: { jobName: "notifications.deliver" } });
    expect(outbox.payload).toMatchObject({ userIds: [operator.user.id], title: "新机构待审核", link: "/admin/orgs?status=PENDING" });

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
    const res = await server.client().postForm("/signup", form({ uscc: bad }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/统一社会信用代码含有无效字符/);
    expect(html).toMatch(/aria-invalid="true"/);
    expect(await counts()).toEqual(before);
  });

  it("rejects a duplicate e-mail or USCC as field errors and writes nothing", async () => {
    const { user } = await createUser();
    const org = await createOrg();
    const before = await counts();

    const dupEmail = await server.client().postForm("/signup", form({ email: user.email.toUpperCase() }));
    expect(dupEmail.status).toBe(400);
    expect(await dupEmail.text()).toContain("该邮箱已注册，请直接登录");

    const dupUscc = await server.client().postForm("/signup", form({ uscc: org.uscc.toLowerCase() }));
    expect(dupUscc.status).toBe(400);
    expect(await dupUscc.text()).toContain("该统一社会信用代码已有机构注册");

    expect(await counts()).toEqual(before);
  });

  it("validates every field server-side (short password, PLATFORM kind, unknown town)", async () => {
    const before = await counts();
    const res = await server.client().postForm("/signup", form({ password: "123456789", orgKind: "PLATFORM", town: "长安区" }));
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
