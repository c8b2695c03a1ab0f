import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildOpenApiDocument, createOperationRegistry, defineOperation } from "~/domain/shared/openapi";
import { apiV1 } from "./api-operations";

const doc = buildOpenApiDocument(apiV1, { title: "IP Bridge", version: "1.0.0", serverUrl: "https://ipbridge.example/api/v1" });
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every `$ref` in the document, with where it was found. */
function refsOf(value: unknown, at = "#"): { ref: string; at: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsOf(v, `${at}/${i}`));
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k === "$ref" && typeof v === "string" ? [{ ref: v, at }] : refsOf(v, `${at}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`),
  );
}

function resolve(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), root);
}

describe("OpenAPI 3.1 document", () => {
  it("is a 3.1 document with servers, bearer security and the Problem schema", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBeTruthy();
    expect(doc.servers).toEqual([{ url: "https://ipbridge.example/api/v1" }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.schemas.Problem).toMatchObject({ type: "object", required: expect.arrayContaining(["type", "title", "status"]) });
    // Still valid JSON after a round trip (no undefined, functions or cycles).
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("gives every operation an id, a summary and responses, with unique ids", () => {
    const ids: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith("/"), path).toBe(true);
      for (const [method, op] of Object.entries(item)) {
        expect(METHODS, `${method} ${path}`).toContain(method);
        expect(op.operationId, `${method} ${path}`).toEqual(expect.any(String));
        expect(op.summary, `${method} ${path}`).toEqual(expect.any(String));
        expect(Object.keys(op.responses as object).length, `${method} ${path}`).toBeGreaterThan(0);
        ids.push(op.operationId as string);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("resolves every $ref inside the document", () => {
    const refs = refsOf(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const { ref, at } of refs) expect(resolve(doc, ref), `${ref} at ${at}`).toBeDefined();
  });

  it("declares path parameters for every {template} segment", () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const op of Object.values(item)) {
        const params = ((op.parameters ?? []) as { name: string; in: string; required: boolean }[]).filter((p) => p.in === "path");
        expect(params.map((p) => p.name).sort(), path).toEqual(names);
        expect(params.every((p) => p.required)).toBe(true);
      }
    }
  });

  it("documents /me and /orgs/{id} from the handlers' schemas", () => {
    expect(doc.paths["/me"].get).toMatchObject({
      operationId: "getMe",
      responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Me" } } } }, "401": expect.anything() },
    });
    const org = doc.paths["/orgs/{id}"];
    expect(org.get.operationId).toBe("getOrg");
    expect(org.patch.responses).toHaveProperty("400");
    expect(org.patch.requestBody).toMatchObject({ content: { "application/json": { schema: { $ref: expect.stringMatching(/UpdateOrgProfile/) } } } });
    const me = doc.components.schemas.Me as { properties: Record<string, unknown> };
    expect(Object.keys(me.properties).sort()).toEqual(["apiKey", "org", "role", "user"]);
    // The public profile really leaves out registration details.
    const view = doc.components.schemas.OrgView as { oneOf: { properties: Record<string, { const?: string }> }[] };
    const pub = view.oneOf.find((branch) => branch.properties.visibility.const === "public")!;
    expect(Object.keys(pub.properties).sort()).toEqual(["clusters", "county", "id", "kind", "name", "town", "visibility"]);
    expect(pub.properties).not.toHaveProperty("uscc");
    expect(pub.properties).not.toHaveProperty("status");
  });

  it("documents pagination as query parameters with limits", () => {
    const params = doc.paths["/api-keys"].get.parameters as { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
    expect(params.map((p) => [p.name, p.in, p.required])).toEqual([
      ["page", "query", false],
      ["pageSize", "query", false],
    ]);
    expect(params[1].schema).toMatchObject({ maximum: 100, default: 20 });
  });

  it("leaves the document itself open to anonymous callers", () => {
    expect(doc.paths["/openapi.json"].get.security).toEqual([]);
  });
});

describe("operation registry", () => {
  const op = (operationId: string, path: `/${string}` = "/x") =>
    defineOperation({ operationId, method: "GET", path, summary: "x", tags: ["t"], responses: { 200: z.object({}) } });

  it("refuses duplicate operation ids and routes", () => {
    expect(() => createOperationRegistry([op("a"), op("a", "/y")])).toThrow(/operationId/);
    expect(() => createOperationRegistry([op("a"), op("b")])).toThrow(/GET \/x/);
  });

  it("keeps input and output shapes of one named schema apart", () => {
    const Thing = z.object({ n: z.number().default(1) }).meta({ id: "TestThing" });
    const registry = createOperationRegistry([
      defineOperation({ operationId: "put", method: "PUT", path: "/t", summary: "x", tags: ["t"], request: { body: Thing }, responses: { 200: Thing } }),
    ]);
    const built = buildOpenApiDocument(registry, { title: "t", version: "1", serverUrl: "http://x" });
    expect(Object.keys(built.components.schemas)).toEqual(expect.arrayContaining(["TestThing", "TestThingInput"]));
    expect((built.components.schemas.TestThing as { required?: string[] }).required).toEqual(["n"]);
    expect((built.components.schemas.TestThingInput as { required?: string[] }).required).toBeUndefined();
  });
});
