import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { displayFigureWithUnit } from "~/domain/indicators/display";
import { reached } from "~/domain/indicators/progress";
import type { IndicatorFigure, IndicatorStatus } from "~/domain/indicators/types";
import { Ratio } from "~/domain/shared/money";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/indicators";

/**
 * One indicator at a glance (issue 17 §5): value, baseline → target, a progress bar with
 * the day's expected position, and the status in words and a symbol as well as colour.
 * `full` adds the expected value, the forecast, both sources when both exist, the annual
 * inputs or the per-capita count, and the link to the details; `public` (/county) shows
 * the headline figures only.
 */

const SYMBOL: Record<IndicatorStatus, string> = { ACHIEVED: "✔", ON_TRACK: "●", BEHIND: "▼", NO_DATA: "○" };

export function StatusBadge({ status, testId }: { status: IndicatorStatus; testId?: string }) {
  const t = useT();
  return (
    <span className={`ind-status ind-status-${status}`} title={t(`ind.statusHelp.${status}`)} data-testid={testId}>
      <span aria-hidden="true">{SYMBOL[status]}</span> {t(`ind.status.${status}`)}
    </span>
  );
}

/** "≥ 1,900 件" (or "每年 ≥ 0.50%" for an annual share). */
export function targetText(t: ReturnType<typeof useT>, f: Pick<IndicatorFigure, "unit" | "unitLabel" | "target" | "direction" | "pathway">): string {
  const value = displayFigureWithUnit(f.unit, f.unitLabel, f.target);
  return f.pathway === "ANNUAL" ? t("ind.card.targetAnnual", { value }) : t(`ind.card.targetValue.${f.direction}`, { value });
}

/** Where the expected value of the day sits on the bar, in percent (null when the bar has no such mark). */
function expectedPercent(f: IndicatorFigure): number | null {
  if (f.pathway === "ANNUAL") return null;
  const baseline = Ratio.parseDecimal(f.baseline);
  const span = Ratio.parseDecimal(f.target).minus(baseline);
  if (span.isZero()) return null;
  // A number only to place the mark and print it with one decimal, as progressPercent is.
  const share = Number(Ratio.parseDecimal(f.expected).minus(baseline).dividedBy(span).times(Ratio.of(100)).toFixed(1));
  return Math.min(100, Math.max(0, share));
}

export function IndicatorCard({ figure: f, planEnd, href, variant = "full", heading: Heading = "h2" }: { figure: IndicatorFigure; planEnd: string; href?: string; variant?: "full" | "public"; heading?: "h1" | "h2" }) {
  const t = useT();
  const show = (value: string) => displayFigureWithUnit(f.unit, f.unitLabel, value);
  const nameId = `ind-${f.key}-name`;
  const percent = f.progressPercent;
  const expected = expectedPercent(f);
  const full = variant === "full";
  return (
    <article className={`card ind-card ind-card-${f.status}`} aria-labelledby={nameId} data-testid={`ind-card-${f.key}`}>
      <header className="ind-card-head">
        <Heading id={nameId} className="ind-card-name">
          {href ? <Link to={href}>{f.name}</Link> : f.name}
        </Heading>
        <StatusBadge status={f.status} testId={`ind-status-${f.key}`} />
      </header>
      <p className="ind-value">
        <span className="sr-only">{t("ind.card.value")}：</span>
        <span data-testid={`ind-value-${f.key}`}>{f.value === null ? t("ind.card.noValue") : show(f.value)}</span>
      </p>
      <dl className="ind-facts">
        <Fact label={t("ind.card.baseline")}>{t("ind.card.baselineValue", { value: show(f.baseline), date: f.baselineDate })}</Fact>
        <Fact label={t("ind.card.target")}>{targetText(t, f)}</Fact>
      </dl>
      <div className="ind-progress">
        <p className="ind-progress-text">{percent === null ? t("ind.card.progressNone") : t("ind.card.progress", { percent })}</p>
        {expected !== null ? <p className="ind-progress-expected muted small">{t("ind.card.progressExpected", { percent: expected.toFixed(1) })}</p> : null}
        <div className={`ind-bar ind-bar-${f.status}`} aria-hidden="true">
          <span className="ind-bar-fill" style={{ width: `${percent ?? 0}%` }} />
          {expected !== null ? <span className="ind-bar-expected" style={{ left: `${expected}%` }} /> : null}
        </div>
      </div>
      {full ? (
        <>
          <dl className="ind-facts">
            <Fact label={f.pathway === "ANNUAL" ? t("ind.card.expectedAnnual") : t("ind.card.expected", { date: f.asOf })}>{show(f.expected)}</Fact>
            <Fact label={t("ind.card.forecast", { date: planEnd })}>
              <Forecast figure={f} />
            </Fact>
            {f.platformValue !== null && f.statisticValue !== null ? (
              <>
                <Fact label={t("ind.card.platform")}>{show(f.platformValue)}</Fact>
                <Fact label={t("ind.card.statistic")}>{t("ind.card.statisticAsOf", { value: show(f.statisticValue), date: f.statisticAsOf ?? "—" })}</Fact>
              </>
            ) : null}
            {f.annual ? (
              <>
                <Fact label={t("ind.card.annualYear", { year: f.annual.year })}>{`${displayFigureWithUnit("YUAN", "元", f.annual.funds)} ÷ ${displayFigureWithUnit("YUAN", "元", f.annual.expenditure)}`}</Fact>
                <Fact label={t("ind.card.annualSubsidies", { year: f.annual.year })}>{displayFigureWithUnit("YUAN", "元", f.annual.platformSubsidiesPaid)}</Fact>
              </>
            ) : f.pathway === "ANNUAL" ? (
              <Fact label={t("ind.card.annualFunds")}>{t("ind.card.annualNone")}</Fact>
            ) : null}
            {f.perCapita ? (
              <>
                <Fact label={t("ind.card.perCapitaCount")}>{displayFigureWithUnit("COUNT", "件", String(f.perCapita.inventionPatents))}</Fact>
                <Fact label={t("ind.card.perCapitaPopulation")}>
                  {f.perCapita.population === null
                    ? t("ind.card.perCapitaNoPopulation")
                    : t("ind.card.perCapitaPopulationAsOf", { value: displayFigureWithUnit("PERSONS", "人", f.perCapita.population), date: f.perCapita.populationAsOf ?? "—" })}
                </Fact>
              </>
            ) : null}
          </dl>
          {f.valueFrom !== null && f.platformValue !== null && f.statisticValue !== null ? (
            <p className="ind-counts" data-testid={`ind-counts-${f.key}`}>
              {t("ind.card.counts", { source: t(`ind.source.${f.valueFrom}`) })}
            </p>
          ) : null}
          {href ? (
            <p className="ind-card-foot">
              <Link to={href} aria-label={t("ind.card.detailOf", { name: f.name })}>
                {t("ind.card.detail")}
              </Link>
              <span className="muted">{t("ind.card.records", { n: f.recordCount })}</span>
            </p>
          ) : null}
        </>
      ) : null}
    </article>
  );
}

/** The forecast at the plan's end and whether it reaches the target. */
export function Forecast({ figure: f }: { figure: IndicatorFigure }) {
  const t = useT();
  if (f.pathway === "ANNUAL") return <>{t("ind.card.forecastAnnual")}</>;
  if (f.forecast === null) return <>{t("ind.card.forecastNone")}</>;
  const reaches = reached(f, Ratio.parseDecimal(f.forecast));
  return (
    <>
      {displayFigureWithUnit(f.unit, f.unitLabel, f.forecast)}
      <span className={reaches ? "ind-forecast-ok" : "ind-forecast-miss"}>（{t(reaches ? "ind.card.forecastReaches" : "ind.card.forecastMisses")}）</span>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
