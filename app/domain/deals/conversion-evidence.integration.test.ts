import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import type { OrgKind } from "~/generated/prisma/enums";
import { createApiKey } from "../identity/api-key-create.server";
import { createPatent } from "../patents/save-patent.server";
import { recordPatentView } from "../patents/views.server";
import { systemActor, type Actor } from "../shared/actor";
import { shanghaiDate } from "../shared/calendar";
import { clock } from "../shared/clock";
import type { DomainError } from "../shared/errors";
import { createUser, TEST_PASSWORD } from "../../../test/factories";
import { patentInput } from "../../../test/factories/patents";
import { startTestServer, type TestClient, type TestServer } from "../../../test/setup/http";
import { actOnDeal, makeOffer } from "./act-on-deal.server";
import { attachConversionEvidence, checkEvidenceFile, MAX_EVIDENCE_BYTES } from "./conversion-evidence.server";
import { createDeal } from "./create-deal.server";

const PDF = new Uint8Array(Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"));
const JPG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

type Party = { actor: Actor & { userId: string }; email: string; key: string; client: TestClient };
let server: TestServer;
let privateFiles: string;
let nextIp = 20;

async function party(kind: OrgKind): Promise<Party> {
  const { user, orgId } = await createUser({ kind });
  const actor = { userId: user.id, apiKeyId: null, orgId, orgKind: kind, orgStatus: "ACTIVE" as const, role: "OWNER" as const };
  const key = (await createApiKey(systemActor(), { orgId, name: "test" })).key;
  const client = server.client();
  const login = await client.postForm("/login", { email: user.email, password: TEST_PASSWORD, redirectTo: "/home" }, { headers: { "X-Forwarded-For": `198.51.100.${nextIp++}` } });
  expect(login.status).toBe(302);
  return { actor, email: user.email, key, client };
}

const put = (key: string, dealId: string, body: Uint8Array, type: string) =>
  server.fetch(`/api/v1/deals/${dealId}/conversion-evidence`, { method: "PUT", headers: { Authorization: `Bearer ${key}`, "Content-Type": type }, body: new Blob([body as Uint8Array<ArrayBuffer>]) });
const get = (key: string, dealId: string) => server.fetch(`/api/v1/deals/${dealId}/conversion-evidence`, { headers: { Authorization: `Bearer ${key}` } });
const codeOf = (p: Promise<unknown>) => p.then(() => "ok", (e: DomainError) => e.code);

/** A licence from a university to an SME, agreed at no upfront fee and recorded. */
async function recordedDeal(holder: Party, sme: Party) {
  const patent = await createPatent(holder.actor, patentInput({ title: "一种木耳多糖口服液的制备方法", listingMode: "NON_EXCLUSIVE" }), { publish: true });
  const deal = await createDeal(sme.actor, { patentId: patent.id, mode: "NON_EXCLUSIVE", message: "希望获得普通许可" });
  const today = shanghaiDate(clock.now());
  const offer = await makeOffer(holder.actor, deal.id, { mode: "NON_EXCLUSIVE", upfront: "0", royaltyRate: "0.03", termMonths: 36, territory: "中国大陆", validUntil: today });
  const agreed = await actOnDeal(sme.actor, deal.id, "accept-offer", { version: offer.version });
  const recorded = await actOnDeal(holder.actor, deal.id, "record", { version: agreed.version, recordNumber: "2026990000123", date: today });
  expect(recorded.status).toBe("RECORDED");
  return { patent, deal: recorded };
}

beforeAll(async () => {
  privateFiles = mkdtempSync(path.join(tmpdir(), "ipb-private-"));
  process.env.PRIVATE_FILES_DIR = privateFiles;
  server = await startTestServer();
});

afterAll(() => {
  rmSync(privateFiles, { recursive: true, force: true });
  delete process.env.PRIVATE_FILES_DIR;
});

describe("evidence of production (issue 14 §8)", () => {
  it("knows PDF and JPG by their magic bytes, refuses other files, mismatched types and files over 10 MB", () => {
    expect(checkEvidenceFile(PDF)).toBe("application/pdf");
    expect(checkEvidenceFile(JPG, "image/jpeg")).toBe("image/jpeg");
    expect(checkEvidenceFile(JPG, "image/jpg")).toBe("image/jpeg");
    const fileError = (bytes: Uint8Array, type?: string) => {
      try {
        checkEvidenceFile(bytes, type);
        return null;
      } catch (e) {
        return (e as DomainError).fieldErrors?.file?.join() ?? (e as DomainError).message;
      }
    };
    expect(fileError(PNG)).toMatch(/PDF 或 JPG/);
    expect(fileError(new Uint8Array())).toMatch(/请选择/);
    expect(fileError(PDF, "image/jpeg")).toMatch(/不符/);
    const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1);
    big.set(PDF);
    expect(fileError(big)).toMatch(/10 MB/);
    expect(checkEvidenceFile(big.subarray(0, MAX_EVIDENCE_BYTES))).toBe("application/pdf");
  });

  it("the SME attaches it through API v1 with the report; both parties read it, everyone else gets 404", async () => {
    const [holder, sme, stranger, otherHolder] = [await party("UNIVERSITY"), await party("SME"), await party("SME"), await party("SOE")];
    const { deal } = await recordedDeal(holder, sme);

    // Before: nothing to read; strangers and the holder cannot attach.
    expect((await get(sme.key, deal.id)).status).toBe(404);
    expect((await put(stranger.key, deal.id, PDF, "application/pdf")).status).toBe(404);
    expect((await put(holder.key, deal.id, PDF, "application/pdf")).status).toBe(403);
    // Bad bodies: never a 500, nothing stored.
    expect((await put(sme.key, deal.id, PDF, "text/plain")).status).toBe(415);
    const png = await put(sme.key, deal.id, PNG, "image/jpeg");
    expect(png.status).toBe(400);
    expect((await png.json()).errors).toEqual([expect.objectContaining({ field: "file" })]);
    const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1);
    big.set(PDF);
    expect((await put(sme.key, deal.id, big, "application/pdf")).status).toBe(413);
    expect((await db.deal.findUniqueOrThrow({ where: { id: deal.id } })).evidenceFilePath).toBeNull();

    const attached = await put(sme.key, deal.id, JPG, "image/jpeg");
    expect(attached.status, await attached.clone().text()).toBe(200);
    expect(await attached.json()).toMatchObject({ id: deal.id, status: "RECORDED", version: deal.version });
    const reported = await server.fetch(`/api/v1/deals/${deal.id}/actions/report-conversion`, {
      method: "POST",
      headers: { Authorization: `Bearer ${sme.key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ version: deal.version, productName: "木耳多糖口服液", startedOn: shanghaiDate(clock.now()) }),
    });
    expect(reported.status, await reported.clone().text()).toBe(200);
    const detail = await (await server.fetch(`/api/v1/deals/${deal.id}`, { headers: { Authorization: `Bearer ${holder.key}` } })).json();
    expect(detail.conversion).toMatchObject({ productName: "木耳多糖口服液", evidenceUrl: `/deals/${deal.id}/evidence` });

    // A later PDF replaces it; the holder hears of it.
    expect((await put(sme.key, deal.id, PDF, "application/pdf")).status).toBe(200);
    const row = await db.deal.findUniqueOrThrow({ where: { id: deal.id } });
    expect(row).toMatchObject({ status: "CONVERTED", evidenceMime: "application/pdf" });
    expect(row.evidenceFilePath).toMatch(new RegExp(`^deal-evidence/${deal.id}/[0-9a-f-]+\\.pdf$`));
    const told = (await db.outboxMessage.findMany({ where: { jobName: "notifications.deliver" } })).map((m) => m.payload as { kind: string; orgId: string });
    expect(told.filter((p) => p.kind === "deal.conversion-evidence").map((p) => p.orgId)).toEqual([holder.actor.orgId]);
    const events = await db.auditEvent.findMany({ where: { entityType: "Deal", entityId: deal.id, action: "conversion-evidence" } });
    expect(events).toHaveLength(2);

    for (const reader of [sme, holder]) {
      const res = await get(reader.key, deal.id);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);
    }
    for (const outsider of [stranger, otherHolder]) expect((await get(outsider.key, deal.id)).status).toBe(404);

    // The page route (app/routes/deals.$id_.evidence.ts): the parties' browsers get the file; others 404; anonymous visitors are sent to log in.
    for (const reader of [sme, holder]) {
      const res = await reader.client.get(`/deals/${deal.id}/evidence`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(res.headers.get("content-disposition")).toContain(`conversion-evidence-${deal.id}.pdf`);
      expect(res.headers.get("x-content-type-options")).toMatch(/^nosniff/);
      expect(res.headers.get("cache-control")).toMatch(/no-store/);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);
    }
    for (const outsider of [stranger, otherHolder]) expect((await outsider.client.get(`/deals/${deal.id}/evidence`)).status).toBe(404);
    expect((await server.fetch(`/deals/${deal.id}/evidence`)).status).toBe(302);
    expect((await server.fetch(`/deals/no-such-deal/evidence`)).status).toBe(302);
    expect((await sme.client.get(`/deals/no-such-deal/evidence`)).status).toBe(404);
  });

  it("is refused before the contract is recorded, and on an ended deal", async () => {
    const [holder, sme] = [await party("RESEARCH_INSTITUTE"), await party("SME")];
    const patent = await createPatent(holder.actor, patentInput({ listingMode: "NON_EXCLUSIVE" }), { publish: true });
    const deal = await createDeal(sme.actor, { patentId: patent.id, mode: "NON_EXCLUSIVE" });
    expect(await codeOf(attachConversionEvidence(sme.actor, deal.id, PDF))).toBe("INVALID_STATE");
    expect((await put(sme.key, deal.id, PDF, "application/pdf")).status).toBe(409);
    await actOnDeal(sme.actor, deal.id, "cancel", { version: deal.version });
    expect(await codeOf(attachConversionEvidence(sme.actor, deal.id, PDF))).toBe("INVALID_STATE");
    expect(await codeOf(attachConversionEvidence(sme.actor, "no-such-deal", PDF))).toBe("NOT_FOUND");
  });

  it("the holder's catalog shows 交易概况 with the deal and the views", async () => {
    const [holder, sme] = [await party("UNIVERSITY"), await party("SME")];
    const { patent } = await recordedDeal(holder, sme);
    await recordPatentView(patent.id, sme.actor.orgId);
    const page = await holder.client.get("/catalog");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("交易概况");
    expect(html).toContain('data-testid="deal-insight-patents"');
    expect(html).toContain("已备案 1");
    expect(html).not.toMatch(/>RECORDED</);
  });
});
