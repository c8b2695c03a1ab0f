import { beforeAll, describe, expect, it } from "vitest";
import { EMAIL_OPTIONAL_KINDS } from "~/domain/notifications/kinds";
import { db } from "~/utils/db.server";
import { createUser } from "../../test/factories";
import { startTestServer, type TestServer } from "../../test/setup/http";
import { sessionClient } from "../../test/fixtures/page-sessions";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});

const signIn = (userId: string, orgId: string) => sessionClient(server, userId, orgId);

/** The form as the browser sends it: every kind listed, the checked ones as `email` (repeated keys). */
const form = (checked: readonly string[]) => [...EMAIL_OPTIONAL_KINDS.map((k) => ["kind", k]), ...checked.map((k) => ["email", k])] as unknown as Record<string, string>;

describe("/notifications/settings", () => {
  it("shows one checkbox per kind with its Chinese label, and saves the unchecked ones as turned off", async () => {
    const { user, orgId } = await createUser();
    const client = await signIn(user.id, orgId);
    let html = await (await client.get("/notifications/settings")).text();
    expect(html).toContain("融资申请待银行办理");
    expect(html).toContain("订阅需求的专利推送");
    expect(html.match(/type="checkbox"/g)).toHaveLength(EMAIL_OPTIONAL_KINDS.length);
    expect(html).not.toContain("notifications.kind.");

    const saved = await client.postForm("/notifications/settings", form(EMAIL_OPTIONAL_KINDS.filter((k) => k !== "patent.push" && k !== "deal.message")));
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("已保存");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailOptOutKinds).toEqual(["deal.message", "patent.push"]);

    html = await (await client.get("/notifications/settings")).text();
    expect(html.match(/checked=""/g)).toHaveLength(EMAIL_OPTIONAL_KINDS.length - 2);
    expect(await db.auditEvent.count({ where: { entityId: user.id, action: "notifications.email-preferences" } })).toBe(1);
  });

  it("refuses a kind that cannot be turned off, changing nothing", async () => {
    const { user, orgId } = await createUser();
    const client = await signIn(user.id, orgId);
    const res = await client.postForm("/notifications/settings", [["kind", "account.password-reset"]] as unknown as Record<string, string>);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("不能关闭的提醒类型");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailOptOutKinds).toEqual([]);
  });
});
