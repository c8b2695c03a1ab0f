import ExcelJS from "exceljs";
import { Money } from "~/domain/shared/money";

export type SheetColumn = { header: string; width?: number; /** Amounts: written as numbers with two decimals in XLSX. */ yuan?: boolean };

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with ' (CSV injection); a plain negative number ("-1,234.50", "-2.5%") is left as it is. */
function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !/^-?\d{1,3}(,?\d{3})*(\.\d+)?%?$/.test(value) ? `'${value}` : value;
}

function csvCell(value: string): string {
  const text = safeText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a BOM and CRLF line ends: Excel opens the Chinese text correctly. */
export function csvDocument(columns: readonly SheetColumn[], rows: readonly string[][]): string {
  return `\uFEFF${csvLines(columns, rows)}`;
}

function csvLines(columns: readonly SheetColumn[], rows: readonly string[][]): string {
  return `${[columns.map((c) => c.header), ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** Several tables in one CSV (UTF-8 with a BOM, CRLF): each after a line with its name, separated by an empty line. */
export function csvSections(sections: readonly Sheet[]): string {
  return `\uFEFF${sections.map((s) => `${csvCell(s.name)}\r\n${csvLines(s.columns, s.footer ? [...s.rows, s.footer] : s.rows)}`).join("\r\n")}`;
}

/** One sheet of a workbook: its name (at most 31 characters; []:*?/\\ are replaced), columns, rows and an optional bold footer row. */
export type Sheet = { name: string; columns: readonly SheetColumn[]; rows: readonly string[][]; footer?: string[] };

/** A sheet name Excel accepts: no []:*?/\\, at most 31 characters, unique in the workbook. */
function sheetNameOf(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, "_").slice(0, 31) || "Sheet";
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base.slice(0, 31 - String(n).length - 1)}_${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * An .xlsx workbook of one sheet per `Sheet`, each with a bold, frozen header row; yuan
 * columns as numbers with the "#,##0.00" format (the yuan strings are exact with two
 * decimals, so the number Excel stores is the amount), everything else as text.
 */
export async function xlsxWorkbook(sheets: readonly Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "知产桥 IP Bridge";
  const taken = new Set<string>();
  for (const { name, columns, rows, footer } of sheets) {
    const sheet = workbook.addWorksheet(sheetNameOf(name, taken), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
    sheet.getRow(1).font = { bold: true };
    const write = (row: readonly string[]) =>
      sheet.addRow(row.map((value, i) => (columns[i]?.yuan && Money.isYuan(value) ? Number(Money.parseYuan(value).toYuanString()) : safeText(value))));
    for (const row of rows) write(row);
    if (footer) {
      sheet.addRow([]);
      write(footer).font = { bold: true };
    }
    columns.forEach((c, i) => {
      if (c.yuan) sheet.getColumn(i + 1).numFmt = "#,##0.00";
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An .xlsx workbook of one sheet (see `xlsxWorkbook`). */
export async function xlsxDocument(sheetName: string, columns: readonly SheetColumn[], rows: readonly string[][], footer?: string[]): Promise<Buffer> {
  return xlsxWorkbook([{ name: sheetName, columns, rows, footer }]);
}
