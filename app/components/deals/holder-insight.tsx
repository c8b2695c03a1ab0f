import { Link } from "@remix-run/react";
import type { HolderDealInsight } from "~/domain/deals/insight.server";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/deal-insight";

type Counts = Record<string, number>;

/** Non-zero counts as labelled chips ("洽谈中 2"), or 无. */
function CountList({ counts, prefix, label }: { counts: Counts; prefix: string; label: string }) {
  const t = useT();
  const items = Object.entries(counts).filter(([, n]) => n > 0);
  if (items.length === 0) return <span className="muted">{t("insight.none")}</span>;
  return (
    <ul className="insight-counts" aria-label={label}>
      {items.map(([key, n]) => (
        <li key={key}>{t("insight.count", { label: t(`${prefix}.${key}`), count: n })}</li>
      ))}
    </ul>
  );
}

/**
 * The holder's 交易概况 (issue 14 §10): the summary over all its patents, then one row per
 * patent with views, deals started, deals by status and decline reasons. Rows stack on a
 * phone, so the page never scrolls sideways.
 */
export function HolderInsight({ insight }: { insight: HolderDealInsight }) {
  const t = useT();
  const { summary, patents } = insight;
  return (
    <section className="card deal-insight" aria-labelledby="deal-insight-title" data-testid="deal-insight">
      <h2 id="deal-insight-title">{t("insight.title")}</h2>
      <p className="muted">{t("insight.intro")}</p>
      {summary.patents === 0 ? (
        <p className="muted" data-testid="deal-insight-empty">
          {t("insight.empty")}
        </p>
      ) : (
        <>
          <dl className="insight-stats" aria-label={t("insight.summary")} data-testid="deal-insight-summary">
            <div>
              <dt>{t("insight.patents")}</dt>
              <dd>{summary.patents}</dd>
            </div>
            <div>
              <dt>{t("insight.views")}</dt>
              <dd>{summary.views}</dd>
            </div>
            <div>
              <dt>{t("insight.inquiries")}</dt>
              <dd>{summary.inquiries}</dd>
            </div>
            <div>
              <dt>{t("insight.agreedRate")}</dt>
              <dd>{summary.agreedRate === null ? t("insight.agreedRateNone") : `${Math.round(summary.agreedRate * 100)}%`}</dd>
            </div>
          </dl>
          <div className="insight-breakdown">
            <div>
              <h3>{t("insight.byStatus")}</h3>
              <CountList counts={summary.byStatus} prefix="insight.status" label={t("insight.byStatus")} />
            </div>
            <div>
              <h3>{t("insight.declineReasons")}</h3>
              <CountList counts={summary.declineReasons} prefix="insight.decline" label={t("insight.declineReasons")} />
            </div>
          </div>
          <table className="table insight-table" aria-label={t("insight.perPatent")} data-testid="deal-insight-patents">
            <thead>
              <tr>
                <th scope="col">{t("insight.colPatent")}</th>
                <th scope="col">{t("insight.views")}</th>
                <th scope="col">{t("insight.inquiries")}</th>
                <th scope="col">{t("insight.byStatus")}</th>
                <th scope="col">{t("insight.declineReasons")}</th>
              </tr>
            </thead>
            <tbody>
              {patents.map((row) => (
                <tr key={row.patent.id} data-patent-id={row.patent.id}>
                  <td className="insight-patent">
                    {row.patent.status === "LISTED" ? <Link to={`/patents/${row.patent.id}`}>{row.patent.title}</Link> : row.patent.title}
                    {row.patent.heldNow ? null : <span className="tag">{t("insight.notHeld")}</span>}
                    {row.patent.applicationNumber ? <div className="mono small muted">{row.patent.applicationNumber}</div> : null}
                  </td>
                  <td data-label={t("insight.views")}>{row.views}</td>
                  <td data-label={t("insight.inquiries")}>{row.inquiries}</td>
                  <td data-label={t("insight.byStatus")}>
                    <CountList counts={row.byStatus} prefix="insight.status" label={t("insight.byStatus")} />
                  </td>
                  <td data-label={t("insight.declineReasons")}>
                    <CountList counts={row.declineReasons} prefix="insight.decline" label={t("insight.declineReasons")} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
