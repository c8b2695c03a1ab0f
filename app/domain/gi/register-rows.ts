import { checkUscc } from "../identity/uscc";
import { FORBIDDEN_CHARACTERS_MESSAGE, hasForbiddenCharacters } from "../shared/text";
import { isIsoDay } from "./active-on";
import { townOutsideAreaError } from "./protected-area";

/**
 * Reading the county's register of existing GI special-mark users (issue 16 §5): the rows
 * of a CSV or XLSX file (cells as text, with the file's row numbers) in, valid rows and
 * every row error (row, column, Chinese message) out. Pure: the import use case
 * (register-import.server.ts) reads the file, adds what only the database knows and
 * writes all rows or none.
 */

export const REGISTER_FIELDS = ["enterpriseName", "uscc", "productName", "town", "announcementNumber", "announcedOn"] as const;
export type RegisterField = (typeof REGISTER_FIELDS)[number];

/** The template's headers (as printed in errors) and the header variants accepted for each. */
export const REGISTER_COLUMNS: Record<RegisterField, { header: string; aliases: readonly string[] }> = {
  enterpriseName: { header: "企业名称", aliases: ["企业名称", "企业全称", "企业", "单位名称", "名称", "使用人", "使用人名称", "用标企业", "授权企业"] },
  uscc: { header: "统一社会信用代码", aliases: ["统一社会信用代码", "社会信用代码", "信用代码", "uscc", "统一代码"] },
  productName: { header: "地理标志产品", aliases: ["地理标志产品", "地理标志产品名称", "地理标志", "地理标志名称", "产品", "产品名称"] },
  town: { header: "乡镇（街道）", aliases: ["乡镇（街道）", "乡镇(街道)", "乡镇街道", "乡镇/街道", "乡镇", "街道", "所在乡镇", "所在乡镇（街道）", "生产地乡镇"] },
  announcementNumber: { header: "公告号", aliases: ["公告号", "公告编号", "核准公告号", "公告文号"] },
  announcedOn: { header: "公告日期", aliases: ["公告日期", "公告日", "核准日期", "公告时间"] },
};

export const MAX_REGISTER_ROWS = 2000;

/** The template's example row starts its name with this; such a row is never imported. */
export const TEMPLATE_EXAMPLE_MARK = "【示例";

export type RegisterRecord = { row: number; cells: string[] };
export type RegisterRow = { row: number; enterpriseName: string; uscc: string; productName: string; town: string; announcementNumber: string; announcedOn: string };
export type RegisterRowError = { row: number; column: string; message: string };
export type RegisterProduct = { id: string; name: string; protectedTowns: readonly string[] };

/** A header as compared: no spaces, full-width brackets and letters folded, lower case. */
function headerKey(value: string): string {
  return value
    .replace(/^\uFEFF/, "")
    .normalize("NFKC")
    .replace(/[\s*＊]/g, "")
    .toLowerCase();
}

const BY_HEADER = new Map<string, RegisterField>(REGISTER_FIELDS.flatMap((f) => REGISTER_COLUMNS[f].aliases.map((a) => [headerKey(a), f] as const)));

/** Which cell holds which field, or why the header row cannot be read. */
export function readRegisterHeader(cells: readonly string[]): { ok: true; columns: Record<RegisterField, number> } | { ok: false; message: string } {
  const columns: Partial<Record<RegisterField, number>> = {};
  for (const [i, cell] of cells.entries()) {
    const field = BY_HEADER.get(headerKey(cell));
    if (!field) continue;
    if (columns[field] !== undefined) return { ok: false, message: `表头中“${REGISTER_COLUMNS[field].header}”列出现了两次` };
    columns[field] = i;
  }
  const missing = REGISTER_FIELDS.filter((f) => columns[f] === undefined);
  if (missing.length) return { ok: false, message: `第 1 行表头缺少列：${missing.map((f) => REGISTER_COLUMNS[f].header).join("、")}（请使用导入模板）` };
  return { ok: true, columns: columns as Record<RegisterField, number> };
}

/** A date as written in a register ("2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "20240305") as "YYYY-MM-DD", or null. */
export function normalizeRegisterDate(value: string): string | null {
  const text = value.trim().normalize("NFKC");
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const day = `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  return isIsoDay(day) ? day : null;
}

/** A cell's text: trimmed, inner runs of white space as one space. */
function cellText(value: string | undefined): string {
  return (value ?? "").normalize("NFC").replace(/\s+/g, " ").trim();
}

/**
 * Every row of the register checked on its own and against the rows before it (the same
 * enterprise for the same product twice), against the products (a known product, a town in
 * its protected area) and today (no announcement in the future). `records[0]` is the header.
 */
export function checkRegisterRecords(
  records: readonly RegisterRecord[],
  { products, today }: { products: readonly RegisterProduct[]; today: string },
): { ok: true; rows: RegisterRow[]; errors: RegisterRowError[] } | { ok: false; message: string } {
  if (!records.length) return { ok: false, message: "文件是空的：第 1 行应是表头（企业名称、统一社会信用代码、地理标志产品、乡镇（街道）、公告号、公告日期）" };
  const header = readRegisterHeader(records[0].cells);
  if (!header.ok) return header;
  const body = records.slice(1);
  if (!body.length) return { ok: false, message: "文件只有表头，没有要导入的授权用户" };
  if (body.length > MAX_REGISTER_ROWS) return { ok: false, message: `一次最多导入 ${MAX_REGISTER_ROWS} 行，本文件有 ${body.length} 行，请拆分后分别导入` };

  const productByName = new Map(products.map((p) => [p.name.replace(/\s+/g, ""), p]));
  const rows: RegisterRow[] = [];
  const errors: RegisterRowError[] = [];
  const firstRowOf = new Map<string, number>();

  for (const record of body) {
    const cell = (f: RegisterField) => cellText(record.cells[header.columns[f]]);
    const fail = (f: RegisterField, message: string) => errors.push({ row: record.row, column: REGISTER_COLUMNS[f].header, message });
    const before = errors.length;
    const unreadable = REGISTER_FIELDS.filter((f) => hasForbiddenCharacters(record.cells[header.columns[f]] ?? ""));
    if (unreadable.length) {
      for (const f of unreadable) fail(f, `${REGISTER_COLUMNS[f].header}${FORBIDDEN_CHARACTERS_MESSAGE}`);
      continue;
    }

    const enterpriseName = cell("enterpriseName");
    if (!enterpriseName) fail("enterpriseName", "请填写企业名称");
    else if (enterpriseName.startsWith(TEMPLATE_EXAMPLE_MARK)) fail("enterpriseName", "这是导入模板中的示例行，请删除后再导入");
    else if (enterpriseName.length > 100) fail("enterpriseName", "企业名称不能超过 100 个字");

    const usccCheck = checkUscc(cell("uscc"));
    if (!cell("uscc")) fail("uscc", "请填写统一社会信用代码");
    else if (!usccCheck.ok) fail("uscc", usccCheck.reason);

    const productName = cell("productName").replace(/\s+/g, "");
    const product = productByName.get(productName);
    if (!productName) fail("productName", "请填写地理标志产品");
    else if (!product) fail("productName", `平台上没有地理标志产品“${productName}”${products.length ? `（现有：${products.map((p) => p.name).join("、")}）` : ""}`);

    const town = cell("town");
    if (product) {
      const outside = townOutsideAreaError(product, town);
      if (outside) fail("town", outside);
    } else if (!town) fail("town", "请填写乡镇（街道）");

    const announcementNumber = cell("announcementNumber");
    if (!announcementNumber) fail("announcementNumber", "请填写公告号");
    else if (announcementNumber.length > 64) fail("announcementNumber", "公告号不能超过 64 个字");

    const rawDate = cell("announcedOn");
    const announcedOn = normalizeRegisterDate(rawDate);
    if (!rawDate) fail("announcedOn", "请填写公告日期");
    else if (!announcedOn) fail("announcedOn", `公告日期“${rawDate}”不是有效日期，请写成 2024-03-05 的格式`);
    else if (announcedOn > today) fail("announcedOn", `公告日期不能晚于今天（${today}）`);

    if (usccCheck.ok && product) {
      const key = `${product.id}\u0000${usccCheck.value}`;
      const first = firstRowOf.get(key);
      if (first !== undefined) fail("uscc", `与第 ${first} 行重复：同一企业的同一地理标志产品只能导入一次`);
      else firstRowOf.set(key, record.row);
    }

    if (errors.length === before) rows.push({ row: record.row, enterpriseName, uscc: (usccCheck as { value: string }).value, productName: product!.name, town, announcementNumber, announcedOn: announcedOn! });
  }
  return { ok: true, rows, errors };
}

/** The order certificate numbers are issued in: by announcement date, then file order (deterministic). */
export function certificateOrder<T extends { row: number; announcedOn: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.announcedOn === b.announcedOn ? a.row - b.row : a.announcedOn < b.announcedOn ? -1 : 1));
}
