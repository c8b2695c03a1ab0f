import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors";
import { createUser, TEST_PASSWORD } from "../../../test/factories";
import { logIn } from "./log-in.server";

// Before anything touches Redis: make the shared connection point at a port where
// nothing listens, as if Redis were down.
const dead = new Redis("redis://127.0.0.1:1", { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => 500 });
dead.on("error", () => {});
(globalThis as { __ipbRedis?: Redis }).__ipbRedis = dead;
afterAll(() => dead.disconnect());

describe("log in while Redis is unreachable", () => {
  it("still signs people in (the limiter fails open) and still rejects wrong passwords", async () => {
    const { user } = await createUser();
    const meta = { ipAddress: "192.0.2.1", userAgent: "test" };
    for (let i = 0; i < 7; i++) {
      const error = await logIn({ email: user.email, password: "wrong-password" }, meta).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("UNAUTHENTICATED");
    }
    const ok = await logIn({ email: user.email, password: TEST_PASSWORD }, meta);
    expect(ok.sessionId).toBeTruthy();
    // Fails open instead of hanging (a hang ends at the test's bound); how fast is not
    // asserted, so a loaded machine cannot turn this red.
  });
});
