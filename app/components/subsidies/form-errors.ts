import { ZodError } from "zod";
import { DomainError, httpStatusOf } from "~/domain/shared/errors";

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
