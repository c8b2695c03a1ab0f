import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { actorOf } from "../../../test/factories/patents";
import { useFakeMailer } from "../../../test/fixtures/smtp-server";
import { deliverNotification } from "./deliver-notification.server";
import { getEmailPreferences, setEmailPreferences } from "./set-email-preferences.server";
import { EMAIL_OPTIONAL_KINDS } from "./kinds";

describe("e-mail per kind (User.emailOptOutKinds)", () => {
  const mail = useFakeMailer();

  it("an opted-out person gets the in-app notification and no e-mail, also on a retry; the others get both", async () => {
    const off = await actorOf("BANK");
    const on = await actorOf("BANK");
    await setEmailPreferences(off, { optOutKinds: ["financing.bank-turn"] });
    const [offUser, onUser] = await Promise.all([db.user.findUniqueOrThrow({ where: { id: off.userId } }), db.user.findUniqueOrThrow({ where: { id: on.userId } })]);

    const payload = { sourceKey: "test.optout:1", userIds: [off.userId, on.userId], orgId: off.orgId, kind: "financing.bank-turn", title: "待您审批", body: "一笔质押融资申请等待银行审批。", link: "/financing/x" };
    expect(await deliverNotification(payload, { mailer: mail.mailer })).toEqual({ recipients: 2, created: 2, emailed: 1 });
    expect(await deliverNotification(payload, { mailer: mail.mailer })).toEqual({ recipients: 2, created: 0, emailed: 0 });

    expect(mail.smtp.messages.map((m) => m.to[0])).toEqual([onUser.email]);
    const rows = await db.notification.findMany({ where: { sourceKey: { startsWith: "test.optout:1:" } } });
    expect(rows.map((r) => r.userId).sort()).toEqual([off.userId, on.userId].sort());
    expect(rows.find((r) => r.userId === off.userId)?.emailedAt).toBeNull();
    expect(rows.find((r) => r.userId === on.userId)?.emailedAt).not.toBeNull();
    expect(offUser.email).not.toBe(onUser.email);

    // Another kind still reaches the opted-out person by e-mail.
    await deliverNotification({ ...payload, sourceKey: "test.optout:2", kind: "subsidy.award" }, { mailer: mail.mailer });
    expect(mail.smtp.messages.map((m) => m.to[0]).filter((to) => to === offUser.email)).toHaveLength(1);
  });

  it("stores known kinds only (all bad ones named at once), audits the change, and is a person's own", async () => {
    const actor = await actorOf("SME");
    await expect(setEmailPreferences(actor, { optOutKinds: ["deal.update", "account.reset", "nope"] })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { optOutKinds: [expect.stringMatching(/account\.reset、nope/)] } });
    expect((await db.user.findUniqueOrThrow({ where: { id: actor.userId } })).emailOptOutKinds).toEqual([]);

    expect(await setEmailPreferences(actor, { optOutKinds: ["patent.push", "deal.update", "deal.update"] })).toEqual({ optOutKinds: ["deal.update", "patent.push"] });
    const prefs = await getEmailPreferences(actor);
    expect(prefs).toHaveLength(EMAIL_OPTIONAL_KINDS.length);
    expect(prefs.filter((p) => !p.email).map((p) => p.kind)).toEqual(["deal.update", "patent.push"]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "User", entityId: actor.userId, action: "notifications.email-preferences" } });
    expect(audit).toMatchObject({ actorUserId: actor.userId, data: { before: [], after: ["deal.update", "patent.push"] } });

    await expect(setEmailPreferences({ ...actor, userId: null, apiKeyId: "key-1" }, { optOutKinds: [] })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
