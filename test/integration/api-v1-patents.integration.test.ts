import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { runPatentImport } from "~/domain/patents/import-patents.server";
import { closePatentSearch, syncSearchNow } from "~/domain/patents/search-index.server";
import { computeNeedMatches } from "~/domain/matching/compute-matches.server";
import { systemActor } from "~/domain/shared/actor";
import { db } from "~/utils/db.server";
import { actorOf, randomApplicationNumber } from "../factories/patents";
import { startTestServer, type TestServer } from "../setup/http";

let server: TestServer;
let holderKey: string;
let smeKey: string;
let otherHolderKey: string;

const auth = (key: string, init: RequestInit = {}) => ({ ...init, headers: { ...(init.headers as object), Authorization: `Bearer ${key}` } });
const json = (method: string, body: unknown) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

const patent = (title: string, over: object = {}) => ({
  applicationNumber: randomApplicationNumber(),
  title,
  abstract: `${title}。本发明涉及柞水木耳的深加工。`,
  mainIpc: "A23L 31/00",
  filingDate: "2021-05-06",
  grantDate: "2023-02-01",
  clusters: ["木耳深加工"],
  listingMode: "NON_EXCLUSIVE",
  askingPrice: "88000.00",
  ...over,
});

beforeAll(async () => {
  server = await startTestServer();
  const holder = await actorOf("UNIVERSITY");
  const sme = await actorOf("SME");
  const other = await actorOf("SOE");
  holderKey = (await createApiKey(systemActor(), { orgId: holder.orgId, name: "tech transfer" })).key;
  smeKey = (await createApiKey(systemActor(), { orgId: sme.orgId, name: "erp" })).key;
  otherHolderKey = (await createApiKey(systemActor(), { orgId: other.orgId, name: "other" })).key;
});

afterAll(async () => {
  await server?.close();
  await closePatentSearch();
});

describe("API v1: patents", () => {
  it("creates, lists, finds and edits a patent; escapes nothing into HTML", async () => {
    const created = await server.fetch("/api/v1/patents", auth(holderKey, json("POST", { ...patent("一种木耳<script>alert(1)</script>脆片"), publish: true })));
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({ status: "LISTED", title: "一种木耳<script>alert(1)</script>脆片", ipc: ["A23L31/00"], listing: { mode: "NON_EXCLUSIVE", askingPrice: "88000.00" } });

    await syncSearchNow();
    const found = await server.fetch(`/api/v1/patents?q=${encodeURIComponent("木耳脆片")}&type=INVENTION`);
    expect(found.status).toBe(200);
    const result = await found.json();
    expect(result.hits.map((h: { id: string }) => h.id)).toContain(body.id);
    const hit = result.hits.find((h: { id: string }) => h.id === body.id);
    expect(hit.title.map((s: { text: string }) => s.text).join("")).toBe("一种木耳<script>alert(1)</script>脆片");
    expect(result.facets.type).toMatchObject({ INVENTION: expect.any(Number) });

    const anon = await server.fetch(`/api/v1/patents/${body.id}`);
    expect(await anon.json()).toMatchObject({ id: body.id, canEdit: false, actions: [] });

    // Numeric strings where the domain takes numbers: version "n", publish "true".
    const edited = await server.fetch(`/api/v1/patents/${body.id}`, auth(holderKey, json("PATCH", { ...patent("一种木耳脆片（修订）"), applicationNumber: body.applicationNumber, version: String(body.version) })));
    expect(edited.status).toBe(200);
    const staleEdit = await server.fetch(`/api/v1/patents/${body.id}`, auth(holderKey, json("PATCH", { ...patent(""), applicationNumber: body.applicationNumber, version: "abc" })));
    expect(staleEdit.status).toBe(400);
    expect(((await staleEdit.json()).errors as { field: string }[]).map((e) => e.field).sort()).toEqual(["title", "version"]);
    Object.assign(body, await edited.json());
    expect((await server.fetch("/api/v1/patents", auth(holderKey, json("POST", { ...patent("一种木耳发酵饮料"), publish: "true" })))).status).toBe(201);
    const stale = await server.fetch(`/api/v1/patents/${body.id}`, auth(holderKey, json("PATCH", { action: "unlist", version: body.version + 5 })));
    expect(stale.status).toBe(409);
    const unlisted = await server.fetch(`/api/v1/patents/${body.id}`, auth(holderKey, json("PATCH", { action: "unlist", version: body.version })));
    expect(await unlisted.json()).toMatchObject({ status: "UNLISTED", actions: ["list"] });
    expect((await server.fetch(`/api/v1/patents/${body.id}`)).status).toBe(404);
    expect((await server.fetch(`/api/v1/patents/${body.id}`, auth(otherHolderKey))).status).toBe(404);
  });

  it("answers bad input with problem+json naming each field, and changes nothing", async () => {
    const before = await db.patent.count();
    const res = await server.fetch("/api/v1/patents", auth(holderKey, json("POST", { title: "", applicationNumber: "CN201710117081.3", askingPrice: "-5" })));
    expect(res.status).toBe(400);
    const problem = await res.json();
    const fields = problem.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["title", "abstract", "applicationNumber", "askingPrice"]));
    expect(await db.patent.count()).toBe(before);

    const badQuery = await server.fetch("/api/v1/patents?priceMin=abc&sort=cheapest");
    expect(badQuery.status).toBe(400);
    expect((await badQuery.json()).errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(["priceMin", "sort"]));

    expect((await server.fetch("/api/v1/patents", auth(smeKey, json("POST", patent("一种木耳酱"))))).status).toBe(403);
  });

  it("gives each hit its relevance, lists the low ones last, leaves them out with minScore and answers junk with a suggestion", async () => {
    const q = "电池 电解液 隔膜 储能 电堆 双极板 离子交换 液流";
    const search = async (params: Record<string, string>) => {
      const res = await server.fetch(`/api/v1/patents?${new URLSearchParams(params)}`);
      expect(res.status).toBe(200);
      return res.json();
    };
    const all = await (
      await server.fetch("/api/v1/patents", auth(holderKey, json("POST", { ...patent("一种全钒液流电池的电堆"), abstract: "本发明公开了一种全钒液流电池的电堆，包括双极板、离子交换隔膜和电解液，用于大规模储能。", publish: true })))
    ).json();
    const one = await (await server.fetch("/api/v1/patents", auth(holderKey, json("POST", { ...patent("一种电池外壳"), abstract: "本发明公开了一种电池的外壳结构，便于安装。", askingPrice: "1000.00", publish: true })))).json();
    await syncSearchNow();

    const whole = await search({ q });
    const ids = whole.hits.map((h: { id: string }) => h.id);
    expect(ids).toEqual(expect.arrayContaining([all.id, one.id]));
    for (const hit of whole.hits) {
      expect(hit.relevance).toBeGreaterThanOrEqual(0);
      expect(hit.relevance).toBeLessThanOrEqual(1);
      expect(typeof hit.lowRelevance).toBe("boolean");
    }
    const hitOf = (id: string) => whole.hits.find((h: { id: string }) => h.id === id);
    expect(hitOf(all.id)).toMatchObject({ lowRelevance: false });
    expect(hitOf(one.id)).toMatchObject({ lowRelevance: true });
    // Even sorted by price (the low one is the cheaper), the low-relevance hits come last.
    const byPrice = await search({ q, sort: "price-asc" });
    const flags = byPrice.hits.map((h: { lowRelevance: boolean }) => h.lowRelevance);
    expect(flags).toEqual([...flags].sort((a, b) => Number(a) - Number(b)));
    expect(whole.suggestion ?? null).toBeNull();

    const strict = await search({ q, minScore: "0.5" });
    expect(strict.hits.map((h: { id: string }) => h.id)).toContain(all.id);
    expect(strict.hits.map((h: { id: string }) => h.id)).not.toContain(one.id);
    expect(strict.hits.every((h: { relevance: number }) => h.relevance >= 0.5)).toBe(true);
    expect(strict.total).toBe(strict.hits.length);
    const typeCounts = Object.values(strict.facets.type as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(typeCounts).toBe(strict.total);
    expect((await search({ q, minScore: "0" })).total).toBe(whole.total);

    for (const bad of ["abc", "1.5", "-0.1", "0.5e0"]) {
      const res = await server.fetch(`/api/v1/patents?${new URLSearchParams({ q, minScore: bad, sort: "cheapest" })}`);
      expect(res.status, bad).toBe(400);
      const problem = await res.json();
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(["minScore", "sort"]));
      expect(problem.errors.find((e: { field: string }) => e.field === "minScore").message).toContain("0 到 1");
    }

    for (const junk of ["<p>&nbsp;</p>", "的 了 是"]) {
      const result = await search({ q: junk });
      expect(result).toMatchObject({ hits: [], total: 0, suggestion: expect.stringMatching(/\S/) });
    }

    const doc = await (await server.fetch("/api/v1/openapi.json")).json();
    const parameters = doc.paths["/patents"].get.parameters.map((p: { name: string }) => p.name);
    expect(parameters).toContain("minScore");
    const result = doc.components.schemas.PatentSearchResult;
    expect(Object.keys(result.properties)).toContain("suggestion");
    expect(Object.keys(result.properties.hits.items.properties)).toEqual(expect.arrayContaining(["relevance", "lowRelevance"]));
  });

  it("survives filter injection attempts", async () => {
    for (const evil of ['木耳" OR holderKind = "SOE', "A23L') OR (1=1", "\\\"; DROP TABLE"]) {
      const res = await server.fetch(`/api/v1/patents?q=${encodeURIComponent(evil)}&cluster=${encodeURIComponent(evil)}`);
      expect([200, 400]).toContain(res.status);
      if (res.status === 200) expect((await res.json()).hits).toEqual([]);
    }
  });
});

describe("API v1: listing rule, drafts and bulk listing (issue 15)", () => {
  const counts = async () => ({
    patents: await db.patent.count(),
    listed: await db.patent.count({ where: { status: "LISTED" } }),
    listings: await db.patentListing.count(),
    audits: await db.auditEvent.count(),
    outbox: await db.outboxMessage.count(),
  });
  const fieldsOf = async (res: Response) => ((await res.json()).errors as { field: string }[]).map((e) => e.field);

  it("will not publish a patent without application number and type, or with the grant before the filing; names every field; changes nothing", async () => {
    const before = await counts();
    const bare = { ...patent("一种无号专利"), applicationNumber: undefined, publish: true };
    const res = await server.fetch("/api/v1/patents", auth(holderKey, json("POST", bare)));
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(expect.arrayContaining(["applicationNumber", "type"]));

    const backwards = await server.fetch("/api/v1/patents", auth(holderKey, json("POST", { ...patent("一种倒序日期专利"), filingDate: "2023-02-01", grantDate: "2021-05-06", publish: true, askingPrice: "abc", trl: "12" })));
    expect(backwards.status).toBe(400);
    expect(await fieldsOf(backwards)).toEqual(expect.arrayContaining(["grantDate", "askingPrice", "trl"]));
    expect(await counts()).toEqual(before);

    // A draft without numbers may be saved; listing it names what is missing, and changes nothing.
    const draft = await (await server.fetch("/api/v1/patents", auth(holderKey, json("POST", { ...patent("一种待补号的木耳专利"), applicationNumber: undefined })))).json();
    expect(draft).toMatchObject({ status: "DRAFT", applicationNumber: null, type: null });
    const mid = await counts();
    const list = await server.fetch(`/api/v1/patents/${draft.id}`, auth(holderKey, json("PATCH", { action: "list" })));
    expect(list.status).toBe(400);
    expect(await fieldsOf(list)).toEqual(expect.arrayContaining(["applicationNumber", "type"]));
    expect(await counts()).toEqual(mid);
  });

  it("refuses a probable duplicate (same holder, same normalized title and abstract, no number to tell them apart)", async () => {
    const text = { title: "一种香菇多糖的提取方法", abstract: "本发明涉及香菇多糖。", mainIpc: "A23L 31/00" };
    const first = await server.fetch("/api/v1/patents", auth(holderKey, json("POST", text)));
    expect(first.status).toBe(201);
    const before = await counts();
    const again = await server.fetch("/api/v1/patents", auth(holderKey, json("POST", { ...text, title: " 一种香菇多糖的提取方法。", abstract: "本发明涉及香菇多糖" })));
    expect(again.status).toBe(400);
    const problem = await again.json();
    expect(problem.errors).toEqual([{ field: "title", message: expect.stringContaining("疑似重复") }]);
    expect(await counts()).toEqual(before);
    // Another holder may hold the same text.
    expect((await server.fetch("/api/v1/patents", auth(otherHolderKey, json("POST", text)))).status).toBe(201);
  });

  it("gives a holder its own drafts with the reasons they cannot be listed yet, and nobody else's", async () => {
    const mine = await (await server.fetch("/api/v1/patents", auth(holderKey, json("POST", { ...patent("一种木耳草稿专利"), applicationNumber: undefined, listingMode: undefined, askingPrice: undefined })))).json();
    const theirs = await (await server.fetch("/api/v1/patents", auth(otherHolderKey, json("POST", patent("一种别家的草稿专利"))))).json();
    const res = await server.fetch("/api/v1/patents?status=DRAFT&pageSize=100", auth(holderKey));
    expect(res.status).toBe(200);
    const page = await res.json();
    const ids = page.hits.map((h: { id: string }) => h.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect(page.hits.every((h: { patent: { status: string } }) => h.patent.status === "DRAFT")).toBe(true);
    const hit = page.hits.find((h: { id: string }) => h.id === mine.id);
    expect(hit.patent.listingBlockers.map((b: { field: string }) => b.field)).toEqual(["applicationNumber", "type", "listingMode"]);
    expect((await (await server.fetch("/api/v1/patents?status=草稿", auth(holderKey))).json()).total).toBe(page.total);

    expect((await server.fetch("/api/v1/patents?status=DRAFT", auth(smeKey))).status).toBe(403);
    expect((await server.fetch("/api/v1/patents?status=DRAFT")).status).toBe(403);
    const bad = await server.fetch("/api/v1/patents?status=SECRET&pageSize=0", auth(holderKey));
    expect(bad.status).toBe(400);
    expect(await fieldsOf(bad)).toEqual(expect.arrayContaining(["status", "pageSize"]));
  });

  it("lists drafts in bulk with the same terms; all or nothing, naming each patent that cannot be listed", async () => {
    const make = async (title: string, over: object = {}) =>
      (await (await server.fetch("/api/v1/patents", auth(holderKey, json("POST", { ...patent(title), listingMode: undefined, askingPrice: undefined, ...over })))).json()).id as string;
    const a = await make("一种木耳批量挂牌专利甲");
    const b = await make("一种木耳批量挂牌专利乙");
    const bare = await make("一种木耳批量挂牌专利丙", { applicationNumber: undefined });
    const foreign = (await (await server.fetch("/api/v1/patents", auth(otherHolderKey, json("POST", patent("一种他人的专利"))))).json()).id as string;

    const before = await counts();
    const badInput = await server.fetch("/api/v1/patents/bulk-list", auth(holderKey, json("POST", { ids: [], terms: { askingPrice: "-3", royaltyPercent: "百分之五", listingMode: "RENT" } })));
    expect(badInput.status).toBe(400);
    expect(await fieldsOf(badInput)).toEqual(expect.arrayContaining(["ids", "terms.listingMode", "terms.askingPrice", "terms.royaltyPercent"]));

    const blocked = await server.fetch("/api/v1/patents/bulk-list", auth(holderKey, json("POST", { ids: [a, bare, foreign, b], terms: { listingMode: "NON_EXCLUSIVE", askingPrice: 50000 } })));
    expect(blocked.status).toBe(400);
    const fields = await fieldsOf(blocked);
    expect(fields).toEqual(expect.arrayContaining([`ids.${bare}.applicationNumber`, `ids.${bare}.type`, `ids.${foreign}`]));
    expect(fields.some((f) => f.startsWith(`ids.${a}`) || f.startsWith(`ids.${b}`))).toBe(false);
    expect(await counts()).toEqual(before);

    const openLicence = await server.fetch("/api/v1/patents/bulk-list", auth(holderKey, json("POST", { ids: [a], terms: { listingMode: "OPEN_LICENCE", askingPrice: "30000000" } })));
    expect(openLicence.status).toBe(400);
    expect(await fieldsOf(openLicence)).toEqual([`ids.${a}.askingPrice`]);
    expect(await counts()).toEqual(before);

    const ok = await server.fetch("/api/v1/patents/bulk-list", auth(holderKey, json("POST", { ids: `${a},${b}`, terms: { listingMode: "普通许可", askingPrice: "50000", negotiable: "true" } })));
    expect(ok.status).toBe(200);
    expect((await ok.json()).listed.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([
      [a, "LISTED"],
      [b, "LISTED"],
    ]);
    const detail = await (await server.fetch(`/api/v1/patents/${a}`)).json();
    expect(detail).toMatchObject({ status: "LISTED", listing: { mode: "NON_EXCLUSIVE", askingPrice: "50000.00", negotiable: true } });
    expect((await server.fetch("/api/v1/patents/bulk-list", auth(smeKey, json("POST", { ids: [a], terms: { listingMode: "ASSIGNMENT", negotiable: true } })))).status).toBe(403);
  });
});

describe("API v1: patent imports", () => {
  it("takes an NDJSON body, reports progress and row errors", async () => {
    const rows = [patent("一种木耳菌棒的灭菌装置"), { ...patent("一种木耳饮料"), filingDate: "2030-01-01" }, patent("一种木耳面条")];
    const body = rows.map((r) => JSON.stringify(r)).join("\n");
    const started = await server.fetch("/api/v1/patent-imports?mode=skip-invalid", auth(holderKey, { method: "POST", headers: { "Content-Type": "application/x-ndjson" }, body }));
    expect(started.status).toBe(202);
    const { id, status } = await started.json();
    expect(status).toBe("QUEUED");
    await runPatentImport(id);
    const done = await (await server.fetch(`/api/v1/patent-imports/${id}`, auth(holderKey))).json();
    expect(done).toMatchObject({ status: "SUCCEEDED", total: 3, created: 2, listed: 2, drafted: 0, notes: [], failed: 1, errors: [{ line: 2, field: "filingDate" }] });
    expect((await server.fetch(`/api/v1/patent-imports/${id}`, auth(otherHolderKey))).status).toBe(404);
  });

  it("refuses a body over 50 MB with 413 and a non-UTF-8 body with 400, storing nothing", async () => {
    const before = await db.patentImport.count();
    const big = await server.fetch("/api/v1/patent-imports", auth(holderKey, { method: "POST", headers: { "Content-Type": "text/csv" }, body: new Uint8Array(60 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect((await big.json()).detail).toContain("50 MB");
    const gbk = await server.fetch("/api/v1/patent-imports", auth(holderKey, { method: "POST", headers: { "Content-Type": "text/csv" }, body: Uint8Array.from([0x74, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0xc4, 0xbe, 0xb6, 0xfa]) }));
    expect(gbk.status).toBe(400);
    expect((await gbk.json()).detail).toContain("UTF-8");
    expect(await db.patentImport.count()).toBe(before);
  });
});

describe("API v1: needs and subscriptions", () => {
  it("posts a need and returns its ranked matches with reasons; other orgs get 404", async () => {
    await server.fetch("/api/v1/patents", auth(holderKey, json("POST", { ...patent("一种黑木耳多糖的分离纯化方法"), publish: true })));
    await syncSearchNow();
    const res = await server.fetch("/api/v1/needs", auth(smeKey, json("POST", { title: "木耳多糖纯化", description: "需要黑木耳多糖的分离纯化技术，用于保健食品。", ipcHints: ["A23L"] })));
    expect(res.status).toBe(201);
    const need = await res.json();
    expect((await (await server.fetch(`/api/v1/needs/${need.id}/matches`, auth(smeKey))).json()).pending).toBe(true);
    await computeNeedMatches(need.id);
    const matches = await (await server.fetch(`/api/v1/needs/${need.id}/matches`, auth(smeKey))).json();
    expect(matches.pending).toBe(false);
    expect(matches.matches[0]).toMatchObject({ rank: 1, score: expect.any(Number), reasons: expect.arrayContaining([expect.objectContaining({ kind: "terms" })]) });
    expect((await server.fetch(`/api/v1/needs/${need.id}`, auth(otherHolderKey))).status).toBe(404);

    const sub = await server.fetch("/api/v1/subscriptions", auth(smeKey, json("POST", { kind: "SEARCH", name: "木耳", query: "q=木耳&cluster=木耳深加工" })));
    expect(sub.status).toBe(201);
    expect(await sub.json()).toMatchObject({ kind: "SEARCH", name: "木耳" });
  });

  it("documents every operation in the OpenAPI document", async () => {
    const doc = await (await server.fetch("/api/v1/openapi.json")).json();
    for (const p of ["/patents", "/patents/{id}", "/patents/bulk-list", "/patent-imports", "/patent-imports/{id}", "/needs", "/needs/{id}", "/needs/{id}/matches", "/subscriptions"]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});
