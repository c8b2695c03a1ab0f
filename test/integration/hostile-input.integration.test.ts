import http from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { createSession } from "~/domain/identity/sessions.server";
import { systemActor } from "~/domain/shared/actor";
import { db } from "~/utils/db.server";
import { sessionSetCookie } from "~/utils/session.server";
import { createOrg, createUser } from "../factories";
import { startTestServer, type TestServer } from "../setup/http";

/**
 * Issue 13 §2 acceptance: every operation of the OpenAPI document and every page action,
 * sent malformed JSON, wrong types, NUL, lone surrogates, bad percent-encoding, 1 MB
 * strings, huge numbers and wrong content types — anonymously, with an API key and with
 * a session — answers 4xx (problem+json under /api/), never 5xx. Deterministic: fixed
 * cases plus fast-check samples from a fixed seed.
 */

const SEED = 1313;
const MB = 1024 * 1024;

let server: TestServer;
type Identity = { name: string; headers: Record<string, string> };
const identities: Identity[] = [{ name: "anonymous", headers: {} }];
let freshSmeCookie: () => Promise<string>;

beforeAll(async () => {
  server = await startTestServer();
  const sme = await createOrg({ kind: "SME", name: "模糊测试企业" });
  const gov = await createOrg({ kind: "GOVERNMENT", name: "模糊测试县局" });
  const platform = await createOrg({ kind: "PLATFORM", name: "模糊测试平台" });
  const cookieOf = async (orgId: string) => {
    const { user } = await createUser({ orgId, role: "OWNER" });
    return (await sessionSetCookie((await createSession({ userId: user.id, orgId })).id)).split(";")[0];
  };
  freshSmeCookie = () => cookieOf(sme.id);
  identities.push(
    { name: "SME API key", headers: { Authorization: `Bearer ${(await createApiKey(systemActor(), { orgId: sme.id, name: "fuzz" })).key}` } },
    { name: "GOVERNMENT API key", headers: { Authorization: `Bearer ${(await createApiKey(systemActor(), { orgId: gov.id, name: "fuzz" })).key}` } },
    { name: "SME session", headers: { Cookie: await cookieOf(sme.id), Origin: server.url } },
    { name: "PLATFORM session", headers: { Cookie: await cookieOf(platform.id), Origin: server.url } },
  );
}, 120_000);

afterAll(() => agent.destroy());

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const send = (method: string, rawPath: string, headers: Record<string, string>, body?: string | Buffer) => server.raw(method, rawPath, { headers, body, agent });

type Case = { method: string; path: string; headers: Record<string, string>; body?: string | Buffer; label: string };

/** Sends every case (four at a time) and returns those answered 5xx, or not as problem+json under /api/. */
async function run(cases: Case[]) {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      const answer = await send(c.method, c.path, c.headers, c.body).catch((e: Error) => ({ status: 599, type: e.message }));
      const bodyShown = c.body === undefined ? "" : ` ${String(c.body).slice(0, 80).replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)}`;
      if (answer.status >= 500) failures.push(`${answer.status} ${c.method} ${c.path.slice(0, 100)} [${c.label}]${bodyShown}`);
      else if (c.path.startsWith("/api/") && answer.status >= 400 && answer.status !== 413 && !answer.type.startsWith("application/problem+json")) {
        failures.push(`${answer.status} not problem+json (${answer.type}) ${c.method} ${c.path.slice(0, 100)} [${c.label}]`);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  console.log(`${cases.length} hostile requests, ${failures.length} failures`);
  return failures;
}

// Hostile values, as JSON values and as form/query strings.
const NUL = "a\u0000b";
const LONE = "a\ud800b";
const HUGE = "x".repeat(MB);
const jsonHostile: unknown[] = [NUL, LONE, "\udc00", HUGE, 99_999_999_999, -99_999_999_999, 1e308, 1.5, -1, 0, true, null, [], {}, [NUL], { a: LONE }, "%ff", "9".repeat(400)];
const textHostile = [NUL, "%ff", "%", "%00", "99999999999", "-1", "1e400", "NaN", "Infinity", "9".repeat(400), "\u0007", "x".repeat(10_000)];
const pathHostile = ["%ff", "%00", "a%00b", "%ED%A0%80", "%C0%AF", "99999999999", "%", "..%2f..%2fapi", "%2e%2e", "x".repeat(2_000)];

const hostileJson = fc.oneof(
  fc.constantFrom(...jsonHostile),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.double(),
  fc.bigInt().map((n) => Number(n)),
);
const hostileText = fc.oneof(fc.constantFrom(...textHostile), fc.string({ unit: "binary", maxLength: 30 }), fc.integer().map(String), fc.double().map(String));

type OpenApi = {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};
type Schema = { $ref?: string; properties?: Record<string, Schema>; allOf?: Schema[]; anyOf?: Schema[]; oneOf?: Schema[] };

function propertiesOf(doc: OpenApi, schema: Schema | undefined, depth = 0): string[] {
  if (!schema || depth > 4) return [];
  if (schema.$ref) return propertiesOf(doc, doc.components.schemas[schema.$ref.split("/").pop()!], depth + 1);
  const own = Object.keys(schema.properties ?? {});
  const nested = [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap((s) => propertiesOf(doc, s, depth + 1));
  return [...new Set([...own, ...nested])];
}

const FAKE_ID = "cmfuzz0000000000000000000";

describe("hostile input never gets a 5xx", () => {
  it("through every operation of API v1", async () => {
    const doc = (await (await server.fetch("/api/v1/openapi.json")).json()) as OpenApi;
    const operations = Object.entries(doc.paths).flatMap(([template, methods]) => Object.entries(methods).map(([method, op]) => ({ template, method: method.toUpperCase(), op })));
    expect(operations.length).toBeGreaterThan(30);
    const cases: Case[] = [];
    let sampleSeed = SEED;
    for (const { template, method, op } of operations) {
      const pathParams = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
      const queryParams = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
      const fill = (value: string) => "/api/v1" + pathParams.reduce((p, name) => p.replace(`{${name}}`, value), template);
      const plain = fill(pathParams.some((n) => n === "year") ? "2026" : FAKE_ID);
      const bodySchema = op.requestBody?.content["application/json"]?.schema;
      const props = propertiesOf(doc, bodySchema);
      for (const who of identities) {
        const json = { ...who.headers, "Content-Type": "application/json" };
        const add = (c: Omit<Case, "headers"> & { headers?: Record<string, string> }) => cases.push({ headers: who.headers, ...c, label: `${who.name}: ${c.label}` });
        // Paths that do not decode, or decode to NUL or a lone surrogate; unsupported methods.
        for (const bad of pathParams.length ? pathHostile : []) add({ method, path: fill(bad), label: "path param", ...(method !== "GET" ? { headers: json, body: "{}" } : {}) });
        add({ method: "TRACE", path: plain, label: "TRACE" });
        add({ method: "PROPFIND", path: plain, label: "PROPFIND" });
        // Query parameters: each hostile value in each declared parameter.
        for (const q of queryParams) for (const v of textHostile.slice(0, 9)) add({ method, path: `${plain}?${q}=${v.includes("%") ? v : encodeURIComponent(v)}`, label: `query ${q}` });
        if (method === "GET") continue;
        // Bodies: malformed, wrong content type, bad encodings.
        for (const [label, type, body] of [
          ["malformed JSON", "application/json", '{"a":'],
          ["JSON array", "application/json", "[1,2,3]"],
          ["JSON string", "application/json", '"x"'],
          ["empty", "application/json", ""],
          ["invalid UTF-8", "application/json", Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
          ["lone surrogate escape", "application/json", `{"title":"a\\ud800b","name":"\\udfff"}`],
          ["NUL escape", "application/json", `{"title":"a\\u0000b","version":1}`],
          ["text/plain", "text/plain", "title=x"],
          ["form", "application/x-www-form-urlencoded", "title=a%00b&version=99999999999"],
          ["multipart", "multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\u0000.csv\"\r\n\r\nx\r\n--zz--"],
          ["no type", "", "{}"],
        ] as [string, string, string | Buffer][]) {
          add({ method, path: plain, headers: { ...who.headers, ...(type ? { "Content-Type": type } : {}) }, body, label });
        }
        // Every declared body field set to each hostile value, the others left out.
        for (const prop of props) for (const value of jsonHostile) add({ method, path: plain, headers: json, body: JSON.stringify({ [prop]: value }), label: `field ${prop}` });
        // Whole bodies of hostile values in the declared fields, sampled.
        const bodies = props.length ? fc.sample(fc.dictionary(fc.constantFrom(...props), hostileJson, { maxKeys: props.length }), { seed: sampleSeed++, numRuns: 8 }) : fc.sample(hostileJson, { seed: sampleSeed++, numRuns: 4 });
        for (const body of bodies) add({ method, path: plain, headers: json, body: JSON.stringify(body) ?? "null", label: "sampled body" });
      }
    }
    const failures = await run(cases);
    expect(failures, `${failures.length} of ${cases.length} requests`).toEqual([]);
  }, 600_000);

  it("through every page action", async () => {
    const { build } = server;
    const fullPath = (id: string): string => {
      const route = build.routes[id];
      if (!route) return "";
      const parent = route.parentId ? fullPath(route.parentId) : "";
      return route.path ? `${parent.replace(/\/$/, "")}/${route.path}` : parent || "/";
    };
    const actions = Object.values(build.routes)
      .filter((r) => typeof r.module.action === "function")
      .map((r) => fullPath(r.id))
      .filter((p) => !p.startsWith("/api/") && !p.startsWith("/webhooks/"));
    expect(actions.length).toBeGreaterThan(15);
    const fields = ["intent", "id", "version", "title", "name", "email", "password", "redirectTo", "locale", "orgId", "reason", "fee", "days", "note", "amount", "year", "q", "kind", "query", "needId", "apiKeyId", "assetId", "value", "mode", "publish", "purpose"];
    const intents = ["accept-assignment", "activate", "bid", "cancel", "close-bidding", "confirm-receipt", "create", "decline-assignment", "join", "mark-all-read", "mark-paid", "mark-read", "register", "revoke", "set-budget", "submit-report", "suspend", "login"];
    const cases: Case[] = [];
    let sampleSeed = SEED * 7;
    for (const template of actions) {
      const target = template.replace(/:[A-Za-z]+\??/g, FAKE_ID).replace(/\/\*$/, "/x");
      const paramful = template.includes(":");
      for (const who of identities.filter((i) => !i.headers.Authorization)) {
        const add = (label: string, type: string | null, body: string | Buffer, at = target) =>
          cases.push({ method: "POST", path: at, headers: { ...who.headers, ...(type ? { "Content-Type": type } : {}) }, body, label: `${who.name}: ${label}` });
        add("text/plain", "text/plain", "intent=create&title=x");
        // What client-side navigation posts (single fetch).
        const data = target === "/" ? "/_root.data" : `${target}.data`;
        add("text/plain (.data)", "text/plain", "intent=create", data);
        add("malformed multipart (.data)", "multipart/form-data; boundary=zz", "--zz\r\nnot a header\r\n\r\n", data);
        add("NUL (.data)", "application/x-www-form-urlencoded", "intent=create&title=a%00b&version=99999999999", data);
        add("JSON", "application/json", '{"intent":"create"}');
        add("no content type", null, "intent=create");
        add("malformed multipart", "multipart/form-data; boundary=zz", "--zz\r\nnot a header\r\n\r\n");
        add("multipart without boundary", "multipart/form-data", "x");
        add("multipart NUL file name", "multipart/form-data; boundary=zz", '--zz\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.csv"\r\nContent-Type: text/csv\r\n\r\nx\r\n--zz\r\nContent-Disposition: form-data; name="mode"\r\n\r\nALL_OR_NOTHING\r\n--zz--\r\n');
        add("bad percent-encoding", "application/x-www-form-urlencoded", "intent=%ff&title=%&name=%E0%A4%A");
        add("NUL in field name", "application/x-www-form-urlencoded", "ti%00tle=x&intent=create");
        add("1 MB field", "application/x-www-form-urlencoded", `title=${"x".repeat(MB)}`);
        if (paramful) for (const bad of pathHostile) add(`path ${bad.slice(0, 10)}`, "application/x-www-form-urlencoded", "intent=create", template.replace(/:[A-Za-z]+\??/g, bad));
        for (const intent of intents) {
          const form = new URLSearchParams();
          form.set("intent", intent);
          for (const f of fields) if (f !== "intent") form.set(f, f === "version" || f === "days" || f === "year" ? "99999999999" : NUL);
          add(`intent ${intent} with NUL and huge numbers`, "application/x-www-form-urlencoded", form.toString());
        }
        const forms = fc.sample(fc.dictionary(fc.constantFrom(...fields), fc.oneof(hostileText, fc.constantFrom(...intents)), { maxKeys: 8 }), { seed: sampleSeed++, numRuns: 10 });
        for (const f of forms) add("sampled form", "application/x-www-form-urlencoded", new URLSearchParams(f).toString());
      }
    }
    // Logging out ends the fuzzing sessions: those requests go last.
    const endsSession = (c: Case) => /^\/(logout|account)\b/.test(c.path);
    const failures = await run([...cases.filter((c) => !endsSession(c)), ...cases.filter(endsSession)]);
    expect(failures, `${failures.length} of ${cases.length} requests`).toEqual([]);
  }, 600_000);

  it("through page paths that do not decode", async () => {
    const cases: Case[] = [];
    for (const who of identities.filter((i) => !i.headers.Authorization)) {
      for (const p of ["/patents/%ff", "/patents/%00", "/financing/%ED%A0%80", "/needs/%", "/catalog/%c0%af/edit", "/%ff", "/policies/a%00b", "/invite/%ff"]) {
        cases.push({ method: "GET", path: p, headers: who.headers, label: who.name });
        cases.push({ method: "TRACE", path: p, headers: who.headers, label: who.name });
      }
    }
    expect(await run(cases)).toEqual([]);
  });
});

describe("hostile input changes nothing", () => {
  it("a need titled with a lone surrogate or NUL is refused with 400 and not stored (API and page)", async () => {
    const sme = identities.find((i) => i.name === "SME API key")!;
    const session = { headers: { Cookie: await freshSmeCookie(), Origin: server.url } }; // the fuzzing one may have logged out
    const before = await db.need.count();
    for (const title of ["a\\ud800b", "a\\u0000b"]) {
      const res = await send("POST", "/api/v1/needs", { ...sme.headers, "Content-Type": "application/json" }, `{"title":"${title}","description":"需要一项木耳深加工的成熟技术方案"}`);
      expect(res.status).toBe(400);
      expect(res.type).toMatch(/^application\/problem\+json/);
    }
    const page = await send("POST", "/needs/new", { ...session.headers, "Content-Type": "application/x-www-form-urlencoded" }, "title=a%00b&description=%E9%9C%80%E8%A6%81%E4%B8%80%E9%A1%B9%E6%9C%A8%E8%80%B3%E6%B7%B1%E5%8A%A0%E5%B7%A5%E7%9A%84%E6%8A%80%E6%9C%AF");
    expect(page.status).toBe(400);
    expect(await db.need.count()).toBe(before);
  });

  it("GET /api/v1/subsidies?year=99999999999, /api/v1/orgs/%ff and TRACE /api/v1/me are 4xx problems", async () => {
    const gov = identities.find((i) => i.name === "GOVERNMENT API key")!;
    expect((await send("GET", "/api/v1/subsidies?year=99999999999", gov.headers)).status).toBe(400);
    expect((await send("GET", "/api/v1/orgs/%ff", gov.headers)).status).toBe(400);
    const trace = await send("TRACE", "/api/v1/me", gov.headers);
    expect(trace.status).toBe(405);
    expect(trace.type).toMatch(/^application\/problem\+json/);
  });
});
