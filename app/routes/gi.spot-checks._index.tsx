import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldErrors, FormErrors, PlainField } from "~/components/form-field";
import { RouteError } from "~/components/route-error";
import { proposeSeed } from "~/domain/gi/spot-check-rules";
import { giSpotCheckFormOptions, listGiSpotChecks, openGiSpotCheck } from "~/domain/gi/spot-checks.server";
import { can } from "~/domain/identity/policies";
import stylesheet from "~/styles/gi-spot-checks.css";
import { formErrorsOf, throwErrorPage, type FieldErrorMap } from "~/utils/form-errors.server";
import { readForm } from "~/utils/forms.server";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/gi-spot-checks";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "giSpot.meta");

const FIELDS = ["productId", "year", "share", "seed"] as const;
type Values = Record<(typeof FIELDS)[number], string>;
type ActionData = { errors: FieldErrorMap; values: Values };

/** GOVERNMENT and PLATFORM see every check; GOVERNMENT also gets the form to open one (others: 404). */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const checks = await listGiSpotChecks(view.actor, { pageSize: 100 }).catch(throwErrorPage);
  const form = can(view.actor, "gi.review") ? await giSpotCheckFormOptions(view.actor) : null;
  return { checks: checks.items, form: form ? { ...form, year: form.today.slice(0, 4), seed: proposeSeed() } : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = await readForm(request);
  const values = Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? "")])) as Values;
  try {
    const check = await openGiSpotCheck(view.actor, values);
    return redirect(`/gi/spot-checks/${check.id}?opened=1`);
  } catch (error) {
    const failed = formErrorsOf(error);
    if (!failed) throwErrorPage(error);
    return data<ActionData>({ errors: failed.errors, values }, { status: failed.status });
  }
}

export default function SpotChecks() {
  const t = useT();
  const locale = useLocale();
  const { checks, form } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors ?? {};
  const values: Values = result?.values ?? { productId: "", year: form?.year ?? "", share: "20%", seed: form?.seed ?? "" };
  const formErrors = Object.entries(errors).flatMap(([k, list]) => ((FIELDS as readonly string[]).includes(k) ? [] : list));
  return (
    <div className="spot-page">
      <Link to="/gi" className="back-link">
        {t("giSpot.back")}
      </Link>
      <section className="card">
        <h1>{t("giSpot.title")}</h1>
        <p className="muted">{t("giSpot.intro")}</p>
      </section>

      {form ? (
        <section className="card" aria-labelledby="open-title">
          <h2 id="open-title">{t("giSpot.open.title")}</h2>
          <p className="muted">{t("giSpot.open.intro", { today: form.today })}</p>
          {form.products.length === 0 ? (
            <p className="empty">{t("giSpot.open.noProducts")}</p>
          ) : (
            <Form method="post" noValidate className="spot-form">
              <FormErrors id="open-error" errors={formErrors} />
              <div className="field">
                <label htmlFor="productId">{t("giSpot.open.product")}</label>
                <select id="productId" name="productId" defaultValue={values.productId} required aria-invalid={errors.productId ? true : undefined} aria-describedby={errors.productId ? "productId-error" : undefined}>
                  <option value="">{t("giSpot.open.productPlaceholder")}</option>
                  {form.products.map((p) => (
                    <option key={p.id} value={p.id}>
                      {t("giSpot.open.productOption", { name: p.name, count: p.activeUsers })}
                    </option>
                  ))}
                </select>
                <FieldErrors id="productId-error" errors={errors.productId} />
              </div>
              <div className="form-row">
                <PlainField id="year" name="year" label={t("giSpot.open.year")} inputMode="numeric" maxLength={4} defaultValue={values.year} required errors={errors.year} />
                <PlainField id="share" name="share" label={t("giSpot.open.share")} hint={t("giSpot.open.shareHint")} defaultValue={values.share} required errors={errors.share} />
              </div>
              <PlainField id="seed" name="seed" label={t("giSpot.open.seed")} hint={t("giSpot.open.seedHint")} maxLength={100} defaultValue={values.seed} required autoComplete="off" spellCheck={false} errors={errors.seed} />
              <div className="actions">
                <button type="submit" className="button" disabled={busy}>
                  {t("giSpot.open.submit")}
                </button>
              </div>
            </Form>
          )}
        </section>
      ) : null}

      <section className="card" aria-labelledby="list-title">
        <h2 id="list-title">{t("giSpot.list")}</h2>
        {checks.length === 0 ? (
          <p className="empty">{t("giSpot.empty")}</p>
        ) : (
          <ul className="spot-list">
            {checks.map((c) => (
              <li key={c.id}>
                <Link to={`/gi/spot-checks/${c.id}`}>
                  <strong>{t("giSpot.item.title", { year: c.year, product: c.product.name })}</strong>
                </Link>{" "}
                <span className={`tag ${c.status === "OPEN" ? "tag-warn" : "tag-ok"}`}>{t(`giSpot.status.${c.status}`)}</span>
                {c.progress.overdue ? (
                  <>
                    {" "}
                    <span className="tag tag-danger">{t("giSpot.item.overdue", { count: c.progress.overdue })}</span>
                  </>
                ) : null}
                <p className="muted">{t("giSpot.item.summary", { share: c.sharePercent, population: c.populationSize, sample: c.sampleSize })}</p>
                <p>{t("giSpot.item.progress", c.progress)}</p>
                <p className="muted">{t("giSpot.item.openedAt", { at: formatDateTime(c.openedAt, locale) })}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
