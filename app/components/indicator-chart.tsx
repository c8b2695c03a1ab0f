import { displayFigureWithUnit } from "~/domain/indicators/display";
import { daysBetween } from "~/domain/indicators/progress";
import type { IndicatorDetail, SeriesPoint } from "~/domain/indicators/types";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/indicators";
import { TableWrap } from "~/components/table-wrap";

/**
 * An indicator's monthly chart, drawn on the server as SVG (issue 17 §5): the month-end
 * values (solid, today's point hollow), the linear path from the baseline to
 * the target (dashed; none for an annual target) and the target (a horizontal line), over
 * the whole plan period. It carries a title and a description for screen readers, and the
 * same figures as a table. Figures are exact decimal strings; they become JavaScript
 * numbers here only to place them, and every printed figure goes through display.ts.
 */

export type ChartFigure = Pick<IndicatorDetail, "key" | "name" | "unit" | "unitLabel" | "baseline" | "baselineDate" | "target" | "direction" | "pathway" | "asOf" | "value" | "status" | "series">;

// A narrow drawing with large labels: on a 390 px phone it is about 360 px wide and the labels stay readable.
const W = 560;
const H = 260;
const M = { left: 58, right: 14, top: 22, bottom: 30 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;

export function IndicatorChart({ figure: f, plan, table = true, idPrefix = "chart" }: { figure: ChartFigure; plan: { start: string; end: string }; table?: boolean; idPrefix?: string }) {
  const t = useT();
  const show = (value: string | null) => (value === null ? t("ind.card.noValue") : displayFigureWithUnit(f.unit, f.unitLabel, value));
  const id = `${idPrefix}-${f.key}`;
  const annual = f.pathway === "ANNUAL";

  const from = f.baselineDate < plan.start ? f.baselineDate : plan.start;
  const lastDay = f.series.at(-1)?.day ?? f.asOf;
  const to = lastDay > plan.end ? lastDay : plan.end;
  const span = Math.max(1, daysBetween(from, to));
  const x = (day: string) => M.left + (PLOT_W * Math.min(Math.max(daysBetween(from, day), 0), span)) / span;

  const numbers = [f.baseline, f.target, ...f.series.flatMap((p) => [p.value, annual ? null : p.expected])].filter((v): v is string => v !== null).map(Number);
  const ticks = niceTicks(Math.min(...numbers), Math.max(...numbers), f.unit === "COUNT" || f.unit === "PERSONS");
  const low = ticks[0];
  const high = ticks.at(-1) ?? low + 1;
  const y = (value: string | number) => M.top + PLOT_H - (PLOT_H * (Number(value) - low)) / (high - low || 1);

  const segments = valueSegments(f.series);
  const years = yearStarts(from, to);
  const latest = [...f.series].reverse().find((p) => p.value !== null) ?? null;
  const desc = t(annual ? "ind.chart.descAnnual" : "ind.chart.desc", {
    start: from,
    end: plan.end,
    target: show(f.target),
    date: f.asOf,
    value: show(f.value),
    status: t(`ind.status.${f.status}`),
  });

  return (
    <figure className="ind-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="ind-chart-svg" data-testid={`chart-${f.key}`}>
        <title id={`${id}-title`}>{t("ind.chart.title", { name: f.name })}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        <g className="ind-chart-grid" aria-hidden="true">
          {ticks.map((v) => (
            <g key={v}>
              <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} />
              <text x={M.left - 6} y={y(v) + 4} textAnchor="end" className="ind-chart-label">
                {tickLabel(f.unit, v)}
              </text>
            </g>
          ))}
          {years.map((day) => (
            <g key={day}>
              <line x1={x(day)} x2={x(day)} y1={M.top} y2={M.top + PLOT_H} className="ind-chart-year" />
              <text x={x(day) + 3} y={H - 10} className="ind-chart-label">
                {day.slice(0, 4)}
              </text>
            </g>
          ))}
        </g>
        <line x1={M.left} x2={W - M.right} y1={y(f.target)} y2={y(f.target)} className="ind-chart-target" />
        <text x={W - M.right} y={y(f.target) - 5} textAnchor="end" className="ind-chart-label ind-chart-target-label">
          {t("ind.chart.legend.target")} {show(f.target)}
        </text>
        {annual ? null : <line x1={x(f.baselineDate)} y1={y(f.baseline)} x2={x(plan.end)} y2={y(f.target)} className="ind-chart-expected" />}
        {segments.map((points, i) => (
          <polyline key={i} points={points.map((p) => `${x(p.day).toFixed(1)},${y(p.value ?? 0).toFixed(1)}`).join(" ")} className="ind-chart-value" />
        ))}
        {f.series.map((p) =>
          p.value === null ? null : (
            <circle key={`${p.day}-${p.source}`} cx={x(p.day)} cy={y(p.value)} r={p.day === f.asOf ? 5 : 3} className={p.day === f.asOf ? "ind-chart-live" : "ind-chart-point"}>
              <title>{t("ind.chart.point", { day: p.day, value: show(p.value) })}</title>
            </circle>
          )
        )}
      </svg>
      <ul className="ind-chart-legend" aria-hidden="true">
        <li>
          <span className="swatch swatch-value" />
          {t("ind.chart.legend.value")}
        </li>
        <li>
          <span className="swatch swatch-live" />
          {t("ind.chart.legend.live")}
        </li>
        {annual ? null : (
          <li>
            <span className="swatch swatch-expected" />
            {t("ind.chart.legend.expected")}
          </li>
        )}
        <li>
          <span className="swatch swatch-target" />
          {t("ind.chart.legend.target")}
        </li>
      </ul>
      {latest === null ? <p className="muted small">{t("ind.chart.empty")}</p> : null}
      {table ? (
        <figcaption>
          <details>
            <summary>{t("ind.chart.table")}</summary>
            <TableWrap label={t("ind.chart.tableCaption", { name: f.name })}>
              <table className="table ind-table">
                <caption className="sr-only">{t("ind.chart.tableCaption", { name: f.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("ind.chart.col.day")}</th>
                    <th scope="col" className="num">
                      {t("ind.chart.col.value")}
                    </th>
                    <th scope="col" className="num">
                      {t("ind.chart.col.expected")}
                    </th>
                    <th scope="col">{t("ind.chart.col.status")}</th>
                    <th scope="col">{t("ind.chart.col.source")}</th>
                  </tr>
                </thead>
                <tbody>
                  {f.series.map((p) => (
                    <tr key={`${p.day}-${p.source}`}>
                      <th scope="row" className="nowrap">
                        {p.day}
                      </th>
                      <td className="num">{show(p.value)}</td>
                      <td className="num">{show(p.expected)}</td>
                      <td className="nowrap">{t(`ind.status.${p.status}`)}</td>
                      <td className="nowrap">{t(`ind.chart.source.${p.source}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </details>
        </figcaption>
      ) : null}
    </figure>
  );
}

/** Runs of consecutive points with a value: a month without data breaks the line. */
function valueSegments(series: readonly SeriesPoint[]): SeriesPoint[][] {
  const out: SeriesPoint[][] = [];
  let run: SeriesPoint[] = [];
  for (const p of series) {
    if (p.value === null) {
      if (run.length) out.push(run);
      run = [];
    } else run.push(p);
  }
  if (run.length) out.push(run);
  return out;
}

/** 1 January of every year after `from` up to `to`, where the chart draws a year line. */
function yearStarts(from: string, to: string): string[] {
  const out: string[] = [];
  for (let year = Number(from.slice(0, 4)) + (from.slice(5) === "01-01" ? 0 : 1); `${year}-01-01` <= to; year++) out.push(`${year}-01-01`);
  return out;
}

/** About four round steps covering [min, max] (whole steps for counts). */
export function niceTicks(min: number, max: number, whole: boolean): number[] {
  let lo = Number.isFinite(min) ? min : 0;
  let hi = Number.isFinite(max) ? max : 1;
  if (hi <= lo) hi = lo + (whole ? 1 : Math.abs(lo) || 1);
  const raw = (hi - lo) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  let step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
  if (whole) step = Math.max(1, Math.ceil(step));
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 1e6; v += step) ticks.push(Number(v.toFixed(10)));
  return ticks;
}

/** An axis label: short and round ("200万", "0.5%", "1,900"); the exact figures are in the table. */
export function tickLabel(unit: ChartFigure["unit"], value: number): string {
  const trim = (n: number) => String(Number(n.toFixed(4)));
  if (unit === "RATIO") return `${trim(value * 100)}%`;
  if (unit === "YUAN" && Math.abs(value) >= 10_000) return `${group(trim(value / 10_000))}万`;
  return group(trim(value));
}

function group(text: string): string {
  const [int, frac] = text.split(".");
  const sign = int.startsWith("-") ? "-" : "";
  const digits = sign ? int.slice(1) : int;
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${frac ? `.${frac}` : ""}`;
}
