import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import { ZodError } from "zod";
import { DomainError, httpStatusOf } from "~/domain/shared/errors";

/**
 * How pages (not the API, see problem.server.ts) show expected domain failures.
 * Loaders: `.catch(throwErrorPage)` turns a DomainError into the error page with the
 * mapped status (404, 403 …); anything else propagates (a real 500).
 */
export function throwErrorPage(error: unknown): never {
  if (error instanceof DomainError) throw new Response(error.message, { status: httpStatusOf[error.code] });
  throw error;
}

type Replyable = { reply(options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; hideFields?: string[] }): SubmissionResult<string[]> };

/**
 * Actions: a DomainError becomes the form's reply — field errors next to their fields,
 * the rest as a form error — with the mapped status (and Retry-After when the error says
 * when to come back, as the API's problem replies do). Anything else is rethrown.
 */
export function replyWithDomainError(submission: Replyable, error: unknown, options: { hideFields?: string[]; headers?: HeadersInit } = {}) {
  if (!(error instanceof DomainError)) throw error;
  const fieldErrors = error.fieldErrors ?? {};
  const result = submission.reply({
    fieldErrors,
    formErrors: Object.keys(fieldErrors).length ? [] : [error.message],
    hideFields: options.hideFields,
  });
  const headers = new Headers(options.headers);
  if (error.retryAfterSeconds !== undefined) headers.set("Retry-After", String(error.retryAfterSeconds));
  return data({ result }, { status: httpStatusOf[error.code], headers });
}

export type FieldErrorMap = Record<string, string[]>;

/**
 * An expected failure of a form's use case as field errors keyed by input name (the zod
 * issue path joined with dots; "" for the whole form) and its status; null for anything
 * else, which the caller turns into the error page (403 …) or rethrows.
 */
export function formErrorsOf(error: unknown): { status: number; errors: FieldErrorMap } | null {
  if (error instanceof ZodError) {
    const errors: FieldErrorMap = {};
    for (const issue of error.issues) {
      // zod's built-in messages are English ("Invalid input: expected number, received NaN"); the schemas' own are Chinese.
      const message = issue.message.startsWith("Invalid input") ? "请输入有效的数值" : issue.message;
      (errors[issue.path.join(".")] ??= []).push(message);
    }
    return { status: 400, errors };
  }
  if (error instanceof DomainError && ["VALIDATION", "CONFLICT", "INVALID_STATE"].includes(error.code)) {
    return { status: httpStatusOf[error.code], errors: error.fieldErrors ?? { "": [error.message] } };
  }
  return null;
}
