import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actOnGiApplication } from "~/domain/gi/act-on-application.server";
import { applyForGiMark } from "~/domain/gi/apply.server";
import { saveGiProduct } from "~/domain/gi/products.server";
import { giReviewCounts } from "~/domain/gi/queries.server";
import { county } from "~/domain/identity/county";
import { dateColumn } from "~/domain/shared/calendar";
import { pinClock } from "~/domain/shared/clock";
import { DomainError } from "~/domain/shared/errors";
import { db } from "~/utils/db.server";
import { randomUscc } from "../factories";
import { actorOf } from "../factories/patents";
import { killWorkerProcesses, startWorkerProcess } from "../fixtures/worker-process";
import { apiCaller, apiParty, expectProblem, expectStatus, type ApiParty } from "../fixtures/api-parties";
import { startTestServer, type TestServer } from "../setup/http";
import { waitFor } from "../setup/wait-for";

/**
 * GI special-mark applications (issue 16 §1–§3, §8, §9) through API v1 on a real
 * PostgreSQL: apply with a PDF → supplement → resubmit → approve (certificate number) →
 * revoke; bad input as problem+json field errors; stale versions; visibility (404 for
 * other SMEs and banks); 20 concurrent approvals with gap-free numbers; disguised files;
 * duplicate applications; multipart; a register-imported user revoked. Notifications are
 * checked in the outbox, written in each move's transaction, and delivered by the real
 * worker process; public verification finds the certificate. The clock is pinned.
 */
const TODAY = "2026-12-04";
const TOMORROW = "2026-12-05";
const YESTERDAY = "2026-12-03";
const TOWNS = county.towns.slice(0, 3);
const OUTSIDE = county.towns[county.towns.length - 1];

let server: TestServer;
let unpin: () => void;

type Party = ApiParty;
let gov: Party;
let platform: Party;
let smeA: Party;
let smeB: Party;
let smeC: Party;
let bank: Party;
let product: { id: string; name: string; certificatePrefix: string };


const call = apiCaller(() => server);

const upload = (key: string, id: string, bytes: Uint8Array, type: string, name = "材料.pdf") =>
  server.fetch(`/api/v1/gi-applications/${id}/evidence`, { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": type, "X-File-Name": encodeURIComponent(name) }, body: Buffer.from(bytes) });



const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);

const applicationBody = (over: Record<string, unknown> = {}) => ({
  productId: product.id,
  productionAddress: "营盘镇朱家沟村三组",
  town: TOWNS[1],
  annualOutputKg: 1200,
  description: "林下袋料栽培黑木耳，年产干耳约 1.2 吨，按标准分级包装。",
  commitment: true,
  ...over,
});

const view = async (p: Party, id: string) => expectStatus(await call(p.key, `/gi-applications/${id}`), 200);

async function act(p: Party, id: string, action: string, fields: Record<string, unknown> = {}) {
  const { version } = await view(p, id);
  return call(p.key, `/gi-applications/${id}/actions/${action}`, { version, ...fields });
}

/** Outbox notices (kind) for an org's members about application `id`. */
async function outboxFor(orgId: string, id: string): Promise<string[]> {
  const rows = await db.outboxMessage.findMany({ where: { jobName: "notifications.deliver", payload: { path: ["link"], equals: `/gi/applications/${id}` } }, orderBy: { id: "asc" } });
  return rows.map((r) => r.payload as { orgId: string; kind: string }).filter((n) => n.orgId === orgId).map((n) => n.kind);
}

const suffix = () => randomBytes(3).toString("hex").toUpperCase();
const prefix = () => `T${suffix().replace(/[^A-Z0-9]/g, "X")}`;

async function newProduct(name = `测试木耳${suffix()}`) {
  return saveGiProduct(gov.actor, { name, kind: "PROTECTED_PRODUCT", registrationNumber: "2017年第 11 号公告", protectedTowns: TOWNS, qualityStandard: "DB61/T 1234-2019", certificatePrefix: prefix() });
}

beforeAll(async () => {
  unpin = pinClock(`${TODAY}T10:00:00+08:00`);
  server = await startTestServer();
  [gov, platform, smeA, smeB, smeC, bank] = [await apiParty("GOVERNMENT"), await apiParty("PLATFORM"), await apiParty("SME"), await apiParty("SME"), await apiParty("SME"), await apiParty("BANK")];
  product = await newProduct();
  startWorkerProcess();
});

afterAll(async () => {
  killWorkerProcesses();
  await server?.close();
  unpin?.();
});

describe("API v1: GI applications", () => {
  it("applies with a PDF, is asked for a supplement, resubmits, is approved with a certificate number and revoked; every move audited and told", async () => {
    const products = await expectStatus(await server.fetch("/api/v1/gi-products"), 200);
    expect(products.items.find((p: { id: string }) => p.id === product.id)).toMatchObject({ name: product.name, kindName: "地理标志保护产品", protectedTowns: TOWNS, activeUsers: 0 });

    const applied = await expectStatus(await call(smeA.key, "/gi-applications", applicationBody()), 201);
    expect(applied).toMatchObject({ status: "SUBMITTED", version: 1, certificateNumber: null, yourRole: "APPLICANT", actions: [] });
    const id = applied.id as string;
    const file = await expectStatus(await upload(smeA.key, id, PDF, "application/pdf", "营业执照.pdf"), 201);
    expect(file).toMatchObject({ name: "营业执照.pdf", mime: "application/pdf", bytes: PDF.length });

    const forGov = await view(gov, id);
    expect(forGov).toMatchObject({ status: "SUBMITTED", yourRole: "GOVERNMENT", actions: ["request-supplement", "approve", "reject"], town: TOWNS[1], annualOutputKg: 1200, product: { id: product.id, name: product.name } });
    const org = await db.organization.findUniqueOrThrow({ where: { id: smeA.orgId } });
    expect(forGov).toMatchObject({ enterpriseName: org.name, uscc: org.uscc, committedAt: expect.any(String) });
    expect(forGov.evidence).toEqual([{ id: file.id, name: "营业执照.pdf", mime: "application/pdf", bytes: PDF.length, uploadedAt: expect.any(String) }]);
    const download = await server.fetch(`/api/v1/gi-applications/${id}/evidence/${file.id}`, { headers: { Authorization: `Bearer ${gov.key}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("application/pdf");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
    expect(await outboxFor(gov.orgId, id)).toEqual(["gi.review-turn"]);
    expect((await giReviewCounts(gov.actor)).submitted).toBeGreaterThanOrEqual(1);

    // The applicant cannot decide; a stale version changes nothing.
    await expectProblem(await act(smeA, id, "approve", { announcementNumber: "X", announcedOn: TODAY }), 403);
    await expectProblem(await call(gov.key, `/gi-applications/${id}/actions/request-supplement`, { version: 7, note: "请补充" }), 409);

    const asked = await expectStatus(await act(gov, id, "request-supplement", { note: "请补充近三年的产地检测报告" }), 200);
    expect(asked).toMatchObject({ status: "SUPPLEMENT_REQUESTED", version: 2, actions: ["reject"] });
    expect(await view(smeA, id)).toMatchObject({ supplementRequest: "请补充近三年的产地检测报告", actions: ["resubmit"] });
    expect(await outboxFor(smeA.orgId, id)).toEqual(["gi.decision"]);

    await expectStatus(await upload(smeA.key, id, PNG, "image/png", "检测报告.png"), 201);
    const resubmitted = await expectStatus(await act(smeA, id, "resubmit", { note: "已补充检测报告" }), 200);
    expect(resubmitted).toMatchObject({ status: "SUBMITTED", version: 3, actions: [] });
    expect(await outboxFor(gov.orgId, id)).toEqual(["gi.review-turn", "gi.review-turn"]);

    // Dates of the books: not tomorrow, not before the submission — named with the other bad fields.
    await expectProblem(await act(gov, id, "approve", { announcedOn: TOMORROW }), 400, ["announcedOn", "announcementNumber"]);
    await expectProblem(await act(gov, id, "approve", { announcementNumber: "柞市监公告〔2026〕7号", announcedOn: YESTERDAY }), 400, ["announcedOn"]);
    const approved = await expectStatus(await act(gov, id, "approve", { announcementNumber: "柞市监公告〔2026〕7号", announcedOn: TODAY }), 200);
    expect(approved).toMatchObject({ status: "APPROVED", version: 4, certificateNumber: `${product.certificatePrefix}-2026-0001`, actions: ["revoke"] });
    const detail = await view(smeA, id);
    expect(detail).toMatchObject({
      status: "APPROVED",
      certificate: { number: `${product.certificatePrefix}-2026-0001`, year: 2026, announcementNumber: "柞市监公告〔2026〕7号", announcedOn: TODAY },
      decisions: { announcementNumber: "柞市监公告〔2026〕7号", announcedOn: TODAY, approvedAt: expect.any(String) },
      actions: [],
    });
    expect(detail.evidence.map((e: { mime: string }) => e.mime)).toEqual(["application/pdf", "image/png"]);
    await expectProblem(await upload(smeA.key, id, PDF, "application/pdf"), 409);
    // Anyone verifies it by certificate number, without credentials.
    const certificate = `${product.certificatePrefix}-2026-0001`;
    const found = await expectStatus(await server.fetch(`/api/v1/gi-users?q=${certificate}`), 200);
    expect(found.items).toEqual([expect.objectContaining({ certificateNumber: certificate, status: "APPROVED", announcedOn: TODAY, enterpriseName: org.name })]);

    await expectProblem(await act(gov, id, "revoke", { reason: "抽查不合格且逾期未整改", revokedOn: YESTERDAY }), 400, ["revokedOn"]);
    await expectProblem(await act(gov, id, "revoke", { revokedOn: TOMORROW }), 400, ["reason", "revokedOn"]);
    const revoked = await expectStatus(await act(gov, id, "revoke", { reason: "抽查不合格且逾期未整改", revokedOn: TODAY }), 200);
    expect(revoked).toMatchObject({ status: "REVOKED", version: 5, certificateNumber: `${product.certificatePrefix}-2026-0001`, actions: [] });
    expect(await view(smeA, id)).toMatchObject({ decisions: { revokedOn: TODAY, revocationReason: "抽查不合格且逾期未整改" } });
    const afterRevocation = await expectStatus(await server.fetch(`/api/v1/gi-users?q=${certificate}`), 200);
    expect(afterRevocation.items).toEqual([expect.objectContaining({ certificateNumber: certificate, status: "REVOKED", statusName: "已撤销", revokedOn: TODAY })]);
    await expectProblem(await act(gov, id, "approve", { announcementNumber: "X", announcedOn: TODAY }), 409);

    const timeline = (await view(gov, id)).timeline.map((e: { action: string; to: string | null }) => [e.action, e.to]);
    expect(timeline).toEqual([
      ["apply", "SUBMITTED"],
      ["add-evidence", "SUBMITTED"],
      ["request-supplement", "SUPPLEMENT_REQUESTED"],
      ["add-evidence", "SUPPLEMENT_REQUESTED"],
      ["resubmit", "SUBMITTED"],
      ["approve", "APPROVED"],
      ["revoke", "REVOKED"],
    ]);
    expect(await outboxFor(smeA.orgId, id)).toEqual(["gi.decision", "gi.decision", "gi.decision"]);
    // The worker delivers them to the applicant's members (in-app).
    await waitFor(async () => (await db.notification.count({ where: { userId: smeA.actor.userId, link: `/gi/applications/${id}`, kind: "gi.decision" } })) === 3, { what: "three gi.decision notifications for the applicant" });
    await waitFor(async () => (await db.notification.count({ where: { userId: gov.actor.userId, link: `/gi/applications/${id}`, kind: "gi.review-turn" } })) === 2, { what: "two gi.review-turn notifications for GOVERNMENT" });
    const notice = await db.outboxMessage.findFirstOrThrow({ where: { jobName: "notifications.deliver", payload: { path: ["sourceKey"], equals: `gi.decision:${id}:v4` } } });
    expect(notice.payload).toMatchObject({ kind: "gi.decision", link: `/gi/applications/${id}`, body: expect.stringContaining(`${product.certificatePrefix}-2026-0001`) });
  });

  it("answers bad input with problem+json field errors, all at once, never 500", async () => {
    // The town outside the protected area is refused at the field.
    const outside = await expectProblem(await call(smeB.key, "/gi-applications", applicationBody({ town: OUTSIDE })), 400, ["town"]);
    expect(outside.errors[0].message).toContain(`${OUTSIDE}不在${product.name}的地理标志保护范围内`);
    // Nothing at all: every field named.
    await expectProblem(await call(smeB.key, "/gi-applications", {}), 400, ["productId", "productionAddress", "town", "annualOutputKg", "description", "commitment"]);
    // Wrong types, a zero output, no commitment, a town outside, an overlong description: one answer.
    await expectProblem(await call(smeB.key, "/gi-applications", applicationBody({ annualOutputKg: 0, commitment: false, town: OUTSIDE, description: "长".repeat(2001), productionAddress: 42 })), 400, [
      "annualOutputKg",
      "commitment",
      "town",
      "description",
      "productionAddress",
    ]);
    await expectProblem(await call(smeB.key, "/gi-applications", applicationBody({ annualOutputKg: "1.5吨" })), 400, ["annualOutputKg"]);
    await expectProblem(await call(smeB.key, "/gi-applications", applicationBody({ productId: "cnosuchproduct00000000000" })), 400, ["productId"]);
    // Garbage JSON and a JSON array.
    const garbage = await server.fetch("/api/v1/gi-applications", { method: "POST", headers: { Authorization: `Bearer ${smeB.key}`, "Content-Type": "application/json" }, body: '{"productId":' });
    await expectProblem(garbage, 400);
    await expectProblem(await call(smeB.key, "/gi-applications", [1, 2]), 400, [], { anyLanguage: true });
    expect(await db.giApplication.count({ where: { orgId: smeB.orgId } })).toBe(0);

    // Action bodies: garbage version and dates, a huge reason, a non-object.
    const { id } = await expectStatus(await call(smeB.key, "/gi-applications", applicationBody()), 201);
    await expectProblem(await call(gov.key, `/gi-applications/${id}/actions/approve`, { version: "abc", announcedOn: "明天" }), 400, ["version", "announcementNumber", "announcedOn"]);
    await expectProblem(await call(gov.key, `/gi-applications/${id}/actions/reject`, { version: 1, reason: "x".repeat(5000) }), 400, ["reason"]);
    await expectProblem(await call(gov.key, `/gi-applications/${id}/actions/request-supplement`, { version: 1, note: 12 }), 400, ["note"]);
    await expectProblem(await call(gov.key, `/gi-applications/${id}/actions/delete`, { version: 1 }), 404);
    // No evidence yet: GOVERNMENT cannot approve (409), nothing changes and no number is used.
    await expectProblem(await act(gov, id, "approve", { announcementNumber: "A-1", announcedOn: TODAY }), 409);
    expect(await view(gov, id)).toMatchObject({ status: "SUBMITTED", version: 1, certificateNumber: null });

    // Files: a PNG disguised as a PDF, bytes that are no file we keep, a type we do not take, an empty body.
    const disguised = await expectProblem(await upload(smeB.key, id, PNG, "application/pdf", "伪装.pdf"), 400, ["evidence"]);
    expect(disguised.errors[0].message).toMatch(/PNG.*application\/pdf/);
    await expectProblem(await upload(smeB.key, id, new TextEncoder().encode("<html>not a pdf</html>"), "application/pdf"), 400, ["evidence"]);
    await expectProblem(await upload(smeB.key, id, new TextEncoder().encode("GIF89a"), "image/gif"), 415);
    await expectProblem(await upload(smeB.key, id, new Uint8Array(), "application/pdf"), 400, ["evidence"]);
    expect((await view(smeB, id)).evidence).toEqual([]);
    // Over 10 MB: 413 (by the web server's cap or ours).
    const huge = new Uint8Array(10 * 1024 * 1024 + 1);
    huge.set(PDF);
    expect((await upload(smeB.key, id, huge, "application/pdf")).status).toBe(413);
  });

  it("lets no one but the applicant, GOVERNMENT and PLATFORM see an application or its evidence (404, never 403)", async () => {
    const { id } = await expectStatus(await call(smeC.key, "/gi-applications", applicationBody()), 201);
    const file = await expectStatus(await upload(smeC.key, id, PDF, "application/pdf"), 201);
    for (const stranger of [smeA, bank]) {
      await expectProblem(await call(stranger.key, `/gi-applications/${id}`), 404);
      await expectProblem(await call(stranger.key, `/gi-applications/${id}/evidence/${file.id}`), 404);
      await expectProblem(await upload(stranger.key, id, PDF, "application/pdf"), 404);
      await expectProblem(await call(stranger.key, `/gi-applications/${id}/actions/resubmit`, { version: 1 }), 404);
      const list = await expectStatus(await call(stranger.key, "/gi-applications?pageSize=100"), 200);
      expect(list.items.map((a: { id: string }) => a.id)).not.toContain(id);
    }
    expect((await expectStatus(await call(bank.key, "/gi-applications"), 200)).total).toBe(0);
    // A file id of another application is not found through this one.
    const other = await expectStatus(await call(smeA.key, "/gi-applications?pageSize=100"), 200);
    if (other.items[0]) await expectProblem(await call(gov.key, `/gi-applications/${other.items[0].id}/evidence/${file.id}`), 404);
    // PLATFORM reads everything, decides nothing.
    expect(await view(platform, id)).toMatchObject({ yourRole: null, actions: [] });
    expect((await server.fetch(`/api/v1/gi-applications/${id}/evidence/${file.id}`, { headers: { Authorization: `Bearer ${platform.key}` } })).status).toBe(200);
    await expectProblem(await call(platform.key, `/gi-applications/${id}/actions/approve`, { version: 1, announcementNumber: "A", announcedOn: TODAY }), 403);
    // Lists: the applicant its own, GOVERNMENT all, by status and product.
    const own = await expectStatus(await call(smeC.key, "/gi-applications"), 200);
    expect(own.items.map((a: { id: string }) => a.id)).toEqual([id]);
    const govList = await expectStatus(await call(gov.key, `/gi-applications?status=SUBMITTED&productId=${product.id}&pageSize=100`), 200);
    expect(govList.items.map((a: { id: string }) => a.id)).toContain(id);
    expect(govList.items.every((a: { status: string }) => a.status === "SUBMITTED")).toBe(true);
    await expectProblem(await call(gov.key, "/gi-applications?status=DRAFT"), 400, [], { anyLanguage: true });
  });

  it("takes one open or approved application per product and enterprise (409), again after a rejection", async () => {
    const p = await newProduct();
    const sme = await apiParty("SME");
    const first = await expectStatus(await call(sme.key, "/gi-applications", applicationBody({ productId: p.id })), 201);
    const again = await expectProblem(await call(sme.key, "/gi-applications", applicationBody({ productId: p.id })), 409);
    expect(again.detail).toMatch(/不能重复申请/);
    // Two at once: the partial unique index lets one through, the other is a 409 (never a 500).
    const racer = await apiParty("SME");
    const answers = await Promise.all([0, 1, 2].map(() => call(racer.key, "/gi-applications", applicationBody({ productId: p.id }))));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    await expectStatus(await act(gov, first.id, "reject", { reason: "生产地址与营业执照不符" }), 200);
    await expectStatus(await call(sme.key, "/gi-applications", applicationBody({ productId: p.id })), 201);
  });

  it("takes the application and its files in one multipart request; none, or a bad one, and nothing is written", async () => {
    const p = await newProduct();
    const sme = await apiParty("SME");
    const form = (files: { bytes: Uint8Array; name: string; type: string }[], over: Record<string, string> = {}) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries({ ...applicationBody({ productId: p.id, annualOutputKg: "800", commitment: "on" }), ...over })) fd.append(k, String(v));
      for (const f of files) fd.append("evidence", new Blob([Buffer.from(f.bytes)], { type: f.type }), f.name);
      return server.fetch("/api/v1/gi-applications", { method: "POST", headers: { Authorization: `Bearer ${sme.key}` }, body: fd });
    };
    await expectProblem(await form([]), 400, ["evidence"]);
    await expectProblem(await form([{ bytes: PNG, name: "a.pdf", type: "application/pdf" }], { town: OUTSIDE }), 400, ["evidence", "town"]);
    expect(await db.giApplication.count({ where: { orgId: sme.orgId } })).toBe(0);
    const created = await expectStatus(await form([{ bytes: PDF, name: "执照.pdf", type: "application/pdf" }, { bytes: PNG, name: "照片.png", type: "image/png" }]), 201);
    const detail = await view(sme, created.id);
    expect(detail).toMatchObject({ status: "SUBMITTED", annualOutputKg: 800 });
    expect(detail.evidence.map((e: { name: string; mime: string }) => [e.name, e.mime])).toEqual([
      ["执照.pdf", "application/pdf"],
      ["照片.png", "image/png"],
    ]);
  });

  it("issues 20 concurrent approvals of one product 20 distinct, gap-free certificate numbers; a rejection and a stale approval use none", async () => {
    const p = await newProduct();
    const ids: string[] = [];
    for (let i = 0; i < 22; i++) {
      const sme = await actorOf("SME");
      ids.push((await applyForGiMark(sme, applicationBody({ productId: p.id }), [{ bytes: PDF, name: "执照.pdf", type: "application/pdf" }])).id);
    }
    const [rejected, stale, ...approved] = ids;
    await actOnGiApplication(gov.actor, rejected, "reject", { version: 1, reason: "材料不全" });
    const answers = await Promise.all([
      call(gov.key, `/gi-applications/${stale}/actions/approve`, { version: 2, announcementNumber: "柞市监公告〔2026〕9号", announcedOn: TODAY }),
      ...approved.map((id) => call(gov.key, `/gi-applications/${id}/actions/approve`, { version: 1, announcementNumber: "柞市监公告〔2026〕9号", announcedOn: TODAY })),
    ]);
    expect(answers[0].status).toBe(409);
    const states = await Promise.all(answers.slice(1).map((r) => expectStatus(r, 200)));
    const numbers = states.map((s) => s.certificateNumber as string).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `${p.certificatePrefix}-2026-${String(i + 1).padStart(4, "0")}`));
    expect(await db.giCertificateCounter.findUniqueOrThrow({ where: { productId_year: { productId: p.id, year: 2026 } } })).toMatchObject({ last: 20 });
    expect(await db.giApplication.findMany({ where: { id: { in: [rejected, stale] } }, select: { certificateNumber: true } })).toEqual([{ certificateNumber: null }, { certificateNumber: null }]);
    // Twenty at once on one application: one wins, the others are 409s; still no gap.
    const one = await applyForGiMark(await actorOf("SME"), applicationBody({ productId: p.id }), [{ bytes: PDF, name: "a.pdf" }]);
    const race = await Promise.all(Array.from({ length: 5 }, () => call(gov.key, `/gi-applications/${one.id}/actions/approve`, { version: 1, announcementNumber: "X-1", announcedOn: TODAY })));
    expect(race.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect((await view(gov, one.id)).certificateNumber).toBe(`${p.certificatePrefix}-2026-0021`);
  });

  it("takes a resubmission's files with the move: a bad file refuses both, a good one lands with it", async () => {
    const p = await newProduct();
    const sme = await actorOf("SME");
    const { id } = await applyForGiMark(sme, applicationBody({ productId: p.id }), [{ bytes: PDF, name: "执照.pdf", type: "application/pdf" }]);
    await actOnGiApplication(gov.actor, id, "request-supplement", { version: 1, note: "请补充检测报告" });
    const gif = new TextEncoder().encode("GIF89a....");
    await expect(actOnGiApplication(sme, id, "resubmit", { version: 2, note: "已补充" }, [{ bytes: PDF, name: "报告.pdf" }, { bytes: gif, name: "照片.gif" }])).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { evidence: [expect.stringContaining("照片.gif")] } });
    expect(await db.giApplication.findUniqueOrThrow({ where: { id }, select: { status: true, version: true, _count: { select: { evidence: true } } } })).toEqual({ status: "SUPPLEMENT_REQUESTED", version: 2, _count: { evidence: 1 } });
    // A file brought to any other move is refused at the field.
    await expect(actOnGiApplication(gov.actor, id, "reject", { version: 2, reason: "x" }, [{ bytes: PDF, name: "x.pdf" }])).rejects.toMatchObject({ code: "VALIDATION" });

    expect(await actOnGiApplication(sme, id, "resubmit", { version: 2, note: "已补充" }, [{ bytes: PDF, name: "报告.pdf" }])).toMatchObject({ status: "SUBMITTED", version: 3 });
    expect(await db.giEvidenceFile.findMany({ where: { applicationId: id }, select: { originalName: true }, orderBy: { uploadedAt: "asc" } })).toEqual([{ originalName: "执照.pdf" }, { originalName: "报告.pdf" }]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "GiApplication", entityId: id, action: "resubmit" } });
    expect(audit.data).toMatchObject({ evidence: 2, attached: [{ name: "报告.pdf", mime: "application/pdf" }] });
  });

  it("revokes a register-imported user without an account (nobody to tell)", async () => {
    const p = await newProduct();
    const row = await db.giApplication.create({
      data: {
        productId: p.id,
        orgId: null,
        source: "REGISTER_IMPORT",
        status: "APPROVED",
        enterpriseName: "柞水县示例木耳专业合作社",
        uscc: randomUscc(),
        town: TOWNS[0],
        announcementNumber: "柞市监公告〔2020〕3号",
        announcedOn: dateColumn("2020-06-01"),
        certificateNumber: `${p.certificatePrefix}-2020-0001`,
        certificateYear: 2020,
        certificateSeq: 1,
      },
    });
    expect(await view(gov, row.id)).toMatchObject({ source: "REGISTER_IMPORT", orgId: null, actions: ["revoke"] });
    await expectProblem(await call(smeA.key, `/gi-applications/${row.id}`), 404);
    const revoked = await expectStatus(await act(gov, row.id, "revoke", { reason: "企业已停产", revokedOn: TODAY }), 200);
    expect(revoked).toMatchObject({ status: "REVOKED", certificateNumber: `${p.certificatePrefix}-2020-0001` });
    expect(await db.outboxMessage.count({ where: { jobName: "notifications.deliver", payload: { path: ["link"], equals: `/gi/applications/${row.id}` } } })).toBe(0);
    expect(await db.auditEvent.count({ where: { entityType: "GiApplication", entityId: row.id, action: "revoke" } })).toBe(1);
  });

  it("lets GOVERNMENT alone keep the products: unique names and prefixes, stale versions 409", async () => {
    const p = await newProduct();
    const refused = await saveGiProduct(smeA.actor, { name: "x" }).catch((e: DomainError) => e);
    expect(refused).toMatchObject({ code: "FORBIDDEN" });
    const duplicate = await saveGiProduct(gov.actor, { name: p.name, kind: "CERTIFICATION_MARK", registrationNumber: "第 1 号", protectedTowns: TOWNS, qualityStandard: "Q/ZS 1", certificatePrefix: p.certificatePrefix }).catch((e: DomainError) => e);
    expect(duplicate).toMatchObject({ code: "VALIDATION", fieldErrors: { name: [expect.stringMatching(/同名/)], certificatePrefix: [expect.stringMatching(/已由/)] } });
    const updated = await saveGiProduct(gov.actor, { ...p, id: p.id, notes: "示例", version: p.version });
    expect(updated).toMatchObject({ version: 2, notes: "示例" });
    const stale = await saveGiProduct(gov.actor, { ...p, id: p.id, version: 1 }).catch((e: DomainError) => e);
    expect(stale).toMatchObject({ code: "CONFLICT" });
    const area = await saveGiProduct(gov.actor, { ...p, id: p.id, version: 2, protectedTowns: ["长安区"] }).catch((e: DomainError) => e);
    expect(area).toMatchObject({ code: "VALIDATION", fieldErrors: { protectedTowns: [expect.stringMatching(/长安区不是/)] } });
    expect(await db.auditEvent.count({ where: { entityType: "GiProduct", entityId: p.id } })).toBe(2);
  });
});
