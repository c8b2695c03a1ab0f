import { describe, expect, it } from "vitest";
import { directoryWhere } from "./org-directory.server";
import { directoryQuerySchema, updateOrgProfileSchema } from "./org-schemas";

describe("the partner directory's query", () => {
  it("lists only ACTIVE banks, insurers and appraisers, or one of those kinds", () => {
    expect(directoryWhere({})).toEqual({ status: "ACTIVE", kind: { in: ["BANK", "INSURER", "APPRAISER"] } });
    expect(directoryWhere({ kind: "INSURER", q: "秦岭" })).toEqual({ status: "ACTIVE", kind: "INSURER", name: { contains: "秦岭", mode: "insensitive" } });
  });

  it("takes numeric strings for the page and names every bad parameter at once", () => {
    expect(directoryQuerySchema.parse({ page: "2", pageSize: "50", kind: "BANK" })).toEqual({ page: 2, pageSize: 50, kind: "BANK" });
    const bad = directoryQuerySchema.safeParse({ page: "0", pageSize: "101", kind: "SME", q: "x".repeat(51) });
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(["kind", "page", "pageSize", "q"]);
  });
});

describe("a bank's or insurer's products", () => {
  it("are trimmed, de-duplicated, 2–40 characters each, at most 20, no markup", () => {
    expect(updateOrgProfileSchema.parse({ products: [" 知识产权质押贷款 ", "知识产权质押贷款", "专利执行保险"] }).products).toEqual(["知识产权质押贷款", "专利执行保险"]);
    expect(updateOrgProfileSchema.parse({ products: [] }).products).toEqual([]);
    const bad = updateOrgProfileSchema.safeParse({ products: ["贷", "<b>贷款</b>", "款".repeat(41)] });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["products.0", "products.1", "products.2"]);
    expect(updateOrgProfileSchema.safeParse({ products: Array.from({ length: 21 }, (_, i) => `产品${i}`) }).success).toBe(false);
    expect(updateOrgProfileSchema.safeParse({ products: Array.from({ length: 20 }, (_, i) => `产品${i}`) }).success).toBe(true);
  });
});
