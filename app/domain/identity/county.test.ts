import { describe, expect, it } from "vitest";
import { county, isCountyCluster, isCountyTown, ZHASHUI } from "./county";

describe("county profile", () => {
  it("defaults to Zhashui with its nine towns and five clusters", () => {
    expect(county).toBe(ZHASHUI);
    expect(ZHASHUI.towns).toEqual(["乾佑街道", "营盘镇", "下梁镇", "红岩寺镇", "曹坪镇", "杏坪镇", "瓦房口镇", "凤凰镇", "小岭镇"]);
    expect(ZHASHUI.clusters).toEqual(["秦岭医药", "木耳深加工", "旅游康养", "新型材料", "绿色食品"]);
    expect(ZHASHUI.divisionCode).toMatch(/^\d{6}$/);
  });

  it("has no duplicates", () => {
    expect(new Set(county.towns).size).toBe(county.towns.length);
    expect(new Set(county.clusters).size).toBe(county.clusters.length);
  });

  it("recognises exactly its own towns and clusters", () => {
    expect(isCountyTown("下梁镇")).toBe(true);
    expect(isCountyTown("下梁")).toBe(false);
    expect(isCountyCluster("绿色食品")).toBe(true);
    expect(isCountyCluster("")).toBe(false);
  });
});
