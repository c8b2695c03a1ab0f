import { describe, expect, it } from "vitest";
import { withUsccCheck } from "../identity/uscc";
import { certificateOrder, checkRegisterRecords, normalizeRegisterDate, readRegisterHeader, type RegisterRecord } from "./register-rows";

const MUER = { id: "p1", name: "柞水木耳", protectedTowns: ["乾佑街道", "营盘镇", "下梁镇"] };
const LIZI = { id: "p2", name: "柞水板栗", protectedTowns: ["小岭镇"] };
const products = [MUER, LIZI];
const TODAY = "2026-12-04";
const HEADER = ["企业名称", "统一社会信用代码", "地理标志产品", "乡镇（街道）", "公告号", "公告日期"];
const uscc = (n: number) => withUsccCheck(`91611033MA${String(n).padStart(7, "0")}`);
/** A bad check character: the right one shifted by one place in the alphabet. */
const badUscc = (n: number) => {
  const good = uscc(n);
  const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  return good.slice(0, 17) + alphabet[(alphabet.indexOf(good[17]) + 1) % alphabet.length];
};

function file(rows: string[][], header = HEADER): RegisterRecord[] {
  return [header, ...rows].map((cells, i) => ({ row: i + 1, cells }));
}
const row = (n: number, over: Partial<Record<"name" | "uscc" | "product" | "town" | "no" | "date", string>> = {}) => [
  over.name ?? `柞水县木耳合作社${n}`,
  over.uscc ?? uscc(n),
  over.product ?? "柞水木耳",
  over.town ?? "营盘镇",
  over.no ?? `2024第${n}号`,
  over.date ?? "2024-03-05",
];

describe("register import rows", () => {
  it("reads the template's header and its reasonable variants, in any order", () => {
    expect(readRegisterHeader(HEADER)).toEqual({ ok: true, columns: { enterpriseName: 0, uscc: 1, productName: 2, town: 3, announcementNumber: 4, announcedOn: 5 } });
    const variant = readRegisterHeader(["\uFEFF公告日期", " 单位名称 ", "USCC", "地理标志产品名称", "乡镇(街道)", "公告编号", "备注"]);
    expect(variant).toEqual({ ok: true, columns: { announcedOn: 0, enterpriseName: 1, uscc: 2, productName: 3, town: 4, announcementNumber: 5 } });
    expect(readRegisterHeader(["企业名称", "统一社会信用代码"])).toMatchObject({ ok: false, message: expect.stringContaining("地理标志产品、乡镇（街道）、公告号、公告日期") });
    expect(readRegisterHeader([...HEADER, "企业全称"])).toMatchObject({ ok: false, message: expect.stringContaining("两次") });
  });

  it("accepts the ways registers write dates, and only real days", () => {
    expect(normalizeRegisterDate("2024-03-05")).toBe("2024-03-05");
    expect(normalizeRegisterDate("2024/3/5")).toBe("2024-03-05");
    expect(normalizeRegisterDate("2024.3.5")).toBe("2024-03-05");
    expect(normalizeRegisterDate("2024年3月5日")).toBe("2024-03-05");
    expect(normalizeRegisterDate("20240305")).toBe("2024-03-05");
    expect(normalizeRegisterDate("2023-02-29")).toBeNull();
    expect(normalizeRegisterDate("3/5/2024")).toBeNull();
    expect(normalizeRegisterDate("")).toBeNull();
  });

  it("passes a clean file, normalizing USCC case and spaces", () => {
    const result = checkRegisterRecords(file([row(1, { uscc: uscc(1).toLowerCase(), name: "  柞水县  木耳合作社1 " }), row(2, { product: "柞水板栗", town: "小岭镇", date: "2023/1/9" })]), { products, today: TODAY });
    expect(result).toMatchObject({ ok: true, errors: [] });
    if (!result.ok) return;
    expect(result.rows).toEqual([
      { row: 2, enterpriseName: "柞水县 木耳合作社1", uscc: uscc(1), productName: "柞水木耳", town: "营盘镇", announcementNumber: "2024第1号", announcedOn: "2024-03-05" },
      { row: 3, enterpriseName: "柞水县木耳合作社2", uscc: uscc(2), productName: "柞水板栗", town: "小岭镇", announcementNumber: "2024第2号", announcedOn: "2023-01-09" },
    ]);
  });

  it("names every bad row by its file row and column, in Chinese", () => {
    const result = checkRegisterRecords(
      file([
        row(1),
        row(2, { uscc: badUscc(2) }),
        row(3, { town: "凤凰镇" }),
        row(4, { product: "柞水核桃" }),
        row(5, { date: "2027-01-01" }),
        row(6, { date: "2024-02-30" }),
        row(7, { no: "" }),
        row(8, { name: "" }),
        row(9, { uscc: uscc(1) }), // same enterprise and product as row 2 of the file
        row(10, { uscc: uscc(1), product: "柞水板栗", town: "小岭镇" }), // same enterprise, other product: fine
        row(11, { name: "【示例行，导入前请删除】柞水县某木耳专业合作社" }),
        row(12, { name: "柞水\u0000合作社", no: "\ud800" }),
      ]),
      { products, today: TODAY },
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.rows.map((r) => r.row)).toEqual([2, 11]);
    expect(result.errors).toEqual([
      { row: 3, column: "统一社会信用代码", message: "统一社会信用代码校验位不正确" },
      { row: 4, column: "乡镇（街道）", message: expect.stringContaining("凤凰镇不在柞水木耳的地理标志保护范围内") },
      { row: 5, column: "地理标志产品", message: expect.stringContaining("柞水核桃") },
      { row: 6, column: "公告日期", message: "公告日期不能晚于今天（2026-12-04）" },
      { row: 7, column: "公告日期", message: expect.stringContaining("不是有效日期") },
      { row: 8, column: "公告号", message: "请填写公告号" },
      { row: 9, column: "企业名称", message: "请填写企业名称" },
      { row: 10, column: "统一社会信用代码", message: expect.stringContaining("与第 2 行重复") },
      { row: 12, column: "企业名称", message: "这是导入模板中的示例行，请删除后再导入" },
      { row: 13, column: "企业名称", message: expect.stringContaining("不允许的字符") },
      { row: 13, column: "公告号", message: expect.stringContaining("不允许的字符") },
    ]);
  });

  it("refuses a file without its header or rows as a whole", () => {
    expect(checkRegisterRecords([], { products, today: TODAY })).toMatchObject({ ok: false });
    expect(checkRegisterRecords(file([]), { products, today: TODAY })).toMatchObject({ ok: false, message: expect.stringContaining("只有表头") });
    expect(checkRegisterRecords(file([row(1)], ["名称", "代码"]), { products, today: TODAY })).toMatchObject({ ok: false, message: expect.stringContaining("缺少列") });
  });

  it("issues certificates by announcement date, then file order", () => {
    const rows = [
      { row: 2, announcedOn: "2024-05-01" },
      { row: 3, announcedOn: "2023-01-01" },
      { row: 4, announcedOn: "2024-05-01" },
      { row: 5, announcedOn: "2023-01-01" },
    ];
    expect(certificateOrder(rows).map((r) => r.row)).toEqual([3, 5, 2, 4]);
  });
});
