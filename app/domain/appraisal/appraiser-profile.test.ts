import { describe, expect, it } from "vitest";
import { ownAppraiserProfileSchema } from "./appraiser-profile";

const fields = (raw: unknown) => {
  const r = ownAppraiserProfileSchema.safeParse(raw);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
};

describe("an appraiser's own profile", () => {
  it("accepts a numeric-string capacity, comma lists from forms, and orders and de-duplicates them", () => {
    expect(ownAppraiserProfileSchema.parse({ filingRecordNumber: " 陕财评备〔2021〕12号 ", methods: ["COST", "INCOME", "COST"], capacity: "8", serviceArea: "营盘镇，柞水县" })).toEqual({
      filingRecordNumber: "陕财评备〔2021〕12号",
      methods: ["INCOME", "COST"],
      capacity: 8,
      serviceArea: ["柞水县", "营盘镇"],
    });
  });

  it("leaves capacity to the policy when it is empty or absent", () => {
    expect(ownAppraiserProfileSchema.parse({ filingRecordNumber: "SX-PG-001", methods: ["MARKET"], capacity: "", serviceArea: ["柞水县"] }).capacity).toBeNull();
    expect(ownAppraiserProfileSchema.parse({ filingRecordNumber: "SX-PG-001", methods: ["MARKET"], serviceArea: ["柞水县"] }).capacity).toBeNull();
  });

  it("names every bad field at once", () => {
    expect(Object.keys(fields({ filingRecordNumber: "<b>x</b>", methods: ["GUESS"], capacity: "0", serviceArea: ["西安市"] })).sort()).toEqual(["capacity", "filingRecordNumber", "methods", "serviceArea"]);
    expect(Object.keys(fields({})).sort()).toEqual(["filingRecordNumber", "methods", "serviceArea"]);
    const empty = ownAppraiserProfileSchema.safeParse({ filingRecordNumber: " ", methods: [], serviceArea: [] });
    expect(empty.error?.issues.map((i) => i.message)).toEqual(["请填写资产评估机构备案编号", "至少选择一种评估方法", "至少选择一个服务区域"]);
  });

  it("bounds capacity 1–1000 and refuses non-integers", () => {
    const base = { filingRecordNumber: "SX-PG-001", methods: ["INCOME"], serviceArea: ["柞水县"] };
    expect(fields({ ...base, capacity: 1 })).toEqual({});
    expect(fields({ ...base, capacity: 1000 })).toEqual({});
    expect(Object.keys(fields({ ...base, capacity: 1001 }))).toEqual(["capacity"]);
    expect(Object.keys(fields({ ...base, capacity: "2.5" }))).toEqual(["capacity"]);
  });
});
