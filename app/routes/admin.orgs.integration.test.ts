import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { createOrg, createUser } from "../../test/factories";
import { startTestServer, type TestClient } from "../../test/setup/http";
import { signedInUser } from "../../test/fixtures/page-sessions";

const server = await startTestServer();

const signIn = (over: Parameters<typeof createUser>[0] = {}) => signedInUser(server, over);

async function review(client: TestClient, orgId: string, intent: "activate" | "suspend", reason = "") {
  const { version } = await db.organization.findUniqueOrThrow({ where: { id: orgId } });
  return client.postForm("/admin/orgs", { intent, orgId, version: String(version), reason });
}

describe("platform review of organizations", () => {
  it("activates a pending org: status, audit event and a notification to its members, in one go", async () => {
    const { client, user: operator } = await signIn({ kind: "PLATFORM" });
    const owner = await createUser({ kind: "SME", status: "PENDING" });
    const colleague = await createUser({ orgId: owner.orgId, role: "MEMBER" });

    const page = await client.get("/admin/orgs?status=PENDING");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("通过审核");
    expect(html).toContain("驳回");

    const res = await review(client, owner.orgId, "activate");
    expect(res.status).toBe(200);

    const org = await db.organization.findUniqueOrThrow({ where: { id: owner.orgId } });
    expect(org.status).toBe("ACTIVE");
    expect(org.version).toBe(2);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: org.id, action: "org.activated" } });
    expect(audit).toMatchObject({ actorUserId: operator.id, fromState: "PENDING", toState: "ACTIVE", orgId: org.id });
    const outbox = await db.outboxMessage.findFirstOrThrow({ where: { jobName: "notifications.deliver" } });
    const payload = outbox.payload as { userIds: string[]; title: string; orgId: string };
    expect(payload.title).toBe("您的机构已通过审核");
    expect(payload.orgId).toBe(org.id);
    expect(payload.userIds.sort()).toEqual([owner.user.id, colleague.user.id].sort());
  });

  it("suspends only with a reason, and records it", async () => {
    const { client } = await signIn({ kind: "PLATFORM" });
    const org = await createOrg({ kind: "BANK" });
    const before = await db.auditEvent.count();

    const noReason = await review(client, org.id, "suspend", " ");
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("请填写原因");
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).status).toBe("ACTIVE");
    expect(await db.auditEvent.count()).toBe(before);

    expect((await review(client, org.id, "suspend", "营业执照已吊销")).status).toBe(200);
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).status).toBe("SUSPENDED");
    expect(await db.auditEvent.findFirstOrThrow({ where: { entityId: org.id } })).toMatchObject({ action: "org.suspended", reason: "营业执照已吊销" });
  });

  it("refuses a stale version and an impossible transition without changing anything", async () => {
    const { client } = await signIn({ kind: "PLATFORM" });
    const org = await createOrg({ status: "PENDING" });
    const stale = await client.postForm("/admin/orgs", { intent: "activate", orgId: org.id, version: "7", reason: "" });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("请刷新页面后重试");
    await review(client, org.id, "activate");
    const again = await review(client, org.id, "activate");
    expect(again.status).toBe(409);
    expect(await db.auditEvent.count({ where: { entityId: org.id } })).toBe(1);
  });

  it("is invisible to everyone but platform operators (404), pages and all", async () => {
    const target = await createOrg({ status: "PENDING" });
    for (const kind of ["SME", "GOVERNMENT", "BANK"] as const) {
      const { client } = await signIn({ kind });
      expect((await client.get("/admin/orgs")).status, kind).toBe(404);
      expect((await client.postForm("/admin/orgs", { intent: "activate", orgId: target.id, version: "1" })).status, kind).toBe(404);
    }
    expect((await db.organization.findUniqueOrThrow({ where: { id: target.id } })).status).toBe("PENDING");
    expect((await server.client().get("/admin/orgs")).status).toBe(302); // anonymous: log in first
  });

  it("filters by status, searches and paginates", async () => {
    const { client } = await signIn({ kind: "PLATFORM" });
    for (let i = 0; i < 22; i++) await createOrg({ status: "SUSPENDED", name: `秦岭测试停用机构${String(i).padStart(2, "0")}` });
    const page1 = await (await client.get("/admin/orgs?status=SUSPENDED")).text();
    expect(page1).toContain("第 1 / 2 页");
    expect(page1).not.toMatch(/已启用<\/span><\/td>/);
    const page2 = await (await client.get("/admin/orgs?status=SUSPENDED&page=2")).text();
    expect(page2).toContain("第 2 / 2 页");
    const search = await (await client.get(`/admin/orgs?q=${encodeURIComponent("停用机构07")}`)).text();
    expect(search).toContain("秦岭测试停用机构07");
    expect(search).not.toContain("秦岭测试停用机构08");
    expect((await client.get("/admin/orgs?status=nonsense&page=abc")).status).toBe(200);
  });

  it("shows platform operators how many orgs wait, linked to the review desk", async () => {
    const { client } = await signIn({ kind: "PLATFORM" });
    await createOrg({ status: "PENDING" });
    const html = await (await client.get("/home")).text();
    expect(html).toContain('data-testid="home-PLATFORM"');
    expect(html).toMatch(/data-testid="pending-orgs">\d+</);
    expect(html).toContain('href="/admin/orgs?status=PENDING"');
  });
});
