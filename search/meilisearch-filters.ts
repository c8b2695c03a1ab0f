/**
 * `PatentFilters` → one Meilisearch filter expression. Every value comes from user input:
 * it is checked (lists of strings, finite numbers, a boolean) and emitted only as a
 * double-quoted string literal with `\` and `"` escaped (the filter syntax of Meilisearch
 * ≥ 1.4) or as a plain decimal — never as syntax. Values within one facet are OR-ed,
 * facets are AND-ed, as in the embedded engine.
 */
import { normalizeIpc } from "./document-table";
import type { PatentFilters } from "./port";
import { assertFilterShapes } from "./query-options";

/** A Meilisearch string literal: "…" with backslashes and double quotes escaped. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * A finite number as a plain decimal: Meilisearch's filter parser does not read
 * exponents, and `String(1e21)` is "1e+21".
 */
export function plainDecimal(value: number): string {
  const text = String(Object.is(value, -0) ? 0 : value);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction = "", exponentText] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** `(field = "a" OR field = "b")`; nothing for an empty list (nothing ticked). */
function anyOf(field: string, values: readonly string[] | undefined): string[] {
  if (!values || values.length === 0) return [];
  return [`(${values.map((value) => `${field} = ${quote(value)}`).join(" OR ")})`];
}

/**
 * An IPC prefix as an equality on the level it names — section "A", class "A23",
 * subclass "A23L", group "A23L31" (or "A23L31/") — else on the full code.
 */
function ipcCondition(prefix: string): string[] {
  const code = normalizeIpc(prefix);
  if (code === "") return [];
  if (/^[A-H]$/.test(code)) return [`ipcSection = ${quote(code)}`];
  if (/^[A-H]\d{2}$/.test(code)) return [`ipcClass = ${quote(code)}`];
  if (/^[A-H]\d{2}[A-Z]$/.test(code)) return [`ipcSubclass = ${quote(code)}`];
  if (/^[A-H]\d{2}[A-Z]\d+\/?$/.test(code)) return [`ipcGroup = ${quote(code.replace(/\/$/, ""))}`];
  return [`ipc = ${quote(code)}`];
}

/** Inclusive bounds; a document without the value never satisfies a bound. */
function range(field: string, min: number | undefined, max: number | undefined): string[] {
  if (min === undefined && max === undefined) return [];
  const parts = [`${field} IS NOT NULL`];
  if (min !== undefined) parts.push(`${field} >= ${plainDecimal(min)}`);
  if (max !== undefined) parts.push(`${field} <= ${plainDecimal(max)}`);
  return [parts.join(" AND ")];
}

/** The filter expression, or `undefined` when nothing is filtered. Throws on malformed input. */
export function buildFilter(filters: PatentFilters | undefined): string | undefined {
  if (!filters) return undefined;
  assertFilterShapes(filters);
  const conditions = [
    ...anyOf("type", filters.type),
    ...anyOf("ipcSection", filters.ipcSection),
    ...anyOf("ipcClass", filters.ipcClass),
    ...(filters.ipcPrefix === undefined ? [] : ipcCondition(filters.ipcPrefix)),
    ...anyOf("holderKind", filters.holderKind),
    ...(filters.holderId === undefined ? [] : [`holderId = ${quote(filters.holderId)}`]),
    ...anyOf("clusters", filters.clusters),
    ...anyOf("listingMode", filters.listingMode),
    ...anyOf("legalStatus", filters.legalStatus),
    ...range("priceFen", filters.priceMinFen, filters.priceMaxFen),
    ...range("remainingLifeYears", filters.remainingLifeMin, filters.remainingLifeMax),
    ...(filters.highValue === undefined ? [] : [`highValue = ${filters.highValue ? "true" : "false"}`]),
    ...(filters.ids === undefined || filters.ids.length === 0 ? [] : [`id IN [${filters.ids.map(quote).join(", ")}]`]),
  ];
  return conditions.length ? conditions.join(" AND ") : undefined;
}
