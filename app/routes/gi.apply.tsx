import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { FieldErrors, FormErrors, PlainField } from "~/components/form-field";
import { RouteError } from "~/components/route-error";
import { applyForGiMark } from "~/domain/gi/apply.server";
import { MAX_GI_EVIDENCE_BYTES, type GiUpload } from "~/domain/gi/evidence.server";
import { listGiProducts } from "~/domain/gi/products.server";
import { DESCRIPTION_MAX } from "~/domain/gi/schemas";
import { can } from "~/domain/identity/policies";
import stylesheet from "~/styles/gi-applications.css";
import { type FieldErrorMap, formErrorsOf, throwErrorPage } from "~/utils/form-errors.server";
import { readFormWithFile } from "~/utils/forms.server";
import { giNoticeCookie } from "~/utils/gi-flash.server";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/gi";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "gi.apply.meta");

/** Each evidence file (PDF/JPG/PNG) is at most this large; the domain checks the bytes. */
const MAX_EVIDENCE_BYTES = MAX_GI_EVIDENCE_BYTES;
const TEXT_FIELDS = ["productId", "productionAddress", "town", "annualOutputKg", "description"] as const;
type Values = Record<(typeof TEXT_FIELDS)[number], string> & { commitment: boolean };
type ActionData = { errors: FieldErrorMap; values: Values };

function requireApplicant(actor: Parameters<typeof can>[0]) {
  if (!actor || !can(actor, "gi.apply", { orgId: actor.orgId })) throw new Response("Forbidden", { status: 403 });
}

/** An SME applies to use a product's special mark; `?productId=` preselects the product. */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  requireApplicant(view.actor);
  const products = await listGiProducts(view.actor).catch(throwErrorPage);
  const wanted = new URL(request.url).searchParams.get("productId") ?? "";
  return {
    products: products.map((p) => ({ id: p.id, name: p.name, kind: p.kind, registrationNumber: p.registrationNumber, protectedTowns: p.protectedTowns, qualityStandard: p.qualityStandard, isDemo: p.isDemo })),
    productId: products.some((p) => p.id === wanted) ? wanted : products.length === 1 ? products[0].id : "",
    applicant: { name: view.org.name, uscc: view.orgProfile.uscc },
  };
}

/** Where the use case's errors about files belong: the file input. */
const fieldOf = (key: string) => (/^(files?|evidence)(\.|$)/.test(key) ? "evidence" : key === "version" ? "" : key);

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  requireApplicant(view.actor);
  let form: FormData;
  try {
    form = await readFormWithFile(request, { fileField: "evidence", maxFileBytes: MAX_EVIDENCE_BYTES });
  } catch (error) {
    // A file over 10 MB is refused while it streams: say so at the file input (the other fields are lost with the body).
    if (error instanceof Response && error.status === 413) {
      const values = { productId: "", productionAddress: "", town: "", annualOutputKg: "", description: "", commitment: false };
      return data<ActionData>({ errors: { evidence: ["gi.field.tooLarge"] }, values }, { status: 413 });
    }
    throw error;
  }
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const values = { ...(Object.fromEntries(TEXT_FIELDS.map((f) => [f, text(f)])) as Record<(typeof TEXT_FIELDS)[number], string>), commitment: text("commitment") === "on" };
  const files: GiUpload[] = [];
  for (const f of form.getAll("evidence")) if (f instanceof File && f.size > 0) files.push({ bytes: new Uint8Array(await f.arrayBuffer()), name: f.name, type: f.type || null });
  try {
    const state = await applyForGiMark(view.actor, { ...values, commitment: values.commitment ? "on" : undefined }, files);
    const product = (await listGiProducts(view.actor)).find((p) => p.id === values.productId)?.name ?? "";
    const to = `/gi/applications/${state.id}`;
    return redirect(to, { headers: { "Set-Cookie": await giNoticeCookie(to, "gi.notice.applied", { product }) } });
  } catch (error) {
    const failure = formErrorsOf(error);
    if (!failure) throwErrorPage(error);
    const errors: FieldErrorMap = {};
    for (const [k, v] of Object.entries(failure.errors)) (errors[fieldOf(k)] ??= []).push(...v);
    return data<ActionData>({ errors, values }, { status: failure.status });
  }
}

export default function GiApply() {
  const t = useT();
  const { products, productId: initial, applicant } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = result?.values;
  const errors = result?.errors ?? {};
  const [productId, setProductId] = useState(values?.productId || initial);
  const product = products.find((p) => p.id === productId) ?? null;
  const count = Object.values(errors).filter((e) => e.length).length;
  const describedBy = (name: string, hint: boolean) => [hint ? `ga-${name}-hint` : null, errors[name]?.length ? `ga-${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const invalid = (name: string) => (errors[name]?.length ? true : undefined);
  return (
    <section className="card gi-page">
      <Link to="/gi" className="back-link">
        {t("gi.apply.back")}
      </Link>
      <h1>{t("gi.apply.title")}</h1>
      <p className="muted">{t("gi.apply.intro")}</p>
      <p>{t("gi.apply.applicant", applicant)}</p>
      {products.length === 0 ? (
        <p className="empty">{t("gi.apply.noProducts")}</p>
      ) : (
        <Form method="post" encType="multipart/form-data" className="gi-form plain" noValidate aria-label={t("gi.apply.title")}>
          {count > 0 ? <FormErrors id="ga-form-error" errors={errors[""]?.length ? errors[""] : ["gi.apply.fix"]} params={{ n: count }} /> : null}
          <div className="field">
            <label htmlFor="ga-productId">{t("gi.field.product")}</label>
            <select id="ga-productId" name="productId" value={productId} onChange={(e) => setProductId(e.target.value)} required aria-invalid={invalid("productId")} aria-describedby={describedBy("productId", false)}>
              <option value="">{t("gi.field.choose")}</option>
              {products.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}（{t(`gi.kind.${p.kind}`)}）{p.isDemo ? ` · ${t("gi.demo")}` : ""}
                </option>
              ))}
            </select>
            <FieldErrors id="ga-productId-error" errors={errors.productId} />
          </div>
          {product ? (
            <div className="gi-product-box" aria-live="polite">
              <p>
                <strong>{t("gi.field.area")}：</strong>
                {product.protectedTowns.join("、")}
              </p>
              <p>
                <strong>{t("gi.field.standard")}：</strong>
                {product.qualityStandard}
              </p>
              <p>
                <strong>{t("gi.field.registration")}：</strong>
                <span className="mono">{product.registrationNumber}</span>
              </p>
            </div>
          ) : null}
          <PlainField
            id="ga-productionAddress"
            name="productionAddress"
            label={t("gi.field.address")}
            hint={t("gi.field.addressHint")}
            errors={errors.productionAddress}
            defaultValue={values?.productionAddress}
            maxLength={200}
            autoComplete="street-address"
            required
          />
          <div className="form-row">
            <div className="field">
              <label htmlFor="ga-town">{t("gi.field.town")}</label>
              <select id="ga-town" name="town" key={productId} defaultValue={values?.productId === productId ? values?.town : ""} required aria-invalid={invalid("town")} aria-describedby={describedBy("town", true)}>
                <option value="">{t("gi.field.choose")}</option>
                {(product?.protectedTowns ?? []).map((town) => (
                  <option key={town} value={town}>
                    {town}
                  </option>
                ))}
              </select>
              <span id="ga-town-hint" className="hint">
                {t("gi.field.townHint")}
              </span>
              <FieldErrors id="ga-town-error" errors={errors.town} />
            </div>
            <PlainField
              id="ga-annualOutputKg"
              name="annualOutputKg"
              label={t("gi.field.output")}
              hint={t("gi.field.outputHint")}
              errors={errors.annualOutputKg}
              defaultValue={values?.annualOutputKg}
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="ga-description">{t("gi.field.description")}</label>
            <textarea
              id="ga-description"
              name="description"
              rows={5}
              maxLength={DESCRIPTION_MAX}
              defaultValue={values?.description}
              required
              aria-invalid={invalid("description")}
              aria-describedby={describedBy("description", true)}
            />
            <span id="ga-description-hint" className="hint">
              {t("gi.field.descriptionHint")}
            </span>
            <FieldErrors id="ga-description-error" errors={errors.description} />
          </div>
          <PlainField id="ga-evidence" name="evidence" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" label={t("gi.field.evidence")} hint={t("gi.field.evidenceHint")} errors={errors.evidence} />
          <div className="field">
            <label className="gi-check" htmlFor="ga-commitment">
              <input type="checkbox" id="ga-commitment" name="commitment" defaultChecked={values?.commitment} required aria-invalid={invalid("commitment")} aria-describedby={describedBy("commitment", false)} />
              <span>{t("gi.field.commitment")}</span>
            </label>
            <FieldErrors id="ga-commitment-error" errors={errors.commitment} />
          </div>
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? t("gi.apply.submitting") : t("gi.apply.submit")}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError messages={{ 403: "gi.apply.notAllowed" }} />;
}
