// The GI special-mark pages (issue 16) through the real server: GOVERNMENT adds a product with
// the page's form, an SME applies with a PDF through the apply page (every bad field answered
// at once), another SME gets 404, GOVERNMENT asks for a supplement, the SME resubmits with one
// more file, a stale approval gets 409 with a reload hint, the approval tells the certificate
// number, the evidence downloads as a private attachment, and revocation needs its confirm box.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyForGiMark } from "~/domain/gi/apply.server";
import type { Actor } from "~/domain/shared/actor";
import { bookToday } from "~/domain/shared/book-dates";
import { pinClock } from "~/domain/shared/clock";
import type { OrgKind } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { createUser } from "../../test/factories";
import { startTestServer, type TestClient } from "../../test/setup/http";
import { signedInUser } from "../../test/fixtures/page-sessions";

const server = await startTestServer();

let unpin: () => void;
beforeAll(() => {
  unpin = pinClock("2026-06-15T10:00:00+08:00");
});
afterAll(() => unpin());

const signIn = (kind: OrgKind) => signedInUser(server, { kind });

/** A multipart post as the browser sends the page's file forms (same origin, the client's cookies). */
async function postMultipart(client: TestClient, path: string, fields: Record<string, string>, files: { name: string; type: string; bytes: Uint8Array }[] = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append("evidence", new File([Buffer.from(f.bytes)], f.name, { type: f.type }));
  const res = await server.fetch(path, { method: "POST", body: form, headers: { Origin: server.url, Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair.indexOf("=");
    const value = pair.slice(eq + 1).trim();
    if (!value || /max-age=0/i.test(line)) client.cookies.delete(pair.slice(0, eq).trim());
    else client.cookies.set(pair.slice(0, eq).trim(), value);
  }
  return res;
}

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);
const decode = (html: string) => html.replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&#x27;|&#39;/g, "'");

describe("GI pages", () => {
  it("GOVERNMENT adds a product; an SME applies with a PDF; a stranger gets 404; supplement, resubmit, approve, download, revoke", async () => {
    const gov = await signIn("GOVERNMENT");
    const suffix = randomBytes(3).toString("hex");
    const name = `测试木耳-${suffix}`;
    const prefix = `T${suffix.toUpperCase().replace(/[^A-Z0-9]/g, "")}`.slice(0, 8);

    // The product form: every bad field at once, then the product.
    const badProduct = await gov.client.postForm("/gi/products/new", { name, kind: "", registrationNumber: "", qualityStandard: "GB/T 19999-2005", certificatePrefix: "zz-1" });
    expect(badProduct.status).toBe(400);
    const badHtml = decode(await badProduct.text());
    for (const id of ["gp-kind-error", "gp-registrationNumber-error", "gp-protectedTowns-error", "gp-certificatePrefix-error"]) expect(badHtml, id).toContain(`id="${id}"`);
    expect(badHtml).toMatch(/有 4 处需要修改/);
    const body = new URLSearchParams({ name, kind: "CERTIFICATION_MARK", registrationNumber: `第${suffix}号`, qualityStandard: "GB/T 19999-2005 地理标志产品 柞水木耳", certificatePrefix: prefix });
    body.append("protectedTowns", "营盘镇");
    body.append("protectedTowns", "下梁镇");
    const created = await server.fetch("/gi/products/new", {
      method: "POST",
      body: body.toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, Cookie: [...gov.client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    expect(created.status).toBe(302);
    expect(created.headers.get("Location")).toBe("/gi/products");
    const product = await db.giProduct.findUniqueOrThrow({ where: { name } });
    expect(product.protectedTowns).toEqual(["营盘镇", "下梁镇"]);

    // Editing names the version the form showed: a stale one is told with a reload hint, the current one saves.
    const editPage = await (await gov.client.get(`/gi/products/${product.id}`)).text();
    expect(editPage).toContain(`value="${prefix}"`);
    expect(editPage).toMatch(/value="营盘镇"[^>]*checked|checked[^>]*value="营盘镇"/);
    const edit = (version: string) => {
      const b = new URLSearchParams(body);
      b.set("version", version);
      b.set("qualityStandard", "柞水木耳质量技术要求（2024 版）");
      return server.fetch(`/gi/products/${product.id}`, { method: "POST", body: b.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, Cookie: [...gov.client.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
    };
    const staleEdit = await edit("7");
    expect(staleEdit.status).toBe(409);
    expect(await staleEdit.text()).toContain("刷新页面查看最新状态");
    const saved = await edit("1");
    expect(saved.status).toBe(302);
    expect((await db.giProduct.findUniqueOrThrow({ where: { id: product.id } })).qualityStandard).toBe("柞水木耳质量技术要求（2024 版）");

    // An SME sees the product's area on the apply page and is answered at every bad field at once.
    const sme = await signIn("SME");
    const applyPage = await sme.client.get(`/gi/apply?productId=${product.id}`);
    expect(applyPage.status).toBe(200);
    const applyHtml = await applyPage.text();
    expect(applyHtml).toContain("营盘镇、下梁镇");
    expect(applyHtml).toContain("每个文件不超过 10 MB");
    expect(applyHtml).toContain('name="commitment"');

    const bad = await postMultipart(sme.client, "/gi/apply", { productId: product.id, productionAddress: "", town: "乾佑街道", annualOutputKg: "0", description: "段木木耳" });
    expect(bad.status).toBe(400);
    const html = decode(await bad.text());
    expect(html).toMatch(/id="ga-town-error"[^>]*><div>乾佑街道不在/);
    for (const id of ["ga-productionAddress-error", "ga-annualOutputKg-error", "ga-evidence-error", "ga-commitment-error"]) expect(html, id).toContain(`id="${id}"`);
    expect(html).toContain("年产量须大于 0 千克");
    expect(await db.giApplication.count({ where: { productId: product.id } })).toBe(0);

    const applied = await postMultipart(
      sme.client,
      "/gi/apply",
      { productId: product.id, productionAddress: "营盘镇朱家湾村二组 18 号", town: "营盘镇", annualOutputKg: "12000", description: "段木木耳，年产 12 吨", commitment: "on" },
      [{ name: "营业执照.pdf", type: "application/pdf", bytes: pdf("licence") }],
    );
    expect(applied.status).toBe(302);
    const location = applied.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/gi\/applications\/[^/]+$/);
    const id = location.split("/").pop() as string;
    const page = await (await sme.client.get(location)).text();
    expect(page).toContain(`申请已提交（${name}）`);
    expect(page).toContain('data-testid="gi-status">状态：待审核');
    expect(page).toContain("营业执照.pdf");
    // The notice shows once.
    expect(await (await sme.client.get(location)).text()).not.toContain("申请已提交");
    const mine = await (await sme.client.get("/gi")).text();
    expect(mine).toContain(`href="/gi/applications/${id}"`);
    expect(mine).toContain("申请使用专用标志");

    // Another SME learns nothing: 404 for the page, the evidence and a move.
    const stranger = await signIn("SME");
    const fileId = (await db.giEvidenceFile.findFirstOrThrow({ where: { applicationId: id } })).id;
    expect((await stranger.client.get(location)).status).toBe(404);
    expect((await stranger.client.get(`${location}/evidence/${fileId}`)).status).toBe(404);
    expect((await stranger.client.postForm(location, { intent: "resubmit", version: "1" })).status).toBe(404);

    // The county's page counts what waits for it (its queue: the next test).
    expect(await (await gov.client.get(`/gi?status=SUBMITTED&productId=${product.id}`)).text()).toContain('data-testid="gi-counts"');

    // GOVERNMENT asks for a supplement; the SME resubmits with one more file.
    const govPage = await (await gov.client.get(location)).text();
    for (const text of ["要求补充材料", "核准使用", "不予核准"]) expect(govPage).toContain(text);
    const emptyNote = await gov.client.postForm(location, { intent: "request-supplement", version: "1", note: "" });
    expect(emptyNote.status).toBe(400);
    expect(await emptyNote.text()).toMatch(/id="gi-request-supplement-note-error"/);
    const asked = await gov.client.postForm(location, { intent: "request-supplement", version: "1", note: "请补充产地证明" });
    expect(asked.status).toBe(302);
    expect(await (await gov.client.get(location)).text()).toContain("已要求企业补充材料");
    const smeView = await (await sme.client.get(location)).text();
    expect(smeView).toContain("请补充产地证明");
    expect(smeView).toContain("补充后重新提交");
    const resubmitted = await postMultipart(sme.client, location, { intent: "resubmit", version: "2", note: "已补充" }, [{ name: "产地证明.pdf", type: "application/pdf", bytes: pdf("origin") }]);
    expect(resubmitted.status).toBe(302);
    expect(await db.giEvidenceFile.count({ where: { applicationId: id } })).toBe(2);

    // A stale approval is told so, with a way to reload; the current one tells the certificate number.
    const today = bookToday();
    const stale = await gov.client.postForm(location, { intent: "approve", version: "2", announcementNumber: "柞市监公告〔2026〕7 号", announcedOn: today });
    expect(stale.status).toBe(409);
    const staleHtml = await stale.text();
    expect(staleHtml).toContain("本申请刚刚被其他人办理过");
    expect(staleHtml).toContain("刷新页面查看最新状态");
    const approved = await gov.client.postForm(location, { intent: "approve", version: "3", announcementNumber: "柞市监公告〔2026〕7 号", announcedOn: today });
    expect(approved.status).toBe(302);
    const after = await (await gov.client.get(location)).text();
    expect(after).toContain(`已核准，证书编号 ${prefix}-2026-0001`);
    expect(after).toContain(`href="/gi/certificates/${prefix}-2026-0001"`);
    expect(after).toContain('data-testid="gi-status">状态：已核准');

    // The applicant downloads its evidence: an attachment, private, never sniffed.
    const download = await sme.client.get(`${location}/evidence/${fileId}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("application/pdf");
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect(download.headers.get("Cache-Control")).toContain("no-store");
    expect(download.headers.get("X-Content-Type-Options")).toContain("nosniff");
    expect(new TextDecoder().decode(await download.arrayBuffer())).toContain("licence");

    // Revocation needs its confirm box.
    const unconfirmed = await gov.client.postForm(location, { intent: "revoke", version: "4", reason: "", revokedOn: today });
    expect(unconfirmed.status).toBe(400);
    const unconfirmedHtml = await unconfirmed.text();
    expect(unconfirmedHtml).toMatch(/id="gi-revoke-confirm-error"[^>]*><div>请勾选确认后再撤销/);
    expect(unconfirmedHtml).toMatch(/id="gi-revoke-reason-error"/);
    expect((await db.giApplication.findUniqueOrThrow({ where: { id } })).status).toBe("APPROVED");
    const revoked = await gov.client.postForm(location, { intent: "revoke", version: "4", reason: "抽查不合格且逾期未整改", revokedOn: today, confirm: "on" });
    expect(revoked.status).toBe(302);
    const final = await (await sme.client.get(location)).text();
    expect(final).toContain('data-testid="gi-status">状态：已撤销');
    expect(final).toContain("抽查不合格且逾期未整改");
  });

  it("the county's review queue lists SUBMITTED applications oldest first, with how long each has waited", async () => {
    const suffix = randomBytes(3).toString("hex");
    const product = await db.giProduct.create({
      data: { name: `队列木耳-${suffix}`, kind: "PROTECTED_PRODUCT", registrationNumber: `Q${suffix}`, protectedTowns: ["小岭镇"], qualityStandard: "质量技术要求", certificatePrefix: `Q${suffix.toUpperCase()}`.slice(0, 8) },
    });
    const applyAt = async (at: string) => {
      const { orgId, user } = await createUser({ kind: "SME" });
      const actor: Actor = { userId: user.id, apiKeyId: null, orgId, orgKind: "SME", orgStatus: "ACTIVE", role: "OWNER" };
      const restore = pinClock(at);
      try {
        const input = { productId: product.id, productionAddress: "小岭镇金米村", town: "小岭镇", annualOutputKg: 500, description: "木耳", commitment: true };
        return (await applyForGiMark(actor, input, [{ bytes: pdf(at), name: "证明.pdf", type: "application/pdf" }])).id;
      } finally {
        restore();
      }
    };
    const newer = await applyAt("2026-06-14T09:00:00+08:00");
    const older = await applyAt("2026-06-10T09:00:00+08:00");
    const gov = await signIn("GOVERNMENT");
    const res = await gov.client.get(`/gi?status=SUBMITTED&productId=${product.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const at = (id: string) => html.indexOf(`href="/gi/applications/${id}"`);
    expect(at(older)).toBeGreaterThan(0);
    expect(at(newer)).toBeGreaterThan(at(older));
    expect(html).toContain("5 天"); // 2026-06-10 09:00 → 2026-06-15 10:00
    expect(html).toContain("1 天");
    // Two at a time: the oldest on page 1, the other on page 2.
    const one = await (await gov.client.get(`/gi?status=SUBMITTED&productId=${product.id}&pageSize=1`)).text();
    expect(one).toContain(`href="/gi/applications/${older}"`);
    expect(one).not.toContain(`href="/gi/applications/${newer}"`);
    const two = await (await gov.client.get(`/gi?status=SUBMITTED&productId=${product.id}&pageSize=1&page=2`)).text();
    expect(two).toContain(`href="/gi/applications/${newer}"`);
  });

  it("lists GI products for anyone, with 新增/编辑 for GOVERNMENT only; the product form is the county's (403)", async () => {
    const anonymous = await server.fetch("/gi/products");
    expect(anonymous.status).toBe(200);
    expect(await anonymous.text()).not.toContain('href="/gi/products/new"');
    const gov = await signIn("GOVERNMENT");
    expect(await (await gov.client.get("/gi/products")).text()).toContain('href="/gi/products/new"');
    const sme = await signIn("SME");
    expect((await sme.client.get("/gi/products/new")).status).toBe(403);
    expect((await sme.client.postForm("/gi/products/new", { name: "x" })).status).toBe(403);
    // A visitor without an account is pointed to the public pages and the login.
    const visitor = await server.fetch("/gi");
    expect(visitor.status).toBe(200);
    const visitorHtml = await visitor.text();
    for (const href of ["/gi/verify", "/gi/products", "/login?redirectTo=%2Fgi"]) expect(visitorHtml).toContain(`href="${href}"`);
    // A bank can neither apply nor review.
    const bank = await signIn("BANK");
    expect((await bank.client.get("/gi/apply")).status).toBe(403);
    const home = await (await bank.client.get("/gi")).text();
    expect(home).toContain('href="/gi/verify"');
    expect(home).not.toContain('href="/gi/apply"');
  });
});
