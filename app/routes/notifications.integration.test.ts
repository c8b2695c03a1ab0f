import { beforeAll, describe, expect, it } from "vitest";
import { deliverNotification } from "~/domain/notifications/deliver-notification.server";
import { db } from "~/utils/db.server";
import { createUser } from "../../test/factories";
import { startTestServer, type TestServer } from "../../test/setup/http";
import { sessionClient } from "../../test/fixtures/page-sessions";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});

const signIn = (userId: string, orgId: string) => sessionClient(server, userId, orgId);

async function give(userId: string, key: string, title: string, link?: string) {
  await deliverNotification({ sourceKey: key, userIds: [userId], kind: "test", title, body: `${title}的详情`, link }, { mailer: null });
}

describe("/notifications", () => {
  it("sends anonymous visitors to log in", async () => {
    const res = await server.client().get("/notifications");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fnotifications");
  });

  it("shows an empty state", async () => {
    const { user, orgId } = await createUser();
    const res = await (await signIn(user.id, orgId)).get("/notifications");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("暂无消息");
  });

  it("lists only one's own notifications, newest first, unread highlighted, and marks them read", async () => {
    const a = await createUser();
    const b = await createUser();
    await give(a.user.id, "t:1", "甲的第一条", "/home");
    await give(a.user.id, "t:2", "甲的第二条");
    await give(b.user.id, "t:3", "乙的消息");
    const client = await signIn(a.user.id, a.orgId);

    let html = await (await client.get("/notifications")).text();
    expect(html).toContain("甲的第一条");
    expect(html).toContain("甲的第二条");
    expect(html).not.toContain("乙的消息");
    expect(html.indexOf("甲的第二条")).toBeLessThan(html.indexOf("甲的第一条"));
    expect(html.match(/notification notification-unread/g)).toHaveLength(2);
    expect(html).toContain("2 条未读");

    const [first, second] = await db.notification.findMany({ where: { userId: a.user.id }, orderBy: { sourceKey: "asc" } });
    const marked = await client.postForm("/notifications", { intent: "mark-read", id: first.id });
    expect(marked.status).toBe(302);
    expect(marked.headers.get("location")).toBe("/notifications");
    expect((await db.notification.findUniqueOrThrow({ where: { id: first.id } })).readAt).not.toBeNull();
    expect((await db.notification.findUniqueOrThrow({ where: { id: second.id } })).readAt).toBeNull();
    html = await (await client.get("/notifications")).text();
    expect(html.match(/notification notification-unread/g)).toHaveLength(1);

    // Someone else's notification is "not found", and stays unread.
    const theirs = await db.notification.findFirstOrThrow({ where: { userId: b.user.id } });
    const refused = await client.postForm("/notifications", { intent: "mark-read", id: theirs.id });
    expect(refused.status).toBe(404);
    expect((await db.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();

    const all = await client.postForm("/notifications?page=1", { intent: "mark-all-read" });
    expect(all.status).toBe(302);
    expect(all.headers.get("location")).toBe("/notifications?page=1");
    expect(await db.notification.count({ where: { userId: a.user.id, readAt: null } })).toBe(0);
    expect(await db.notification.count({ where: { userId: b.user.id, readAt: null } })).toBe(1);
    expect(await (await client.get("/notifications")).text()).not.toContain("notification-unread");
  });

  it("rejects malformed actions with 400", async () => {
    const { user, orgId } = await createUser();
    const client = await signIn(user.id, orgId);
    expect((await client.postForm("/notifications", { intent: "delete-everything" })).status).toBe(400);
    expect((await client.postForm("/notifications", { intent: "mark-read" })).status).toBe(400);
  });

  it("paginates", async () => {
    const { user, orgId } = await createUser();
    for (let i = 1; i <= 23; i++) await give(user.id, `p:${i}`, `分页消息${String(i).padStart(2, "0")}号`);
    const client = await signIn(user.id, orgId);
    const page1 = await (await client.get("/notifications")).text();
    expect(page1).toContain("第 1 / 2 页");
    expect(page1).toContain("分页消息23号");
    expect(page1).not.toContain("分页消息03号");
    const page2 = await (await client.get("/notifications?page=2")).text();
    expect(page2).toContain("分页消息01号");
    expect(page2).toContain("分页消息03号");
    expect(page2).not.toContain("分页消息04号");
    expect((await client.get("/notifications?page=abc")).status).toBe(200);
    expect(await (await client.get("/notifications?page=99")).text()).toContain("第 2 / 2 页");
  });
});
