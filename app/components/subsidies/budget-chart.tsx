import { Money, Ratio } from "~/domain/shared/money";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/subsidies";

/**
 * A part of a whole as a number from 0 to 1, for drawing only. The amounts stay exact
 * Money; only their ratio's decimal text becomes a JavaScript number here, because SVG
 * lengths are numbers. A zero whole draws nothing.
 */
function share(part: Money, whole: Money): number {
  if (!whole.isPositive() || !part.isPositive()) return 0;
  return Math.min(1, Number(part.ratioTo(whole).toDecimalString(4)));
}

/** part / whole in percent with one decimal, rounded half-up on the exact ratio ("37.5"). */
export function percentText(part: Money, whole: Money): string {
  if (!whole.isPositive() || part.isNegative()) return "0";
  const r = part.ratioTo(whole).times(Ratio.of(1000));
  const tenths = (r.numerator * 2n + r.denominator) / (2n * r.denominator);
  return `${tenths / 10n}.${tenths % 10n}`;
}

const WIDTH = 600;
const BAR_H = 28;
const MONTH_H = 120;

/**
 * The year's budget: one bar of granted vs remaining, then twelve monthly bars of what was
 * granted. Both SVGs carry a title and a description; the monthly figures are also a table.
 */
export function BudgetChart({ year, amount, used, remaining, byMonth }: { year: number; amount: string; used: string; remaining: string; byMonth: string[] }) {
  const t = useT();
  const total = Money.parseYuan(amount);
  const usedMoney = Money.parseYuan(used);
  const usedShare = share(usedMoney, total);
  const months = byMonth.map((m) => Money.parseYuan(m));
  const max = Money.max(Money.zero, ...months);
  const percent = percentText(usedMoney, total);
  const slot = WIDTH / 12;
  return (
    <figure className="sub-chart">
      <svg viewBox={`0 0 ${WIDTH} ${BAR_H + 22}`} role="img" aria-labelledby={`bar-title-${year} bar-desc-${year}`} className="sub-chart-bar">
        <title id={`bar-title-${year}`}>{t("sub.chart.title", { year })}</title>
        <desc id={`bar-desc-${year}`}>{t("sub.chart.desc", { amount: total.format(), used: usedMoney.format(), percent, remaining: Money.parseYuan(remaining).format() })}</desc>
        <rect x="0" y="0" width={WIDTH} height={BAR_H} rx="4" className="sub-bar-remaining" />
        <rect x="0" y="0" width={WIDTH * usedShare} height={BAR_H} rx="4" className="sub-bar-used" />
        <text x="0" y={BAR_H + 16} className="sub-chart-label">
          {t("sub.chart.usedLegend")} {usedMoney.format()}（{percent}%）
        </text>
        <text x={WIDTH} y={BAR_H + 16} textAnchor="end" className="sub-chart-label">
          {t("sub.chart.remainingLegend")} {Money.parseYuan(remaining).format()}
        </text>
      </svg>
      <svg viewBox={`0 0 ${WIDTH} ${MONTH_H + 20}`} role="img" aria-labelledby={`months-title-${year} months-desc-${year}`} className="sub-chart-months">
        <title id={`months-title-${year}`}>{t("sub.chart.monthsTitle")}</title>
        <desc id={`months-desc-${year}`}>{t("sub.chart.monthsDesc", { year, max: max.format() })}</desc>
        <line x1="0" y1={MONTH_H} x2={WIDTH} y2={MONTH_H} className="sub-chart-axis" />
        {months.map((m, i) => {
          const h = (MONTH_H - 4) * share(m, max);
          return (
            <g key={i}>
              <rect x={i * slot + slot * 0.2} y={MONTH_H - h} width={slot * 0.6} height={h} className="sub-bar-month">
                <title>{t("sub.chart.monthBar", { n: i + 1, amount: m.format() })}</title>
              </rect>
              <text x={i * slot + slot / 2} y={MONTH_H + 15} textAnchor="middle" className="sub-chart-label">
                {i + 1}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <details>
          <summary>{t("sub.chart.table")}</summary>
          <table className="table sub-months-table">
            <thead>
              <tr>
                <th scope="col">{t("sub.chart.month")}</th>
                <th scope="col">{t("sub.chart.granted")}</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m, i) => (
                <tr key={i}>
                  <th scope="row">{t("sub.chart.monthN", { n: i + 1 })}</th>
                  <td className="num">{m.format()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}
