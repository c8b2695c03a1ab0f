import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/shared/errors";
import { withCheckDigit } from "./application-number";
import { checkImportFile, fieldForHeader, ImportFileError, MAX_IMPORT_BYTES, parseImportFile } from "./import-parse";
import { KPPATENT_PATENTS } from "../../../test/fixtures/shared-data";

const KPPATENT = KPPATENT_PATENTS();
const utf8 = (text: string) => new TextEncoder().encode(text);
const BOM = "\uFEFF";

function fileError(run: () => unknown): ImportFileError {
  try {
    run();
  } catch (e) {
    if (e instanceof ImportFileError) return e;
    throw e;
  }
  throw new Error("expected an ImportFileError");
}

const row = (fields: Record<string, unknown>) => JSON.stringify({ title: "一种木耳多糖提取方法", abstract: "本发明公开了一种木耳多糖的提取方法。", ...fields });

describe("KPPatent-ZH", () => {
  const text = readFileSync(KPPATENT, "utf8");

  it("loads the first 50 lines as they are, with zero errors", () => {
    const first50 = text.split("\n").slice(0, 50).join("\n");
    const result = parseImportFile(utf8(first50), { hint: "patents.jsonl" });
    expect(result.errors).toEqual([]);
    expect(result.format).toBe("jsonl");
    expect(result.total).toBe(50);
    expect(result.rows).toHaveLength(50);
    expect(result.rows[0]).toMatchObject({ line: 1, data: { publicationNumber: "CN114232276A", type: "INVENTION", legalStatus: "PENDING" } });
    expect(result.rows.every((r, i) => r.line === i + 1)).toBe(true);
  });

  it("reads the whole file as it is; the two rows without a title keep it empty (nothing is made up)", () => {
    const result = parseImportFile(readFileSync(KPPATENT), { hint: "application/x-ndjson" });
    expect(result.total).toBe(450);
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(450);
    expect(result.rows.find((r) => r.line === 243)?.data.title).toBe("");
    expect(result.rows.find((r) => r.line === 64)?.data.title).toBe("");
  });
});

describe("JSON Lines", () => {
  it("reports every bad row with its line and field, and bad JSON as a whole-row error", () => {
    const lines = [
      row({ applicationNumber: "CN201710117081.7" }),
      "",
      row({ applicationNumber: "CN201710117081.3" }),
      "{not json",
      row({ trl: 12 }),
      "[1,2]",
    ];
    const result = parseImportFile(utf8(lines.join("\r\n")), { hint: "a.jsonl" });
    expect(result.total).toBe(5);
    expect(result.rows.map((r) => r.line)).toEqual([1]);
    expect(result.errors).toEqual([
      { line: 3, field: "applicationNumber", message: "申请号校验位错误：应为 7（即 CN201710117081.7）" },
      { line: 4, field: "_row", message: expect.stringContaining("第 4 行不是有效的 JSON") },
      { line: 5, field: "trl", message: expect.stringContaining("1–9 的整数") },
      { line: 6, field: "_row", message: "第 6 行应为一个 JSON 对象（{…}），而不是数组" },
    ]);
  });

  it("lists every error of one row", () => {
    const result = parseImportFile(utf8(JSON.stringify({ title: "", abstract: "", ipc: "A23L" })));
    // An import row may lack a title (it stays a draft); a blank abstract is an error.
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [1, "abstract"],
      [1, "ipc"],
    ]);
  });

  it("flags the same application or publication number twice, on the later line, comparing normalized numbers", () => {
    const lines = [
      row({ applicationNumber: "CN201710117081.7", publicationNumber: "CN113914863A" }),
      row({ applicationNumber: "zl201710117081.7" }),
      row({ publicationNumber: "cn 113914863 a", title: "", abstract: "一", claims: "" }),
      row({ applicationNumber: withCheckDigit("201810000001") }),
    ];
    const result = parseImportFile(utf8(lines.join("\n")));
    expect(result.rows.map((r) => r.line)).toEqual([1, 4]);
    expect(result.errors).toEqual([
      { line: 2, field: "applicationNumber", message: "申请号 CN201710117081.7 与第 1 行重复，同一文件中每件专利只能出现一次" },
      { line: 3, field: "publicationNumber", message: "公开（公告）号 CN113914863A 与第 1 行重复，同一文件中每件专利只能出现一次" },
    ]);
  });
});

describe("CSV", () => {
  it("reads a UTF-8 file with BOM, Chinese headers, quoted commas and line breaks", () => {
    const csv =
      BOM +
      "申请号,标题,摘要,分类号,发明人,价格（元）,交易方式,面议,来源\r\n" +
      `CN201710117081.7,"黑木耳多糖, 提取方法","第一段摘要，含逗号。\r\n第二段摘要",A23L 31/00;C12N 1/14,张三；李四,"850,000",转让,否,演示\r\n` +
      `${withCheckDigit("202220123456")},一种木耳采摘装置,一种用于采摘木耳的装置。,,,,,是,\r\n`;
    const result = parseImportFile(utf8(csv), { hint: "专利清单.csv" });
    expect(result.errors).toEqual([]);
    expect(result.format).toBe("csv");
    expect(result.ignoredColumns).toEqual(["来源"]);
    expect(result.total).toBe(2);
    expect(result.rows[0]).toEqual({
      line: 2,
      data: expect.objectContaining({
        applicationNumber: "CN201710117081.7",
        type: "INVENTION",
        title: "黑木耳多糖, 提取方法",
        abstract: "第一段摘要，含逗号。\r\n第二段摘要",
        mainIpc: "A23L31/00",
        ipc: ["A23L31/00", "C12N1/14"],
        inventors: ["张三", "李四"],
        askingPrice: "850000.00",
        listingMode: "ASSIGNMENT",
        negotiable: false,
      }),
    });
    // The second record starts on line 4: the first one's abstract spans two lines.
    expect(result.rows[1]).toMatchObject({ line: 4, data: { type: "UTILITY_MODEL", negotiable: true } });
    expect(result.rows[1].data).not.toHaveProperty("askingPrice");
  });

  it("reports two bad rows with the lines where their records start", () => {
    const csv = [
      "title,abstract,filingDate",
      '"木耳菌包","多行\n摘要",2019-01-01',
      "耳,摘要,2019-01-01",
      "木耳酱,木耳酱的制备方法。,2019-02-30",
    ].join("\n");
    const result = parseImportFile(utf8(csv), { hint: "text/csv" });
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.errors).toEqual([
      { line: 4, field: "title", message: "标题至少 2 个字" },
      { line: 5, field: "filingDate", message: "申请日不是有效的日期：2019-02-30" },
    ]);
  });

  it("refuses a record with more cells than the header, tolerates fewer", () => {
    const csv = "title,abstract\n木耳酱,木耳酱的制备方法。,多出来的\n木耳粉,木耳粉的制备方法。,\n木耳茶\n";
    const result = parseImportFile(utf8(csv), { hint: "x.csv" });
    expect(result.errors).toEqual([
      { line: 2, field: "_row", message: expect.stringContaining("比表头多 1 列") },
      { line: 4, field: "abstract", message: "请填写摘要" },
    ]);
    expect(result.rows.map((r) => r.line)).toEqual([3]);
  });

  it("reports an unclosed quote at its line, after the rows before it", () => {
    const result = parseImportFile(utf8('title,abstract\n木耳酱,木耳酱的制备方法。\n木耳粉,"没有结束\n'));
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.errors).toEqual([{ line: 3, field: "_row", message: expect.stringContaining("引号没有闭合") }]);
  });

  it("accepts tab-separated text and camelCase or snake_case headers", () => {
    const result = parseImportFile(utf8("Title\tabstract\tapplication_number\n木耳酱\t木耳酱的制备方法。\tCN201710117081.7\n"));
    expect(result.errors).toEqual([]);
    expect(result.rows[0].data.applicationNumber).toBe("CN201710117081.7");
  });

  it("maps the usual Chinese headers", () => {
    expect(
      ["申请号", "专利号", "公开（公告）号", "专利类型", "名称", "摘要", "权利要求书", "主分类号", "IPC", "发明人", "申请日", "授权公告日", "法律状态", "产业集群", "交易方式", "价格(元)", "提成比例（%）", "评价报告编号"].map(
        fieldForHeader,
      ),
    ).toEqual([
      "applicationNumber",
      "applicationNumber",
      "publicationNumber",
      "type",
      "title",
      "abstract",
      "claims",
      "mainIpc",
      "ipc",
      "inventors",
      "filingDate",
      "grantDate",
      "legalStatus",
      "clusters",
      "listingMode",
      "askingPrice",
      "royaltyPercent",
      "evaluationReportNo",
    ]);
    expect(fieldForHeader("备注")).toBeUndefined();
  });
});

describe("checkImportFile", () => {
  it("checks the file without validating rows", () => {
    expect(checkImportFile(utf8("title,abstract\n耳,\n"), { hint: "专利.csv text/csv" })).toEqual({ format: "csv", total: 1 });
    expect(checkImportFile(utf8(row({}) + "\n{bad"), { hint: "upload application/octet-stream" })).toEqual({ format: "jsonl", total: 2 });
    expect(fileError(() => checkImportFile(utf8("申请号\nCN201710117081.7\n"), { hint: "a.csv" })).problem).toBe("MISSING_HEADER");
    expect(fileError(() => checkImportFile(Buffer.from([0xb6, 0xfa]))).problem).toBe("NOT_UTF8");
  });

  it("lets the file name's extension win over a generic content type", () => {
    expect(checkImportFile(utf8(row({})), { hint: "patents.jsonl text/plain" }).format).toBe("jsonl");
    expect(checkImportFile(utf8("title,abstract\n木耳,摘要\n"), { hint: "patents.csv application/vnd.ms-excel" }).format).toBe("csv");
  });
});

describe("whole-file problems", () => {
  it("refuses a file over 50 MB before reading it", () => {
    const big = Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x20);
    const e = fileError(() => parseImportFile(big));
    expect(e.problem).toBe("TOO_LARGE");
    expect(e.message).toContain("不能超过 50 MB");
    // Only the length matters: a view claiming 60 MB is refused the same way.
    const claimed = { byteLength: 60 * 1024 * 1024 } as Uint8Array;
    expect(fileError(() => parseImportFile(claimed)).message).toContain("60.0 MB");
  });

  it("accepts exactly 50 MB as far as size goes", () => {
    const e = fileError(() => parseImportFile(Buffer.alloc(MAX_IMPORT_BYTES, 0x20)));
    expect(e.problem).toBe("EMPTY");
  });

  it("refuses GBK text, saying it is not UTF-8 and how to fix it", () => {
    // 木耳 in GBK.
    const e = fileError(() => parseImportFile(Buffer.from([0xc4, 0xbe, 0xb6, 0xfa])));
    expect(e.problem).toBe("NOT_UTF8");
    expect(e.message).toContain("不是 UTF-8");
    expect(e.message).toContain("GBK");
    expect(e.message).toContain("CSV UTF-8");
    expect(e).toBeInstanceOf(DomainError);
    expect(e.code).toBe("VALIDATION");
  });

  it("names the line of the first non-UTF-8 byte", () => {
    const bytes = Buffer.concat([Buffer.from("title,abstract\n木耳,摘要\n", "utf8"), Buffer.from([0xc4, 0xbe, 0xb6, 0xfa, 0x2c, 0x41, 0x0a])]);
    expect(fileError(() => parseImportFile(bytes)).message).toContain("第 3 行");
  });

  it("recognizes UTF-16 and Excel workbooks", () => {
    expect(fileError(() => parseImportFile(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).message).toContain("UTF-16");
    const xlsx = fileError(() => parseImportFile(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00])));
    expect(xlsx.problem).toBe("SPREADSHEET");
    expect(xlsx.message).toContain("CSV UTF-8");
    expect(fileError(() => parseImportFile(utf8("title,abstract"), { hint: "专利.xlsx" })).problem).toBe("SPREADSHEET");
  });

  it("refuses empty files, header-only CSV and unknown formats", () => {
    expect(fileError(() => parseImportFile(new Uint8Array(0))).problem).toBe("EMPTY");
    expect(fileError(() => parseImportFile(utf8(BOM + " \n\n"))).problem).toBe("EMPTY");
    expect(fileError(() => parseImportFile(utf8("title,abstract\n"))).message).toBe("文件只有表头，没有专利数据行");
    expect(fileError(() => parseImportFile(utf8("只是一些文字"))).problem).toBe("UNKNOWN_FORMAT");
    expect(fileError(() => parseImportFile(utf8('[{"title":"x"}]'))).message).toContain("JSON Lines");
  });

  it("requires the title and abstract columns, and no field twice", () => {
    const missing = fileError(() => parseImportFile(utf8("申请号,摘要\nCN201710117081.7,摘要\n"), { hint: "a.csv" }));
    expect(missing.problem).toBe("MISSING_HEADER");
    expect(missing.message).toContain("title（标题）");
    expect(fileError(() => parseImportFile(utf8("标题,title,摘要\na,b,c\n"), { hint: "a.csv" })).message).toContain("“标题”和“title”是同一个字段");
  });
});
