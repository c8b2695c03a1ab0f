import { DomainError } from "~/domain/shared/errors";
import { checkApplicationNumber, checkPublicationNumber } from "./application-number";
import { parseCsv } from "./csv";
import { type PatentInput, patentImportRowSchema } from "./schemas";
import { toHalfWidth } from "./text";

/**
 * Reading a bulk-import file (SPEC §3 "Import"): JSON Lines or CSV in UTF-8, one patent
 * per line/record, validated with patentInputSchema. Pure: bytes in, rows and row
 * errors out; the import job decides what to commit. Problems of the whole file throw
 * ImportFileError; problems of rows are collected, every one with its line and field.
 */

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export type ImportFormat = "jsonl" | "csv";
export type ImportRowError = { line: number; field: string; message: string };
export type ImportRow = { line: number; data: PatentInput };
export type ImportParseResult = {
  format: ImportFormat;
  /** Valid rows, in file order. */
  rows: ImportRow[];
  /** Every problem of every invalid row, by line. `field` "_row" is the record as a whole. */
  errors: ImportRowError[];
  /** Records read (blank lines excluded), valid or not. */
  total: number;
  /** CSV columns that are not patent fields and were ignored, as written in the header. */
  ignoredColumns: string[];
};

export type ImportFileProblem =
  | "TOO_LARGE"
  | "EMPTY"
  | "NOT_UTF8"
  | "SPREADSHEET"
  | "UNKNOWN_FORMAT"
  | "MISSING_HEADER"
  | "DUPLICATE_HEADER";

/** The file as a whole cannot be imported; `message` tells the holder how to fix it. */
export class ImportFileError extends DomainError {
  override name = "ImportFileError";
  constructor(
    readonly problem: ImportFileProblem,
    message: string,
  ) {
    super("VALIDATION", message);
  }
}

export type ParseImportOptions = {
  /** The uploaded file's name or content type ("patents.csv", "text/csv"); else the content decides. */
  hint?: string;
};

const ROW_FIELD = "_row";

export function parseImportFile(bytes: Uint8Array, options: ParseImportOptions = {}): ImportParseResult {
  const { format, read } = readImportFile(bytes, options);
  return { format, ...validateRows(read.records, read.errors), ignoredColumns: read.ignoredColumns };
}

/**
 * The whole-file checks alone (size, encoding, format, CSV header), for refusing an
 * upload at once, before it is stored and queued; throws ImportFileError. Rows are not
 * validated: that is parseImportFile's job in the worker.
 */
export function checkImportFile(bytes: Uint8Array, options: ParseImportOptions = {}): { format: ImportFormat; total: number } {
  const { format, read } = readImportFile(bytes, options);
  return { format, total: read.records.length };
}

function readImportFile(bytes: Uint8Array, options: ParseImportOptions): { format: ImportFormat; read: ReadResult } {
  // Size first: nothing is decoded or copied for a file we are going to refuse anyway.
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    throw new ImportFileError("TOO_LARGE", `文件过大（${formatMb(bytes.byteLength)}），单个文件不能超过 50 MB，请拆分成多个文件后分别导入`);
  }
  refuseSpreadsheet(bytes, options.hint);
  const text = decodeUtf8(bytes);
  if (text.trim() === "") throw new ImportFileError("EMPTY", "文件是空的，没有可导入的专利");
  const format = detectFormat(text, options.hint);
  return { format, read: format === "jsonl" ? readJsonLines(text) : readCsv(text) };
}

const formatMb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/* ---------------------------------------------------------------- bytes → text */

/** .xlsx files are ZIP archives, .xls files OLE documents: say how to get a CSV out of them. */
function refuseSpreadsheet(bytes: Uint8Array, hint = ""): void {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (zip || ole || /\.xlsx?\b/i.test(hint) || /spreadsheetml/i.test(hint)) {
    throw new ImportFileError(
      "SPREADSHEET",
      "这是 Excel 工作簿，不能直接导入。请在 Excel 中选择“文件 → 另存为 → CSV UTF-8（逗号分隔）(*.csv)”后上传",
    );
  }
}

const NOT_UTF8_ADVICE = "请将文件另存为 UTF-8 编码后重新上传：Excel 选择“CSV UTF-8（逗号分隔）”，记事本或 WPS 另存时编码选“UTF-8”";

function decodeUtf8(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportFileError("NOT_UTF8", `文件是 UTF-16（Unicode）编码，不是 UTF-8。${NOT_UTF8_ADVICE}`);
  }
  try {
    // The decoder drops a leading UTF-8 BOM (Excel's "CSV UTF-8" writes one).
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const line = lineOfFirstInvalidByte(bytes);
    throw new ImportFileError(
      "NOT_UTF8",
      `文件不是 UTF-8 编码（第 ${line} 行起有无法识别的字符），多半是 Excel 或 WPS 默认保存的 GBK/GB18030 编码。${NOT_UTF8_ADVICE}`,
    );
  }
}

/** The 1-based line of the first byte sequence that is not valid UTF-8 (approximate: overlongs and surrogates are not singled out). */
function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return line;
    for (let k = 1; k <= need; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return line;
    if (b === 0x0a) line++;
    i += need + 1;
  }
  return line;
}

/* ---------------------------------------------------------------- format */

function detectFormat(text: string, hint = ""): ImportFormat {
  // The hint may be a file name, a content type or both ("专利.csv text/csv"): the extension wins.
  const h = hint.toLowerCase();
  if (/\.(jsonl|ndjson|json)\b/.test(h)) return "jsonl";
  if (/\.(csv|tsv)\b/.test(h)) return "csv";
  if (/json/.test(h)) return "jsonl";
  // Browsers on Windows send .csv files as application/vnd.ms-excel.
  if (/text\/csv|comma-separated|ms-excel|tab-separated/.test(h)) return "csv";

  const first = text.trimStart()[0];
  if (first === "{") return "jsonl";
  if (first === "[") {
    throw new ImportFileError("UNKNOWN_FORMAT", "文件是一个 JSON 数组；请改为 JSON Lines 格式：每行一个专利的 JSON 对象，不加外层方括号和行尾逗号");
  }
  const headerLine = text.trimStart().split(/\r\n|\r|\n/, 1)[0];
  if (/[,\t]/.test(headerLine)) return "csv";
  throw new ImportFileError(
    "UNKNOWN_FORMAT",
    "无法识别文件格式：请上传 JSON Lines（.jsonl，每行一个 JSON 对象）或 CSV（.csv，首行为表头，逗号分隔）文件",
  );
}

/* ---------------------------------------------------------------- records */

type RawRecord = { line: number; data: Record<string, unknown> };
type ReadResult = { records: RawRecord[]; errors: ImportRowError[]; ignoredColumns: string[] };

function readJsonLines(text: string): ReadResult {
  const records: RawRecord[] = [];
  const errors: ImportRowError[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const source = lines[i].trim();
    if (source === "") continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (e) {
      // The parser's own words are English; a person is told where, in Chinese.
      const position = e instanceof SyntaxError ? /position (\d+)/.exec(e.message) : null;
      const detail = position ? `（约在该行第 ${Number(position[1]) + 1} 个字符处）` : "";
      errors.push({ line, field: ROW_FIELD, message: `第 ${line} 行不是有效的 JSON${detail}；JSON Lines 文件每行须是一个完整的 JSON 对象` });
      records.push({ line, data: INVALID });
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      errors.push({ line, field: ROW_FIELD, message: `第 ${line} 行应为一个 JSON 对象（{…}），而不是${jsonKind(value)}` });
      records.push({ line, data: INVALID });
      continue;
    }
    records.push({ line, data: value as Record<string, unknown> });
  }
  return { records, errors, ignoredColumns: [] };
}

/** Marks a record that already has its error and must not be validated further. */
const INVALID: Record<string, unknown> = Object.freeze({});

const jsonKind = (v: unknown) => (Array.isArray(v) ? "数组" : v === null ? "null" : typeof v === "string" ? "字符串" : typeof v === "number" ? "数字" : "布尔值");

/** Chinese (and snake_case) headers holders use, by field. Matching ignores case, spaces, "_", "-" and parenthesized units. */
const HEADER_ALIASES: Record<keyof PatentInput, string[]> = {
  applicationNumber: ["申请号", "专利申请号", "专利号", "application_number"],
  publicationNumber: ["公开号", "公告号", "公开（公告）号", "公布号", "授权公告号", "publication_number"],
  type: ["专利类型", "类型", "patent_type"],
  title: ["标题", "名称", "专利名称", "发明名称", "发明创造名称"],
  abstract: ["摘要", "专利摘要"],
  claims: ["权利要求", "权利要求书", "主权项"],
  mainIpc: ["主分类号", "主IPC", "主IPC分类号", "main_ipc"],
  ipc: ["分类号", "IPC分类号", "IPC", "ipcCodes"],
  inventors: ["发明人", "设计人", "发明人/设计人"],
  filingDate: ["申请日", "filing_date"],
  grantDate: ["授权日", "授权公告日", "grant_date"],
  legalStatus: ["法律状态", "legal_status"],
  clusters: ["产业集群", "集群"],
  highValueFlags: ["高价值类型", "高价值专利类型", "高价值标识"],
  trl: ["技术成熟度", "TRL"],
  advantage: ["技术优势", "优势"],
  targetApplication: ["应用领域", "目标应用", "应用场景"],
  listingMode: ["许可方式", "交易方式", "listing_mode"],
  askingPrice: ["价格", "挂牌价", "挂牌价格", "转让价格", "入门费", "asking_price"],
  royaltyPercent: ["提成比例", "提成", "royalty_percent"],
  royaltyBasis: ["提成基数", "计提基数", "royalty_basis"],
  negotiable: ["面议", "价格面议", "是否面议"],
  evaluationReportNo: ["评价报告编号", "专利权评价报告编号", "evaluation_report_no"],
};

const headerKey = (text: string) =>
  toHalfWidth(text)
    .replace(/[(（][^)）]*[)）]/g, "")
    .replace(/[\s_-]+/g, "")
    .toLowerCase();

const FIELD_BY_HEADER = new Map<string, keyof PatentInput>(
  (Object.entries(HEADER_ALIASES) as [keyof PatentInput, string[]][]).flatMap(([field, aliases]) =>
    [field, ...aliases].map((alias) => [headerKey(alias), field] as const),
  ),
);

/** The patent field a CSV header names, if any ("申请号", "Application Number", "公开（公告）号"). */
export function fieldForHeader(header: string): keyof PatentInput | undefined {
  return FIELD_BY_HEADER.get(headerKey(header));
}

const REQUIRED_HEADERS: (keyof PatentInput)[] = ["title", "abstract"];

function readCsv(text: string): ReadResult {
  const headerLine = text.split(/\r\n|\r|\n/, 1)[0];
  // Tab-separated text is what copying a range out of Excel gives.
  const delimiter = !headerLine.includes(",") && headerLine.includes("\t") ? "\t" : ",";
  const { records: csvRecords, error } = parseCsv(text, delimiter);
  const [header, ...body] = csvRecords;
  const columns = mapHeader(header?.cells ?? []);
  if (body.length === 0 && !error) throw new ImportFileError("EMPTY", "文件只有表头，没有专利数据行");

  const records: RawRecord[] = [];
  const errors: ImportRowError[] = [];
  for (const { line, cells } of body) {
    const extra = cells.slice(columns.fields.length).filter((c) => c.trim() !== "");
    if (extra.length > 0) {
      errors.push({ line, field: ROW_FIELD, message: `第 ${line} 行有 ${cells.length} 列，比表头多 ${cells.length - columns.fields.length} 列；含逗号的内容请用英文双引号括起来` });
      records.push({ line, data: INVALID });
      continue;
    }
    const data: Record<string, unknown> = {};
    columns.fields.forEach((field, i) => {
      // Missing trailing cells are empty, as some exporters leave them out.
      if (field) data[field] = cells[i] ?? "";
    });
    records.push({ line, data });
  }
  if (error) {
    errors.push({ line: error.line, field: ROW_FIELD, message: error.message });
    records.push({ line: error.line, data: INVALID });
  }
  return { records, errors, ignoredColumns: columns.ignored };
}

function mapHeader(cells: string[]): { fields: (keyof PatentInput | undefined)[]; ignored: string[] } {
  const fields = cells.map((c) => fieldForHeader(c));
  const ignored = cells.filter((c, i) => !fields[i] && c.trim() !== "").map((c) => c.trim());
  const seen = new Map<keyof PatentInput, string>();
  cells.forEach((cell, i) => {
    const field = fields[i];
    if (!field) return;
    const earlier = seen.get(field);
    if (earlier !== undefined) {
      throw new ImportFileError("DUPLICATE_HEADER", `表头中“${earlier.trim()}”和“${cell.trim()}”是同一个字段（${field}），请删除其中一列`);
    }
    seen.set(field, cell);
  });
  const missing = REQUIRED_HEADERS.filter((f) => !seen.has(f));
  if (missing.length > 0) {
    const names = missing.map((f) => `${f}（${HEADER_ALIASES[f][0]}）`).join("、");
    throw new ImportFileError("MISSING_HEADER", `CSV 第一行应为表头，缺少必需的列：${names}。列名可用英文字段名或中文名，如“标题”“摘要”“申请号”`);
  }
  return { fields, ignored };
}

/* ---------------------------------------------------------------- validation */

function validateRows(records: RawRecord[], readErrors: ImportRowError[]): Omit<ImportParseResult, "format" | "ignoredColumns"> {
  const rows: ImportRow[] = [];
  const errors = [...readErrors];
  const firstLine = { applicationNumber: new Map<string, number>(), publicationNumber: new Map<string, number>() };

  for (const { line, data } of records) {
    if (data === INVALID) continue;
    const rowErrors = duplicateErrors(data, line, firstLine);
    const result = patentImportRowSchema.safeParse(data);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = typeof issue.path[0] === "string" ? issue.path[0] : ROW_FIELD;
        if (!rowErrors.some((e) => e.field === field && e.message === issue.message)) rowErrors.push({ line, field, message: issue.message });
      }
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else if (result.success) rows.push({ line, data: result.data });
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors, total: records.length };
}

type NumberField = "applicationNumber" | "publicationNumber";
const NUMBER_LABELS: Record<NumberField, string> = { applicationNumber: "申请号", publicationNumber: "公开（公告）号" };
const NUMBER_CHECKS = { applicationNumber: checkApplicationNumber, publicationNumber: checkPublicationNumber };

/**
 * Same application or publication number as an earlier line: the later line is the
 * error (re-importing updates, but one file naming a patent twice is a mistake).
 * Numbers are compared normalized, even on rows that are invalid for other reasons.
 */
function duplicateErrors(data: Record<string, unknown>, line: number, firstLine: Record<NumberField, Map<string, number>>): ImportRowError[] {
  const errors: ImportRowError[] = [];
  for (const field of ["applicationNumber", "publicationNumber"] as const) {
    const raw = data[field];
    if (typeof raw !== "string" || raw.trim() === "") continue;
    const checked = NUMBER_CHECKS[field](raw);
    if (!checked.ok) continue;
    const earlier = firstLine[field].get(checked.value);
    if (earlier === undefined) firstLine[field].set(checked.value, line);
    else errors.push({ line, field, message: `${NUMBER_LABELS[field]} ${checked.value} 与第 ${earlier} 行重复，同一文件中每件专利只能出现一次` });
  }
  return errors;
}
