import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ZodError, type z } from "zod";
import { authenticateApiKey } from "~/domain/identity/api-key-auth.server";
import { apiKeyFromAuthorization } from "~/domain/identity/api-key-secret";
import type { Actor } from "~/domain/shared/actor";
import { FORBIDDEN_CHARACTERS_MESSAGE, hasForbiddenCharacters } from "~/domain/shared/text";
import { successStatusOf, type HttpMethod, type OperationSpec } from "~/domain/shared/openapi";
import { badRequest, methodNotAllowed, notFoundProblem, problem, problemFromError, problemLocale, unauthorized } from "./problem.server";
import { translate } from "./i18n";
import { isOwnOrigin } from "./origin.server";
import { getSessionView } from "./session.server";
import { readBodyUpTo } from "./upload.server";

/**
 * API v1 glue. A route declares which operations it serves:
 *
 *   export const { loader, action } = apiRoute(endpoint(getOrg, ({ actor, params }) => getOrgView(actor, params.id)));
 *
 * Each request then goes: authenticate (401) → validate params (404), query and body
 * (400 / 415) with the operation's zod schemas → the handler (the domain decides 403/404/409)
 * → the result is shaped by the operation's response schema (unknown fields are dropped)
 * → JSON. Every failure is answered as problem+json by `problemFromError`.
 */

const MAX_BODY_BYTES = 1_000_000;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;
type ResponseOf<S extends OperationSpec> = {
  [K in keyof S["responses"]]: S["responses"][K] extends z.ZodType ? z.input<S["responses"][K]> : null;
}[keyof S["responses"]];

export type ApiContext<S extends OperationSpec> = {
  request: Request;
  actor: S["auth"] extends false ? Actor | null : Actor;
  params: Out<NonNullable<S["request"]>["params"]>;
  query: Out<NonNullable<S["request"]>["query"]>;
  body: Out<NonNullable<S["request"]>["body"]>;
};

export type Endpoint = { operation: OperationSpec; run(request: Request, params: Record<string, string | undefined>): Promise<Response> };

/**
 * The API caller: an API key (`Authorization: Bearer ipb_…`) or, for same-origin calls
 * from our own pages, the session cookie. An Authorization header, once present, decides
 * alone — a bad key never falls back to the cookie.
 */
export async function requireApiActor(request: Request): Promise<Actor> {
  const authorization = request.headers.get("Authorization");
  if (authorization) {
    const key = apiKeyFromAuthorization(authorization);
    const principal = key ? await authenticateApiKey(key) : null;
    if (!principal) throw unauthorized(request, true);
    return principal.actor;
  }
  const view = await getSessionView(request);
  if (!view) throw unauthorized(request, false);
  if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request)) {
    // SameSite=Lax already keeps the cookie off cross-site writes; this also refuses
    // same-site (other subdomain) pages and anything without an Origin header.
    throw problem(request, {
      slug: "forbidden",
      title: "Forbidden / 无权执行此操作",
      status: 403,
      detail: translate(problemLocale(request), "api.problem.crossOrigin"),
    });
  }
  return view.actor;
}

/**
 * For operations open to anonymous callers (`auth: false`): the caller when it says who it
 * is — so a holder reads its own drafts — else null. A bad key is still 401.
 */
async function optionalApiActor(request: Request): Promise<Actor | null> {
  if (request.headers.get("Authorization")) return requireApiActor(request);
  return SAFE_METHODS.has(request.method) ? ((await getSessionView(request))?.actor ?? null) : null;
}

function isSameOrigin(request: Request): boolean {
  return isOwnOrigin(request.headers.get("Origin"), new URL(request.url).origin);
}

export function endpoint<const S extends OperationSpec>(
  operation: S,
  handler: (ctx: ApiContext<S>) => Promise<ResponseOf<S> | Response> | ResponseOf<S> | Response,
): Endpoint {
  const status = successStatusOf(operation);
  const responseSchema = operation.responses[status] ?? null;
  return {
    operation,
    async run(request, rawParams) {
      try {
        const actor = operation.auth === false ? await optionalApiActor(request) : await requireApiActor(request);
        // No path parameter holding NUL, a control character or a lone surrogate names anything.
        if (Object.values(rawParams).some((v) => v !== undefined && hasForbiddenCharacters(v))) return notFoundProblem(request);
        const params = operation.request?.params?.safeParse(rawParams);
        if (params && !params.success) return notFoundProblem(request);
        const query = operation.request?.query?.parse(checkedText(queryObject(new URL(request.url))));
        const body = operation.request?.body ? operation.request.body.parse(checkedText(await readJsonBody(request))) : undefined;
        const result = await handler({ request, actor, params: params?.data, query, body } as ApiContext<S>);
        if (result instanceof Response) return result;
        return json(status, shapeResponse(operation, responseSchema, result));
      } catch (error) {
        return problemFromError(error, request);
      }
    },
  };
}

/** `loader` serves GET (and HEAD), `action` every other method; others get 405 + Allow. */
export function apiRoute(...endpoints: Endpoint[]) {
  const byMethod = new Map<HttpMethod, Endpoint>(endpoints.map((e) => [e.operation.method, e]));
  const allow: string[] = [...byMethod.keys()];
  if (byMethod.has("GET")) allow.push("HEAD");
  const dispatch = ({ request, params }: LoaderFunctionArgs | ActionFunctionArgs) => {
    const method = (request.method === "HEAD" ? "GET" : request.method) as HttpMethod;
    const target = byMethod.get(method);
    return target ? target.run(request, params) : Promise.resolve(methodNotAllowed(request, allow));
  };
  return { loader: dispatch, action: dispatch };
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

/**
 * The JSON body, read while it streams and refused (413) past MAX_BODY_BYTES whether or
 * not a Content-Length was declared (the web server caps it too, ADR 0012).
 */
async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw badRequest(request, "unsupported-media-type", 415);
  const bytes = await readBodyUpTo(request, MAX_BODY_BYTES, () => badRequest(request, "payload-too-large", 413));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw badRequest(request, "malformed-json", 400);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(request, "malformed-json", 400);
  }
}

/**
 * Every string of a query or body (keys included) through the shared text rule before
 * any schema sees it: fields a loose schema lets through are covered too. A ZodError,
 * so the client gets the usual 400 with the field named.
 */
function checkedText<T>(value: T): T {
  const issues: z.core.$ZodIssue[] = [];
  const walk = (v: unknown, path: PropertyKey[]) => {
    if (typeof v === "string") {
      if (hasForbiddenCharacters(v)) issues.push({ code: "custom", path, message: FORBIDDEN_CHARACTERS_MESSAGE, input: v });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, [...path, i]));
    } else if (v && typeof v === "object") {
      for (const [k, item] of Object.entries(v)) {
        if (hasForbiddenCharacters(k)) issues.push({ code: "custom", path, message: FORBIDDEN_CHARACTERS_MESSAGE, input: k });
        else walk(item, [...path, k]);
      }
    }
  };
  walk(value, []);
  if (issues.length) throw new ZodError(issues);
  return value;
}

/** The handler's result through the declared schema: the document is what clients get. */
function shapeResponse(operation: OperationSpec, schema: z.ZodType | null, result: unknown): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(result);
  if (parsed.success) return parsed.data;
  // A handler bug, not bad input: must surface as a 500, never as a 400.
  throw new Error(`${operation.operationId}: response does not match its schema: ${parsed.error.message}`);
}

function json(status: number, body: unknown): Response {
  if (status === 204 || body === undefined) return new Response(null, { status, headers: { "Cache-Control": "no-store" } });
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}
