import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { createOrg, createUser } from "../../../test/factories";
import { textBody, useFakeMailer } from "../../../test/fixtures/smtp-server";
import { deliverNotification, notificationSourceKey } from "./deliver-notification.server";
import { notify, notifyOrgMembers } from "./notify.server";

describe("deliverNotification", () => {
  const mail = useFakeMailer();

  it("creates one notification per recipient, however often it runs", async () => {
    const org = await createOrg();
    const a = await createUser({ orgId: org.id });
    const b = await createUser({ orgId: org.id, role: "MEMBER" });
    const payload = {
      sourceKey: "test.idempotent:1",
      userIds: [a.user.id, b.user.id, a.user.id],
      orgId: org.id,
      kind: "test",
      title: "机构已启用",
      body: "您的机构已通过审核。",
      link: "/home",
    };
    const first = await deliverNotification(payload, { mailer: null });
    const again = await deliverNotification(payload, { mailer: null });
    expect(first).toEqual({ recipients: 2, created: 2, emailed: 0 });
    expect(again).toEqual({ recipients: 2, created: 0, emailed: 0 });
    const rows = await db.notification.findMany({ where: { kind: "test" }, orderBy: { sourceKey: "asc" } });
    expect(rows.map((r) => r.sourceKey).sort()).toEqual(
      [notificationSourceKey(payload.sourceKey, a.user.id), notificationSourceKey(payload.sourceKey, b.user.id)].sort(),
    );
    expect(rows.every((r) => r.orgId === org.id && r.readAt === null && r.emailedAt === null)).toBe(true);
  });

  it("skips recipients that no longer exist", async () => {
    const { user } = await createUser();
    const result = await deliverNotification(
      { sourceKey: "test.gone:1", userIds: [user.id, "no-such-user"], orgId: "no-such-org", kind: "gone", title: "t", body: "" },
      { mailer: null },
    );
    expect(result).toEqual({ recipients: 1, created: 1, emailed: 0 });
    expect(await db.notification.findFirstOrThrow({ where: { kind: "gone" } })).toMatchObject({ userId: user.id, orgId: null });
  });

  it("e-mails over SMTP; a failed send retries without duplicate rows or repeated e-mails", async () => {
    const org = await createOrg();
    const a = await createUser({ orgId: org.id, email: "a-mail@example.test" });
    const b = await createUser({ orgId: org.id, email: "b-mail@example.test", role: "MEMBER" });
    const payload = { sourceKey: "test.mail:1", userIds: [a.user.id, b.user.id], orgId: org.id, kind: "mail", title: "新的评估报告", body: "请查看。", link: "/deals/1" };

    mail.smtp.failNext(1); // the first message is refused: the job fails and is retried
    await expect(deliverNotification(payload, { mailer: mail.mailer })).rejects.toThrow(/451|temporary/);
    expect(await db.notification.count({ where: { kind: "mail" } })).toBe(2);
    expect(mail.smtp.messages).toHaveLength(0);

    const retry = await deliverNotification(payload, { mailer: mail.mailer });
    expect(retry).toEqual({ recipients: 2, created: 0, emailed: 2 });
    const third = await deliverNotification(payload, { mailer: mail.mailer });
    expect(third).toEqual({ recipients: 2, created: 0, emailed: 0 });

    expect(mail.smtp.messages.map((m) => m.to[0]).sort()).toEqual(["a-mail@example.test", "b-mail@example.test"]);
    expect(mail.smtp.messages[0].from).toBe("no-reply@ipbridge.test");
    expect(mail.smtp.messages[0].data).toMatch(/Subject: /);
    const text = textBody(mail.smtp.messages[0]);
    expect(text).toContain("请查看。");
    expect(text).toContain("/deals/1");
    const rows = await db.notification.findMany({ where: { kind: "mail" } });
    expect(rows.every((r) => r.emailedAt !== null)).toBe(true);
  });
});

describe("notify / notifyOrgMembers", () => {
  it("writes one outbox row in the caller's transaction, or none when it rolls back", async () => {
    const org = await createOrg();
    const a = await createUser({ orgId: org.id });
    const b = await createUser({ orgId: org.id, role: "MEMBER" });
    const other = await createUser();

    await db.$transaction((tx) => notifyOrgMembers(tx, org.id, { sourceKey: "test.org:1", kind: "org", title: "t", body: "b" }));
    const row = await db.outboxMessage.findFirstOrThrow({ where: { jobName: "notifications.deliver" } });
    expect(row.queue).toBe("notifications");
    expect(row.dispatchedAt).toBeNull();
    const payload = row.payload as { userIds: string[]; orgId: string };
    expect(payload.orgId).toBe(org.id);
    expect(payload.userIds.sort()).toEqual([a.user.id, b.user.id].sort());
    expect(payload.userIds).not.toContain(other.user.id);

    await expect(
      db.$transaction(async (tx) => {
        await notify(tx, { sourceKey: "test.rollback:1", userIds: [a.user.id], kind: "x", title: "t", body: "" });
        throw new Error("the domain change failed");
      }),
    ).rejects.toThrow("the domain change failed");
    expect(await db.outboxMessage.count()).toBe(1);

    expect(await db.$transaction((tx) => notify(tx, { sourceKey: "test.none:1", userIds: [], kind: "x", title: "t", body: "" }))).toBeNull();
    expect(await db.outboxMessage.count()).toBe(1);
  });
});
