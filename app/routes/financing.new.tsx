import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readForm } from "~/utils/forms.server";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment, useState } from "react";
import { FieldErrors } from "~/components/form-field";
import { RouteError } from "~/components/route-error";
import { createPledgeApplication } from "~/domain/financing/create-pledge-application.server";
import { estimatedLoanCap, type DeclaredAsset } from "~/domain/financing/loan-terms";
import { financingRulesInForce, listFinancingPartners } from "~/domain/financing/queries.server";
import { patentTypeFromApplicationNumber } from "~/domain/patents/application-number";
import { Money } from "~/domain/shared/money";
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
  const [partners, rules] = await Promise.all([listFinancingPartners(), financingRulesInForce()]);
  // The certificate holder of an asset declared by number is, as a rule, the SME itself.
  return { ...partners, maxPledgeRates: rules.maxPledgeRates, policyRef: rules.policyRef, holder: { name: view.org.name, uscc: view.orgProfile.uscc } };
}

/** The form's fields as the shared schema reads them: filled asset rows only. */
function inputOf(form: FormData) {
  const assets = Array.from({ length: ASSET_ROWS }, (_, i) => ({
    kind: String(form.get(`assets.${i}.kind`) ?? "PATENT"),
    number: String(form.get(`assets.${i}.number`) ?? "").trim(),
    title: String(form.get(`assets.${i}.title`) ?? "").trim(),
    holderName: String(form.get(`assets.${i}.holderName`) ?? "").trim(),
    holderUscc: String(form.get(`assets.${i}.holderUscc`) ?? "").trim(),
  }))
    .filter((a) => a.number || a.title)
    .map(({ kind, number, title, holderName, holderUscc }) => (kind === "PATENT" ? { kind, applicationNumber: number, title, holderName, holderUscc } : { kind, registrationNumber: number, title, holderName, holderUscc }));
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
  const { banks, insurers, maxPledgeRates, policyRef, holder } = useLoaderData<typeof loader>();
  // The estimate follows what is typed; the declared values are not part of the application.
  const [estimate, setEstimate] = useState<Money | null>(null);
  const onFormChange = (form: HTMLFormElement) => setEstimate(estimateOf(new FormData(form), maxPledgeRates));
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
    <section className="card fin-form">
      <h1>{t("fin.form.title")}</h1>
      <p className="muted">{t("fin.form.intro")}</p>
      <Form method="post" noValidate onChange={(e) => onFormChange(e.currentTarget)}>
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
                <th scope="col">{t("fin.field.assetValue")}</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: ASSET_ROWS }, (_, i) => (
                <Fragment key={i}>
                  <tr>
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
                      <input name={`assets.${i}.number`} placeholder={t("fin.field.assetNumber")} aria-label={`${t("fin.field.assetNumber")} ${i + 1}`} aria-invalid={errors[`assets.${i}`] ? true : undefined} />
                    </td>
                    <td>
                      <input name={`assets.${i}.title`} placeholder={t("fin.field.assetTitle")} aria-label={`${t("fin.field.assetTitle")} ${i + 1}`} />
                      <FieldErrors id={`assets-${i}-error`} errors={errors[`assets.${i}`]} />
                    </td>
                    <td>
                      <input name={`declared.${i}`} inputMode="decimal" placeholder={t("fin.field.assetValue")} aria-label={`${t("fin.field.assetValue")} ${i + 1}`} />
                    </td>
                  </tr>
                  <tr className="fin-holder-row">
                    <td colSpan={4}>
                      <div className="fin-asset-holder">
                        <label>
                          {t("fin.field.holderName")}
                          <input name={`assets.${i}.holderName`} aria-label={`${t("fin.field.holderName")}（${i + 1}）`} defaultValue={holder.name} />
                        </label>
                        <label>
                          {t("fin.field.holderUscc")}
                          <input name={`assets.${i}.holderUscc`} aria-label={`${t("fin.field.holderUscc")}（${i + 1}）`} defaultValue={holder.uscc} />
                        </label>
                      </div>
                    </td>
                  </tr>
                </Fragment>
              ))}
            </tbody>
          </table>
          <FieldErrors id="assets-error" errors={errors.assets} />
          <div className="fin-estimate" aria-live="polite" data-testid="loan-estimate">
            <div>{t("fin.estimate.title")}</div>
            {estimate ? (
              <>
                <strong>{estimate.format()}</strong> <span className="muted">{t("fin.estimate.basis", { policy: policyRef })}</span>
              </>
            ) : (
              <span className="muted">{t("fin.estimate.none")}</span>
            )}
          </div>
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

/** The estimate from the form as typed: each row's kind, its patent type from the application number, its declared value. */
function estimateOf(form: FormData, maxPledgeRates: Parameters<typeof estimatedLoanCap>[2]["maxPledgeRates"]): Money | null {
  const rows = Array.from({ length: ASSET_ROWS }, (_, i): DeclaredAsset => {
    const kind = String(form.get(`assets.${i}.kind`) ?? "PATENT") as DeclaredAsset["kind"];
    const type = kind === "PATENT" ? patentTypeFromApplicationNumber(String(form.get(`assets.${i}.number`) ?? "")) : null;
    return { kind, patentType: type?.ok ? type.value : null, declaredValue: String(form.get(`declared.${i}`) ?? "") };
  });
  return estimatedLoanCap(rows, String(form.get("requestedAmount") ?? ""), { maxPledgeRates });
}

export function ErrorBoundary() {
  return <RouteError />;
}
