import { describe, expect, it } from "vitest";
import { getEnv } from "./env.server";
import { isOwnOrigin, safeRedirect } from "./origin.server";

describe("redirect targets from input", () => {
  it("keeps same-origin paths with their query and fragment", () => {
    expect(safeRedirect("/financing/abc?tab=1#x")).toBe("/financing/abc?tab=1#x");
    expect(safeRedirect("/patents?q=%E6%9C%A8%E8%80%B3")).toBe("/patents?q=%E6%9C%A8%E8%80%B3");
  });

  it("never leaves APP_URL's origin, however the target is spelled", () => {
    const evil = [
      "/\t/evil.test/phish",
      "/\n/evil.test",
      "//evil.test",
      "/\\evil.test",
      "\\/evil.test",
      "https://evil.test/",
      "javascript:alert(1)",
      " //evil.test",
      "/%09/evil.test",
      "http:evil.test",
    ];
    for (const to of evil) {
      const out = safeRedirect(to, "/home");
      expect(new URL(out, "https://ipbridge.example").origin, JSON.stringify(to)).toBe("https://ipbridge.example");
      expect(out.startsWith("//")).toBe(false);
    }
    expect(safeRedirect("/\t/evil.test/phish")).toBe("/home");
    expect(safeRedirect("/.//evil.test")).toBe("/evil.test");
    expect(safeRedirect(null, "/")).toBe("/");
  });
});

describe("own origin", () => {
  const app = new URL(getEnv().APP_URL);
  it("compares scheme, host and port", () => {
    expect(isOwnOrigin(app.origin, "http://127.0.0.1:9")).toBe(true);
    expect(isOwnOrigin("http://127.0.0.1:9", "http://127.0.0.1:9")).toBe(true);
    expect(isOwnOrigin(`https://${app.host}`, "http://127.0.0.1:9")).toBe(app.protocol === "https:");
    expect(isOwnOrigin(`${app.protocol}//${app.hostname}:1`, "http://127.0.0.1:9")).toBe(false);
    expect(isOwnOrigin("https://127.0.0.1:9", "http://127.0.0.1:9")).toBe(false);
    expect(isOwnOrigin("null", "http://127.0.0.1:9")).toBe(false);
    expect(isOwnOrigin(undefined, "http://127.0.0.1:9")).toBe(false);
  });
});
