import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { activeGiUsersOn } from "~/domain/gi/counting.server";
import { importGiRegister } from "~/domain/gi/register-import.server";
import { findGiUsers } from "~/domain/gi/verification.server";
import { createSession } from "~/domain/identity/sessions.server";
import { withUsccCheck } from "~/domain/identity/uscc";
import type { Actor } from "~/domain/shared/actor";
import { pinClock } from "~/domain/shared/clock";
import { db } from "~/utils/db.server";
import { sessionSetCookie } from "~/utils/session.server";
import { createOrg } from "../factories";
import { actorOf } from "../factories/patents";
import { startTestServer, type TestServer } from "../setup/http";

/**
 * GI register import, public verification and counting (issue 16 §3–§5, §7) on a real
 * PostgreSQL and Redis: a 12-row register with two bad rows changes nothing and names both
 * rows; the fixed file imports 12 users with gap-free certificate numbers; importing it again
 * is refused row by row; an XLSX register imports too; anyone verifies by name, USCC or
 * certificate number and sees only public fields (and 已撤销 with its date once revoked);
 * the per-address limit answers 429; only GOVERNMENT imports; the active count follows the
 * announcement and revocation dates. The clock is pinned, so no date depends on the run day.
 */
vi.hoisted(() => {
  // A small limit so that the 429 test needs few requests; every other test asks from its own address.
  process.env.GI_VERIFY_MAX_PER_IP = "5";
  process.env.GI_VERIFY_WINDOW_SECONDS = "120";
});

let server: TestServer;
let unpin: () => void;
let gov: Actor & { userId: string };
let muer: { id: string; name: string; certificatePrefix: string };
let lizi: { id: string; name: string; certificatePrefix: string };
let linkedOrg: { id: string; uscc: string };

let nextIp = 10;
const fromIp = () => ({ "X-Forwarded-For": `198.51.100.${nextIp++}` });

const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const uscc = (n: number) => withUsccCheck(`91611033MA1${String(n).padStart(6, "0")}`);
const badCheckDigit = (code: string) => code.slice(0, 17) + ALPHABET[(ALPHABET.indexOf(code[17]) + 1) % ALPHABET.length];

const HEADER = ["企业名称", "统一社会信用代码", "地理标志产品", "乡镇（街道）", "公告号", "公告日期"];

/** Twelve users of 柞水木耳 (test): rows 2–9 announced in 2024, rows 10–13 in 2023 (file rows; row 1 is the header). */
function registerRows(): string[][] {
  return Array.from({ length: 12 }, (_, i) => {
    const n = i + 1;
    const date = n <= 8 ? `2024-0${1 + (n % 3)}-1${n % 2}` : `2023/${n - 7}/5`;
    return [n === 1 ? "关联企业木耳专业合作社" : `柞水县第${n}木耳专业合作社`, n === 1 ? linkedOrg.uscc : uscc(n), muer.name, n % 2 ? "营盘镇" : "下梁镇", `柞市监公告〔${date.slice(0, 4)}〕${n}号`, date];
  });
}

const csvOf = (rows: string[][]) => `\uFEFF${[HEADER, ...rows].map((r) => r.join(",")).join("\r\n")}\r\n`;
const csvFile = (rows: string[][], name = "名册.csv") => ({ bytes: new TextEncoder().encode(csvOf(rows)), name, type: "text/csv" });

async function counts() {
  const [applications, imports, counters, audits] = await Promise.all([db.giApplication.count(), db.giRegisterImport.count(), db.giCertificateCounter.findMany({ orderBy: [{ productId: "asc" }, { year: "asc" }] }), db.auditEvent.count()]);
  return { applications, imports, counters, audits };
}

async function cookieFor(actor: Actor & { userId: string }) {
  const session = await createSession({ userId: actor.userId, orgId: actor.orgId });
  return (await sessionSetCookie(session.id)).split(";")[0];
}

const verify = (q: string, headers: Record<string, string> = fromIp()) => server.fetch(`/api/v1/gi-users?q=${encodeURIComponent(q)}`, { headers });

beforeAll(async () => {
  unpin = pinClock("2026-12-04T10:00:00+08:00");
  server = await startTestServer();
  gov = await actorOf("GOVERNMENT");
  muer = await db.giProduct.create({
    data: { name: "柞水木耳（测试）", kind: "PROTECTED_PRODUCT", registrationNumber: "国家质检总局公告2011年第XX号", protectedTowns: ["乾佑街道", "营盘镇", "下梁镇", "红岩寺镇"], qualityStandard: "DB61/T 测试 柞水木耳", certificatePrefix: "ZSGIT", isDemo: true },
  });
  lizi = await db.giProduct.create({
    data: { name: "柞水板栗（测试）", kind: "CERTIFICATION_MARK", registrationNumber: "第00000001号", protectedTowns: ["小岭镇", "凤凰镇"], qualityStandard: "柞水板栗质量技术要求（测试）", certificatePrefix: "ZSBLT", isDemo: true },
  });
  const org = await createOrg({ kind: "SME", name: "关联企业木耳专业合作社" });
  linkedOrg = { id: org.id, uscc: org.uscc };
});

afterAll(() => unpin?.());

describe("register import", () => {
  it("refuses a 12-row register with two bad rows, names both, and writes nothing", async () => {
    const rows = registerRows();
    rows[2][1] = badCheckDigit(rows[2][1]); // file row 4
    rows[6][3] = "小岭镇"; // file row 8: outside 柞水木耳's protected area
    const before = await counts();
    const result = await importGiRegister(gov, csvFile(rows));
    expect(result).toEqual({
      ok: false,
      fileName: "名册.csv",
      total: 12,
      errors: [
        { row: 4, column: "统一社会信用代码", message: "统一社会信用代码校验位不正确" },
        { row: 8, column: "乡镇（街道）", message: expect.stringContaining("小岭镇不在柞水木耳（测试）的地理标志保护范围内") },
      ],
    });
    expect(await counts()).toEqual(before);
  });

  it("imports the fixed register: 12 users, certificate numbers gap-free per year, by date then file order, linked to a known org", async () => {
    const before = await counts();
    const result = await importGiRegister(gov, csvFile(registerRows()));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.users).toHaveLength(12);
    const after = await counts();
    expect(after.applications - before.applications).toBe(12);
    expect(after.imports - before.imports).toBe(1);
    expect(after.audits - before.audits).toBe(13); // one per user, one for the import

    const rows = await db.giApplication.findMany({ where: { importBatchId: result.importId }, orderBy: [{ certificateYear: "asc" }, { certificateSeq: "asc" }] });
    expect(rows.every((r) => r.source === "REGISTER_IMPORT" && r.status === "APPROVED" && r.productId === muer.id)).toBe(true);
    const byYear = (y: number) => rows.filter((r) => r.certificateYear === y);
    expect(byYear(2023).map((r) => r.certificateNumber)).toEqual(["ZSGIT-2023-0001", "ZSGIT-2023-0002", "ZSGIT-2023-0003", "ZSGIT-2023-0004"]);
    expect(byYear(2024).map((r) => r.certificateSeq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Within a year: by announcement date, then by file row.
    const ordered = byYear(2024).map((r) => [r.announcedOn!.toISOString().slice(0, 10), result.users.find((u) => u.certificateNumber === r.certificateNumber)!.row]);
    expect(ordered).toEqual([...ordered].sort((a, b) => (a[0] === b[0] ? Number(a[1]) - Number(b[1]) : String(a[0]) < String(b[0]) ? -1 : 1)));
    expect(after.counters.find((c) => c.productId === muer.id && c.year === 2024)?.last).toBe(8);

    const linked = rows.find((r) => r.uscc === linkedOrg.uscc)!;
    expect(linked.orgId).toBe(linkedOrg.id);
    expect(rows.filter((r) => r.orgId === null)).toHaveLength(11);
    expect(linked.announcementNumber).toMatch(/^柞市监公告/);
  });

  it("refuses the same register again, row by row, and changes nothing", async () => {
    const before = await counts();
    const result = await importGiRegister(gov, csvFile(registerRows()));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(result.errors.every((e) => e.column === "统一社会信用代码" && /已是柞水木耳（测试）的授权用户（证书编号 ZSGIT-\d{4}-\d{4}），不能重复导入/.test(e.message))).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it("imports an XLSX register with header variants and real date cells", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("名册");
    sheet.addRow(["单位名称", "USCC", "地理标志产品名称", "乡镇(街道)", "公告编号", "公告日"]);
    sheet.addRow(["柞水县小岭板栗合作社", uscc(101), lizi.name, "小岭镇", "板栗公告1号", new Date(Date.UTC(2025, 2, 3))]);
    sheet.addRow(["柞水县凤凰板栗合作社", uscc(102).toLowerCase(), lizi.name, "凤凰镇", "板栗公告2号", "2025年3月1日"]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const result = await importGiRegister(gov, { bytes, name: "板栗名册.xlsx" });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.users.map((u) => [u.row, u.uscc, u.announcedOn, u.certificateNumber])).toEqual([
      [2, uscc(101), "2025-03-03", "ZSBLT-2025-0002"],
      [3, uscc(102), "2025-03-01", "ZSBLT-2025-0001"],
    ]);
  });

  it("lets only GOVERNMENT import: SME and bank sessions get 404 on the page, the upload and the template", async () => {
    const upload = (cookie: string) => {
      const form = new FormData();
      form.set("file", new File([csvOf([["某企业", uscc(900), muer.name, "营盘镇", "公告1号", "2024-01-01"]])], "x.csv", { type: "text/csv" }));
      return fetch(`${server.url}/gi/register-import`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: server.url }, redirect: "manual" });
    };
    for (const kind of ["SME", "BANK"] as const) {
      const cookie = await cookieFor(await actorOf(kind));
      const before = await counts();
      expect((await server.fetch("/gi/register-import", { headers: { Cookie: cookie } })).status, kind).toBe(404);
      expect((await server.fetch("/gi/register-import/template.csv", { headers: { Cookie: cookie } })).status, kind).toBe(404);
      expect((await upload(cookie)).status, kind).toBe(404);
      expect(await counts()).toEqual(before);
      await expect(importGiRegister(await actorOf(kind), csvFile(registerRows()))).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    // Anonymous: sent to log in.
    expect((await server.fetch("/gi/register-import")).status).toBe(302);

    const cookie = await cookieFor(gov);
    const page = await server.fetch("/gi/register-import", { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("下载导入模板");
    const template = await server.fetch("/gi/register-import/template.csv", { headers: { Cookie: cookie } });
    expect(template.status).toBe(200);
    expect(await template.text()).toContain("企业名称,统一社会信用代码,地理标志产品,乡镇（街道）,公告号,公告日期");

    // Through the page, a refused file shows the row table and the all-or-nothing wording.
    const form = new FormData();
    form.set("file", new File([csvOf([["某企业", badCheckDigit(uscc(901)), muer.name, "营盘镇", "公告1号", "2024-01-01"]])], "坏.csv", { type: "text/csv" }));
    const refused = await fetch(`${server.url}/gi/register-import`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: server.url }, redirect: "manual" });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain("全部有效才导入，本次未导入任何记录");
    expect(html).toContain("统一社会信用代码校验位不正确");
  });
});

describe("public verification", () => {
  const PUBLIC_KEYS = ["announcedOn", "announcementNumber", "certificateNumber", "enterpriseName", "product", "revokedOn", "status", "statusName", "town", "uscc"];

  it("finds by name, USCC (any case) and certificate number, with public fields only", async () => {
    const byName = await verify("第5木耳");
    expect(byName.status).toBe(200);
    const body = await byName.json();
    expect(body.items).toHaveLength(1);
    const item = body.items[0];
    expect(Object.keys(item).sort()).toEqual(PUBLIC_KEYS);
    expect(Object.keys(item.product).sort()).toEqual(["kind", "kindName", "name"]);
    expect(JSON.stringify(body)).not.toMatch(/evidence|address|email|orgId|"id"|annualOutput|contact|phone/i);
    expect(item).toMatchObject({ enterpriseName: "柞水县第5木耳专业合作社", uscc: uscc(5), status: "APPROVED", statusName: "有效", revokedOn: null, product: { name: muer.name, kindName: "地理标志保护产品" } });

    const byUscc = await (await verify(uscc(5).toLowerCase())).json();
    expect(byUscc.items.map((i: { certificateNumber: string }) => i.certificateNumber)).toEqual([item.certificateNumber]);
    const byNumber = await (await verify(item.certificateNumber.toLowerCase())).json();
    expect(byNumber.items.map((i: { uscc: string }) => i.uscc)).toEqual([uscc(5)]);
    // Many matches of a common name part, all authorized users of it.
    expect((await (await verify("木耳专业合作社")).json()).items).toHaveLength(12);
  });

  it("shows 已撤销 with its date once revoked, on the API, the page and the certificate", async () => {
    const row = await db.giApplication.findFirstOrThrow({ where: { uscc: uscc(6), productId: muer.id } });
    await db.giApplication.update({ where: { id: row.id }, data: { status: "REVOKED", revokedOn: new Date("2026-06-10T00:00:00Z"), revocationReason: "抽查不合格，逾期未整改" } });
    const body = await (await verify(row.certificateNumber!)).json();
    expect(body.items).toEqual([expect.objectContaining({ status: "REVOKED", statusName: "已撤销", revokedOn: "2026-06-10" })]);
    expect(JSON.stringify(body)).not.toContain("逾期未整改");

    const page = await server.fetch(`/gi/verify?q=${encodeURIComponent(row.certificateNumber!)}`, { headers: fromIp() });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/已撤销（<!-- -->2026-06-10<!-- --> 起）|已撤销（2026-06-10 起）/);
    const certificate = await server.fetch(`/gi/certificates/${row.certificateNumber}`, { headers: fromIp() });
    expect(certificate.status).toBe(200);
    const html = await certificate.text();
    expect(html).toContain("本证书已于 <!-- -->2026-06-10<!-- --> 撤销");
  });

  it("prints the certificate with a QR code of the public verification URL; an unknown number is a Chinese 404", async () => {
    const row = await db.giApplication.findFirstOrThrow({ where: { uscc: uscc(7), productId: muer.id } });
    const res = await server.fetch(`/gi/certificates/${row.certificateNumber}`, { headers: fromIp() });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("地理标志专用标志使用证书");
    expect(html).toContain(row.certificateNumber!);
    expect(html).toContain("<svg");
    expect(html).toContain(`/gi/verify?q=${row.certificateNumber}`);
    expect(html).toContain("发证机关：<!-- -->柞水县市场监督管理局");
    const missing = await server.fetch("/gi/certificates/ZSGIT-2020-9999", { headers: fromIp() });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("未找到该编号的地理标志专用标志使用证书");
  });

  it("answers an unknown enterprise with an empty list and the page's 未找到; a too short query is a field error", async () => {
    expect(await (await verify("不存在的企业名称")).json()).toEqual({ items: [] });
    const page = await server.fetch(`/gi/verify?q=${encodeURIComponent("不存在的企业名称")}`, { headers: fromIp() });
    expect(await page.text()).toContain("未找到该企业的地理标志专用标志使用授权");
    const short = await verify("木");
    expect(short.status).toBe(400);
    expect(short.headers.get("Content-Type")).toMatch(/problem\+json/);
    expect((await short.json()).errors).toEqual([{ field: "q", message: "请至少输入 2 个字" }]);
    expect((await verify("")).status).toBe(400);
    // Hostile text is a field error, never a 500; LIKE wildcards are matched literally.
    expect((await verify("木耳\u0000合作社")).status).toBe(400);
    expect((await server.fetch("/gi/verify?q=%00%00", { headers: fromIp() })).status).toBe(400);
    expect([400, 404]).toContain((await server.fetch("/gi/certificates/%00", { headers: fromIp() })).status);
    expect(await (await verify("%%")).json()).toEqual({ items: [] });
    expect(await (await verify("__")).json()).toEqual({ items: [] });
    expect(await (await verify("\\\\%")).json()).toEqual({ items: [] });
    expect((await server.fetch("/gi/verify", { headers: fromIp() })).status).toBe(200);
  });

  it("limits every verification request per client address: 429 with Retry-After, page and API alike", async () => {
    const ip = fromIp();
    for (let i = 0; i < 5; i++) expect((await verify(i % 2 ? "木耳专业合作社" : "不存在的企业名称", ip)).status, `request ${i + 1}`).toBe(200);
    const limited = await verify("木耳专业合作社", ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    const page = await server.fetch(`/gi/verify?q=${encodeURIComponent("木耳专业合作社")}`, { headers: ip });
    expect(page.status).toBe(429);
    expect(page.headers.get("Retry-After")).toBeTruthy();
    expect(await page.text()).toContain("查询过于频繁");
    // Another address is not affected.
    expect((await verify("木耳专业合作社")).status).toBe(200);
  });

  it("never returns rows that hold no authorization", async () => {
    await db.giApplication.create({ data: { productId: lizi.id, status: "SUBMITTED", enterpriseName: "待审核的板栗合作社", uscc: uscc(300), town: "小岭镇", productionAddress: "小岭镇某村" } });
    expect(await findGiUsers("待审核的板栗合作社")).toEqual([]);
  });
});

describe("active GI users on a day", () => {
  it("counts by announcement and revocation dates, per product or all", async () => {
    const on = async (d: string, productId?: string) => (await activeGiUsersOn(d, { productId })).count;
    expect(await on("2022-12-31", muer.id)).toBe(0);
    expect(await on("2023-02-04", muer.id)).toBe(0);
    expect(await on("2023-02-05", muer.id)).toBe(1);
    expect(await on("2023-12-31", muer.id)).toBe(4);
    expect(await on("2024-12-31", muer.id)).toBe(12);
    // uscc(6) was revoked on 2026-06-10: active the day before, not on the day.
    expect(await on("2026-06-09", muer.id)).toBe(12);
    expect(await on("2026-06-10", muer.id)).toBe(11);
    expect(await on("2026-06-10")).toBe(13); // + the two chestnut users, not the SUBMITTED one
    const day = await activeGiUsersOn("2025-03-02", { productId: lizi.id });
    expect(day).toEqual({ date: "2025-03-02", count: 1, records: [expect.objectContaining({ uscc: uscc(102), certificateNumber: "ZSBLT-2025-0001", announcedOn: "2025-03-01", revokedOn: null, product: { id: lizi.id, name: lizi.name } })] });
    await expect(activeGiUsersOn("2026-02-30")).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
