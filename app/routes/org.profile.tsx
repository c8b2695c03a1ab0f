import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldErrors, FormErrors, PlainField } from "~/components/form-field";
import { RouteError } from "~/components/route-error";
import { county } from "~/domain/identity/county";
import { getOrgView } from "~/domain/identity/org-queries.server";
import { PRODUCT_KINDS, updateOrgProfileSchema } from "~/domain/identity/org-schemas";
import { updateOrgProfile } from "~/domain/identity/org-update-profile.server";
import { getSettlementAccount, setSettlementAccount } from "~/domain/identity/settlement-account.server";
import { can } from "~/domain/identity/policies";
import stylesheet from "~/styles/identity.css";
import { type FieldErrorMap, formErrorsOf, throwErrorPage } from "~/utils/form-errors.server";
import { readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import "~/utils/messages/partners";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "orgProfile.meta");

type Values = { name: string; town: string; clusters: string[]; products: string };
type ActionData = { errors: FieldErrorMap; values?: Values; saved?: boolean; intent?: "settlement"; settlementValues?: { bank: string; account: string } };

/** The caller's own org: its OWNER changes name, town, clusters and (banks, insurers) products; everyone else reads. */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const org = await getOrgView(view.actor, view.actor.orgId).catch(throwErrorPage);
  if (org.visibility !== "full") throw new Response("Not Found", { status: 404 });
  // An SME is paid subsidies by the county treasury: where to is its own, not its public profile's.
  const settlement = org.kind === "SME" ? await getSettlementAccount(view.actor) : null;
  return { org, canEdit: can(view.actor, "org.update", { orgId: org.id }), hasProducts: PRODUCT_KINDS.includes(org.kind), settlement };
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = await readForm(request);
  if (form.get("intent") === "settlement") {
    const settlementValues = { bank: String(form.get("bank") ?? ""), account: String(form.get("account") ?? "") };
    try {
      await setSettlementAccount(view.actor, settlementValues);
      return data<ActionData>({ errors: {}, saved: true, intent: "settlement" });
    } catch (error) {
      const failure = formErrorsOf(error);
      if (!failure) throwErrorPage(error);
      return data<ActionData>({ errors: failure.errors, intent: "settlement", settlementValues }, { status: failure.status });
    }
  }
  const values: Values = { name: String(form.get("name") ?? ""), town: String(form.get("town") ?? ""), clusters: form.getAll("clusters").map(String), products: String(form.get("products") ?? "") };
  const products = form.has("products") ? values.products.split(/\r?\n/).map((line) => line.trim()).filter(Boolean) : undefined;
  try {
    const input = updateOrgProfileSchema.parse({ name: values.name, town: values.town || null, clusters: values.clusters, products });
    await updateOrgProfile(view.actor, { ...input, orgId: view.actor.orgId });
    return data<ActionData>({ errors: {}, saved: true });
  } catch (error) {
    const failure = formErrorsOf(error);
    if (!failure) throwErrorPage(error);
    // "products.2" → "products": the textarea shows every line's error under it.
    const errors: FieldErrorMap = {};
    for (const [field, messages] of Object.entries(failure.errors)) (errors[field.split(".")[0]] ??= []).push(...messages);
    return data<ActionData>({ errors, values }, { status: failure.status });
  }
}

export default function OrgProfilePage() {
  const t = useT();
  const { org, canEdit, hasProducts, settlement } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.intent === "settlement" ? {} : (result?.errors ?? {});
  const settlementErrors = result?.intent === "settlement" ? result.errors : {};
  const shown = result?.values ?? { name: org.name, town: org.town ?? "", clusters: org.clusters, products: org.products.join("\n") };
  return (
    <section className="card stack">
      <h1>{t("orgProfile.title")}</h1>
      <p className="muted">{t("orgProfile.intro")}</p>
      <dl className="profile-list">
        <dt>{t("orgProfile.kind")}</dt>
        <dd>{t(`orgKind.${org.kind}`)}</dd>
        <dt>{t("orgProfile.uscc")}</dt>
        <dd className="mono">{org.uscc}</dd>
      </dl>
      {result?.saved ? (
        <p className="notice" role="status">
          {t("orgProfile.saved")}
        </p>
      ) : null}
      {canEdit ? (
        <Form method="post" noValidate key={org.version}>
          <FormErrors id="org-error" errors={errors[""]} />
          <PlainField id="org-name" name="name" label={t("orgProfile.name")} errors={errors.name} defaultValue={shown.name} required maxLength={100} autoComplete="organization" />
          <div className="field">
            <label htmlFor="org-town">{t("orgProfile.town")}</label>
            <select id="org-town" name="town" defaultValue={shown.town} aria-invalid={errors.town ? true : undefined} aria-describedby={errors.town ? "org-town-error" : undefined}>
              <option value="">{t("orgProfile.townNone")}</option>
              {county.towns.map((town) => (
                <option key={town} value={town}>
                  {town}
                </option>
              ))}
            </select>
            <FieldErrors id="org-town-error" errors={errors.town} />
          </div>
          <fieldset className="field checkbox-group" aria-invalid={errors.clusters ? true : undefined} aria-describedby={errors.clusters ? "org-clusters-error" : undefined}>
            <legend>{t("orgProfile.clusters")}</legend>
            <div className="checkbox-options">
              {county.clusters.map((cluster) => (
                <label key={cluster} className="checkbox">
                  <input type="checkbox" name="clusters" value={cluster} defaultChecked={shown.clusters.includes(cluster)} />
                  {cluster}
                </label>
              ))}
            </div>
            <FieldErrors id="org-clusters-error" errors={errors.clusters} />
          </fieldset>
          {hasProducts ? (
            <div className="field">
              <label htmlFor="org-products">{t("orgProfile.products")}</label>
              <textarea id="org-products" name="products" rows={4} defaultValue={shown.products} aria-invalid={errors.products ? true : undefined} aria-describedby={["org-products-hint", errors.products ? "org-products-error" : null].filter(Boolean).join(" ")} />
              <span id="org-products-hint" className="hint">
                {t("orgProfile.productsHint")}
              </span>
              <FieldErrors id="org-products-error" errors={errors.products} />
            </div>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? t("orgProfile.submitting") : t("orgProfile.submit")}
            </button>
          </div>
        </Form>
      ) : (
        <>
          <dl className="profile-list">
            <dt>{t("orgProfile.name")}</dt>
            <dd>{org.name}</dd>
            <dt>{t("orgProfile.town")}</dt>
            <dd>{org.town ?? t("orgProfile.townNone")}</dd>
            <dt>{t("orgProfile.clusters")}</dt>
            <dd>{org.clusters.length ? org.clusters.join("、") : t("orgProfile.townNone")}</dd>
            {hasProducts ? (
              <>
                <dt>{t("orgProfile.products")}</dt>
                <dd>{org.products.length ? org.products.join("、") : t("orgProfile.productsNone")}</dd>
              </>
            ) : null}
          </dl>
          <p className="muted">{t("orgProfile.readOnly")}</p>
        </>
      )}
      {settlement ? (
        <section aria-labelledby="settlement-title" className="stack">
          <h2 id="settlement-title">{t("orgProfile.settlement.title")}</h2>
          <p className="muted">{t("orgProfile.settlement.intro")}</p>
          {canEdit ? (
            <Form method="post" noValidate key={`settlement-${org.version}`}>
              <input type="hidden" name="intent" value="settlement" />
              <FormErrors id="settlement-error" errors={settlementErrors[""]} />
              <PlainField id="settlement-bank" name="bank" label={t("orgProfile.settlement.bank")} hint={t("orgProfile.settlement.bankHint")} errors={settlementErrors.bank} maxLength={60} defaultValue={result?.settlementValues?.bank ?? settlement.bank ?? ""} />
              <PlainField
                id="settlement-account"
                name="account"
                label={t("orgProfile.settlement.account")}
                hint={t("orgProfile.settlement.accountHint")}
                errors={settlementErrors.account}
                inputMode="numeric"
                autoComplete="off"
                defaultValue={result?.settlementValues?.account ?? settlement.account ?? ""}
              />
              <div className="form-actions">
                <button type="submit" className="button" disabled={busy}>
                  {t("orgProfile.settlement.submit")}
                </button>
              </div>
            </Form>
          ) : (
            <dl className="profile-list">
              <dt>{t("orgProfile.settlement.bank")}</dt>
              <dd>{settlement.bank ?? t("orgProfile.settlement.none")}</dd>
              <dt>{t("orgProfile.settlement.account")}</dt>
              <dd className="mono">{settlement.account ?? t("orgProfile.settlement.none")}</dd>
            </dl>
          )}
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
