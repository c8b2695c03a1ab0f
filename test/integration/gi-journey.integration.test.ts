import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveGiProduct } from "~/domain/gi/products.server";
import { county } from "~/domain/identity/county";
import { pinClock } from "~/domain/shared/clock";
import { db } from "~/utils/db.server";
import { killWorkerProcesses, startWorkerProcess } from "../fixtures/worker-process";
import { apiCaller, apiParty, expectStatus, type ApiParty } from "../fixtures/api-parties";
import { startTestServer, type TestResponse, type TestServer } from "../setup/http";
import { waitFor } from "../setup/wait-for";

/**
 * Issue 16's acceptance journey through API v1 with the real worker process: an SME applies
 * with a PDF, the county asks for a supplement, the SME resubmits, the county approves (a
 * certificate number is issued and the public verification finds the enterprise by USCC and
 * by certificate number, and its certificate page shows a QR code), then revokes (the public
 * verification says 已撤销 with the date). The worker delivers every notice: the county hears
 * each submission, the applicant every decision. The clock is pinned to a Shanghai morning.
 */
const TODAY = "2026-12-04";
const SUBMITTED_ON = "2026-11-20";

let server: TestServer;
let unpin: () => void;
type Party = ApiParty;
let gov: Party;
let sme: Party;


const call = apiCaller(() => server);

const ok = (res: TestResponse, status = 200) => expectStatus(res, status);

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

async function act(p: Party, id: string, action: string, fields: Record<string, unknown> = {}) {
  const { version } = await ok(await call(p.key, `/gi-applications/${id}`));
  return ok(await call(p.key, `/gi-applications/${id}/actions/${action}`, { version, ...fields }));
}

/** Notifications the worker delivered to the members of `orgId` about application `id`, oldest first. */
async function delivered(orgId: string, id: string) {
  const rows = await db.notification.findMany({ where: { orgId, link: `/gi/applications/${id}` }, orderBy: { createdAt: "asc" }, select: { kind: true, title: true, body: true } });
  return rows;
}

beforeAll(async () => {
  unpin = pinClock(`${TODAY}T10:00:00+08:00`);
  server = await startTestServer();
  [gov, sme] = [await apiParty("GOVERNMENT"), await apiParty("SME")];
  startWorkerProcess();
});

afterAll(async () => {
  killWorkerProcesses();
  await server?.close();
  unpin?.();
});

describe("GI special mark: apply → supplement → approve → verify → revoke, through API v1 with the worker", () => {
  it("issues a certificate the public can verify, and shows 已撤销 once revoked; every party is told", async () => {
    const product = await saveGiProduct(gov.actor, { name: "柞水木耳（旅程）", kind: "CERTIFICATION_MARK", registrationNumber: "第 123456 号", protectedTowns: [...county.towns], qualityStandard: "柞水木耳质量技术要求", certificatePrefix: "ZSJY" });
    const org = await db.organization.findUniqueOrThrow({ where: { id: sme.orgId }, select: { name: true, uscc: true } });

    // The SME applies (JSON), then sends its evidence: a 3 MB scan as a PDF (over the JSON API's 1 MB, under the file cap).
    const created = await ok(await call(sme.key, "/gi-applications", { productId: product.id, productionAddress: "下梁镇西川村二组", town: county.towns[2], annualOutputKg: 3000, description: "林下袋料栽培黑木耳，年产干耳约 3 吨。", commitment: true }), 201);
    const id: string = created.id;
    expect(created).toMatchObject({ status: "SUBMITTED", version: 1, certificateNumber: null });
    await db.giApplication.update({ where: { id }, data: { submittedAt: new Date(`${SUBMITTED_ON}T09:00:00+08:00`) } });
    const upload = await server.fetch(`/api/v1/gi-applications/${id}/evidence`, { method: "POST", headers: { Authorization: `Bearer ${sme.key}`, "Content-Type": "application/pdf", "X-File-Name": encodeURIComponent("营业执照.pdf") }, body: Buffer.concat([Buffer.from(PDF), Buffer.alloc(3 * 1024 * 1024, 0x20)]) });
    expect(upload.status, await upload.clone().text()).toBeLessThan(300);
    expect(await db.giEvidenceFile.findMany({ where: { applicationId: id }, select: { bytes: true, mime: true } })).toEqual([{ bytes: PDF.length + 3 * 1024 * 1024, mime: "application/pdf" }]);

    // The county asks for a supplement; the SME resubmits; the county approves.
    expect(await act(gov, id, "request-supplement", { note: "请补充近一年的产品检测报告" })).toMatchObject({ status: "SUPPLEMENT_REQUESTED" });
    expect(await act(sme, id, "resubmit", { note: "已补充检测报告" })).toMatchObject({ status: "SUBMITTED" });
    const approved = await act(gov, id, "approve", { announcementNumber: "柞市监公告〔2026〕18号", announcedOn: TODAY });
    expect(approved).toMatchObject({ status: "APPROVED", certificateNumber: "ZSJY-2026-0001" });

    // Anyone, without credentials, finds the enterprise by USCC, by name and by certificate number.
    for (const q of [org.uscc, org.name, "ZSJY-2026-0001"]) {
      const { items } = await ok(await call(null, `/gi-users?q=${encodeURIComponent(q)}`));
      expect(items, q).toEqual([expect.objectContaining({ enterpriseName: org.name, uscc: org.uscc, certificateNumber: "ZSJY-2026-0001", status: "APPROVED", statusName: "有效", announcementNumber: "柞市监公告〔2026〕18号" })]);
      expect(JSON.stringify(items)).not.toMatch(/productionAddress|西川村|evidence|annualOutput|email/);
    }
    const certificate = await server.fetch("/gi/certificates/ZSJY-2026-0001");
    expect(certificate.status).toBe(200);
    const html = await certificate.text();
    expect(html).toContain(org.name);
    expect(html).toMatch(/<svg[^>]*>/);

    // The county revokes: the public verification says 已撤销 with the date.
    expect(await act(gov, id, "revoke", { reason: "年度抽查不合格且逾期未整改", revokedOn: TODAY })).toMatchObject({ status: "REVOKED" });
    const { items } = await ok(await call(null, `/gi-users?q=${org.uscc}`));
    expect(items).toEqual([expect.objectContaining({ certificateNumber: "ZSJY-2026-0001", status: "REVOKED", statusName: "已撤销", revokedOn: TODAY })]);
    expect(await (await server.fetch("/gi/certificates/ZSJY-2026-0001")).text()).toContain("已撤销");

    // The worker delivered: the county heard both submissions; the applicant each decision.
    await waitFor(async () => (await delivered(sme.orgId, id)).length >= 3 && (await delivered(gov.orgId, id)).length >= 2, { what: "GI notices delivered" });
    expect((await delivered(gov.orgId, id)).map((n) => n.kind)).toEqual(["gi.review-turn", "gi.review-turn"]);
    const toSme = await delivered(sme.orgId, id);
    expect(toSme.map((n) => n.kind)).toEqual(["gi.decision", "gi.decision", "gi.decision"]);
    // Delivered by the worker in any order: one notice per decision, each saying what was decided.
    const texts = toSme.map((n) => `${n.title} ${n.body}`);
    for (const said of [/要求补充材料：请补充近一年的产品检测报告/, /已核准.*证书编号 ZSJY-2026-0001/, /撤销：年度抽查不合格且逾期未整改/]) expect(texts.filter((t) => said.test(t)), String(said)).toHaveLength(1);

    // Every move is on the record.
    const events = await db.auditEvent.findMany({ where: { entityType: "GiApplication", entityId: id }, orderBy: { at: "asc" }, select: { fromState: true, toState: true } });
    expect(events.filter((e) => e.fromState !== e.toState).map((e) => `${e.fromState ?? ""}→${e.toState}`)).toEqual(["→SUBMITTED", "SUBMITTED→SUPPLEMENT_REQUESTED", "SUPPLEMENT_REQUESTED→SUBMITTED", "SUBMITTED→APPROVED", "APPROVED→REVOKED"]);
  });
});
