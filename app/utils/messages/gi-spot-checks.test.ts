import { describe, expect, it } from "vitest";
import { GI_CHECK_RESULTS } from "~/domain/gi/spot-check-rules";
import { giSpotCheckMessages } from "./gi-spot-checks";

describe("spot-check pages' strings", () => {
  it("has an English string for every Chinese key and vice versa", () => {
    const zh = Object.keys(giSpotCheckMessages["zh-CN"]);
    const en = Object.keys(giSpotCheckMessages.en);
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
  });

  it("names every result, status and audited action in Chinese", () => {
    const zh = giSpotCheckMessages["zh-CN"];
    const named = [...GI_CHECK_RESULTS.map((r) => `giSpot.result.${r}`), "giSpot.status.OPEN", "giSpot.status.CLOSED", ...["open", "result", "rectified", "close", "overdue"].map((a) => `giSpot.action.spot-check.${a}`)];
    for (const key of named) expect(zh[key], key).toMatch(/[\u4e00-\u9fff]/);
  });
});
