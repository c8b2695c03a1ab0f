import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { listAppraisalJobs } from "~/domain/appraisal/queries.server";
import { Money } from "~/domain/shared/money";
import { pageQuerySchema } from "~/domain/shared/pagination";
import stylesheet from "~/styles/financing.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/financing";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "appr.meta");

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const parsed = pageQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return listAppraisalJobs(view.actor, parsed.success ? parsed.data : { page: 1, pageSize: 20 }).catch(throwErrorPage);
}

export default function AppraisalJobs() {
  const t = useT();
  const locale = useLocale();
  const { items, total, page, pageSize } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>{t("appr.title")}</h1>
      <p className="muted">{t("appr.intro")}</p>
      {total === 0 ? (
        <p className="empty">{t("appr.empty")}</p>
      ) : (
        <table className="table" aria-label={t("appr.list")}>
          <thead>
            <tr>
              <th scope="col">{t("appr.col.sme")}</th>
              <th scope="col">{t("appr.col.assets")}</th>
              <th scope="col">{t("appr.col.deadline")}</th>
              <th scope="col">{t("appr.col.status")}</th>
              <th scope="col">{t("appr.col.myBid")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((j) => (
              <tr key={j.id}>
                <td>
                  <Link to={`/appraisal/${j.id}`}>{j.sme.name}</Link>
                </td>
                <td>{j.assets.map((a) => a.title).join("、")}</td>
                <td>{formatDateTime(j.deadline, locale)}</td>
                <td>{t(`appr.status.${j.status}`)}</td>
                <td>{j.myBid ? Money.parseYuan(j.myBid.fee).format() : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pages={Math.ceil(total / pageSize)} label={t("appr.list")} />
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
