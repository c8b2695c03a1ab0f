import { describe, expect, it } from "vitest";
import { ageOf, amountInWords, formatDate, formatDateCell, formatDateTime, formatMoney, formatMoneySummary, formatRate, parseMoneyInput, parseRateInput } from "./format";

const now = Date.parse("2026-12-05T12:00:00Z");
const ago = (ms: number) => new Date(now - ms).toISOString();

describe("ageOf", () => {
  it.each([
    [0, { unit: "minutes", n: 1 }],
    [59 * 60_000, { unit: "minutes", n: 59 }],
    [60 * 60_000, { unit: "hours", n: 1 }],
    [5 * 3_600_000 + 59 * 60_000, { unit: "hours", n: 5 }],
    [24 * 3_600_000 - 1, { unit: "hours", n: 23 }],
    [24 * 3_600_000, { unit: "days", n: 1 }],
    [3 * 24 * 3_600_000 + 23 * 3_600_000, { unit: "days", n: 3 }],
    [-60_000, { unit: "minutes", n: 1 }],
  ])("%i ms → %o", (ms, age) => {
    expect(ageOf(ago(ms), now)).toEqual(age);
  });
});

describe("money for people", () => {
  it.each([
    [1n, "¥0.01"],
    [0n, "¥0.00"],
    [-1230n, "-¥12.30"],
    [100_000_000n, "¥1,000,000.00"],
    [100_000_000_000_000n, "¥1,000,000,000,000.00"], // 1e12 元
  ])("exact: %s fen → %s", (fen, text) => {
    expect(formatMoney(fen)).toBe(text);
  });

  it.each([
    [1n, "0.01元"],
    [999_999n, "9,999.99元"], // just below 1 万
    [1_000_000n, "1万元"],
    [999_999_9n, "10万元"], // 99,999.99 元 rounds to 10万
    [3_500_000n, "3.5万元"],
    [35_000_000n, "35万元"],
    [50_000_000n, "50万元"],
    [12_345_678n, "12.35万元"], // 123,456.78 元, half-up
    [1_234_500n, "1.23万元"], // 12,345.00 → 1.2345 万 → 1.23
    [1_235_000n, "1.24万元"], // 12,350.00 → 1.235 万 → half-up 1.24
    [9_999_999_999n, "1亿元"], // 99,999,999.99 元: the unit is chosen after rounding
    [9_999_400_000n, "9,999.4万元"],
    [10_000_000_000n, "1亿元"],
    [15_000_000_000n, "1.5亿元"],
    [100_000_000_000_000n, "10,000亿元"], // 1e12 元
    [-35_000_000n, "-35万元"],
    [-999_999n, "-9,999.99元"],
  ])("summary: %s fen → %s", (fen, text) => {
    expect(formatMoneySummary(fen)).toBe(text);
  });

  it("summarises in English with million and billion", () => {
    expect(formatMoneySummary(35_000_000n, "en")).toBe("¥350,000.00");
    expect(formatMoneySummary(99_999_999n, "en")).toBe("¥999,999.99");
    expect(formatMoneySummary(99_999_999_9n, "en")).toBe("¥10 million");
    expect(formatMoneySummary(150_000_000n, "en")).toBe("¥1.5 million");
    expect(formatMoneySummary(99_999_999_999n, "en")).toBe("¥1 billion"); // 999,999,999.99: rounds to the next unit
    expect(formatMoneySummary(100_000_000_000_000n, "en")).toBe("¥1,000 billion"); // 1e12 元
  });

  it("accepts what people type, exactly", () => {
    const fen = (text: string) => parseMoneyInput(text)?.fen;
    expect(fen("500000")).toBe(50_000_000n);
    expect(fen("1,000,000")).toBe(100_000_000n);
    expect(fen("¥1,000,000.00")).toBe(100_000_000n);
    expect(fen("￥1,000,000.00")).toBe(100_000_000n);
    expect(fen("50万")).toBe(50_000_000n);
    expect(fen("50万元")).toBe(50_000_000n);
    expect(fen(" 50 万 ")).toBe(50_000_000n);
    expect(fen("1.5亿")).toBe(15_000_000_000n);
    expect(fen("1.234567万")).toBe(1_234_567n);
    expect(fen("0.01")).toBe(1n);
    expect(fen("12.5元")).toBe(1250n);
    expect(fen("１２３")).toBe(12_300n);
    expect(fen("-12.30")).toBe(-1230n);
    expect(fen("1000000000000")).toBe(100_000_000_000_000n); // 1e12 元
    expect(fen("0")).toBe(0n);
  });

  it.each(["", "abc", "0.001", "1.2345678万", "1,00", "1,0000", "50万万", "¥", "1e12", "12.3.4", "NaN"])("refuses %j", (text) => {
    expect(parseMoneyInput(text)).toBeNull();
  });

  it("a summary read back is the amount when it is whole", () => {
    for (const fen of [1_000_000n, 35_000_000n, 15_000_000_000n]) expect(parseMoneyInput(formatMoneySummary(fen))?.fen).toBe(fen);
  });
});

describe("rates for people", () => {
  it.each([
    ["0.0385", "3.85%"],
    ["0.012345", "1.2345%"],
    ["0.0001", "0.01%"],
    ["0.000001", "0.0001%"],
    ["0.02", "2%"],
    ["0.1", "10%"],
    ["0", "0%"],
  ])("%s → %s", (decimal, text) => {
    expect(formatRate(decimal)).toBe(text);
  });

  it.each([
    ["3.85", "0.0385"],
    ["3.85%", "0.0385"],
    ["3.85 %", "0.0385"],
    ["3.85％", "0.0385"],
    ["1.2345", "0.012345"],
    ["2", "0.02"],
  ])("reads %j as %s", (text, decimal) => {
    expect(parseRateInput(text)).toBe(decimal);
  });

  it.each(["3.85555", "abc", "-1", "100", ""])("refuses %j", (text) => {
    expect(parseRateInput(text)).toBeNull();
  });
});

describe("dates for people (Asia/Shanghai)", () => {
  // 2026-12-04T16:30Z is 2026-12-05 00:30 in Shanghai.
  const instant = "2026-12-04T16:30:00Z";
  it("in text, in tables, with the time", () => {
    expect(formatDate(instant)).toBe("2026年12月5日");
    expect(formatDate(instant, "en")).toBe("5 Dec 2026");
    expect(formatDateCell(instant)).toBe("2026-12-05");
    expect(formatDateTime(instant)).toBe("2026-12-05 00:30");
    expect(formatDateTime(instant, "en", false)).toBe("2026-12-05");
  });

  it("a calendar date of the books is that day, whatever the zone", () => {
    expect(formatDate("2026-01-01")).toBe("2026年1月1日");
    expect(formatDateCell("2026-01-01")).toBe("2026-01-01");
  });
});

describe("amounts in words (大写金额)", () => {
  it.each([
    [0n, "人民币零元整"],
    [1n, "人民币壹分"],
    [50n, "人民币伍角"],
    [100n, "人民币壹元整"],
    [1000n, "人民币壹拾元整"],
    [101_000n, "人民币壹仟零壹拾元整"],
    [1_000_150n, "人民币壹万零壹元伍角"],
    [1_000_105n, "人民币壹万零壹元零伍分"],
    [100_000_000n, "人民币壹佰万元整"],
    [123_456_789n, "人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"],
    [10_000_000_000n, "人民币壹亿元整"],
    [10_000_000_100n, "人民币壹亿零壹元整"],
    [10_010_000_000n, "人民币壹亿零壹拾万元整"],
    [100_000_000_000_000n, "人民币壹万亿元整"], // 1e12 元
    [-320n, "人民币负叁元贰角"],
  ])("%s fen → %s", (fen, words) => {
    expect(amountInWords(fen)).toBe(words);
  });
});
