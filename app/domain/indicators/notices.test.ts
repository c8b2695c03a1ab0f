import { describe, expect, it } from "vitest";
import { behindNotice, entryDueNotice, fellBehind, monthLabel, waitsForStatistic } from "./notices.server";
import type { IndicatorFigure } from "./types";

const figure = (over: Partial<IndicatorFigure>): IndicatorFigure => ({
  key: "pledge-financing-total",
  name: "知识产权质押融资总额",
  description: "",
  unit: "YUAN",
  unitLabel: "元",
  baseline: "0",
  baselineDate: "2023-12-31",
  baselineSource: "平台起算值",
  target: "2000000",
  direction: "UP",
  pathway: "LINEAR",
  counts: "PLATFORM",
  asOf: "2024-04-30",
  value: "100000.00",
  platformValue: "100000.00",
  statisticValue: null,
  statisticAsOf: null,
  valueFrom: "PLATFORM",
  progress: "0.05",
  progressPercent: "5.0",
  expected: "220802.92",
  status: "BEHIND",
  forecast: null,
  recordCount: 1,
  ...over,
});

describe("indicator notices", () => {
  it("tells of falling behind only on the change (or the first snapshot), and asks for statistics only where they count", () => {
    expect(fellBehind({ status: "BEHIND" }, null)).toBe(true);
    expect(fellBehind({ status: "BEHIND" }, "ON_TRACK")).toBe(true);
    expect(fellBehind({ status: "BEHIND" }, "NO_DATA")).toBe(true);
    expect(fellBehind({ status: "BEHIND" }, "BEHIND")).toBe(false);
    expect(fellBehind({ status: "ON_TRACK" }, null)).toBe(false);
    expect(waitsForStatistic({ status: "NO_DATA", counts: "STATISTIC" })).toBe(true);
    expect(waitsForStatistic({ status: "NO_DATA", counts: "PLATFORM" })).toBe(false);
    expect(waitsForStatistic({ status: "BEHIND", counts: "STATISTIC" })).toBe(false);
    expect(monthLabel("2024-02-29")).toBe("2024年2月");
  });

  it("words the behind notice with the figures as the dashboard prints them, keyed by indicator and month", () => {
    expect(behindNotice("org1", figure({}), "2024-04-30")).toEqual({
      orgId: "org1",
      kind: "indicators.behind",
      title: "指标进度落后：知识产权质押融资总额",
      body: "截至2024年4月末，知识产权质押融资总额为 100,000.00 元，低于按计划进度应达到的 220,802.92 元（目标：2026-12-31 前达到 2,000,000.00 元）。请查看明细并推进相关工作。",
      sourceKey: "indicators.behind:pledge-financing-total:2024-04-30",
      link: "/indicators/pledge-financing-total",
    });
    const share = behindNotice("org1", figure({ key: "ip-fund-share", name: "知识产权专项资金占财政支出比例", unit: "RATIO", unitLabel: "%", target: "0.005", pathway: "ANNUAL", value: "0.0031", expected: "0.005" }), "2024-12-31");
    expect(share.body).toBe("截至2024年12月末，知识产权专项资金占财政支出比例为 0.31%，低于每年不低于 0.50% 的目标。请查看明细并推进相关工作。");
  });

  it("asks for an annual share's inputs, and for any other indicator's own figure", () => {
    const trademarks = entryDueNotice("org1", figure({ key: "trademarks", name: "有效注册商标", unit: "COUNT", unitLabel: "件", counts: "STATISTIC", status: "NO_DATA", value: null }), "2024-04-30");
    expect(trademarks).toMatchObject({ kind: "indicators.entry-due", title: "请录入指标统计数据：有效注册商标", sourceKey: "indicators.entry-due:trademarks:2024-04-30", link: "/indicators/entries/new?seriesKey=trademarks" });
    expect(trademarks.body).toContain("请录入有效注册商标的最新统计数");
    const share = entryDueNotice("org1", figure({ key: "ip-fund-share", name: "知识产权专项资金占财政支出比例", counts: "STATISTIC", status: "NO_DATA", value: null }), "2024-04-30");
    expect(share.link).toBe("/indicators/entries/new?seriesKey=ip-special-funds");
    expect(share.body).toContain("请录入知识产权专项资金和一般公共预算支出的年度数（来源：县财政局 年度预算执行情况（日期填该年12月31日））");
  });
});
