import { z } from "zod";

/**
 * API v1 operations as data. Each operation names its zod schemas once; the handler glue
 * (app/utils/api.server.ts) validates requests and shapes responses with them, and
 * `buildOpenApiDocument` turns the same schemas into the OpenAPI 3.1 document — so the
 * document cannot drift from what the handlers accept and return. Schemas named with
 * `.meta({ id })` become `#/components/schemas/<id>`.
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type SuccessStatus = 200 | 201 | 202 | 204;

export type OperationSpec = {
  operationId: string;
  method: HttpMethod;
  /** Below /api/v1, in OpenAPI form: "/orgs/{id}". */
  path: `/${string}`;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** false: no credentials needed (anonymous callers get the public view); a caller that sends them is still identified. Default true. */
  auth?: boolean;
  request?: {
    params?: z.ZodObject;
    query?: z.ZodObject;
    body?: z.ZodType;
  };
  /** The success response; `null` for no body. Problems are added by the builder. */
  responses: Partial<Record<SuccessStatus, z.ZodType | null>>;
  /** Problem statuses this operation answers besides the usual 400/401/500. */
  problems?: readonly ProblemStatus[];
};

export type ProblemStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

/**
 * A request body the use case validates as a whole — with what only the record knows (a
 * bid's ceiling, a date against today) — so that one answer names every bad field: the
 * glue only checks that it is an object, and the document shows `schema`, the schema the
 * use case parses with.
 */
export function validatedByUseCase(schema: z.ZodType, id: string) {
  const { $schema: _dialect, ...documented } = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return z.looseObject({}).meta({ ...documented, id });
}

/** Checks the spec's shape at compile time and keeps its literal types for the glue. */
export function defineOperation<const S extends OperationSpec>(spec: S): S {
  return spec;
}

/** The operations of one API version, checked once: unique ids, unique method + path. */
export function createOperationRegistry(operations: readonly OperationSpec[]) {
  const byId = new Map<string, OperationSpec>();
  const routes = new Set<string>();
  for (const op of operations) {
    if (byId.has(op.operationId)) throw new Error(`duplicate operationId ${op.operationId}`);
    const route = `${op.method} ${op.path}`;
    if (routes.has(route)) throw new Error(`duplicate operation ${route}`);
    byId.set(op.operationId, op);
    routes.add(route);
  }
  return { operations: [...operations], byId };
}
export type OperationRegistry = ReturnType<typeof createOperationRegistry>;

export function successStatusOf(op: OperationSpec): SuccessStatus {
  const statuses = (Object.keys(op.responses).map(Number) as SuccessStatus[]).sort();
  if (!statuses.length) throw new Error(`${op.operationId} declares no success response`);
  return statuses[0];
}

/** RFC 9457 problem details, as every API error is answered. */
export const problemSchema = z
  .object({
    type: z.string().describe("URI of the problem type, e.g. https://ipbridge.cn/problems/validation"),
    title: z.string().describe("short summary of the problem type"),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional().describe("what went wrong this time"),
    instance: z.string().optional().describe("the request path"),
    errors: z
      .array(
        z.object({
          field: z.string().describe('dotted path into the input, e.g. "name" or "assets.0.value"; "" for the input as a whole'),
          message: z.string(),
        }),
      )
      .optional()
      .describe("field errors of a validation problem"),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details (application/problem+json)." });
export type Problem = z.output<typeof problemSchema>;

const problemResponses: Record<ProblemStatus, { name: string; description: string }> = {
  400: { name: "ValidationProblem", description: "The input is invalid; `errors` names each field." },
  401: { name: "UnauthorizedProblem", description: "Missing, unknown or revoked API key (WWW-Authenticate: Bearer)." },
  403: { name: "ForbiddenProblem", description: "The caller may not do this." },
  404: { name: "NotFoundProblem", description: "No such resource, or not the caller's to see." },
  405: { name: "MethodNotAllowedProblem", description: "The path does not support this method (see Allow)." },
  409: { name: "ConflictProblem", description: "The resource changed or is in the wrong state." },
  413: { name: "PayloadTooLargeProblem", description: "The request body is too large." },
  415: { name: "UnsupportedMediaTypeProblem", description: "The body must be application/json." },
  422: { name: "UnprocessableProblem", description: "The input is well-formed but cannot be processed." },
  429: { name: "RateLimitedProblem", description: "Too many requests (see Retry-After)." },
  500: { name: "InternalProblem", description: "An unexpected error; it has been logged." },
  503: { name: "UnavailableProblem", description: "A dependency is unavailable; try again later." },
};

export type OpenApiInfo = { title: string; version: string; description?: string; serverUrl: string };

type Json = Record<string, unknown>;

/** zod → JSON Schema 2020-12 (OpenAPI 3.1's dialect), with `$defs` hoisted into components. */
class SchemaCollector {
  readonly schemas: Record<string, Json> = {};

  convert(schema: z.ZodType, io: "input" | "output"): Json {
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, Json>;
    delete json.$defs;
    const names = new Map<string, string>();
    for (const [id, def] of Object.entries(defs)) names.set(id, this.nameFor(id, def, io));
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (!value || typeof value !== "object") return value;
      const out: Json = {};
      for (const [k, v] of Object.entries(value)) {
        out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/$defs/") ? `#/components/schemas/${names.get(v.slice(8)) ?? v.slice(8)}` : rewrite(v);
      }
      return out;
    };
    for (const [id, def] of Object.entries(defs)) this.schemas[names.get(id)!] = rewrite(def) as Json;
    return rewrite(json) as Json;
  }

  /** Inputs and outputs of one schema may differ (defaults, transforms): keep both. */
  private nameFor(id: string, def: Json, io: "input" | "output"): string {
    // Stored components have their references rewritten; compare like with like.
    const shape = JSON.stringify(def).replaceAll('"#/$defs/', '"#/components/schemas/');
    for (const candidate of io === "input" ? [id, `${id}Input`] : [id, `${id}Output`]) {
      const existing = this.schemas[candidate];
      if (!existing || JSON.stringify(existing) === shape) return candidate;
    }
    throw new Error(`OpenAPI component ${id} is defined twice with different shapes`);
  }
}

/** The OpenAPI 3.1 document of the given operations. */
export function buildOpenApiDocument(registry: OperationRegistry, info: OpenApiInfo) {
  const collector = new SchemaCollector();
  collector.convert(problemSchema, "output");
  const usedProblems = new Set<ProblemStatus>();
  const paths: Record<string, Record<string, Json>> = {};
  const tags = new Set<string>();

  for (const op of registry.operations) {
    op.tags.forEach((t) => tags.add(t));
    const parameters = [
      ...parametersOf(collector, op.request?.params, "path"),
      ...parametersOf(collector, op.request?.query, "query"),
    ];
    const responses: Record<string, Json> = {};
    for (const [status, schema] of Object.entries(op.responses)) {
      responses[status] = schema
        ? { description: "OK", content: { "application/json": { schema: collector.convert(schema, "output") } } }
        : { description: "No content" };
    }
    const problems = new Set<ProblemStatus>([500, ...(op.problems ?? [])]);
    if (op.auth !== false) problems.add(401);
    if (op.request?.body || op.request?.query) problems.add(400);
    if (op.request?.body) problems.add(415);
    if (op.request?.params) problems.add(404);
    for (const status of [...problems].sort()) {
      usedProblems.add(status);
      responses[String(status)] = { $ref: `#/components/responses/${problemResponses[status].name}` };
    }
    const operation: Json = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [...op.tags],
      ...(parameters.length ? { parameters } : {}),
      ...(op.request?.body
        ? { requestBody: { required: true, content: { "application/json": { schema: collector.convert(op.request.body, "input") } } } }
        : {}),
      responses,
      ...(op.auth === false ? { security: [] } : {}),
    };
    (paths[op.path] ??= {})[op.method.toLowerCase()] = operation;
  }

  const responses: Record<string, Json> = {};
  for (const status of [...usedProblems].sort()) {
    const { name, description } = problemResponses[status];
    responses[name] = { description, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };
  }

  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    servers: [{ url: info.serverUrl }],
    tags: [...tags].sort().map((name) => ({ name })),
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    paths,
    components: {
      schemas: collector.schemas,
      responses,
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "ipb_<prefix>_<secret>",
          description: "An organization's API key (created by its OWNER on the web or by an operator with the admin CLI). Keys act with MEMBER rights.",
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "__ipb_session",
          description: "The web session, for same-origin calls from the browser. Writes must carry a same-origin Origin header.",
        },
      },
    },
  };
}
export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

function parametersOf(collector: SchemaCollector, schema: z.ZodObject | undefined, location: "path" | "query"): Json[] {
  if (!schema) return [];
  const json = collector.convert(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}
