import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { readForm } from "~/utils/forms.server";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/form-field";
import { logIn } from "~/domain/identity/log-in.server";
import { logInSchema } from "~/domain/identity/schemas";
import { DomainError } from "~/domain/shared/errors";
import stylesheet from "~/styles/identity.css";
import { replyWithDomainError } from "~/utils/form-errors.server";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import { chosenLocaleOf, localeCookie } from "~/utils/locale-cookie.server";
import { pageTitle } from "~/utils/messages/identity";
import { requestMetaOf } from "~/utils/rate-limit.server";
import { getSessionView, safeRedirect, sessionSetCookie } from "~/utils/session.server";
import { nowMs } from "~/domain/shared/clock";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.meta");

// A rate-limited attempt tells the browser (and scripts) when to come back.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionView(request)) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: logInSchema });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  try {
    const chosenLocale = chosenLocaleOf(request.headers.get("Cookie"));
    const { sessionId, locale } = await logIn(submission.value, requestMetaOf(request, context), { chosenLocale });
    const headers = new Headers({ "Set-Cookie": await sessionSetCookie(sessionId) });
    if (locale !== chosenLocale) headers.append("Set-Cookie", localeCookie(locale));
    return redirect(safeRedirect(submission.value.redirectTo), { headers });
  } catch (error) {
    if (error instanceof DomainError && error.code === "UNAUTHENTICATED") {
      return data({ result: submission.reply({ formErrors: ["login.invalid"], hideFields: ["password"] }) }, { status: 400 });
    }
    if (error instanceof DomainError && error.code === "RATE_LIMITED") {
      const seconds = error.retryAfterSeconds ?? 60;
      const retry = { minutes: Math.ceil(seconds / 60), until: nowMs() + seconds * 1000 };
      const result = submission.reply({ formErrors: ["login.rateLimited"], hideFields: ["password"] });
      return data({ result, retry }, { status: 429, headers: { "Retry-After": String(seconds) } });
    }
    return replyWithDomainError(submission, error, { hideFields: ["password"] });
  }
}

/** A refused attempt says how long to wait and until when (the date too: a lock may outlast the day). */
type LoginReply = { result: SubmissionResult<string[]>; retry?: { minutes: number; until: number } };

export default function LogIn() {
  const t = useT();
  const locale = useLocale();
  const actionData = useActionData<LoginReply>();
  const retry = actionData?.retry;
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formAction?.startsWith("/login") === true;
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: logInSchema }),
  });
  const redirectTo = searchParams.get("redirectTo") ?? "";

  return (
    <section className="card auth-page narrow">
      <h1>{t("login.title")}</h1>
      <p className="lead">{t("login.intro")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} params={retry && { minutes: retry.minutes, time: formatDateTime(new Date(retry.until), locale) }} />
        <TextField meta={fields.email} label={t("login.email")} type="email" autoComplete="username" />
        <TextField meta={fields.password} label={t("login.password")} type="password" autoComplete="current-password" />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("login.pending") : t("login.submit")}
        </button>
        <p className="form-foot">
          {t("login.noAccount")} <Link to="/signup">{t("login.toSignup")}</Link>
        </p>
      </Form>
    </section>
  );
}
