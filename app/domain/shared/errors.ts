import type { z } from "zod";
/** Expected failures. Routes and the API map `code` to an HTTP status with one table. */
export type DomainErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "CONFLICT"
  | "INVALID_STATE"
  | "VALIDATION"
  | "RATE_LIMITED"
  | "PAYLOAD_TOO_LARGE"
  | "UNAVAILABLE";

export type FieldErrors = Record<string, string[]>;

/**
 * Zod issues as field errors, keyed by the issue's path ("rules.lpr", "" for the body as a
 * whole); zod's own English "Invalid input…" becomes a Chinese message.
 */
export function fieldErrorsOfIssues(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) (errors[issue.path.map(String).join(".")] ??= []).push(issue.message.startsWith("Invalid input") ? "请输入有效的值" : issue.message);
  return errors;
}

export class DomainError extends Error {
  name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const httpStatusOf: Record<DomainErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
};

export const notFound = (what = "记录") => new DomainError("NOT_FOUND", `${what}不存在或无权查看`);
export const forbidden = (message = "无权执行此操作") => new DomainError("FORBIDDEN", message);
export const conflict = (message: string) => new DomainError("CONFLICT", message);
export const validation = (fieldErrors: FieldErrors, message = "输入有误") =>
  new DomainError("VALIDATION", message, fieldErrors);
