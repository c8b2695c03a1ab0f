import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { readForm } from "~/utils/forms.server";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/react";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { CheckboxGroup, FieldErrors, FormErrors, TextField } from "~/components/form-field";
import { RouteError } from "~/components/route-error";
import { can } from "~/domain/identity/policies";
import { county } from "~/domain/identity/county";
import { createNeed } from "~/domain/matching/needs.server";
import { HOLDER_KIND_LABELS, HOLDER_KINDS } from "~/domain/patents/labels";
import { needInputSchema } from "~/domain/patents/schemas";
import stylesheet from "~/styles/needs.css";
import { replyWithDomainError } from "~/utils/form-errors.server";
import { useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import "~/utils/messages/needs";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "needs.form.meta");

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  if (!can(view.actor, "need.manage", { orgId: view.actor.orgId })) throw new Response("Not Found", { status: 404 });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const submission = parseWithZod(await readForm(request), { schema: needInputSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const need = await createNeed(view.actor, submission.value);
    return redirect(`/needs/${need.id}`);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
}

export default function NewNeed() {
  const t = useT();
  const lastResult = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "need",
    lastResult,
    defaultValue: { subscribe: "on" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: needInputSchema }),
  });
  return (
    <section className="card narrow">
      <h1>{t("needs.form.title")}</h1>
      <p className="muted">{t("needs.form.intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.title} label={t("needs.field.title")} hint={t("needs.field.titleHint")} />
        <div className="field">
          <label htmlFor={fields.description.id}>{t("needs.field.description")}</label>
          <textarea {...getTextareaProps(fields.description, { ariaDescribedBy: fields.description.descriptionId })} rows={6} />
          <div id={fields.description.descriptionId} className="hint">
            {t("needs.field.descriptionHint")}
          </div>
          <FieldErrors id={fields.description.errorId} errors={fields.description.errors} />
        </div>
        <TextField meta={fields.ipcHints as never} label={t("needs.field.ipcHints")} hint={t("needs.field.ipcHintsHint")} />
        <CheckboxGroup meta={fields.clusters as never} legend={t("needs.field.clusters")} options={county.clusters.map((c) => ({ value: c, label: c }))} />
        <TextField meta={fields.budgetMax as never} label={t("needs.field.budgetMax")} hint={t("needs.field.budgetMaxHint")} />
        <CheckboxGroup
          meta={fields.preferredHolderKinds as never}
          legend={t("needs.field.holderKinds")}
          options={HOLDER_KINDS.map((k) => ({ value: k, label: HOLDER_KIND_LABELS[k] }))}
        />
        <label className="checkbox">
          <input type="checkbox" name={fields.subscribe.name} defaultChecked={fields.subscribe.initialValue === "on"} />
          {t("needs.field.subscribe")}
        </label>
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("needs.submitting") : t("needs.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
