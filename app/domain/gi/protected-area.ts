import { county } from "../identity/county";

/**
 * A GI product's protected area is a set of the county profile's towns (街道 and 镇), never
 * a list in code (issue 16 §1). Pure; safe in the browser.
 */

/** Why `towns` cannot be a protected area, or null: at least one town, each a town of the county, none twice. */
export function protectedAreaError(towns: readonly string[]): string | null {
  if (towns.length === 0) return "请至少选择一个保护范围内的乡镇（街道）";
  const unknown = towns.filter((t) => !county.towns.includes(t));
  if (unknown.length) return `${unknown.join("、")}不是${county.name}的乡镇（街道）`;
  if (new Set(towns).size !== towns.length) return "保护范围中有重复的乡镇（街道）";
  return null;
}

/** Why production in `town` cannot use the product's mark, or null when the town lies in its protected area. */
export function townOutsideAreaError(product: { name: string; protectedTowns: readonly string[] }, town: string): string | null {
  const value = town.trim();
  if (!value) return "请选择生产地所在乡镇（街道）";
  if (product.protectedTowns.includes(value)) return null;
  return `${value}不在${product.name}的地理标志保护范围内（${product.protectedTowns.join("、")}）`;
}
