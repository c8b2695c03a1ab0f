import { describe, expect, it } from "vitest";
import { GI_ACTIONS, GI_APPLICATION_STATUSES } from "~/domain/gi/machine";
import { GI_KINDS } from "~/domain/gi/schemas";
import { giMessages } from "./gi";

describe("GI pages' strings", () => {
  it("has an English string for every Chinese key and vice versa", () => {
    const zh = Object.keys(giMessages["zh-CN"]);
    const en = Object.keys(giMessages.en);
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
  });

  it("names every status, action and kind in Chinese, never as the raw enum", () => {
    const zh = giMessages["zh-CN"];
    const named = [...GI_APPLICATION_STATUSES.map((s) => `gi.status.${s}`), ...GI_ACTIONS.map((a) => `gi.action.${a}`), ...GI_KINDS.map((k) => `gi.kind.${k}`)];
    for (const key of named) expect(zh[key], key).toMatch(/[\u4e00-\u9fff]/);
    for (const [key, text] of Object.entries(zh)) expect(text, key).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b/);
  });
});
