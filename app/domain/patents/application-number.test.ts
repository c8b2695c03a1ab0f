import { describe, expect, it } from "vitest";
import {
  checkApplicationNumber,
  checkPublicationNumber,
  computeCheckDigit,
  isApplicationNumber,
  normalizeApplicationNumber,
  patentTypeFromApplicationNumber,
  patentTypeFromPublicationNumber,
  withCheckDigit,
} from "./application-number";

const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? "" : r.reason);

describe("computeCheckDigit", () => {
  it("matches the SPEC's examples, including X for 10", () => {
    expect(computeCheckDigit("201710117081")).toBe("7");
    expect(computeCheckDigit("201610406919")).toBe("X");
  });

  it("is Σ dᵢ·wᵢ mod 11 with weights 2..9,2..5", () => {
    // 1 in the last place weighs 5; in the 9th place 2.
    expect(computeCheckDigit("000000000001")).toBe("5");
    expect(computeCheckDigit("000000001000")).toBe("2");
    expect(computeCheckDigit("000000000000")).toBe("0");
  });

  it("refuses anything but 12 digits", () => {
    expect(() => computeCheckDigit("20171011708")).toThrow();
    expect(() => computeCheckDigit("20171011708a")).toThrow();
  });

  it("withCheckDigit builds canonical numbers that validate", () => {
    for (const digits of ["202310000001", "202320123456", "202130999999", "201880000123", "201990000042"]) {
      const number = withCheckDigit(digits);
      expect(number).toMatch(/^CN\d{12}\.[0-9X]$/);
      expect(isApplicationNumber(number)).toBe(true);
    }
  });
});

describe("checkApplicationNumber", () => {
  it("accepts the canonical examples", () => {
    expect(checkApplicationNumber("CN201710117081.7")).toEqual({ ok: true, value: "CN201710117081.7" });
    expect(checkApplicationNumber("CN201610406919.X")).toEqual({ ok: true, value: "CN201610406919.X" });
  });

  it.each([
    ["cn201710117081.7", "lower case"],
    ["201710117081.7", "no CN"],
    [" CN 2017 1 0117081.7 ", "spaces"],
    ["ＣＮ２０１７１０１１７０８１．７", "full width"],
    ["CN201710117081。7", "ideographic full stop"],
    ["ZL201710117081.7", "certificate prefix"],
    ["ZL 201710117081.7", "certificate prefix with space"],
    ["CN2017101170817", "no dot"],
  ])("normalizes %s (%s)", (input) => {
    expect(checkApplicationNumber(input)).toEqual({ ok: true, value: "CN201710117081.7" });
  });

  it("accepts a lower-case x", () => {
    expect(checkApplicationNumber("cn201610406919.x")).toEqual({ ok: true, value: "CN201610406919.X" });
  });

  it("names the expected check digit", () => {
    expect(reason(checkApplicationNumber("CN201710117081.3"))).toBe("申请号校验位错误：应为 7（即 CN201710117081.7）");
    expect(reason(checkApplicationNumber("CN201610406919.0"))).toContain("应为 X");
  });

  it("completes a number typed without its check digit in the message, but refuses it", () => {
    expect(reason(checkApplicationNumber("CN201710117081"))).toBe("申请号缺少校验位：完整的申请号应为 CN201710117081.7");
    expect(reason(checkApplicationNumber("201710117081."))).toContain("CN201710117081.7");
  });

  it("counts the digits of a wrong length", () => {
    expect(reason(checkApplicationNumber("CN20171011708.7"))).toContain("当前有 12 位数字");
    expect(reason(checkApplicationNumber("CN2017101170811.7"))).toContain("当前有 14 位数字");
  });

  it("explains that 8-digit numbers from before 2003 are not supported", () => {
    expect(reason(checkApplicationNumber("CN99123456.7"))).toContain("2003 年 10 月以前");
  });

  it("refuses other characters, years before 2003 and unknown kinds", () => {
    expect(reason(checkApplicationNumber("CN2017A0117081.7"))).toContain("格式不正确");
    expect(reason(checkApplicationNumber("US201710117081.7"))).toContain("格式不正确");
    expect(reason(checkApplicationNumber(withCheckDigit("199910117081")))).toContain("不早于 2003 年");
    expect(reason(checkApplicationNumber(withCheckDigit("201740117081")))).toContain("第 5 位表示专利类型");
    expect(reason(checkApplicationNumber("  "))).toBe("请填写申请号");
  });

  it("normalizeApplicationNumber throws the reason", () => {
    expect(normalizeApplicationNumber("zl201710117081.7")).toBe("CN201710117081.7");
    expect(() => normalizeApplicationNumber("CN201710117081.3")).toThrow("应为 7");
  });
});

describe("patentTypeFromApplicationNumber", () => {
  it.each([
    ["201810000001", "INVENTION"],
    ["201880000001", "INVENTION"],
    ["201820000001", "UTILITY_MODEL"],
    ["201890000001", "UTILITY_MODEL"],
    ["201830000001", "DESIGN"],
  ])("%s → %s", (digits, type) => {
    expect(patentTypeFromApplicationNumber(withCheckDigit(digits))).toEqual({ ok: true, value: type });
  });

  it("reads the SPEC examples as inventions", () => {
    expect(patentTypeFromApplicationNumber("CN201710117081.7")).toEqual({ ok: true, value: "INVENTION" });
    expect(patentTypeFromApplicationNumber("CN201610406919.X")).toEqual({ ok: true, value: "INVENTION" });
  });

  it("fails on other kind digits and on invalid numbers", () => {
    expect(patentTypeFromApplicationNumber(withCheckDigit("201850000001")).ok).toBe(false);
    expect(patentTypeFromApplicationNumber("CN201710117081.3").ok).toBe(false);
  });
});

describe("publication numbers", () => {
  it.each([
    ["CN113914863A", "CN113914863A"],
    ["cn 113914863 a", "CN113914863A"],
    ["113914863A", "CN113914863A"],
    ["ＣＮ１１３９１４８６３Ａ", "CN113914863A"],
    ["CN210123456U", "CN210123456U"],
    ["CN305123456S", "CN305123456S"],
    ["CN1234567C", "CN1234567C"],
    ["CN113914863B9", "CN113914863B9"],
  ])("normalizes %s", (input, expected) => {
    expect(checkPublicationNumber(input)).toEqual({ ok: true, value: expected });
  });

  it("explains what is wrong", () => {
    expect(reason(checkPublicationNumber("CN113914863"))).toContain("缺少文献种类代码");
    expect(reason(checkPublicationNumber("US10123456B2"))).toContain("仅支持中国专利");
    expect(reason(checkPublicationNumber("CN11391X863A"))).toContain("格式不正确");
    expect(reason(checkPublicationNumber("CN113914863Q"))).toContain("格式不正确");
    expect(reason(checkPublicationNumber(""))).toContain("请填写");
  });

  it("reads the type from the kind code", () => {
    expect(patentTypeFromPublicationNumber("CN113914863A")).toEqual({ ok: true, value: "INVENTION" });
    expect(patentTypeFromPublicationNumber("CN113914863B")).toEqual({ ok: true, value: "INVENTION" });
    expect(patentTypeFromPublicationNumber("CN210123456U")).toEqual({ ok: true, value: "UTILITY_MODEL" });
    expect(patentTypeFromPublicationNumber("CN2123456Y")).toEqual({ ok: true, value: "UTILITY_MODEL" });
    expect(patentTypeFromPublicationNumber("CN305123456S")).toEqual({ ok: true, value: "DESIGN" });
    expect(patentTypeFromPublicationNumber("CN3123456D")).toEqual({ ok: true, value: "DESIGN" });
    expect(patentTypeFromPublicationNumber("CN113914863").ok).toBe(false);
  });
});
