import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { readForm } from "~/utils/forms.server";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrors, SelectField, TextField } from "~/components/form-field";
import { inviteMember } from "~/domain/identity/invite-member.server";
import { listMembers } from "~/domain/identity/queries.server";
import { inviteMemberSchema } from "~/domain/identity/schemas";
import stylesheet from "~/styles/identity.css";
import { replyWithDomainError, throwErrorPage } from "~/utils/form-errors.server";
import { useLocale, useT } from "~/utils/i18n-react";
import { formatDateTime } from "~/utils/format";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";
import { TableWrap } from "~/components/table-wrap";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "members.meta");

/** Own org by default; platform operators may look at any org with ?orgId= (others get 404). */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const orgId = new URL(request.url).searchParams.get("orgId") || view.actor.orgId;
  return listMembers(view.actor, orgId).catch(throwErrorPage);
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const submission = parseWithZod(await readForm(request), { schema: inviteMemberSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), invited: null }, { status: 400 });
  try {
    const invitation = await inviteMember(view.actor, submission.value);
    const invited = {
      email: submission.value.email,
      link: new URL(invitation.path, request.url).toString(),
      inviteeHasAccount: invitation.inviteeHasAccount,
    };
    return data({ result: submission.reply({ resetForm: true }), invited });
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
}

type InviteReply = { result: SubmissionResult<string[]>; invited?: { email: string; link: string; inviteeHasAccount: boolean } | null };

export default function Members() {
  const t = useT();
  const locale = useLocale();
  const { org, members, invitations, canInvite } = useLoaderData<typeof loader>();
  const actionData = useActionData<InviteReply>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "POST";
  const [form, fields] = useForm({
    id: "invite",
    lastResult: actionData?.result,
    defaultValue: { role: "MEMBER" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteMemberSchema }),
  });

  return (
    <>
      <h1>
        {t("members.title")} · {org.name}
      </h1>
      <p className="muted">{t("members.roleHint")}</p>

      <h2>{t("members.members", { count: members.length })}</h2>
      <TableWrap label={t("members.members", { count: members.length })}>
        <table className="table" data-testid="members">
          <thead>
            <tr>
              <th scope="col">{t("members.name")}</th>
              <th scope="col">{t("members.email")}</th>
              <th scope="col">{t("members.role")}</th>
              <th scope="col">{t("members.joinedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>{t(`role.${m.role}`)}</td>
                <td>{formatDateTime(m.joinedAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      {canInvite ? (
        <>
          <h2>{t("members.invite")}</h2>
          <section className="card">
            <p className="muted">{t("members.inviteIntro")}</p>
            {actionData?.invited ? (
              <div className="notice" role="status" data-testid="invitation-created">
                <p style={{ margin: 0 }}>{t("members.invited", { email: actionData.invited.email })}</p>
                <p className="secret invite-link" data-testid="invitation-link">
                  {actionData.invited.link}
                </p>
                {actionData.invited.inviteeHasAccount ? <p style={{ margin: 0 }}>{t("members.invitedHasAccount")}</p> : null}
              </div>
            ) : null}
            <Form method="post" className="stack" {...getFormProps(form)}>
              <FormErrors id={form.errorId} errors={form.errors} />
              <TextField meta={fields.email} label={t("members.inviteEmail")} type="email" autoComplete="off" />
              <SelectField
                meta={fields.role}
                label={t("members.inviteRole")}
                options={(["MEMBER", "OWNER"] as const).map((r) => ({ value: r, label: t(`role.${r}`) }))}
              />
              <div>
                <button type="submit" className="button" disabled={busy}>
                  {busy ? t("members.inviting") : t("members.inviteSubmit")}
                </button>
              </div>
            </Form>
          </section>

          <h2>{t("members.pending", { count: invitations.length })}</h2>
          {invitations.length ? (
            <TableWrap label={t("members.pending", { count: invitations.length })}>
              <table className="table" data-testid="invitations">
                <thead>
                  <tr>
                    <th scope="col">{t("members.email")}</th>
                    <th scope="col">{t("members.role")}</th>
                    <th scope="col">{t("members.invitedBy")}</th>
                    <th scope="col">{t("members.expiresAt")}</th>
                  </tr>
                </thead>
                <tbody>
                  {invitations.map((i) => (
                    <tr key={i.id}>
                      <td>{i.email}</td>
                      <td>{t(`role.${i.role}`)}</td>
                      <td>{i.invitedBy}</td>
                      <td>{formatDateTime(i.expiresAt, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : (
            <p className="empty card">{t("members.noPending")}</p>
          )}
        </>
      ) : null}
    </>
  );
}
