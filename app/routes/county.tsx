import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { IndicatorCard, StatusBadge } from "~/components/indicator-card";
import { RouteError } from "~/components/route-error";
import { county } from "~/domain/identity/county";
import { getCountyHeadline } from "~/domain/indicators/compute.server";
import stylesheet from "~/styles/indicators.css";
import { useT } from "~/utils/i18n-react";
import { INDICATOR_STATUSES } from "~/utils/messages/indicators";
import { pageTitle } from "~/utils/messages/identity";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, "ind.public.meta"),
  { name: "description", content: `${county.name}知识产权强县建设试点主要指标进展：有效注册商标、高价值发明专利、知识产权质押融资、地理标志专用标志使用企业等。` },
];

/**
 * The county's public page (issue 17 §5), no sign-in: the headline figures of each
 * indicator (value, target, progress, status). No drill-down, no records, no entries.
 */
export async function loader() {
  const headline = await getCountyHeadline();
  return { county: county.name, plan: headline.plan, asOf: headline.asOf, indicators: headline.indicators };
}

export default function CountyPage() {
  const t = useT();
  const { county: name, plan, asOf, indicators } = useLoaderData<typeof loader>();
  return (
    <div className="ind-page">
      <section className="card ind-public-head" aria-labelledby="county-title">
        <h1 id="county-title">{t("ind.public.title", { county: name })}</h1>
        <p>{t("ind.public.intro", { county: name })}</p>
        <p className="muted small">{t("ind.public.plan", { plan: plan.title, start: plan.start, end: plan.end })}</p>
        <p>
          <strong data-testid="ind-asof">{t("ind.asOf", { date: asOf })}</strong>
        </p>
        <ul className="ind-summary">
          {INDICATOR_STATUSES.map((status) => (
            <li key={status}>
              <StatusBadge status={status} /> {t("ind.summary.count", { n: indicators.filter((f) => f.status === status).length })}
            </li>
          ))}
        </ul>
      </section>
      <div className="ind-grid">
        {indicators.map((f) => (
          <IndicatorCard key={f.key} figure={f} planEnd={plan.end} variant="public" />
        ))}
      </div>
      <p className="muted small">{t("ind.public.source")}</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
