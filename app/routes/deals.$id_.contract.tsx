import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { RouteError } from "~/components/route-error";
import { BINDING_DEAL_STATUSES } from "~/domain/deals/deal-machine";
import { getDeal } from "~/domain/deals/queries.server";
import { formatRate } from "~/domain/deals/rules";
import { Money } from "~/domain/shared/money";
import stylesheet from "~/styles/deals.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/deals";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "deals.contractPage.meta");

/** The contract draft (issue 14 §7): the two parties' only, once the terms are agreed and while they bind. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const deal = await getDeal(view.actor, params.id ?? "").catch(throwErrorPage);
  const party = [deal.sme.id, deal.holder.id].includes(view.actor.orgId);
  if (!party || !deal.terms || !(BINDING_DEAL_STATUSES as readonly string[]).includes(deal.status)) throw new Response("Not Found", { status: 404 });
  return {
    id: deal.id,
    patent: deal.patent,
    sme: deal.sme,
    holder: deal.holder,
    terms: deal.terms,
    record: deal.record,
  };
}

export default function ContractDraft() {
  const t = useT();
  const locale = useLocale();
  const c = useLoaderData<typeof loader>();
  const terms = c.terms;
  const royalty = terms.royaltyRate === null ? t("deals.none") : t("deals.royaltyOn", { rate: formatRate(terms.royaltyRate), basis: t(`deals.basis.${terms.royaltyBasis ?? "NET_SALES"}`) });
  return (
    <>
      <div className="contract-tools">
        <Link to={`/deals/${c.id}`}>{t("deals.contractPage.back")}</Link>
        <PrintButton />
      </div>
      <article className="card contract" aria-labelledby="contract-title">
        <h1 id="contract-title">{t("deals.contractPage.title", { mode: t(`deals.mode.${terms.mode}`) })}</h1>
        <p className="muted">{t("deals.contractPage.draft")}</p>
        <p>{t("deals.contractPage.clause1")}</p>
        <table>
          <tbody>
            <Row label={t("deals.contractPage.licensor")}>
              {c.holder.name}
              <br />
              {t("deals.contractPage.uscc")}：<span className="mono">{c.holder.uscc}</span>
            </Row>
            <Row label={t("deals.contractPage.licensee")}>
              {c.sme.name}
              <br />
              {t("deals.contractPage.uscc")}：<span className="mono">{c.sme.uscc}</span>
            </Row>
            <Row label={t("deals.contractPage.patent")}>{c.patent.title}</Row>
            <Row label={t("deals.contractPage.appNo")}>
              <span className="mono">{c.patent.applicationNumber ?? "—"}</span>
            </Row>
            <Row label={t("deals.contractPage.mode")}>{t(`deals.mode.${terms.mode}`)}</Row>
            <Row label={t("deals.contractPage.upfront")}>{Money.parseYuan(terms.upfront).format()}</Row>
            <Row label={t("deals.contractPage.royalty")}>{royalty}</Row>
            <Row label={t("deals.contractPage.term")}>{terms.termMonths === null ? t("deals.untilExpiry") : t("deals.months", { n: terms.termMonths })}</Row>
            <Row label={t("deals.contractPage.territory")}>{terms.territory}</Row>
            <Row label={t("deals.contractPage.dealNo")}>
              <span className="mono">{c.id}</span>
            </Row>
            <Row label={t("deals.contractPage.agreedAt")}>{formatDateTime(terms.agreedAt, locale)}</Row>
            {c.record ? (
              <Row label={t("deals.contractPage.record")}>
                {c.record.number}（{c.record.date}）
              </Row>
            ) : null}
            <Row label={t("deals.contractPage.hash")}>
              <span className="deal-hash" data-testid="contract-hash">
                {terms.termsHash}
              </span>
            </Row>
          </tbody>
        </table>
        <p>{t("deals.contractPage.clause2")}</p>
        <p>{t("deals.contractPage.clause3")}</p>
        <div className="signatures">
          <div>
            <p>
              {t("deals.contractPage.signLicensor")}
              {c.holder.name}
            </p>
            <p>{t("deals.contractPage.signDate")}</p>
          </div>
          <div>
            <p>
              {t("deals.contractPage.signLicensee")}
              {c.sme.name}
            </p>
            <p>{t("deals.contractPage.signDate")}</p>
          </div>
        </div>
      </article>
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{children}</td>
    </tr>
  );
}

function PrintButton() {
  const t = useT();
  return (
    <button type="button" className="button button-secondary" onClick={() => window.print()}>
      {t("deals.contractPage.print")}
    </button>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
