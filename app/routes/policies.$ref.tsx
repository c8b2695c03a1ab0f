import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { PolicyRules, VersionBadge } from "~/components/subsidies/policy-rules";
import { takePublishedFlash } from "~/utils/published-flash.server";
import { policyView } from "~/domain/financing/policy";
import { readPolicy } from "~/domain/financing/policy-store.server";
import stylesheet from "~/styles/subsidies.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import "~/utils/messages/subsidies";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "policy.meta");

/** One version by its ref, `/policies/ZS-FIN%402024-1` (Remix decodes the `@`): the version a stored amount names. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const { policy, inForce, withdrawal } = await readPolicy(view.actor, params.ref ?? "").catch(throwErrorPage);
  const flash = await takePublishedFlash(request, policy.ref);
  return data({ policy: policyView(policy), inForce: { ref: inForce.ref, effectiveFrom: inForce.effectiveFrom }, withdrawal, published: flash.published }, { headers: flash.headers });
}

export default function PolicyVersion() {
  const t = useT();
  const locale = useLocale();
  const { policy, inForce, withdrawal, published } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <p>
        <Link to="/policies">← {t("policy.back")}</Link>
      </p>
      {published ? (
        <p className="notice" role="status">
          {t("policy.published", { ref: policy.ref, date: policy.effectiveFrom })}
        </p>
      ) : null}
      <h1>
        {t("policy.versionTitle", { ref: policy.ref })} <VersionBadge inForce={policy.ref === inForce.ref} effectiveFrom={policy.effectiveFrom} current={inForce.effectiveFrom} withdrawn={withdrawal !== null} />
      </h1>
      {withdrawal ? (
        <p className="notice" role="status">
          {t("policy.withdrawnNotice", { at: formatDateTime(withdrawal.withdrawnAt, locale), reason: withdrawal.reason })}
        </p>
      ) : null}
      <p className="muted">
        {t("policy.effectiveFrom", { date: policy.effectiveFrom })} · {t("policy.noteLabel")}
        {policy.note}
      </p>
      <PolicyRules policy={policy} caption={t("policy.rules")} />
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
