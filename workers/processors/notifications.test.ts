import { UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import { processNotificationJob } from "./notifications";

describe("notifications processor", () => {
  it("fails permanently (no retries) on a payload that can never succeed", async () => {
    const bad = [
      { sourceKey: "", userIds: ["u1"], kind: "k", title: "t", body: "" },
      { sourceKey: "s", userIds: [], kind: "k", title: "t", body: "" },
      { sourceKey: "s", userIds: ["u1"], kind: "k", title: "t", body: "", link: "https://evil.example" },
      null,
    ];
    for (const data of bad) {
      await expect(processNotificationJob({ id: "1", name: "notifications.deliver", data })).rejects.toBeInstanceOf(UnrecoverableError);
    }
  });

  it("refuses job names it does not know", async () => {
    await expect(
      processNotificationJob({ id: "1", name: "notifications.unknown", data: { sourceKey: "s", userIds: ["u"], kind: "k", title: "t", body: "" } }),
    ).rejects.toBeInstanceOf(UnrecoverableError);
  });
});
