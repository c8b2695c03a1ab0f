import { describe, expect, it } from "vitest";
import { county } from "../identity/county";
import { fieldErrorsOfIssues } from "../shared/errors";
import { ANNUAL_OUTPUT_MAX_KG, GI_KIND_NAMES, GI_KINDS, giActionBodySchemas, giApplicationInputSchema, giProductInputSchema } from "./schemas";

const errorsOf = (r: { success: boolean; error?: { issues: Parameters<typeof fieldErrorsOfIssues>[0] } }) => (r.success ? {} : fieldErrorsOfIssues(r.error!.issues));
const chinese = (errors: Record<string, string[]>) => Object.values(errors).flat().every((m) => /[\u4e00-\u9fff]/.test(m));

const application = { productId: "p1", productionAddress: "营盘镇朱家沟村 3 组", town: "营盘镇", annualOutputKg: 1200, description: "林下袋料木耳，年产干耳 1.2 吨。", commitment: true };

describe("the application input", () => {
  it("accepts a good application, numbers as strings and a checkbox's on", () => {
    expect(giApplicationInputSchema.parse(application)).toEqual(application);
    expect(giApplicationInputSchema.parse({ ...application, annualOutputKg: " 1200 ", commitment: "on" })).toMatchObject({ annualOutputKg: 1200, commitment: true });
  });

  it("names every bad field at once, in Chinese", () => {
    const errors = errorsOf(giApplicationInputSchema.safeParse({ productId: "", town: 3, annualOutputKg: "abc", description: "x".repeat(2001), commitment: false }));
    expect(Object.keys(errors).sort()).toEqual(["annualOutputKg", "commitment", "description", "productId", "productionAddress", "town"]);
    expect(errors.commitment).toEqual(["请承诺按质量标准组织生产"]);
    expect(chinese(errors)).toBe(true);
  });

  it("wants a whole number of kilograms above 0 and below the sane maximum", () => {
    for (const bad of [0, -5, 1.5, "1.5", ANNUAL_OUTPUT_MAX_KG + 1, "", null, undefined, true, "12kg"]) {
      const errors = errorsOf(giApplicationInputSchema.safeParse({ ...application, annualOutputKg: bad }));
      expect(Object.keys(errors), String(bad)).toEqual(["annualOutputKg"]);
      expect(chinese(errors)).toBe(true);
    }
    expect(giApplicationInputSchema.parse({ ...application, annualOutputKg: ANNUAL_OUTPUT_MAX_KG }).annualOutputKg).toBe(ANNUAL_OUTPUT_MAX_KG);
  });

  it("refuses a missing or false commitment", () => {
    for (const commitment of [undefined, false, "false", "off", ""]) expect(Object.keys(errorsOf(giApplicationInputSchema.safeParse({ ...application, commitment })))).toEqual(["commitment"]);
  });
});

describe("action bodies", () => {
  it("need the version and each action's fields", () => {
    expect(Object.keys(errorsOf(giActionBodySchemas["request-supplement"].safeParse({})))).toEqual(["version", "note"]);
    expect(giActionBodySchemas.resubmit.parse({ version: "3" })).toEqual({ version: 3, note: undefined });
    expect(Object.keys(errorsOf(giActionBodySchemas.approve.safeParse({ version: 0, announcedOn: "2026/13/01" }))).sort()).toEqual(["announcedOn", "announcementNumber", "version"]);
    expect(giActionBodySchemas.approve.parse({ version: 2, announcementNumber: " 柞市监公告〔2026〕7号 ", announcedOn: "2026-12-01" })).toEqual({ version: 2, announcementNumber: "柞市监公告〔2026〕7号", announcedOn: "2026-12-01" });
    expect(Object.keys(errorsOf(giActionBodySchemas.reject.safeParse({ version: 1, reason: "  " })))).toEqual(["reason"]);
    const revoke = errorsOf(giActionBodySchemas.revoke.safeParse({ version: 1, reason: "x".repeat(1001), revokedOn: "" }));
    expect(Object.keys(revoke).sort()).toEqual(["reason", "revokedOn"]);
    expect(chinese(revoke)).toBe(true);
  });
});

describe("the product input", () => {
  const product = { name: "柞水木耳", kind: "PROTECTED_PRODUCT", registrationNumber: "2017年第××号公告", protectedTowns: county.towns.slice(0, 3), qualityStandard: "DB61/T 1234-2019", certificatePrefix: "zsgi" };

  it("accepts a product and upper-cases the prefix; towns may come as one form value", () => {
    expect(giProductInputSchema.parse(product)).toMatchObject({ certificatePrefix: "ZSGI" });
    expect(giProductInputSchema.parse(product).notes).toBeUndefined();
    expect(giProductInputSchema.parse({ ...product, protectedTowns: `${county.towns[0]}、${county.towns[1]}` }).protectedTowns).toEqual(county.towns.slice(0, 2));
  });

  it("names every bad field in Chinese", () => {
    const errors = errorsOf(giProductInputSchema.safeParse({ kind: "GI", protectedTowns: ["长安区"], certificatePrefix: "1AB" }));
    expect(Object.keys(errors).sort()).toEqual(["certificatePrefix", "kind", "name", "protectedTowns", "qualityStandard", "registrationNumber"]);
    expect(errors.protectedTowns[0]).toMatch(/长安区不是/);
    expect(chinese(errors)).toBe(true);
    expect(errorsOf(giProductInputSchema.safeParse({ ...product, protectedTowns: [] })).protectedTowns[0]).toMatch(/至少选择一个/);
  });

  it("names every kind in Chinese", () => {
    expect(GI_KINDS.map((k) => GI_KIND_NAMES[k])).toEqual(["地理标志保护产品", "地理标志证明商标", "集体商标"]);
  });
});
