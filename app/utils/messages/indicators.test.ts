import { describe, expect, it } from "vitest";
import { county } from "~/domain/identity/county";
import { entrySeries } from "~/domain/indicators/definitions";
import { translate } from "../i18n";
import { INDICATOR_STATUSES, indicatorMessages } from "./indicators";

describe("indicator pages' strings", () => {
  it("has an English string for every Chinese key and vice versa", () => {
    const zh = Object.keys(indicatorMessages["zh-CN"]);
    const en = Object.keys(indicatorMessages.en);
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
  });

  it("names every status, source and chart point in Chinese, never as the raw enum", () => {
    const zh = indicatorMessages["zh-CN"];
    const named = [
      ...INDICATOR_STATUSES.flatMap((s) => [`ind.status.${s}`, `ind.statusHelp.${s}`]),
      "ind.source.PLATFORM",
      "ind.source.STATISTIC",
      ...["SCHEDULED", "BACKFILL", "LIVE"].map((s) => `ind.chart.source.${s}`),
      ...["INDICATOR", "INPUT"].map((k) => `ind.form.group.${k}`),
    ];
    for (const key of named) expect(zh[key], key).toMatch(/[\u4e00-\u9fff]/);
    const raw = [...INDICATOR_STATUSES, "PLATFORM", "STATISTIC", "SCHEDULED", "BACKFILL", "LIVE", "ANNUAL", "LINEAR", "INDICATOR", "INPUT", "LOAN", "DEAL", "GI_USER", "PATENT"];
    for (const [key, text] of Object.entries(zh)) for (const word of raw) expect(text, key).not.toContain(word);
  });

  it("says the status in words that differ from each other (never colour alone)", () => {
    const words = INDICATOR_STATUSES.map((s) => translate("zh-CN", `ind.status.${s}`));
    expect(words).toEqual(["已达成", "进度正常", "进度落后", "暂无数据"]);
  });

  it("titles the quarterly report as the leading group expects it", () => {
    expect(translate("zh-CN", "ind.report.title", { county: county.name, year: 2026, quarter: 2 })).toBe("柞水县知识产权强县建设试点指标进展报告（2026年第2季度）");
  });

  it("has a Chinese name and unit for every series the form offers", () => {
    for (const s of entrySeries(county.indicatorPlan)) {
      expect(translate("zh-CN", "ind.form.seriesOption", { name: s.name, unit: s.unitLabel })).toMatch(/^[\u4e00-\u9fff].*（.+）$/);
    }
  });
});
