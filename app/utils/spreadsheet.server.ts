import ExcelJS from "exceljs";
import { Money } from "~/domain/shared/money";

export type SheetColumn = { header: string; width?: number; /** Amounts: written as numbers with two decimals in XLSX. */ yuan?: boolean };

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with ' (CSV injection). */
function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
}

function csvCell(value: string): string {
  const text = safeText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a BOM and CRLF line ends: Excel opens the Chinese text correctly. */
export function csvDocument(columns: readonly SheetColumn[], rows: readonly string[][]): string {
  return `\uFEFF${[columns.map((c) => c.header), ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/**
 * An .xlsx workbook of one sheet: a bold, frozen header row; yuan columns as numbers with
 * the "#,##0.00" format (the yuan strings are exact with two decimals, so the number
 * Excel stores is the amount), everything else as text.
 */
export async function xlsxDocument(sheetName: string, columns: readonly SheetColumn[], rows: readonly string[][], footer?: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "知产桥 IP Bridge";
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
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
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
