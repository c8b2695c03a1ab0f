import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
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
 * the rest as a form error — with the mapped status. Anything else is rethrown.
 */
export function replyWithDomainError(submission: Replyable, error: unknown, options: { hideFields?: string[]; headers?: HeadersInit } = {}) {
  if (!(error instanceof DomainError)) throw error;
  const fieldErrors = error.fieldErrors ?? {};
  const result = submission.reply({
    fieldErrors,
    formErrors: Object.keys(fieldErrors).length ? [] : [error.message],
    hideFields: options.hideFields,
  });
  return data({ result }, { status: httpStatusOf[error.code], headers: options.headers });
}
