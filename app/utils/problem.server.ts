import { ZodError } from "zod";
import { DomainError, httpStatusOf, type DomainErrorCode, type FieldErrors } from "~/domain/shared/errors";
import type { Problem } from "~/domain/shared/openapi";
import { translate, type Locale } from "./i18n";
import { logger } from "./logger.server";
import "./messages/api";

/**
 * RFC 9457 problem details for API v1. `problemFromError` is the one mapping from what a
 * handler throws to what a client sees: DomainError → its status (httpStatusOf), ZodError
 * → 400 with field errors, a thrown Response → itself, anything else → 500 (logged, with
 * a generic detail that reveals nothing).
 */

export const PROBLEM_BASE = "https://ipbridge.cn/problems/";
export const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";
const REALM = 'Bearer realm="IP Bridge API"';

const titles: Record<DomainErrorCode, { slug: string; title: string }> = {
  VALIDATION: { slug: "validation", title: "Validation failed / 输入有误" },
  UNAUTHENTICATED: { slug: "unauthenticated", title: "Authentication required / 需要认证" },
  FORBIDDEN: { slug: "forbidden", title: "Forbidden / 无权执行此操作" },
  NOT_FOUND: { slug: "not-found", title: "Not found / 资源不存在" },
  CONFLICT: { slug: "conflict", title: "Conflict / 数据冲突" },
  INVALID_STATE: { slug: "invalid-state", title: "Invalid state / 当前状态不允许此操作" },
  RATE_LIMITED: { slug: "rate-limited", title: "Too many requests / 请求过于频繁" },
  PAYLOAD_TOO_LARGE: { slug: "payload-too-large", title: "Payload too large / 内容过大" },
  UNAVAILABLE: { slug: "unavailable", title: "Service unavailable / 服务暂不可用" },
};

export type ProblemInit = Omit<Problem, "type" | "title"> & { slug: string; title: string; headers?: HeadersInit };

export function problem(request: Request, init: ProblemInit): Response {
  const { slug, headers, ...rest } = init;
  const body: Problem = { type: PROBLEM_BASE + slug, ...rest, instance: rest.instance ?? new URL(request.url).pathname };
  const h = new Headers(headers);
  h.set("Content-Type", PROBLEM_CONTENT_TYPE);
  h.set("Cache-Control", "no-store");
  if (body.status === 401 && !h.has("WWW-Authenticate")) h.set("WWW-Authenticate", REALM);
  return new Response(JSON.stringify(body), { status: body.status, headers: h });
}

/** The locale of messages in problems: English when the client prefers it, else Chinese. */
export function problemLocale(request: Request): Locale {
  const accept = request.headers.get("Accept-Language")?.trim().toLowerCase() ?? "";
  return accept.startsWith("en") ? "en" : "zh-CN";
}

/** Zod issues → `[{ field: "assets.0.value", message }]`; i18n keys are translated. */
export function fieldErrorsOfZod(error: ZodError, locale: Locale): NonNullable<Problem["errors"]> {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join("."), message: translate(locale, issue.message) }));
}

function fieldErrorsOfDomain(errors: FieldErrors, locale: Locale): NonNullable<Problem["errors"]> {
  return Object.entries(errors).flatMap(([field, messages]) => messages.map((m) => ({ field, message: translate(locale, m) })));
}

export function problemFromError(error: unknown, request: Request): Response {
  if (error instanceof Response) return error;
  const locale = problemLocale(request);
  if (error instanceof ZodError) {
    return problem(request, {
      ...titles.VALIDATION,
      status: 400,
      detail: translate(locale, "api.problem.validation"),
      errors: fieldErrorsOfZod(error, locale),
    });
  }
  if (error instanceof DomainError) {
    const status = httpStatusOf[error.code];
    const headers = new Headers();
    if (error.retryAfterSeconds !== undefined) headers.set("Retry-After", String(error.retryAfterSeconds));
    return problem(request, {
      ...titles[error.code],
      status,
      detail: translate(locale, error.message),
      ...(error.fieldErrors ? { errors: fieldErrorsOfDomain(error.fieldErrors, locale) } : {}),
      headers,
    });
  }
  logger.error({ err: error, url: request.url, method: request.method }, "unhandled API error");
  return problem(request, { slug: "internal", title: "Internal error / 服务器内部错误", status: 500, detail: translate(locale, "api.problem.internal") });
}

export function unauthorized(request: Request, invalidToken: boolean): Response {
  const locale = problemLocale(request);
  return problem(request, {
    ...titles.UNAUTHENTICATED,
    status: 401,
    detail: translate(locale, invalidToken ? "api.problem.invalidKey" : "api.problem.missingKey"),
    headers: { "WWW-Authenticate": invalidToken ? `${REALM}, error="invalid_token"` : REALM },
  });
}

export function notFoundProblem(request: Request): Response {
  return problem(request, { ...titles.NOT_FOUND, status: 404, detail: translate(problemLocale(request), "api.problem.noSuchPath") });
}

export function methodNotAllowed(request: Request, allow: readonly string[]): Response {
  return problem(request, {
    slug: "method-not-allowed",
    title: "Method not allowed / 不支持该请求方法",
    status: 405,
    detail: translate(problemLocale(request), "api.problem.methodNotAllowed", { method: request.method, allow: allow.join(", ") }),
    headers: { Allow: allow.join(", ") },
  });
}

export function badRequest(request: Request, slug: "malformed-json" | "unsupported-media-type" | "payload-too-large", status: 400 | 413 | 415) {
  const title = {
    "malformed-json": "Malformed JSON / 请求体不是有效的 JSON",
    "unsupported-media-type": "Unsupported media type / 请求体须为 application/json",
    "payload-too-large": "Payload too large / 请求体过大",
  }[slug];
  return problem(request, { slug, title, status, detail: translate(problemLocale(request), `api.problem.${slug}`) });
}
