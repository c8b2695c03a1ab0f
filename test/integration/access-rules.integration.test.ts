// Issue 13 §1: the access findings replayed through API v1 and the pages, against the
// real server and PostgreSQL. Each case failed on the code before the access rules moved
// into one policies.ts per context (ADR 0011).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeBidding } from "~/domain/appraisal/close-bidding.server";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { systemActor } from "~/domain/shared/actor";
import type { OrgKind } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { createUser } from "../factories";
import { randomApplicationNumber } from "../factories/patents";
import { startTestServer, type TestClient, type TestServer } from "../setup/http";

let server: TestServer;
type Party = { orgId: string; key: string; client: TestClient };
let ip = 10;

/** A new active org of `kind` with an owner signed in to the pages and an API key. */
async function party(kind: OrgKind): Promise<Party> {
  const made = await createUser({ kind });
  const client = server.client();
  const res = await client.postForm("/login", { email: made.user.email, password: made.password }, { headers: { "X-Forwarded-For": `198.51.100.${ip++}` } });
  expect(res.status).toBe(302);
  const { key } = await createApiKey(systemActor(), { orgId: made.orgId, name: `access-${kind.toLowerCase()}` });
  return { orgId: made.orgId, key, client };
}

const api = (p: Party, path: string, body?: unknown, method = "POST") =>
  server.fetch(`/api/v1${path}`, {
    method: body === undefined ? "GET" : method,
    headers: { Authorization: `Bearer ${p.key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

let sme: Party, bank: Party, insurer: Party, gov: Party, platform: Party, appraiserA: Party, appraiserB: Party, holder: Party;

async function createApplication(purpose: string) {
  const res = await api(sme, "/pledge-applications", {
    bankId: bank.orgId,
    insurerId: insurer.orgId,
    requestedAmount: "500000.00",
    termMonths: 12,
    purpose,
    assets: [{ kind: "PATENT", applicationNumber: randomApplicationNumber(1), title: "一种黑木耳多糖的低温提取方法" }],
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; version: number };
}

async function act(p: Party, id: string, action: string, fields: object = {}) {
  const current = await (await api(p, `/pledge-applications/${id}`)).json();
  const res = await api(p, `/pledge-applications/${id}/actions/${action}`, { version: current.version, ...fields });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

beforeAll(async () => {
  server = await startTestServer();
  [sme, bank, insurer, gov, platform, appraiserA, appraiserB, holder] = await Promise.all(
    (["SME", "BANK", "INSURER", "GOVERNMENT", "PLATFORM", "APPRAISER", "APPRAISER", "UNIVERSITY"] as const).map((k) => party(k)),
  );
  for (const a of [appraiserA, appraiserB]) {
    await db.appraiserProfile.create({ data: { orgId: a.orgId, filingRecordNumber: `SX-PG-${a.orgId.slice(-6)}`, qualifiedAssetTypes: ["INVENTION", "UTILITY_MODEL", "DESIGN"], affiliatedOrgIds: [], capacity: 50 } });
  }
});

afterAll(async () => {
  await server?.close();
});

describe("an application withdrawn before it was ever submitted stays the SME's alone", () => {
  it("the bank, the insurer, GOVERNMENT and PLATFORM get 404 by id and never see it in a list, through API v1 and the pages", async () => {
    const purpose = `未提交即撤回的融资用途-${randomUUID().slice(0, 8)}`;
    const app = await createApplication(purpose);
    expect((await act(sme, app.id, "withdraw", { reason: "不再需要" })).status).toBe("WITHDRAWN");

    const mine = await api(sme, `/pledge-applications/${app.id}`);
    expect(mine.status).toBe(200);
    expect((await mine.json()).purpose).toBe(purpose);

    for (const [name, p] of Object.entries({ bank, insurer, gov, platform })) {
      const res = await api(p, `/pledge-applications/${app.id}`);
      expect(res.status, name).toBe(404);
      expect(await res.text(), name).not.toContain(purpose);
      const list = await (await api(p, "/pledge-applications?pageSize=100")).json();
      expect(list.items.map((i: { id: string }) => i.id), name).not.toContain(app.id);
      const listed = await (await api(p, "/pledge-applications?status=WITHDRAWN&pageSize=100")).json();
      expect(listed.items.map((i: { id: string }) => i.id), name).not.toContain(app.id);

      expect((await p.client.get(`/financing/${app.id}`)).status, `${name} page`).toBe(404);
      const page = await p.client.get("/financing");
      expect(page.status, `${name} list page`).toBe(200);
      expect(await page.text(), `${name} list page`).not.toContain(app.id);
    }
  });

  it("GOVERNMENT and PLATFORM do not read a draft by id either (reads and lists agree)", async () => {
    const app = await createApplication("草稿：尚未提交");
    for (const [name, p] of Object.entries({ gov, platform, bank })) {
      expect((await api(p, `/pledge-applications/${app.id}`)).status, name).toBe(404);
      expect((await p.client.get(`/financing/${app.id}`)).status, `${name} page`).toBe(404);
    }
    expect((await sme.client.get(`/financing/${app.id}`)).status).toBe(200);
  });

  it("once submitted, the bank and GOVERNMENT read it, and still do after the SME withdraws", async () => {
    const app = await createApplication("提交后撤回");
    await act(sme, app.id, "submit");
    await act(sme, app.id, "withdraw", { reason: "改为自有资金" });
    for (const [name, p] of Object.entries({ bank, insurer, gov })) {
      expect((await api(p, `/pledge-applications/${app.id}`)).status, name).toBe(200);
      const list = await (await api(p, "/pledge-applications?pageSize=100")).json();
      expect(list.items.map((i: { id: string }) => i.id), name).toContain(app.id);
    }
  });
});

describe("appraisal: the assigned appraiser, sealed bids, payments", () => {
  let applicationId: string;
  let jobId: string;
  const premiumReference = `HX-PREMIUM-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    applicationId = (await createApplication("购置木耳深加工生产线")).id;
    await act(sme, applicationId, "submit");
    const job = await db.appraisalJob.findUniqueOrThrow({ where: { applicationId } });
    jobId = job.id;
    expect((await api(appraiserA, `/appraisal-jobs/${jobId}/bid`, { fee: "12345.67", days: 10, method: "INCOME" }, "PUT")).status).toBe(200);
    expect((await api(appraiserB, `/appraisal-jobs/${jobId}/bid`, { fee: "23456.78", days: 12, method: "MARKET" }, "PUT")).status).toBe(200);
    // The deadline passes: the decision is taken as the deadline job takes it.
    const deadline = new Date((await (await api(sme, `/appraisal-jobs/${jobId}`)).json()).deadline);
    expect((await closeBidding(jobId, new Date(deadline.getTime() + 1_000))).outcome).toBe("assigned");
    const offered = await (await api(appraiserA, `/appraisal-jobs/${jobId}`)).json();
    expect(offered.assignedAppraiserId).toBe(appraiserA.orgId);
    expect((await api(appraiserA, `/appraisal-jobs/${jobId}/actions/accept-assignment`, { version: offered.version })).status).toBe(200);
    // The fee and the premium as the payments flow records them.
    await db.payment.createMany({
      data: [
        { applicationId, kind: "APPRAISAL_FEE", payerId: sme.orgId, payeeId: appraiserA.orgId, amountFen: 1_234_567n, method: "OFFLINE" },
        { applicationId, kind: "PREMIUM", payerId: sme.orgId, payeeId: insurer.orgId, amountFen: 1_987_654n, method: "OFFLINE", status: "TRANSFER_SUBMITTED", transferReference: premiumReference },
      ],
    });
  });

  it("the assigned appraiser reads the application it values (API and page) and finds it in its list", async () => {
    const res = await api(appraiserA, `/pledge-applications/${applicationId}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ id: applicationId, purpose: "购置木耳深加工生产线", assets: [{ title: "一种黑木耳多糖的低温提取方法" }], yourRole: null, actions: [] });
    const list = await (await api(appraiserA, "/pledge-applications")).json();
    expect(list.items.map((i: { id: string }) => i.id)).toContain(applicationId);
    expect((await appraiserA.client.get(`/financing/${applicationId}`)).status).toBe(200);
    // The one that lost does not.
    expect((await api(appraiserB, `/pledge-applications/${applicationId}`)).status).toBe(404);
  });

  it("an appraiser's payments list holds its own fee, never the insurer's premium — API and pages alike", async () => {
    const res = await api(appraiserA, `/payments?applicationId=${applicationId}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text).items.map((p: { kind: string }) => p.kind)).toEqual(["APPRAISAL_FEE"]);
    expect(text).not.toContain(premiumReference);
    expect(text).not.toContain("19876.54");
    for (const path of [`/appraisal/${jobId}`, `/financing/${applicationId}`]) {
      const page = await appraiserA.client.get(path);
      expect(page.status, path).toBe(200);
      expect(await page.text(), path).not.toContain(premiumReference);
    }
    // The SME, who pays both, sees both; the losing appraiser none.
    const smeView = await (await api(sme, `/payments?applicationId=${applicationId}`)).json();
    expect(smeView.items.map((p: { kind: string }) => p.kind).sort()).toEqual(["APPRAISAL_FEE", "PREMIUM"]);
    expect((await api(appraiserB, `/payments?applicationId=${applicationId}`)).status).toBe(404);
  });

  it("once bidding has closed, the SME and the bank see every bid; GOVERNMENT and PLATFORM none", async () => {
    for (const [name, p] of Object.entries({ sme, bank })) {
      const job = await (await api(p, `/appraisal-jobs/${jobId}`)).json();
      expect(job.bids.map((b: { fee: string }) => b.fee).sort(), name).toEqual(["12345.67", "23456.78"]);
      expect(await (await p.client.get(`/appraisal/${jobId}`)).text(), `${name} page`).toContain("23,456.78");
    }
    for (const [name, p] of Object.entries({ gov, platform })) {
      const res = await api(p, `/appraisal-jobs/${jobId}`);
      expect(res.status, name).toBe(200);
      const text = await res.text();
      expect(JSON.parse(text).bids, name).toEqual([]);
      expect(text, name).not.toContain("23456.78");
      const page = await p.client.get(`/appraisal/${jobId}`);
      expect(page.status, `${name} page`).toBe(200);
      const html = await page.text();
      expect(html, `${name} page`).not.toContain("23,456.78");
      expect(html, `${name} page`).not.toContain("23456.78");
      // Nor through the list.
      const list = await (await api(p, "/appraisal-jobs?pageSize=100")).text();
      expect(list, `${name} list`).not.toContain("23456.78");
    }
  });
});

describe("patents: a holder reads its own draft", () => {
  it("through GET /api/v1/patents/:id with its API key and with its session; nobody else does", async () => {
    const created = await api(holder, "/patents", {
      applicationNumber: randomApplicationNumber(),
      title: "一种木耳菌棒的灭菌装置（草稿）",
      abstract: "本发明涉及柞水木耳菌棒的灭菌。",
      mainIpc: "A01G 18/20",
      filingDate: "2021-05-06",
      listingMode: "NON_EXCLUSIVE",
      askingPrice: "50000.00",
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const draft = await created.json();
    expect(draft.status).toBe("DRAFT");

    const byKey = await api(holder, `/patents/${draft.id}`);
    expect(byKey.status).toBe(200);
    expect(await byKey.json()).toMatchObject({ id: draft.id, status: "DRAFT", canEdit: true });
    const bySession = await holder.client.get(`/api/v1/patents/${draft.id}`);
    expect(bySession.status).toBe(200);
    expect((await holder.client.get(`/patents/${draft.id}`)).status).toBe(200);

    expect((await server.fetch(`/api/v1/patents/${draft.id}`)).status).toBe(404);
    for (const p of [sme, gov, platform]) {
      expect((await api(p, `/patents/${draft.id}`)).status).toBe(404);
      expect((await p.client.get(`/patents/${draft.id}`)).status).toBe(404);
    }
    // A bad key is refused, not treated as anonymous.
    expect((await server.fetch(`/api/v1/patents/${draft.id}`, { headers: { Authorization: "Bearer ipb_not-a-key" } })).status).toBe(401);
  });
});
