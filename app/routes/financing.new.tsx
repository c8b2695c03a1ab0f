import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readForm } from "~/utils/forms.server";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldErrors } from "~/components/form-field";
import { RouteError } from "~/components/route-error";
import { createPledgeApplication } from "~/domain/financing/create-pledge-application.server";
import { listFinancingPartners } from "~/domain/financing/queries.server";
import { pledgeApplicationInputSchema } from "~/domain/financing/schemas";
import { can } from "~/domain/identity/policies";
import { DomainError } from "~/domain/shared/errors";
import stylesheet from "~/styles/financing.css";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/financing";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "fin.form.meta");

const ASSET_ROWS = 3;
const KINDS = ["PATENT", "TRADEMARK", "GI_MARK"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  if (!can(view.actor, "pledge.apply", { orgId: view.actor.orgId })) throw new Response("Not Found", { status: 404 });
  return listFinancingPartners();
}

/** The form's fields as the shared schema reads them: filled asset rows only. */
function inputOf(form: FormData) {
  const assets = Array.from({ length: ASSET_ROWS }, (_, i) => ({
    kind: String(form.get(`assets.${i}.kind`) ?? "PATENT"),
    number: String(form.get(`assets.${i}.number`) ?? "").trim(),
    title: String(form.get(`assets.${i}.title`) ?? "").trim(),
  }))
    .filter((a) => a.number || a.title)
    .map((a) => (a.kind === "PATENT" ? { kind: a.kind, applicationNumber: a.number, title: a.title } : { kind: a.kind, registrationNumber: a.number, title: a.title }));
  return {
    bankId: String(form.get("bankId") ?? ""),
    insurerId: String(form.get("insurerId") ?? ""),
    requestedAmount: String(form.get("requestedAmount") ?? ""),
    termMonths: String(form.get("termMonths") ?? ""),
    purpose: String(form.get("purpose") ?? ""),
    assets,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const parsed = pledgeApplicationInputSchema.safeParse(inputOf(await readForm(request)));
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[issue.path.slice(0, 2).join(".")] ??= []).push(issue.message);
    return data({ errors }, { status: 400 });
  }
  try {
    const created = await createPledgeApplication(view.actor, parsed.data);
    return redirect(`/financing/${created.id}`);
  } catch (error) {
    if (error instanceof DomainError) return data({ errors: error.fieldErrors ?? { "": [error.message] } }, { status: 400 });
    throw error;
  }
}

export default function NewApplication() {
  const t = useT();
  const { banks, insurers } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  const field = (name: string, label: string, input: JSX.Element, hint?: string) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {input}
      {hint ? (
        <div id={`${name}-hint`} className="hint">
          {hint}
        </div>
      ) : null}
      <FieldErrors id={`${name}-error`} errors={errors[name]} />
    </div>
  );
  const aria = (name: string) => ({ id: name, name, "aria-invalid": errors[name] ? true : undefined, "aria-describedby": errors[name] ? `${name}-error` : undefined });
  return (
    <section className="card narrow">
      <h1>{t("fin.form.title")}</h1>
      <p className="muted">{t("fin.form.intro")}</p>
      <Form method="post" noValidate>
        <FieldErrors id="form-error" errors={errors[""]} />
        <div className="fin-grid">
          {field(
            "bankId",
            t("fin.field.bank"),
            <select {...aria("bankId")} required>
              <option value="">{t("fin.field.choose")}</option>
              {banks.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>,
          )}
          {field(
            "insurerId",
            t("fin.field.insurer"),
            <select {...aria("insurerId")} required>
              <option value="">{t("fin.field.choose")}</option>
              {insurers.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>,
          )}
          {field("requestedAmount", t("fin.field.amount"), <input {...aria("requestedAmount")} inputMode="decimal" required />, t("fin.field.amountHint"))}
          {field("termMonths", t("fin.field.term"), <input {...aria("termMonths")} type="number" min={1} max={36} defaultValue={12} required />)}
        </div>
        {field("purpose", t("fin.field.purpose"), <textarea {...aria("purpose")} rows={2} required />)}
        <fieldset>
          <legend>{t("fin.field.assets")}</legend>
          <p className="hint">{t("fin.field.assetsHint")}</p>
          <table className="fin-assets">
            <thead>
              <tr>
                <th scope="col">{t("fin.field.assetKind")}</th>
                <th scope="col">{t("fin.field.assetNumber")}</th>
                <th scope="col">{t("fin.field.assetTitle")}</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: ASSET_ROWS }, (_, i) => (
                <tr key={i}>
                  <td>
                    <select name={`assets.${i}.kind`} aria-label={`${t("fin.field.assetKind")} ${i + 1}`} defaultValue="PATENT">
                      {KINDS.map((k) => (
                        <option key={k} value={k}>
                          {t(`fin.kind.${k}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input name={`assets.${i}.number`} aria-label={`${t("fin.field.assetNumber")} ${i + 1}`} aria-invalid={errors[`assets.${i}`] ? true : undefined} />
                  </td>
                  <td>
                    <input name={`assets.${i}.title`} aria-label={`${t("fin.field.assetTitle")} ${i + 1}`} />
                    <FieldErrors id={`assets-${i}-error`} errors={errors[`assets.${i}`]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <FieldErrors id="assets-error" errors={errors.assets} />
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("fin.submitting") : t("fin.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
