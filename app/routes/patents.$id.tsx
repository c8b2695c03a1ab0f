import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readForm } from "~/utils/forms.server";
import { data } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { ipcText, lifeText, priceText, royaltyText } from "~/components/patents/format";
import { StatusButtons, type StatusReply } from "~/components/patents/status-buttons";
import { PatentTags, StatusTag } from "~/components/patents/tags";
import { RouteError } from "~/components/route-error";
import { getPatentDetail } from "~/domain/patents/queries.server";
import { changePatentStatus } from "~/domain/patents/save-patent.server";
import { patentStatusBodySchema } from "~/domain/patents/status";
import { DomainError, httpStatusOf } from "~/domain/shared/errors";
import styles from "~/styles/patents.css";
import { formatDateTime } from "~/utils/format";
import { throwErrorPage } from "~/utils/form-errors.server";
import { useLocale, useT } from "~/utils/i18n-react";
import { patentsPageTitle } from "~/utils/messages/patents";
import { getSessionView, requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => patentsPageTitle(matches, "patents.detail.meta", data?.title);

/** Listed patents are public; drafts and unlisted ones only for their holder (404 otherwise). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await getSessionView(request);
  return getPatentDetail(view?.actor ?? null, params.id!).catch(throwErrorPage);
}

/** 挂牌 / 下架 (intent=list|unlist, with the version the holder saw); also used by the catalog's rows. */
export async function action({ request, params }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = await readForm(request);
  const body = patentStatusBodySchema.safeParse({ action: form.get("intent"), version: form.get("version") || undefined });
  if (!body.success) return data<StatusReply>({ done: null, error: "patents.invalidRequest", fieldErrors: null }, { status: 400 });
  try {
    const saved = await changePatentStatus(view.actor, params.id!, body.data.action, body.data.version);
    return data<StatusReply>({ done: saved.status, error: null, fieldErrors: null });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data<StatusReply>({ done: null, error: error.message, fieldErrors: error.fieldErrors ?? null }, { status: httpStatusOf[error.code] });
  }
}

export default function PatentDetailPage() {
  const p = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const from = (useLocation().state as { from?: string } | null)?.from;
  const claims = p.claims.trim();
  const none = t("patents.none");

  return (
    <article className="patent-detail" aria-labelledby="patent-title">
      <Link to={from?.startsWith("/patents") ? from : "/patents"} className="back-link">
        {t("patents.detail.back")}
      </Link>
      <header className="detail-head">
        <h1 id="patent-title" data-testid="patent-title">
          {p.title}
        </h1>
        <div className="detail-tags">
          <PatentTags patent={p} />
          {p.canEdit ? <StatusTag status={p.status} /> : null}
        </div>
        <p className="detail-holder">
          {t("patents.holder")}：<strong>{p.holder.name}</strong>
          <span className="muted"> · {t(`patents.holderKind.${p.holder.kind}`)}</span>
        </p>
      </header>

      {p.canEdit ? (
        <section className="card owner-bar" aria-label={t("patents.detail.mine")}>
          <div className="row">
            <strong>{t("patents.detail.mine")}</strong>
            <span className="muted">
              {t("patents.detail.status")}
              {t(`patents.status.${p.status}`)}
            </span>
            <span className="spacer" />
            <Link to={`/catalog/${p.id}/edit`} className="button button-compact button-outline">
              {t("patents.detail.edit")}
            </Link>
          </div>
          <StatusButtons patentId={p.id} version={p.version} actions={p.actions} describedBy="patent-title" />
          {p.status !== "LISTED" ? <p className="muted small">{t("patents.detail.draftHint")}</p> : null}
        </section>
      ) : null}

      <div className="detail-layout">
        <div className="detail-main">
          <section className="card">
            <h2>{t("patents.detail.abstract")}</h2>
            <p className="prose" data-testid="patent-abstract">
              {p.abstract}
            </p>
          </section>
          {p.advantage ? (
            <section className="card">
              <h2>{t("patents.detail.advantage")}</h2>
              <p className="prose">{p.advantage}</p>
            </section>
          ) : null}
          {p.targetApplication ? (
            <section className="card">
              <h2>{t("patents.detail.targetApplication")}</h2>
              <p className="prose">{p.targetApplication}</p>
            </section>
          ) : null}
          {claims ? (
            <section className="card">
              <details className="claims">
                <summary>
                  <h2>{t("patents.detail.claims")}</h2>
                  <span className="muted small">{t("patents.detail.claimsToggle")}</span>
                </summary>
                <p className="prose claims-text">{claims}</p>
              </details>
            </section>
          ) : null}
        </div>

        <aside className="detail-side">
          <section className="card terms-card" aria-labelledby="terms-title">
            <h2 id="terms-title">{t("patents.detail.terms")}</h2>
            {p.listing ? (
              <dl className="facts">
                <Fact label={t("patents.field.listingMode")}>{t(`patents.mode.${p.listing.mode}`)}</Fact>
                <Fact label={t("patents.field.askingPrice")}>
                  <span className="price">{p.listing.askingPrice ? priceText(p.listing.askingPrice, locale, t) : none}</span>
                </Fact>
                <Fact label={t("patents.field.royaltyPercent")}>
                  {p.listing.royaltyPercent ? royaltyText(p.listing.royaltyPercent, p.listing.royaltyBasis, t) : none}
                </Fact>
                <Fact label={t("patents.field.negotiable")}>
                  {p.listing.negotiable ? t("patents.detail.negotiableYes") : t("patents.detail.negotiableNo")}
                </Fact>
                {p.listing.evaluationReportNo ? (
                  <Fact label={t("patents.field.evaluationReportNo")}>
                    <span className="mono">{p.listing.evaluationReportNo}</span>
                  </Fact>
                ) : null}
                {p.listedAt && p.status === "LISTED" ? <Fact label={t("patents.detail.listedAt")}>{formatDateTime(p.listedAt, locale, false)}</Fact> : null}
              </dl>
            ) : (
              <p className="muted">{t("patents.detail.noTerms")}</p>
            )}
            {!p.canEdit ? <p className="muted small">{t("patents.detail.contactHint")}</p> : null}
          </section>

          <section className="card" aria-labelledby="biblio-title">
            <h2 id="biblio-title">{t("patents.detail.biblio")}</h2>
            <dl className="facts" data-testid="patent-biblio">
              <Fact label={t("patents.field.applicationNumber")}>
                <span className="mono">{p.applicationNumber ?? none}</span>
              </Fact>
              <Fact label={t("patents.field.publicationNumber")}>
                <span className="mono">{p.publicationNumber ?? none}</span>
              </Fact>
              <Fact label={t("patents.field.type")}>{p.type ? t(`patents.type.${p.type}`) : none}</Fact>
              <Fact label={t("patents.field.filingDate")}>{p.filingDate ?? none}</Fact>
              <Fact label={t("patents.field.grantDate")}>{p.grantDate ?? none}</Fact>
              <Fact label={t("patents.detail.expiryDate")}>{p.expiryDate ?? none}</Fact>
              <Fact label={t("patents.life")}>{lifeText(p.remainingLifeYears, t)}</Fact>
              <Fact label={t("patents.field.legalStatus")}>{t(`patents.legal.${p.legalStatus}`)}</Fact>
              <Fact label={t("patents.field.ipc")}>
                {p.ipc.length ? (
                  <span className="mono">
                    {p.ipc.map((code, i) => (
                      <span key={code} className={i === 0 ? "ipc-code ipc-main" : "ipc-code"}>
                        {ipcText(code)}
                      </span>
                    ))}
                  </span>
                ) : (
                  none
                )}
              </Fact>
              <Fact label={t("patents.field.inventors")}>{p.inventors.length ? p.inventors.join("、") : none}</Fact>
              <Fact label={t("patents.holder")}>{p.holder.name}</Fact>
              <Fact label={t("patents.field.clusters")}>{p.clusters.length ? p.clusters.join("、") : none}</Fact>
              <Fact label={t("patents.field.trl")}>{p.trl ? t("patents.detail.trlValue", { trl: p.trl }) : none}</Fact>
              <Fact label={t("patents.detail.hvFlags")}>
                {p.highValueFlags.length ? (
                  <ul className="plain-list">
                    {p.highValueFlags.map((f) => (
                      <li key={f}>{t(`patents.hv.${f}`)}</li>
                    ))}
                  </ul>
                ) : (
                  none
                )}
              </Fact>
            </dl>
          </section>
        </aside>
      </div>
    </article>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
