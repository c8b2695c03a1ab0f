import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { createUser } from "../../test/factories";
import { startTestServer, type TestClient } from "../../test/setup/http";
import { nextAddress, signedInUser } from "../../test/fixtures/page-sessions";

const server = await startTestServer();

const signIn = (over: Parameters<typeof createUser>[0] = {}) => signedInUser(server, over);

async function invite(client: TestClient, email: string, role = "MEMBER") {
  const res = await client.postForm("/org/members", { email, role });
  const html = await res.text();
  const token = html.match(/\/invite\/([A-Za-z0-9_-]{43})/)?.[1];
  return { res, html, token };
}

describe("members and invitations", () => {
  it("an owner invites by e-mail; the invitee creates an account through the link and joins", async () => {
    const owner = await signIn({ kind: "SME" });
    const { res, token } = await invite(owner.client, "New.Colleague@Example.CN");
    expect(res.status).toBe(200);
    expect(token).toBeTruthy();
    const stored = await db.invitation.findFirstOrThrow({ where: { orgId: owner.orgId } });
    expect(stored.email).toBe("new.colleague@example.cn");
    expect(stored.tokenHash).not.toContain(token!); // only the hash is kept
    expect(await db.outboxMessage.count()).toBe(0); // no account yet, nobody to notify in-app

    const listing = await (await owner.client.get("/org/members")).text();
    expect(listing).toContain("new.colleague@example.cn");

    const invitee = server.client();
    const page = await invitee.get(`/invite/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("创建账号并加入");

    const weak = await invitee.postForm(`/invite/${token}`, { intent: "register", name: "李同事", password: "short" });
    expect(weak.status).toBe(400);
    const common = await invitee.postForm(`/invite/${token}`, { intent: "register", name: "李同事", password: "1q2w3e4r5t" });
    expect(common.status).toBe(400);
    expect(await common.text()).toContain("这个密码太常见");
    const joined = await invitee.postForm(`/invite/${token}`, { intent: "register", name: "李同事", password: "qinling-2026" });
    expect(joined.status).toBe(302);
    expect(joined.headers.get("location")).toBe("/home");

    const user = await db.user.findUniqueOrThrow({ where: { email: "new.colleague@example.cn" }, include: { memberships: true } });
    expect(user.memberships).toMatchObject([{ orgId: owner.orgId, role: "MEMBER" }]);
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "membership.joined" } })).toMatchObject({ actorUserId: user.id, orgId: owner.orgId });
    expect((await db.invitation.findUniqueOrThrow({ where: { id: stored.id } })).acceptedAt).not.toBeNull();
    expect(await (await invitee.get("/org/members")).text()).toContain("李同事");

    // The link works once.
    const reused = await server.client().get(`/invite/${token}`);
    expect(reused.status).toBe(404);
    expect(await reused.text()).toContain("邀请链接无效或已过期");
    expect((await server.client().postForm(`/invite/${token}`, { intent: "register", name: "又一人", password: "qinling-2026" })).status).toBe(404);
  });

  it("someone with an account is notified, signs in and joins; their session moves to the new org", async () => {
    const owner = await signIn({ kind: "UNIVERSITY" });
    const other = await signIn({ kind: "SME" });
    const { token } = await invite(owner.client, other.user.email, "OWNER");
    const outbox = await db.outboxMessage.findMany({ where: { jobName: "notifications.deliver" } });
    expect(outbox.map((o) => o.payload)).toContainEqual(expect.objectContaining({ userIds: [other.user.id], kind: "invitation", link: `/invite/${token}` }));

    const anonymous = await (await server.client().get(`/invite/${token}`)).text();
    expect(anonymous).toContain("登录并接受邀请");

    const wrongPerson = await signIn({ kind: "SME" });
    expect(await (await wrongPerson.client.get(`/invite/${token}`)).text()).toContain("此邀请发给");
    expect((await wrongPerson.client.postForm(`/invite/${token}`, { intent: "join" })).status).toBe(403);

    const res = await other.client.postForm(`/invite/${token}`, { intent: "join" });
    expect(res.status).toBe(302);
    expect(await db.membership.findUnique({ where: { userId_orgId: { userId: other.user.id, orgId: owner.orgId } } })).toMatchObject({ role: "OWNER" });
    expect(await (await other.client.get("/home")).text()).toContain('data-testid="home-UNIVERSITY"');
    const sessions = await db.session.findMany({ where: { userId: other.user.id } });
    expect(sessions.map((s) => s.orgId)).toEqual([owner.orgId]);
  });

  it("refuses to invite someone who is already a member, or to let a MEMBER invite", async () => {
    const owner = await signIn({ kind: "SME" });
    const member = await createUser({ orgId: owner.orgId, role: "MEMBER" });
    const dup = await invite(owner.client, member.user.email);
    expect(dup.res.status).toBe(400);
    expect(dup.html).toContain("该用户已是本机构成员");

    const asMember = server.client();
    await asMember.postForm("/login", { email: member.user.email, password: member.password }, nextAddress());
    const page = await (await asMember.get("/org/members")).text();
    expect(page).not.toContain("生成邀请");
    expect((await asMember.postForm("/org/members", { email: "x@example.cn", role: "MEMBER" })).status).toBe(403);
    expect(await db.invitation.count({ where: { orgId: owner.orgId } })).toBe(0);
  });

  it("an SME user of org A cannot see org B's members", async () => {
    const a = await signIn({ kind: "SME" });
    const b = await createUser({ kind: "SME", name: "乙方负责人" });
    const res = await a.client.get(`/org/members?orgId=${b.orgId}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(b.user.email);
    const own = await a.client.get("/org/members");
    expect(own.status).toBe(200);
    expect(await own.text()).not.toContain(b.user.email);
    // A platform operator may look.
    const operator = await signIn({ kind: "PLATFORM" });
    expect(await (await operator.client.get(`/org/members?orgId=${b.orgId}`)).text()).toContain(b.user.email);
  });

  it("a pending org may list its members but invites only once approved", async () => {
    const owner = await signIn({ kind: "BANK", status: "PENDING" });
    const page = await owner.client.get("/org/members");
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("生成邀请");
    expect((await invite(owner.client, "teller@example.cn")).res.status).toBe(403);
  });

  it("answers a malformed or unknown token with a friendly 404", async () => {
    expect((await server.client().get("/invite/not-a-token")).status).toBe(404);
    expect((await server.client().get(`/invite/${"A".repeat(43)}`)).status).toBe(404);
  });
});
