import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FieldErrors } from "~/components/form-field";
import { IndicatorCard, StatusBadge } from "~/components/indicator-card";
import { RouteError } from "~/components/route-error";
import { getIndicatorOverview } from "~/domain/indicators/compute.server";
import type { IndicatorStatus } from "~/domain/indicators/types";
import { can } from "~/domain/identity/policies";
import type { Actor } from "~/domain/shared/actor";
import { bookToday } from "~/domain/shared/book-dates";
import { DomainError } from "~/domain/shared/errors";
import stylesheet from "~/styles/indicators.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { useT } from "~/utils/i18n-react";
import { INDICATOR_STATUSES } from "~/utils/messages/indicators";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "ind.meta");

/** The figures on `?asOf=`; a bad or future day shows today's, with the reason at the date field. */
async function overviewOn(actor: Actor, asked: string | null) {
  try {
    return { overview: await getIndicatorOverview(actor, { asOf: asked }), asOfError: null };
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== "VALIDATION") throw error;
    return { overview: await getIndicatorOverview(actor, {}), asOfError: error.fieldErrors?.asOf ?? [error.message] };
  }
}

/** GOVERNMENT and PLATFORM (others: 404): every indicator of the plan on a day. */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const asked = new URL(request.url).searchParams.get("asOf");
  const { overview, asOfError } = await overviewOn(view.actor, asked).catch(throwErrorPage);
  return { overview, asked: asked ?? "", asOfError, today: bookToday(), canEnter: can(view.actor, "indicators.enter") };
}

export default function IndicatorsDashboard() {
  const t = useT();
  const { overview: o, asked, asOfError, today, canEnter } = useLoaderData<typeof loader>();
  const query = o.asOf === today ? "" : `?asOf=${o.asOf}`;
  const counts = INDICATOR_STATUSES.map((status) => ({ status, n: o.indicators.filter((f) => f.status === status).length }));
  return (
    <div className="ind-page">
      <section className="card" aria-labelledby="ind-title">
        <div className="ind-head">
          <div>
            <h1 id="ind-title">{t("ind.title")}</h1>
            <p className="muted">{o.plan.title}</p>
            <p>
              <strong data-testid="ind-asof">{t("ind.asOf", { date: o.asOf })}</strong>
            </p>
          </div>
          <Form method="get" className="ind-asof" aria-label={t("ind.asOf.label")}>
            <div className="field">
              <label htmlFor="ind-asof-input">{t("ind.asOf.label")}</label>
              <input
                id="ind-asof-input"
                type="date"
                name="asOf"
                min={o.plan.start}
                max={today}
                defaultValue={asOfError ? asked : o.asOf}
                aria-invalid={asOfError ? true : undefined}
                aria-describedby={asOfError ? "ind-asof-error" : "ind-asof-hint"}
              />
              <span id="ind-asof-hint" className="hint">
                {t("ind.asOf.hint", { start: o.plan.start })}
              </span>
              <FieldErrors id="ind-asof-error" errors={asOfError ?? undefined} />
            </div>
            <button type="submit" className="button button-secondary">
              {t("ind.asOf.submit")}
            </button>
            {o.asOf !== today ? <Link to="/indicators">{t("ind.asOf.today")}</Link> : null}
          </Form>
        </div>
        {asOfError ? (
          <p className="form-error" role="alert">
            {t("ind.asOf.invalid")}
          </p>
        ) : null}
        <h2 className="sr-only">{t("ind.summary")}</h2>
        <ul className="ind-summary" data-testid="ind-summary">
          {counts.map((c) => (
            <li key={c.status}>
              <StatusCount status={c.status} n={c.n} />
            </li>
          ))}
        </ul>
        <nav aria-label={t("ind.actions")}>
          <ul className="ind-actions">
            <li>
              <Link to={`/indicators/report${query}`}>{t("ind.action.report")}</Link>
            </li>
            <li>
              <a href={`/indicators/export.xlsx${query}`}>{t("ind.action.xlsx")}</a>
            </li>
            <li>
              <a href={`/indicators/export.csv${query}`}>{t("ind.action.csv")}</a>
            </li>
            {canEnter ? (
              <li>
                <Link to="/indicators/entries/new">{t("ind.action.enter")}</Link>
              </li>
            ) : null}
          </ul>
        </nav>
      </section>

      <h2 className="sr-only">{t("ind.cards")}</h2>
      <div className="ind-grid">
        {o.indicators.map((f) => (
          <IndicatorCard key={f.key} figure={f} planEnd={o.plan.end} href={`/indicators/${f.key}${query}`} />
        ))}
      </div>

      <section className="card ind-method" aria-labelledby="ind-method-title">
        <h2 id="ind-method-title">{t("ind.method.title")}</h2>
        <p>{t("ind.method.status", { end: o.plan.end })}</p>
        <p>{t("ind.method.forecast", { end: o.plan.end })}</p>
        <p>{t("ind.method.sources")}</p>
      </section>
    </div>
  );
}

function StatusCount({ status, n }: { status: IndicatorStatus; n: number }) {
  const t = useT();
  return (
    <span data-testid={`ind-count-${status}`}>
      <StatusBadge status={status} /> {t("ind.summary.count", { n })}
    </span>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
