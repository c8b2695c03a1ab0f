import { describe, expect, it } from "vitest";
import {
  canonicalShare,
  closeError,
  isOverdue,
  latestRectifyBy,
  markRectifiedSchema,
  openSpotCheckSchema,
  parseShare,
  progressOf,
  proposeSeed,
  resultErrors,
  sharePercent,
  validateResult,
} from "./spot-check-rules";
import { sampleSize } from "./sampling";

const TODAY = "2026-12-04";

describe("the share as typed", () => {
  it.each([
    ["0.2", "0.2"],
    ["0.20", "0.2"],
    [0.2, "0.2"],
    [".25", "0.25"],
    ["1", "1"],
    ["1.0", "1"],
    ["20%", "0.2"],
    ["20 %", "0.2"],
    ["20％", "0.2"],
    ["12.5%", "0.125"],
    ["0.05%", "0.0005"],
    ["100%", "1"],
    ["5%", "0.05"],
    [" 0.3 ", "0.3"],
  ])("%j is stored as %s", (raw, stored) => {
    expect(parseShare(raw)).toEqual({ ok: true, value: stored });
  });

  it.each([[""], ["0"], ["0%"], ["120%"], ["1.5"], ["abc"], ["0.12345"], ["12.345%"], [-0.2], [null], [undefined], [{}]])("%j is refused with a Chinese reason", (raw) => {
    const parsed = parseShare(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(/[\u4e00-\u9fff]/);
  });

  it("shows a stored share in percent and back", () => {
    expect(sharePercent("0.2")).toBe("20%");
    expect(sharePercent("0.125")).toBe("12.5%");
    expect(sharePercent("1")).toBe("100%");
    expect(sharePercent("0.0005")).toBe("0.05%");
    for (const s of ["0.2", "0.125", "1", "0.0005", "0.33"]) expect(parseShare(sharePercent(s))).toEqual({ ok: true, value: s });
    expect(canonicalShare("0.2000")).toBe("0.2");
  });

  it("20% of 12 enterprises is 2 (half up; at least one)", () => {
    expect(sampleSize((parseShare("20%") as { value: string }).value, 12)).toBe(2);
    expect(sampleSize("0.2", 3)).toBe(1);
  });
});

describe("opening a check", () => {
  const schema = openSpotCheckSchema(2026);
  it("accepts a product, a year up to this one, a share and a seed", () => {
    expect(schema.parse({ productId: "p1", year: "2026", share: "20%", seed: " 2026-柞水木耳 " })).toEqual({ productId: "p1", year: 2026, share: "0.2", seed: "2026-柞水木耳" });
    expect(schema.parse({ productId: "p1", year: 2000, share: 1, seed: "x" }).year).toBe(2000);
  });

  it("names every bad field at once", () => {
    const parsed = schema.safeParse({ productId: "", year: 2027, share: "0", seed: "x".repeat(101) });
    expect(parsed.success).toBe(false);
    const fields = new Set(parsed.error!.issues.map((i) => i.path.join(".")));
    expect(fields).toEqual(new Set(["productId", "year", "share", "seed"]));
    const early = schema.safeParse({ productId: "p", year: 1999, share: "0.2", seed: "" });
    expect(early.error!.issues.map((i) => i.message).join(" ")).toMatch(/2000/);
    expect(new Set(early.error!.issues.map((i) => i.path.join(".")))).toEqual(new Set(["year", "seed"]));
  });
});

describe("a result", () => {
  it("PASS needs nothing more; a FAIL needs findings and a deadline after today, within a year", () => {
    expect(resultErrors({ result: "PASS", findings: null, rectifyBy: null }, TODAY)).toEqual({});
    expect(resultErrors({ result: "FAIL", findings: null, rectifyBy: null }, TODAY)).toEqual({ findings: [expect.any(String)], rectifyBy: [expect.any(String)] });
    expect(resultErrors({ result: "FAIL", findings: "包装未按规定标注", rectifyBy: TODAY }, TODAY).rectifyBy![0]).toMatch(/晚于今天/);
    expect(resultErrors({ result: "FAIL", findings: "包装未按规定标注", rectifyBy: "2026-12-05" }, TODAY)).toEqual({});
    expect(latestRectifyBy(TODAY)).toBe("2027-12-04");
    expect(resultErrors({ result: "FAIL", findings: "x", rectifyBy: "2027-12-04" }, TODAY)).toEqual({});
    expect(resultErrors({ result: "FAIL", findings: "x", rectifyBy: "2027-12-05" }, TODAY).rectifyBy![0]).toMatch(/一年/);
  });

  it("is parsed as a whole: version as a numeric string, dates as typed, the item by either id", () => {
    expect(validateResult({ applicationId: "a1", result: "FAIL", findings: " 使用范围超出 ", rectifyBy: "2027/1/5", version: "3" }, TODAY)).toEqual({
      ok: true,
      value: { itemId: null, applicationId: "a1", result: "FAIL", findings: "使用范围超出", rectifyBy: "2027-01-05", version: 3 },
    });
    // A PASS keeps its note but has no deadline to check.
    expect(validateResult({ itemId: "i1", result: "PASS", findings: "", rectifyBy: "", version: 1 }, TODAY)).toMatchObject({ ok: true, value: { findings: null, rectifyBy: null } });
  });

  it("names every bad field in one answer, a FAIL's missing findings with a stale shape too", () => {
    const bad = validateResult({ result: "FAIL", rectifyBy: "2026-13-01", version: "x" }, TODAY);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(Object.keys(bad.errors).sort()).toEqual(["findings", "itemId", "rectifyBy", "version"]);
      for (const list of Object.values(bad.errors)) for (const m of list) expect(m).toMatch(/[\u4e00-\u9fff]/);
    }
    const unknown = validateResult({ itemId: "i", result: "MAYBE", version: 1 }, TODAY);
    expect(unknown.ok || Object.keys(unknown.errors)).toEqual(["result"]);
    const nothing = validateResult(undefined, TODAY);
    expect(nothing.ok || Object.keys(nothing.errors).sort()).toEqual(["itemId", "result", "version"]);
    const tooLong = validateResult({ itemId: "i", result: "FAIL", findings: "问".repeat(2001), rectifyBy: "2026-12-31", version: 1 }, TODAY);
    expect(tooLong.ok || Object.keys(tooLong.errors)).toEqual(["findings"]);
  });
});

describe("rectification, overdue, close and progress", () => {
  it("a rectification names its day", () => {
    expect(markRectifiedSchema.parse({ itemId: "i", rectifiedOn: "2026年12月1日", version: 2 })).toMatchObject({ rectifiedOn: "2026-12-01", version: 2 });
    const bad = markRectifiedSchema.safeParse({ itemId: "i", rectifiedOn: "昨天", version: 0 });
    expect(new Set(bad.error!.issues.map((i) => i.path.join(".")))).toEqual(new Set(["rectifiedOn", "version"]));
  });

  it("a FAIL is overdue the day after its deadline, until rectified", () => {
    const fail = { result: "FAIL" as const, rectifyBy: "2026-12-03", rectifiedOn: null };
    expect(isOverdue(fail, "2026-12-03")).toBe(false);
    expect(isOverdue(fail, TODAY)).toBe(true);
    expect(isOverdue({ ...fail, rectifiedOn: "2026-12-04" }, TODAY)).toBe(false);
    expect(isOverdue({ ...fail, result: "PASS" }, TODAY)).toBe(false);
  });

  it("a check closes only when open and every enterprise has a result", () => {
    expect(closeError("OPEN", ["PASS", "FAIL"])).toBeNull();
    expect(closeError("OPEN", ["PASS", "PENDING", "PENDING"])).toMatch(/2 家/);
    expect(closeError("CLOSED", ["PASS"])).toMatch(/已结束/);
  });

  it("counts progress", () => {
    expect(
      progressOf(
        [
          { result: "PASS", rectifyBy: null, rectifiedOn: null },
          { result: "FAIL", rectifyBy: "2026-12-01", rectifiedOn: null },
          { result: "FAIL", rectifyBy: "2026-12-01", rectifiedOn: "2026-11-30" },
          { result: "PENDING", rectifyBy: null, rectifiedOn: null },
        ],
        TODAY,
      ),
    ).toEqual({ sampled: 4, recorded: 3, passed: 1, failed: 2, rectified: 1, overdue: 1 });
  });

  it("proposes a typeable 12-character seed", () => {
    expect(proposeSeed()).toMatch(/^[2-9A-HJKMNP-Z]{12}$/);
    expect(proposeSeed(() => new Uint8Array(12))).toBe("222222222222");
  });
});
