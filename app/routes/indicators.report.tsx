import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Forecast, StatusBadge, targetText } from "~/components/indicator-card";
import { IndicatorChart } from "~/components/indicator-chart";
import { RouteError } from "~/components/route-error";
import { county } from "~/domain/identity/county";
import { getIndicatorDetails } from "~/domain/indicators/compute.server";
import { displayFigureWithUnit } from "~/domain/indicators/display";
import type { Actor } from "~/domain/shared/actor";
import { bookToday } from "~/domain/shared/book-dates";
import { DomainError } from "~/domain/shared/errors";
import stylesheet from "~/styles/indicators.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/indicators";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";
import { TableWrap } from "~/components/table-wrap";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "ind.report.meta");

const plan = county.indicatorPlan;

/** Every indicator with its series on `?asOf=` (a bad or future day: today). */
async function detailsOn(actor: Actor, asOf: string | null) {
  const all = (day: string | null) => getIndicatorDetails(actor, { asOf: day });
  try {
    return await all(asOf);
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== "VALIDATION") throw error;
    return all(null);
  }
}

/**
 * The quarterly progress report (issue 17 §5), for GOVERNMENT and PLATFORM (others: 404):
 * a Chinese A4 document of the quarter of `?asOf=` (default today) with the table of the
 * seven indicators, small charts and the sources. Printing hides the app's chrome.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const details = await detailsOn(view.actor, new URL(request.url).searchParams.get("asOf")).catch(throwErrorPage);
  // The report prints figures and series, not the records and entries behind them.
  const indicators = details.map((d) => ({ ...d, records: [], entries: [] }));
  const asOf = indicators[0]?.asOf ?? bookToday();
  const quarter = Math.ceil(Number(asOf.slice(5, 7)) / 3);
  return {
    previousQuarterEnd: quarterEndBefore(asOf), county: county.name, plan: { title: plan.title, start: plan.start, end: plan.end }, asOf, year: Number(asOf.slice(0, 4)), quarter, indicators, today: bookToday() };
}

/** The last day of the quarter before the one `day` is in ("2026-05-10" → "2026-03-31"): the day a quarterly report is usually made for. */
function quarterEndBefore(day: string): string {
  const year = Number(day.slice(0, 4));
  const firstMonth = Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1;
  const [y, m] = firstMonth === 1 ? [year - 1, 12] : [year, firstMonth - 1];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export default function IndicatorReport() {
  const t = useT();
  const r = useLoaderData<typeof loader>();
  const count = (status: string) => r.indicators.filter((f) => f.status === status).length;
  const behind = r.indicators.filter((f) => f.status === "BEHIND").map((f) => f.name);
  return (
    <div className="ind-page">
      <div className="ind-report-tools no-print">
        <Link to={r.asOf === r.today ? "/indicators" : `/indicators?asOf=${r.asOf}`}>{t("ind.report.back")}</Link>
        <Form method="get" className="ind-asof" aria-label={t("ind.asOf.label")}>
          <div className="field">
            <label htmlFor="report-asof">{t("ind.asOf.label")}</label>
            <input id="report-asof" type="date" name="asOf" min={r.plan.start} max={r.today} defaultValue={r.asOf} />
          </div>
          <button type="submit" className="button button-secondary">
            {t("ind.asOf.submit")}
          </button>
          {r.previousQuarterEnd >= r.plan.start ? <Link to={`?asOf=${r.previousQuarterEnd}`}>{t("ind.report.previousQuarter", { date: r.previousQuarterEnd })}</Link> : null}
        </Form>
        <div>
          <button type="button" className="button" onClick={() => window.print()}>
            {t("ind.report.print")}
          </button>
          <p className="muted small">{t("ind.report.printHint")}</p>
        </div>
      </div>
      <article className="ind-report" aria-labelledby="report-title">
        <h1 id="report-title">{t("ind.report.title", { county: r.county, year: r.year, quarter: r.quarter })}</h1>
        <p className="ind-report-meta">
          {t("ind.report.plan", { plan: r.plan.title })}
          <br />
          <span data-testid="ind-asof">{t("ind.report.asOf", { date: r.asOf })}</span>
        </p>

        <h2>{t("ind.report.summary")}</h2>
        <p data-testid="report-summary">
          {t("ind.report.summaryText", { total: r.indicators.length, achieved: count("ACHIEVED"), onTrack: count("ON_TRACK"), behind: count("BEHIND"), noData: count("NO_DATA") })}
          {behind.length ? t("ind.report.behindList", { names: behind.join("、") }) : null}
        </p>

        <h2>{t("ind.report.table")}</h2>
        <TableWrap label={t("ind.report.table")}>
          <table className="table ind-table ind-report-table" data-testid="report-table">
            <thead>
              <tr>
                <th scope="col">{t("ind.report.col.name")}</th>
                <th scope="col" className="num">
                  {t("ind.report.col.baseline")}
                </th>
                <th scope="col" className="num">
                  {t("ind.report.col.target")}
                </th>
                <th scope="col" className="num">
                  {t("ind.report.col.value")}
                </th>
                <th scope="col" className="num">
                  {t("ind.report.col.progress")}
                </th>
                <th scope="col">{t("ind.report.col.status")}</th>
                <th scope="col" className="num">
                  {t("ind.report.col.expected")}
                </th>
                <th scope="col">{t("ind.report.col.forecast")}</th>
              </tr>
            </thead>
            <tbody>
              {r.indicators.map((f) => {
                const show = (v: string) => displayFigureWithUnit(f.unit, f.unitLabel, v);
                return (
                  <tr key={f.key} data-testid={`report-row-${f.key}`}>
                    <th scope="row" className="ind-wide">
                      {f.name}
                    </th>
                    <td className="num">{show(f.baseline)}</td>
                    <td className="num">{targetText(t, f)}</td>
                    <td className="num">{f.value === null ? t("ind.card.noValue") : show(f.value)}</td>
                    <td className="num">{f.progressPercent === null ? "—" : `${f.progressPercent}%`}</td>
                    <td>
                      <StatusBadge status={f.status} />
                    </td>
                    <td className="num">{show(f.expected)}</td>
                    <td className="ind-wide">
                      <Forecast figure={f} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>

        <h2>{t("ind.report.charts")}</h2>
        <div className="ind-report-charts">
          {r.indicators.map((f) => (
            <section key={f.key} className="ind-report-chart" aria-labelledby={`report-chart-${f.key}`}>
              <h3 id={`report-chart-${f.key}`}>{f.name}</h3>
              <IndicatorChart figure={f} plan={r.plan} table={false} idPrefix="report" />
            </section>
          ))}
        </div>

        <h2>{t("ind.report.notes")}</h2>
        <ol className="ind-report-notes">
          {r.indicators.map((f) => (
            <li key={f.key}>
              {t("ind.report.noteValue", {
                name: f.name,
                source: f.valueFrom === "PLATFORM" ? t("ind.report.notePlatform", { n: f.recordCount }) : f.valueFrom === "STATISTIC" ? t("ind.report.noteEntry", { date: f.statisticAsOf ?? "—" }) : t("ind.report.noteNone"),
                statistic: f.statisticValue !== null && f.valueFrom === "PLATFORM" ? t("ind.report.noteStatistic", { value: displayFigureWithUnit(f.unit, f.unitLabel, f.statisticValue), date: f.statisticAsOf ?? "—" }) : "",
              })}{" "}
              <span className="muted">{f.description}</span>
            </li>
          ))}
        </ol>
        <p className="muted small">{t("ind.report.method", { end: r.plan.end })}</p>
        <p className="muted small">{t("ind.report.generated")}</p>
      </article>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
