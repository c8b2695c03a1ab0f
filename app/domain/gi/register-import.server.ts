import ExcelJS from "exceljs";
import { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { assertCan } from "../identity/policies";
import { actorUserIdForFk, type Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { bookToday } from "../shared/book-dates";
import { clock } from "../shared/clock";
import { DomainError, conflict, validation } from "../shared/errors";
import { hasForbiddenCharacters } from "../shared/text";
import { parseCsv } from "../patents/csv";
import { dateOfDay, dayOf } from "./active-on";
import { issueCertificateNumber } from "./certificates.server";
import { AUTHORIZED_GI_STATUSES, OPEN_GI_STATUSES } from "./machine";
import { REGISTER_COLUMNS, certificateOrder, checkRegisterRecords, type RegisterRecord, type RegisterRowError } from "./register-rows";

/**
 * Register import (issue 16 §5): GOVERNMENT loads the county's existing GI special-mark users
 * from a CSV or XLSX file, all or nothing. Every row is checked first (register-rows.ts, plus
 * an existing open application or authorization of the same enterprise and product in the
 * database); any error and nothing is written. Otherwise one transaction writes the import,
 * one APPROVED application (source REGISTER_IMPORT) per row with its certificate number —
 * issued by announcement date, then file order, so the numbers are deterministic — and the
 * audit events.
 */

export const MAX_REGISTER_FILE_BYTES = 5 * 1024 * 1024;

export type GiRegisterFile = { bytes: Uint8Array; name: string; type?: string | null };

export type ImportedGiUser = { row: number; enterpriseName: string; uscc: string; productName: string; town: string; announcementNumber: string; announcedOn: string; certificateNumber: string; linkedToOrg: boolean };

export type GiRegisterImportResult =
  | { ok: false; fileName: string; total: number; errors: RegisterRowError[] }
  | { ok: true; fileName: string; total: number; importId: string; users: ImportedGiUser[] };

const fileError = (message: string) => validation({ file: [message] }, message);

function isXlsx(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** UTF-8 (with or without BOM); a file Excel saved as "CSV" on a Chinese Windows is GB18030. */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    try {
      return new TextDecoder("gb18030", { fatal: true }).decode(bytes);
    } catch {
      throw fileError("无法识别文件编码，请另存为“CSV UTF-8”或 Excel 工作簿（.xlsx）后再上传");
    }
  }
}

function readCsv(bytes: Uint8Array): RegisterRecord[] {
  const text = decodeText(bytes);
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? "";
  const delimiter = !firstLine.includes(",") && firstLine.includes("\t") ? "\t" : !firstLine.includes(",") && firstLine.includes("，") ? "，" : ",";
  const { records, error } = parseCsv(text, delimiter);
  if (error) throw fileError(error.message);
  return records.map((r) => ({ row: r.line, cells: r.cells }));
}

/** An XLSX cell as the text a person sees: dates as YYYY-MM-DD, numbers in full, formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return dayOf(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value;
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
  if ("text" in value) return String(value.text);
  return "";
}

async function readXlsx(bytes: Uint8Array): Promise<RegisterRecord[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw fileError("无法读取该 Excel 文件，请确认是 .xlsx 格式（旧的 .xls 请先另存为 .xlsx）");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw fileError("Excel 文件中没有工作表");
  const records: RegisterRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value).trim());
    if (cells.some((c) => c !== "")) records.push({ row: rowNumber, cells });
  });
  return records;
}

export async function readRegisterFile(file: GiRegisterFile): Promise<RegisterRecord[]> {
  if (file.bytes.byteLength === 0) throw fileError("请选择要导入的 CSV 或 Excel（.xlsx）文件");
  if (file.bytes.byteLength > MAX_REGISTER_FILE_BYTES) throw new DomainError("PAYLOAD_TOO_LARGE", "文件不能超过 5 MB");
  if (isXlsx(file.bytes)) return readXlsx(file.bytes);
  if (/\.xlsx?$/i.test(file.name)) throw fileError("无法读取该 Excel 文件，请确认是 .xlsx 格式（旧的 .xls 请先另存为 .xlsx）");
  return readCsv(file.bytes);
}

export async function importGiRegister(actor: Actor, file: GiRegisterFile): Promise<GiRegisterImportResult> {
  assertCan(actor, "gi.review");
  const fileName = (hasForbiddenCharacters(file.name) ? "" : file.name).slice(0, 200) || "名册";
  const records = await readRegisterFile(file);
  const products = await db.giProduct.findMany({ select: { id: true, name: true, protectedTowns: true, certificatePrefix: true } });
  const checked = checkRegisterRecords(records, { products, today: bookToday() });
  if (!checked.ok) throw fileError(checked.message);
  const total = records.length - 1;
  const productByName = new Map(products.map((p) => [p.name, p]));
  const errors = [...checked.errors, ...(await alreadyRegistered(checked.rows, productByName))].sort((a, b) => a.row - b.row);
  if (errors.length) return { ok: false, fileName, total, errors };

  const ordered = certificateOrder(checked.rows);
  const now = clock.now();
  try {
    return await db.$transaction(
      async (tx) => {
        const batch = await tx.giRegisterImport.create({ data: { orgId: actor.orgId, userId: actorUserIdForFk(actor), fileName, rows: ordered.length } });
        const orgs = await tx.organization.findMany({ where: { uscc: { in: [...new Set(ordered.map((r) => r.uscc))] } }, select: { id: true, uscc: true } });
        const orgByUscc = new Map(orgs.map((o) => [o.uscc, o.id]));
        const users: ImportedGiUser[] = [];
        for (const row of ordered) {
          const product = productByName.get(row.productName)!;
          const certificate = await issueCertificateNumber(tx, product, Number(row.announcedOn.slice(0, 4)));
          const orgId = orgByUscc.get(row.uscc) ?? null;
          const created = await tx.giApplication.create({
            data: {
              productId: product.id,
              orgId,
              source: "REGISTER_IMPORT",
              status: "APPROVED",
              enterpriseName: row.enterpriseName,
              uscc: row.uscc,
              town: row.town,
              announcementNumber: row.announcementNumber,
              announcedOn: dateOfDay(row.announcedOn),
              ...certificate,
              approvedAt: now,
              decidedAt: now,
              submittedAt: now,
              importBatchId: batch.id,
            },
            select: { id: true },
          });
          await recordAudit(tx, actor, {
            entityType: "GiApplication",
            entityId: created.id,
            action: "register-import",
            fromState: null,
            toState: "APPROVED",
            data: { importId: batch.id, row: row.row, certificateNumber: certificate.certificateNumber, announcementNumber: row.announcementNumber, announcedOn: row.announcedOn },
          });
          users.push({ ...row, certificateNumber: certificate.certificateNumber, linkedToOrg: orgId !== null });
        }
        await recordAudit(tx, actor, { entityType: "GiRegisterImport", entityId: batch.id, action: "import", data: { fileName, rows: ordered.length } });
        return { ok: true as const, fileName, total, importId: batch.id, users: users.sort((a, b) => a.row - b.row) };
      },
      { timeout: 60_000 },
    );
  } catch (e) {
    // Someone applied or was approved for the same product between the check and the write: the partial unique index decided.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw conflict("导入期间有企业的同一产品申请或授权发生了变化，本次未导入任何记录，请重新上传");
    throw e;
  }
}

/** Rows whose enterprise already holds, or is applying for, the same product's mark. */
async function alreadyRegistered(rows: readonly { row: number; uscc: string; productName: string }[], productByName: Map<string, { id: string; name: string }>): Promise<RegisterRowError[]> {
  if (!rows.length) return [];
  const existing = await db.giApplication.findMany({
    where: { uscc: { in: [...new Set(rows.map((r) => r.uscc))] }, status: { in: [...OPEN_GI_STATUSES, "APPROVED"] } },
    select: { productId: true, uscc: true, status: true, certificateNumber: true },
  });
  const errors: RegisterRowError[] = [];
  for (const row of rows) {
    const product = productByName.get(row.productName)!;
    const hit = existing.find((e) => e.productId === product.id && e.uscc === row.uscc);
    if (!hit) continue;
    const message = (AUTHORIZED_GI_STATUSES as readonly string[]).includes(hit.status)
      ? `该企业已是${product.name}的授权用户（证书编号 ${hit.certificateNumber ?? "—"}），不能重复导入`
      : `该企业已有${product.name}的使用申请正在办理，不能同时导入`;
    errors.push({ row: row.row, column: REGISTER_COLUMNS.uscc.header, message });
  }
  return errors;
}

/** The last imports, newest first (the import page). */
export async function listGiRegisterImports(actor: Actor, take = 10) {
  assertCan(actor, "gi.review");
  return db.giRegisterImport.findMany({ orderBy: { createdAt: "desc" }, take, select: { id: true, fileName: true, rows: true, createdAt: true } });
}
