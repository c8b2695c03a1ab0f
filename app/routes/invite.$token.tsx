import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { readForm } from "~/utils/forms.server";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/form-field";
import { acceptInvitation } from "~/domain/identity/accept-invitation.server";
import { findInvitation } from "~/domain/identity/queries.server";
import { acceptInvitationSchema } from "~/domain/identity/schemas";
import stylesheet from "~/styles/identity.css";
import { replyWithDomainError } from "~/utils/form-errors.server";
import { useLocale, useT } from "~/utils/i18n-react";
import { formatDateTime } from "~/utils/format";
import { pageTitle } from "~/utils/messages/identity";
import { requestMetaOf } from "~/utils/rate-limit.server";
import { getSessionView, sessionSetCookie } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invite.meta");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const [invitation, view] = await Promise.all([findInvitation(token), getSessionView(request)]);
  const signedInAs = view ? { email: view.user.email, name: view.user.name } : null;
  // An unknown or used link is a 404 page of its own, with advice rather than a bare error.
  return data({ invitation, signedInAs, path: `/invite/${token}` }, { status: invitation ? 200 : 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const view = await getSessionView(request);
  const submission = parseWithZod(await readForm(request), { schema: acceptInvitationSchema });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  try {
    const current = { actor: view?.actor ?? null, sessionId: view?.sessionId ?? null };
    const { sessionId } = await acceptInvitation(params.token ?? "", submission.value, current, requestMetaOf(request, context));
    return redirect("/home", { headers: { "Set-Cookie": await sessionSetCookie(sessionId) } });
  } catch (error) {
    return replyWithDomainError(submission, error, { hideFields: ["password"] });
  }
}

type AcceptReply = { result: SubmissionResult<string[]> };
type InvitationData = {
  invitation: {
    email: string;
    role: "OWNER" | "MEMBER";
    expiresAt: string;
    org: { name: string; kind: string; status: string };
    invitedBy: string;
    accountExists: boolean;
  } | null;
  signedInAs: { email: string; name: string } | null;
  path: string;
};

export default function AcceptInvitation() {
  const t = useT();
  const locale = useLocale();
  const { invitation, signedInAs, path } = useLoaderData<InvitationData>();
  const actionData = useActionData<AcceptReply>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "POST";
  const [form, fields] = useForm({
    id: "accept-invitation",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: acceptInvitationSchema }),
  });

  if (!invitation) {
    return (
      <section className="card auth-page narrow" data-testid="invitation-gone">
        <h1>{t("invite.gone")}</h1>
        <p className="lead">{t("invite.goneHint")}</p>
        <Link to="/" className="button button-secondary">
          {t("error.backHome")}
        </Link>
      </section>
    );
  }

  const { org } = invitation;
  return (
    <section className="card auth-page">
      <h1>{t("invite.title", { org: org.name })}</h1>
      <p className="lead">
        {t("invite.summary", {
          inviter: invitation.invitedBy,
          email: invitation.email,
          role: t(`role.${invitation.role}`),
          kind: t(`orgKind.${org.kind}`),
          org: org.name,
          expires: formatDateTime(invitation.expiresAt, locale),
        })}
      </p>
      {org.status === "PENDING" ? <p className="notice">{t("invite.orgPending")}</p> : null}
      <FormErrors id={form.errorId} errors={form.errors} />

      {signedInAs && signedInAs.email === invitation.email ? (
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="join" />
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("invite.joining") : t("invite.join")}
          </button>
        </Form>
      ) : signedInAs ? (
        <>
          <p className="notice">{t("invite.wrongAccount", { current: signedInAs.email, email: invitation.email })}</p>
          <Form method="post" action="/logout">
            <input type="hidden" name="redirectTo" value={path} />
            <button type="submit" className="button button-secondary">
              {t("invite.logout")}
            </button>
          </Form>
        </>
      ) : invitation.accountExists ? (
        <>
          <p>{t("invite.loginFirst", { email: invitation.email })}</p>
          <Link to={`/login?redirectTo=${encodeURIComponent(path)}`} className="button">
            {t("invite.toLogin")}
          </Link>
        </>
      ) : (
        <Form method="post" className="stack" {...getFormProps(form)}>
          <p className="muted" style={{ margin: 0 }}>
            {t("invite.registerIntro", { email: invitation.email })}
          </p>
          <input type="hidden" name="intent" value="register" />
          <TextField meta={fields.name} label={t("invite.name")} autoComplete="name" />
          <TextField meta={fields.password} label={t("invite.password")} type="password" autoComplete="new-password" hint={t("signup.passwordHint")} />
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("invite.registering") : t("invite.register")}
          </button>
        </Form>
      )}
    </section>
  );
}
