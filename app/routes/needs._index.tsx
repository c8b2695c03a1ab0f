import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { listOwnNeeds } from "~/domain/matching/needs.server";
import { pageQuerySchema } from "~/domain/shared/pagination";
import stylesheet from "~/styles/needs.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import "~/utils/messages/needs";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "needs.meta");

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const query = pageQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return listOwnNeeds(view.actor, query.success ? query.data : { page: 1, pageSize: 20 }).catch(throwErrorPage);
}

export default function Needs() {
  const t = useT();
  const locale = useLocale();
  const { items, total, page, pageSize } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <div className="page-head">
        <div>
          <h1>{t("needs.title")}</h1>
          <p className="muted">{t("needs.intro")}</p>
        </div>
        <Link className="button" to="/needs/new">
          {t("needs.new")}
        </Link>
      </div>
      {total === 0 ? (
        <p className="empty">{t("needs.empty")}</p>
      ) : (
        <table className="table" aria-label={t("needs.list")}>
          <thead>
            <tr>
              <th scope="col">{t("needs.col.title")}</th>
              <th scope="col">{t("needs.col.created")}</th>
              <th scope="col">{t("needs.col.matches")}</th>
              <th scope="col">{t("needs.col.push")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((n) => (
              <tr key={n.id}>
                <td>
                  <Link to={`/needs/${n.id}`}>{n.title}</Link>
                </td>
                <td>{formatDateTime(n.createdAt, locale)}</td>
                <td>{n.matchedAt ? <span className="tag tag-ok">{t("needs.matched")}</span> : <span className="tag tag-warn">{t("needs.pending")}</span>}</td>
                <td>{n.subscribed ? t("needs.subscribed") : t("needs.notSubscribed")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pages={Math.ceil(total / pageSize)} label={t("needs.list")} />
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
