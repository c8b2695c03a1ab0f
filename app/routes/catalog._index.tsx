import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { HolderInsight } from "~/components/deals/holder-insight";
import { Pagination } from "~/components/pagination";
import { StatusButtons } from "~/components/patents/status-buttons";
import { StatusTag } from "~/components/patents/tags";
import { RouteError } from "~/components/route-error";
import { holderDealInsight } from "~/domain/deals/insight.server";
import { can } from "~/domain/identity/policies";
import { countOwnPatents, listOwnPatents } from "~/domain/patents/queries.server";
import { pageQuerySchema } from "~/domain/shared/pagination";
import insightStyles from "~/styles/deal-insight.css";
import styles from "~/styles/patents.css";
import { formatDateTime } from "~/utils/format";
import { throwErrorPage } from "~/utils/form-errors.server";
import { useLocale, useT } from "~/utils/i18n-react";
import { patentsPageTitle } from "~/utils/messages/patents";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: insightStyles },
];

export const meta: MetaFunction = ({ matches }) => patentsPageTitle(matches, "patents.catalog.meta");

const PAGE_SIZE = 20;
const STATUSES = ["DRAFT", "LISTED", "UNLISTED"] as const;
/** A tab that does not exist shows every status rather than an error. */
const statusParam = z.enum(STATUSES).optional().catch(undefined);

/** The holder's own patents and its 交易概况 (404 for organizations that hold none: the domain decides). */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const url = new URL(request.url);
  const status = statusParam.parse(url.searchParams.get("status") ?? undefined);
  const page = pageQuerySchema.shape.page.catch(1).parse(url.searchParams.get("page") ?? undefined);
  const list = await listOwnPatents(view.actor, { page, pageSize: PAGE_SIZE, status }).catch(throwErrorPage);
  const [counts, insight] = await Promise.all([countOwnPatents(view.actor), holderDealInsight(view.actor)]);
  return { ...list, counts, insight, status: status ?? null, canManage: can(view.actor, "patent.manage", { orgId: view.actor.orgId }) };
}

export default function Catalog() {
  const { items, total, page, pageSize, counts, insight, status, canManage } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const all = counts.DRAFT + counts.LISTED + counts.UNLISTED;
  const tabs = [{ key: null, label: t("patents.catalog.all"), count: all }, ...STATUSES.map((s) => ({ key: s, label: t(`patents.status.${s}`), count: counts[s] }))];

  return (
    <>
      <header className="page-head">
        <div>
          <h1>{t("patents.catalog.title")}</h1>
          <p className="muted">{t("patents.catalog.intro")}</p>
        </div>
        {canManage ? (
          <div className="row">
            <Link to="/catalog/new" className="button">
              {t("patents.catalog.new")}
            </Link>
            <Link to="/catalog/imports" className="button button-outline">
              {t("patents.catalog.import")}
            </Link>
          </div>
        ) : null}
      </header>

      <nav className="status-tabs" aria-label={t("patents.catalog.tabs")}>
        {tabs.map((tab) => (
          <Link key={tab.key ?? "all"} to={tab.key ? `?status=${tab.key}` : "/catalog"} aria-current={tab.key === status ? "page" : undefined}>
            {tab.label} <span className="tab-count">{tab.count}</span>
          </Link>
        ))}
      </nav>

      {items.length === 0 ? (
        <section className="card empty" data-testid="catalog-empty">
          <p>{all === 0 ? t("patents.catalog.empty") : t("patents.catalog.emptyTab", { status: status ? t(`patents.status.${status}`) : "" })}</p>
          {all === 0 && canManage ? (
            <p className="row" style={{ justifyContent: "center" }}>
              <Link to="/catalog/new" className="button">
                {t("patents.catalog.new")}
              </Link>
              <Link to="/catalog/imports" className="button button-outline">
                {t("patents.catalog.import")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : (
        <div className="table-wrap">
          <table className="table catalog-table" data-testid="catalog">
            <thead>
              <tr>
                <th scope="col">{t("patents.catalog.colTitle")}</th>
                <th scope="col">{t("patents.catalog.colNumbers")}</th>
                <th scope="col">{t("patents.catalog.colStatus")}</th>
                <th scope="col">{t("patents.catalog.colUpdated")}</th>
                <th scope="col">{t("patents.catalog.colActions")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <td className="catalog-title">
                    <Link to={`/patents/${p.id}`} id={`row-${p.id}`}>
                      {p.title}
                    </Link>
                    {p.isDemo ? <span className="tag tag-demo">{t("patents.demo")}</span> : null}
                  </td>
                  <td className="mono small">
                    <div>{p.applicationNumber ?? t("patents.none")}</div>
                    <div className="muted">{p.publicationNumber ?? ""}</div>
                  </td>
                  <td>
                    <StatusTag status={p.status} />
                  </td>
                  <td className="nowrap">{formatDateTime(p.updatedAt, locale)}</td>
                  <td className="catalog-actions">
                    {canManage ? (
                      <div className="row-actions">
                        <StatusButtons patentId={p.id} version={p.version} actions={p.actions} describedBy={`row-${p.id}`} />
                        <Link to={`/catalog/${p.id}/edit`} aria-describedby={`row-${p.id}`}>
                          {t("patents.catalog.edit")}
                        </Link>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pages={Math.max(1, Math.ceil(total / pageSize))} label={t("patents.catalog.title")} />
      <HolderInsight insight={insight} />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
