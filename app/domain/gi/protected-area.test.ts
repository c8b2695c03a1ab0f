import { describe, expect, it } from "vitest";
import { county } from "../identity/county";
import { protectedAreaError, townOutsideAreaError } from "./protected-area";

const product = { name: "柞水木耳", protectedTowns: county.towns.slice(0, 3) };

describe("the protected area", () => {
  it("accepts production in a town of the area", () => {
    for (const town of product.protectedTowns) expect(townOutsideAreaError(product, town)).toBeNull();
    expect(townOutsideAreaError(product, ` ${product.protectedTowns[0]} `)).toBeNull();
  });

  it("refuses a county town outside the area, a town of another county and an empty town, naming the area", () => {
    const outside = county.towns[county.towns.length - 1];
    expect(townOutsideAreaError(product, outside)).toBe(`${outside}不在柞水木耳的地理标志保护范围内（${product.protectedTowns.join("、")}）`);
    expect(townOutsideAreaError(product, "城关镇")).toMatch(/不在柞水木耳的地理标志保护范围内/);
    expect(townOutsideAreaError(product, "  ")).toBe("请选择生产地所在乡镇（街道）");
  });

  it("an area is a non-empty set of the county profile's towns", () => {
    expect(protectedAreaError(county.towns)).toBeNull();
    expect(protectedAreaError([county.towns[1]])).toBeNull();
    expect(protectedAreaError([])).toMatch(/至少选择一个/);
    expect(protectedAreaError([county.towns[0], "长安区"])).toBe(`长安区不是${county.name}的乡镇（街道）`);
    expect(protectedAreaError([county.towns[0], county.towns[0]])).toMatch(/重复/);
  });
});
