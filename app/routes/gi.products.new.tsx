import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { EMPTY_GI_PRODUCT, GiProductForm, giProductInputOf, giProductValuesOf, type GiProductFormValues } from "~/components/gi/product-form";
import { RouteError } from "~/components/route-error";
import { saveGiProduct } from "~/domain/gi/products.server";
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
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "gi.product.form.newMeta");

type ActionData = { errors: FieldErrorMap; values: GiProductFormValues };

/** GOVERNMENT adds a GI product (anyone else: 403). */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  if (!can(view.actor, "gi.review")) throw new Response("Forbidden", { status: 403 });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  if (!can(view.actor, "gi.review")) throw new Response("Forbidden", { status: 403 });
  const form = await readForm(request);
  try {
    const saved = await saveGiProduct(view.actor, giProductInputOf(form));
    return redirect("/gi/products", { headers: { "Set-Cookie": await giNoticeCookie("/gi/products", "gi.products.created", { name: saved.name }) } });
  } catch (error) {
    const failure = formErrorsOf(error);
    if (!failure) throwErrorPage(error);
    return data<ActionData>({ errors: failure.errors, values: giProductValuesOf(form) }, { status: failure.status });
  }
}

export default function NewGiProduct() {
  const t = useT();
  const result = useActionData<typeof action>();
  return (
    <section className="card gi-page">
      <Link to="/gi/products" className="back-link">
        {t("gi.products.back")}
      </Link>
      <h1>{t("gi.product.form.newTitle")}</h1>
      <GiProductForm values={result?.values ?? EMPTY_GI_PRODUCT} errors={result?.errors ?? {}} submitLabel={t("gi.product.create")} />
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError messages={{ 403: "gi.products.forbidden" }} />;
}
