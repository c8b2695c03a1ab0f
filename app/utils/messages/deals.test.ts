import { describe, expect, it } from "vitest";
import { DEAL_STATUSES } from "~/domain/deals/deal-machine";
import { DEAL_MODES } from "~/domain/deals/rules";
import { DECLINE_REASONS } from "~/domain/deals/schemas";
import { dealsMessages } from "./deals";

describe("deal pages' strings", () => {
  it("has an English string for every Chinese key and vice versa", () => {
    const zh = Object.keys(dealsMessages["zh-CN"]);
    const en = Object.keys(dealsMessages.en);
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
  });

  it("names every status, mode and decline reason in Chinese, never as the raw enum", () => {
    const zh = dealsMessages["zh-CN"];
    const named = [...DEAL_STATUSES.map((s) => `deals.status.${s}`), ...DEAL_MODES.map((m) => `deals.mode.${m}`), ...DECLINE_REASONS.map((r) => `deals.decline.${r}`)];
    for (const key of named) expect(zh[key], key).toMatch(/[\u4e00-\u9fff]/);
    for (const [key, text] of Object.entries(zh)) expect(text, key).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b/);
  });
});
