import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { PolicyRules, VersionBadge } from "~/components/subsidies/policy-rules";
import { canOnCountyFinance } from "~/domain/financing/policies";
import { policyView } from "~/domain/financing/policy";
import { readPolicies } from "~/domain/financing/policy-store.server";
import { throwErrorPage } from "~/utils/form-errors.server";
import stylesheet from "~/styles/subsidies.css";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import "~/utils/messages/subsidies";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "policy.meta");

/** Policies are the county's public rules: every signed-in, active organization reads them. */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const { inForce, versions } = await readPolicies(view.actor).catch(throwErrorPage);
  return { inForce: policyView(inForce), versions, canPublish: canOnCountyFinance(view.actor, "publish-policy") };
}

export default function Policies() {
  const t = useT();
  const locale = useLocale();
  const { inForce, versions, canPublish } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="card">
        <div className="page-head">
          <div>
            <h1>{t("policy.title")}</h1>
            <p className="muted">{t("policy.intro")}</p>
          </div>
          {canPublish ? (
            <Link className="button" to="/policies/new">
              {t("policy.new")}
            </Link>
          ) : null}
        </div>
        <h2>
          {t("policy.inForceTitle", { ref: inForce.ref })} <span className="tag tag-ok">{t("policy.badge.inForce")}</span>
        </h2>
        <p className="muted">
          {t("policy.effectiveFrom", { date: inForce.effectiveFrom })} · {t("policy.noteLabel")}
          {inForce.note}
        </p>
        <PolicyRules policy={inForce} caption={t("policy.rules")} />
      </section>

      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title">{t("policy.versions")}</h2>
        {versions.length === 0 ? (
          <p className="empty">{t("policy.versionsEmpty")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("policy.col.ref")}</th>
                <th scope="col">{t("policy.col.effectiveFrom")}</th>
                <th scope="col">{t("policy.col.note")}</th>
                <th scope="col">{t("policy.col.publishedAt")}</th>
                <th scope="col">{t("policy.col.state")}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.ref}>
                  <td>
                    <Link to={`/policies/${encodeURIComponent(v.ref)}`}>{v.ref}</Link>
                  </td>
                  <td>{v.effectiveFrom}</td>
                  <td>{v.note}</td>
                  <td>{formatDateTime(v.publishedAt, locale)}</td>
                  <td>
                    <VersionBadge inForce={v.inForce} effectiveFrom={v.effectiveFrom} current={inForce.effectiveFrom} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
