import { describe, expect, it } from "vitest";
import { addYears, checkDate, daysBetween, isIsoDate, todayInChina } from "./dates";

describe("checkDate", () => {
  it.each([
    ["2017-03-01", "2017-03-01"],
    ["2017/3/1", "2017-03-01"],
    ["2017.03.01", "2017-03-01"],
    ["2017年3月1日", "2017-03-01"],
    ["2017年03月01", "2017-03-01"],
    ["20170301", "2017-03-01"],
    [" ２０１７－０３－０１ ", "2017-03-01"],
  ])("reads %j", (input, iso) => {
    expect(checkDate(input)).toEqual({ ok: true, value: iso });
  });

  it("refuses impossible dates and times, naming the field", () => {
    expect(checkDate("2017-02-30", "申请日")).toEqual({ ok: false, reason: "申请日不是有效的日期：2017-02-30" });
    expect(checkDate("2017-03-01T16:00:00Z", "申请日")).toMatchObject({ ok: false, reason: expect.stringContaining("YYYY-MM-DD") });
    expect(checkDate("01/03/2017").ok).toBe(false);
    expect(checkDate("昨天").ok).toBe(false);
  });

  it("knows leap years", () => {
    expect(isIsoDate("2020-02-29")).toBe(true);
    expect(isIsoDate("2021-02-29")).toBe(false);
    expect(isIsoDate("2021-13-01")).toBe(false);
  });
});

describe("date arithmetic", () => {
  it("today is counted in China (UTC+8)", () => {
    expect(todayInChina(new Date("2024-12-31T15:59:59Z"))).toBe("2024-12-31");
    expect(todayInChina(new Date("2024-12-31T16:00:00Z"))).toBe("2025-01-01");
  });

  it("adds years, moving 29 February to 1 March", () => {
    expect(addYears("2017-03-01", 20)).toBe("2037-03-01");
    expect(addYears("2020-02-29", 10)).toBe("2030-03-01");
    expect(addYears("2020-02-29", 4)).toBe("2024-02-29");
  });

  it("counts days across DST-free UTC days", () => {
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(daysBetween("2025-01-01", "2024-01-01")).toBe(-366);
    expect(daysBetween("2024-03-10", "2024-03-11")).toBe(1);
  });
});
