import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { listGiProducts } from "~/domain/gi/products.server";
import { can } from "~/domain/identity/policies";
import stylesheet from "~/styles/gi-applications.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { takeGiNotice } from "~/utils/gi-flash.server";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/gi";
import { pageTitle } from "~/utils/messages/identity";
import { getSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "gi.products.meta");

/** The county's GI products: public facts (anyone may read them); GOVERNMENT adds and edits, an SME applies. */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await getSessionView(request);
  const actor = view?.actor ?? null;
  const products = await listGiProducts(actor).catch(throwErrorPage);
  const flash = await takeGiNotice(request);
  return data(
    {
      products,
      manage: actor !== null && can(actor, "gi.review"),
      apply: actor !== null && can(actor, "gi.apply", { orgId: actor.orgId }),
      notice: flash.notice,
    },
    { headers: flash.headers },
  );
}

export default function GiProducts() {
  const t = useT();
  const { products, manage, apply, notice } = useLoaderData<typeof loader>();
  return (
    <section className="card gi-page">
      <Link to="/gi" className="back-link">
        {t("gi.apply.back")}
      </Link>
      <div className="gi-head">
        <h1>{t("gi.products.title")}</h1>
        {manage ? (
          <Link to="/gi/products/new" className="button">
            {t("gi.products.new")}
          </Link>
        ) : null}
      </div>
      <p className="muted">{t("gi.products.intro")}</p>
      {notice ? (
        <p className="notice" role="status">
          {t(notice.key, notice.params)}
        </p>
      ) : null}
      {products.length === 0 ? (
        <p className="empty">{t("gi.products.empty")}</p>
      ) : (
        <table className="table gi-list" aria-label={t("gi.products.list")}>
          <thead>
            <tr>
              <th scope="col">{t("gi.product.field.name")}</th>
              <th scope="col">{t("gi.products.kind")}</th>
              <th scope="col">{t("gi.products.registration")}</th>
              <th scope="col">{t("gi.products.area")}</th>
              <th scope="col">{t("gi.products.standard")}</th>
              <th scope="col">{t("gi.products.users")}</th>
              {manage || apply ? <th scope="col">{t("gi.detail.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {products.map((p) => (
              <tr key={p.id}>
                <td>
                  {p.name}
                  {p.isDemo ? <span className="tag tag-demo">{t("gi.demo")}</span> : null}
                </td>
                <td className="nowrap" data-label={t("gi.products.kind")}>
                  {t(`gi.kind.${p.kind}`)}
                </td>
                <td data-label={t("gi.products.registration")}>
                  <span className="mono">{p.registrationNumber}</span>
                </td>
                <td data-label={t("gi.products.area")}>{p.protectedTowns.join("、")}</td>
                <td data-label={t("gi.products.standard")}>{p.qualityStandard}</td>
                <td className="nowrap" data-label={t("gi.products.users")}>
                  {typeof p.activeUsers === "number" ? t("gi.products.usersN", { n: p.activeUsers }) : t("gi.detail.none")}
                </td>
                {manage || apply ? (
                  <td>
                    {manage ? (
                      <Link to={`/gi/products/${p.id}`} aria-label={`${t("gi.products.edit")} ${p.name}`}>
                        {t("gi.products.edit")}
                      </Link>
                    ) : (
                      <Link to={`/gi/apply?productId=${encodeURIComponent(p.id)}`} aria-label={`${t("gi.products.apply")} ${p.name}`}>
                        {t("gi.products.apply")}
                      </Link>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
