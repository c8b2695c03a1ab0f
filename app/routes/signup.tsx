import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { readForm } from "~/utils/forms.server";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { CheckboxGroup, FormErrors, SelectField, TextField } from "~/components/form-field";
import { county } from "~/domain/identity/county";
import { SIGNUP_KINDS, signUpSchema } from "~/domain/identity/schemas";
import { signUp, type SignUpReceived } from "~/domain/identity/sign-up.server";
import stylesheet from "~/styles/identity.css";
import { replyWithDomainError } from "~/utils/form-errors.server";
import { useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import { requestMetaOf } from "~/utils/rate-limit.server";
import { getSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signup.meta");

// A rate-limited attempt tells the browser (and scripts) when to come back.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionView(request)) throw redirect("/home");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: signUpSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  try {
    // The same answer whether or not the e-mail or USCC is taken; the rest goes by notification.
    const received = await signUp(submission.value, requestMetaOf(request, context));
    return data({ received });
  } catch (error) {
    return replyWithDomainError(submission, error, { hideFields: ["password"] });
  }
}

type FormReply = { result?: SubmissionResult<string[]>; received?: SignUpReceived };

export default function SignUp() {
  const t = useT();
  const actionData = useActionData<FormReply>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formAction === "/signup";
  const [form, fields] = useForm({
    id: "signup",
    lastResult: actionData?.result,
    constraint: getZodConstraint(signUpSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signUpSchema }),
  });

  if (actionData?.received) {
    return (
      <section className="card auth-page narrow" data-testid="signup-received">
        <h1>{t("signup.received.title")}</h1>
        <p className="lead">{t("signup.received.body", { email: actionData.received.email })}</p>
        <p>
          <Link to="/login" className="button">
            {t("signup.received.toLogin")}
          </Link>
        </p>
      </section>
    );
  }

  return (
    <section className="card auth-page">
      <h1>{t("signup.title")}</h1>
      <p className="lead">{t("signup.intro")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="form-section">
          <legend>{t("signup.account")}</legend>
          <TextField meta={fields.name} label={t("signup.name")} autoComplete="name" />
          <TextField meta={fields.email} label={t("signup.email")} type="email" autoComplete="email" hint={t("signup.emailHint")} />
          <TextField meta={fields.password} label={t("signup.password")} type="password" autoComplete="new-password" hint={t("signup.passwordHint")} />
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("signup.org")}</legend>
          <TextField meta={fields.orgName} label={t("signup.orgName")} autoComplete="organization" hint={t("signup.orgNameHint")} />
          <SelectField
            meta={fields.orgKind}
            label={t("signup.orgKind")}
            placeholder={t("signup.orgKindPlaceholder")}
            options={SIGNUP_KINDS.map((kind) => ({ value: kind, label: t(`orgKind.${kind}`) }))}
          />
          <TextField meta={fields.uscc} label={t("signup.uscc")} hint={t("signup.usccHint")} autoComplete="off" spellCheck={false} />
          <SelectField
            meta={fields.town}
            label={`${t("signup.town")} · ${county.name}`}
            hint={t("signup.townHint")}
            placeholder={t("signup.townPlaceholder")}
            options={county.towns.map((town) => ({ value: town, label: town }))}
          />
          <CheckboxGroup
            meta={fields.clusters}
            legend={t("signup.clusters")}
            hint={t("signup.clustersHint")}
            options={county.clusters.map((c) => ({ value: c, label: c }))}
          />
        </fieldset>
        <p className="declaration">{t("signup.declaration")}</p>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("signup.pending") : t("signup.submit")}
        </button>
        <p className="form-foot">
          {t("signup.haveAccount")} <Link to="/login">{t("signup.toLogin")}</Link>
        </p>
      </Form>
    </section>
  );
}
