import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GiProductForm, giProductInputOf, giProductValuesOf, type GiProductFormValues } from "~/components/gi/product-form";
import { RouteError } from "~/components/route-error";
import { getGiProduct, saveGiProduct } from "~/domain/gi/products.server";
import { can } from "~/domain/identity/policies";
import stylesheet from "~/styles/gi-applications.css";
import { type FieldErrorMap, formErrorsOf, throwErrorPage } from "~/utils/form-errors.server";
import { readForm } from "~/utils/forms.server";
import { giNoticeCookie } from "~/utils/gi-flash.server";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/gi";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "gi.product.form.editMeta");

type ActionData = { errors: FieldErrorMap; values: GiProductFormValues; conflict?: boolean };

/** GOVERNMENT edits a GI product, naming the version it saw (stale → 409, told at the top of the form). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  if (!can(view.actor, "gi.review")) throw new Response("Forbidden", { status: 403 });
  const p = await getGiProduct(view.actor, params.id ?? "").catch(throwErrorPage);
  const values: GiProductFormValues = {
    name: p.name,
    kind: p.kind,
    registrationNumber: p.registrationNumber,
    protectedTowns: [...p.protectedTowns],
    qualityStandard: p.qualityStandard,
    notes: p.notes ?? "",
    certificatePrefix: p.certificatePrefix,
    version: p.version,
  };
  return { id: p.id, name: p.name, values };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  if (!can(view.actor, "gi.review")) throw new Response("Forbidden", { status: 403 });
  const form = await readForm(request);
  try {
    const saved = await saveGiProduct(view.actor, { ...giProductInputOf(form), id: params.id ?? "" });
    return redirect("/gi/products", { headers: { "Set-Cookie": await giNoticeCookie("/gi/products", "gi.products.saved", { name: saved.name }) } });
  } catch (error) {
    const failure = formErrorsOf(error);
    if (!failure) throwErrorPage(error);
    return data<ActionData>({ errors: failure.errors, values: giProductValuesOf(form), conflict: failure.status === 409 }, { status: failure.status });
  }
}

export default function EditGiProduct() {
  const t = useT();
  const { id, name, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="card gi-page">
      <Link to="/gi/products" className="back-link">
        {t("gi.products.back")}
      </Link>
      <h1>{t("gi.product.form.editTitle", { name })}</h1>
      {result?.conflict ? (
        <p className="form-error" role="alert">
          {(result.errors[""] ?? []).join("；")}{" "}
          <Link to={`/gi/products/${id}`} reloadDocument>
            {t("gi.conflict.reload")}
          </Link>
        </p>
      ) : null}
      <GiProductForm key={values.version} values={result?.values ?? values} errors={result?.conflict ? {} : (result?.errors ?? {})} submitLabel={t("gi.product.save")} />
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError messages={{ 403: "gi.products.forbidden" }} />;
}
