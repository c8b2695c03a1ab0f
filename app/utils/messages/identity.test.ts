import { describe, expect, it } from "vitest";
import { identityMessages } from "./identity";

describe("identity messages", () => {
  it("has every key in both languages, none empty", () => {
    const zh = Object.keys(identityMessages["zh-CN"]).sort();
    const en = Object.keys(identityMessages.en).sort();
    expect(en).toEqual(zh);
    for (const [k, v] of Object.entries({ ...identityMessages["zh-CN"], ...identityMessages.en })) expect(v.trim(), k).not.toBe("");
  });

  it("uses the same placeholders in both languages", () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(identityMessages["zh-CN"])) {
      expect(names(identityMessages.en[key]), key).toEqual(names(identityMessages["zh-CN"][key]));
    }
  });
});
