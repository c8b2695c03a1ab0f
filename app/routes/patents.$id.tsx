import { FieldErrors } from "~/components/form-field";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readForm } from "~/utils/forms.server";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { ipcText, lifeText, priceText, royaltyText } from "~/components/patents/format";
import { StatusButtons, type StatusReply } from "~/components/patents/status-buttons";
import { PatentTags, StatusTag } from "~/components/patents/tags";
import { RouteError } from "~/components/route-error";
import { createDeal } from "~/domain/deals/create-deal.server";
import { findOpenDealOn } from "~/domain/deals/queries.server";
import { formatRate, negotiableModes, openLicenceTerms } from "~/domain/deals/rules";
import { createDealInputSchema } from "~/domain/deals/schemas";
import { can } from "~/domain/identity/policies";
import { getPatentDetail } from "~/domain/patents/queries.server";
import { recordPatentView } from "~/domain/patents/views.server";
import { changePatentStatus } from "~/domain/patents/save-patent.server";
import { patentStatusBodySchema } from "~/domain/patents/status";
import type { Actor } from "~/domain/shared/actor";
import { DomainError, httpStatusOf } from "~/domain/shared/errors";
import { Money } from "~/domain/shared/money";
import dealStyles from "~/styles/deals.css";
import styles from "~/styles/patents.css";
import { formatDateTime } from "~/utils/format";
import { formErrorsOf, throwErrorPage } from "~/utils/form-errors.server";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/deals";
import { patentsPageTitle } from "~/utils/messages/patents";
import { getSessionView, requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: dealStyles },
];

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => patentsPageTitle(matches, "patents.detail.meta", data?.title);

/** Listed patents are public; drafts and unlisted ones only for their holder (404 otherwise). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await getSessionView(request);
  const patent = await getPatentDetail(view?.actor ?? null, params.id!).catch(throwErrorPage);
  // The holder's insight counts detail views (its own and unlisted patents count nothing).
  await recordPatentView(patent.id, view?.actor.orgId ?? null);
  return { ...patent, deal: { ...dealStartOf(view?.actor ?? null, patent), existing: await findOpenDealOn(view?.actor ?? null, patent.id) } };
}

/** What the patent page offers toward a deal (issue 14 §11): who may start one, in which modes, and an open licence's declared terms. */
function dealStartOf(actor: Actor | null, p: Awaited<ReturnType<typeof getPatentDetail>>) {
  const open = p.listing?.mode === "OPEN_LICENCE" ? openLicenceTerms({ askingPriceFen: p.listing.askingPrice ? Money.parseYuan(p.listing.askingPrice).fen : null, royaltyPercent: p.listing.royaltyPercent, royaltyBasis: p.listing.royaltyBasis }) : null;
  return {
    signedIn: actor !== null,
    canStart: actor !== null && p.status === "LISTED" && p.holder.id !== actor.orgId && can(actor, "deal.start", { orgId: actor.orgId }),
    modes: negotiableModes(p.listing?.mode ?? null),
    open: open && { upfront: open.upfront.toYuanString(), royaltyRate: open.royaltyRate, royaltyBasis: open.royaltyBasis, territory: open.territory },
  };
}

/** 发起洽谈 (intent=start-deal) or 获取开放许可 (intent=take-open-licence, after confirming the declared terms): the new deal's page. */
async function startDeal(actor: Actor, patentId: string, form: FormData) {
  const intent = String(form.get("intent"));
  if (intent === "take-open-licence" && form.get("confirm") !== "on") return data({ intent, dealErrors: { confirm: ["deals.open.confirmRequired"] } }, { status: 400 });
  const message = String(form.get("message") ?? "").trim();
  try {
    const input = createDealInputSchema.parse({ patentId, mode: intent === "take-open-licence" ? "OPEN" : form.get("mode"), ...(message ? { message } : {}) });
    const deal = await createDeal(actor, input);
    return redirect(`/deals/${deal.id}`);
  } catch (error) {
    const failed = formErrorsOf(error);
    if (!failed) throwErrorPage(error);
    return data({ intent, dealErrors: failed.errors }, { status: failed.status });
  }
}

/** 挂牌 / 下架 (intent=list|unlist, with the version the holder saw); also used by the catalog's rows. */
export async function action({ request, params }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = await readForm(request);
  if (form.get("intent") === "start-deal" || form.get("intent") === "take-open-licence") return startDeal(view.actor, params.id!, form);
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
                  <span className="price">{p.listing.askingPrice ? priceText(p.listing.askingPrice, locale) : none}</span>
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
            {/* Listed patents take deals from the panel below; the old "contact the holder" hint is for the rest. */}
            {!p.canEdit && !(p.status === "LISTED" && p.listing) ? <p className="muted small">{t("patents.detail.contactHint")}</p> : null}
          </section>

          {!p.canEdit && p.status === "LISTED" && p.listing ? <DealStart patentId={p.id} start={p.deal} /> : null}

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
              <Fact label={t("patents.life")}>{lifeText(p.remainingLifeYears, t, p.legalStatus)}</Fact>
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

type DealStartView = ReturnType<typeof useLoaderData<typeof loader>>["deal"];

/** 发起洽谈 and, on an open licence, 获取开放许可 with its declared terms and a confirmation. */
function DealStart({ patentId, start }: { patentId: string; start: DealStartView }) {
  const t = useT();
  const location = useLocation();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string): Record<string, string[]> => (reply && "dealErrors" in reply && reply.intent === intent ? reply.dealErrors : {});
  if (!start.signedIn) {
    return (
      <section className="card deal-start" aria-labelledby="deal-start-title">
        <h2 id="deal-start-title">{t("deals.start.title")}</h2>
        <p className="muted small">{t("deals.start.loginHint")}</p>
        <Link className="button" to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>
          {t("deals.start.login")}
        </Link>
      </section>
    );
  }
  if (!start.canStart) return null;
  if (start.existing) {
    return (
      <section className="card deal-start" aria-labelledby="deal-start-title">
        <h2 id="deal-start-title">{t("deals.start.title")}</h2>
        <p className="muted small">{t("deals.start.existing", { status: t(`deals.status.${start.existing.status}`) })}</p>
        <Link className="button" to={`/deals/${start.existing.id}`}>
          {t("deals.start.continue")}
        </Link>
      </section>
    );
  }
  const ask = errorsFor("start-deal");
  const take = errorsFor("take-open-licence");
  return (
    <>
      {start.open ? (
        <section className="card deal-start" aria-labelledby="open-licence-title">
          <h2 id="open-licence-title">{t("deals.open.title")}</h2>
          <p className="muted small">{t("deals.open.intro")}</p>
          <details open={Object.keys(take).length > 0}>
            <summary className="button button-secondary">{t("deals.open.step")}</summary>
            <dl className="facts terms">
              <Fact label={t("deals.detail.mode")}>{t("deals.mode.OPEN")}</Fact>
              <Fact label={t("deals.offer.upfront")}>{Money.parseYuan(start.open.upfront).format()}</Fact>
              <Fact label={t("deals.offer.royalty")}>
                {start.open.royaltyRate === null ? t("deals.none") : t("deals.royaltyOn", { rate: formatRate(start.open.royaltyRate), basis: t(`deals.basis.${start.open.royaltyBasis ?? "NET_SALES"}`) })}
              </Fact>
              <Fact label={t("deals.offer.term")}>{t("deals.untilExpiry")}</Fact>
              <Fact label={t("deals.offer.territory")}>{start.open.territory}</Fact>
            </dl>
            <Form method="post" action={`/patents/${patentId}`} className="deal-form" aria-label={t("deals.open.title")}>
              <input type="hidden" name="intent" value="take-open-licence" />
              <label className="checkbox">
                <input type="checkbox" name="confirm" required aria-invalid={take.confirm ? true : undefined} aria-describedby={take.confirm ? "open-confirm-error" : undefined} />
                {t("deals.open.confirm")}
              </label>
              <FieldErrors id="open-confirm-error" errors={take.confirm} />
              <FieldErrors id="open-error" errors={take[""] ?? take.patentId ?? take.mode} />
              <button type="submit" className="button" disabled={busy}>
                {t("deals.open.submit")}
              </button>
            </Form>
          </details>
        </section>
      ) : null}
      {start.modes.length ? (
        <section className="card deal-start" aria-labelledby="deal-start-title">
          <h2 id="deal-start-title">{t("deals.start.title")}</h2>
          <p className="muted small">{t("deals.start.intro")}</p>
          <Form method="post" action={`/patents/${patentId}`} className="deal-form" aria-label={t("deals.start.title")}>
            <input type="hidden" name="intent" value="start-deal" />
            <div className="field">
              <label htmlFor="deal-mode">{t("deals.field.mode")}</label>
              <select id="deal-mode" name="mode" aria-invalid={ask.mode ? true : undefined} aria-describedby={ask.mode ? "deal-mode-error" : undefined}>
                {start.modes.map((m) => (
                  <option key={m} value={m}>
                    {t(`deals.mode.${m}`)}
                  </option>
                ))}
              </select>
              <FieldErrors id="deal-mode-error" errors={ask.mode} />
            </div>
            <div className="field">
              <label htmlFor="deal-message">{t("deals.field.message")}</label>
              <textarea
                id="deal-message"
                name="message"
                rows={3}
                maxLength={2000}
                aria-invalid={ask.message ? true : undefined}
                aria-describedby={ask.message ? "deal-message-hint deal-message-error" : "deal-message-hint"}
              />
              <div id="deal-message-hint" className="hint">
                {t("deals.field.messageHint")}
              </div>
              <FieldErrors id="deal-message-error" errors={ask.message} />
            </div>
            <FieldErrors id="deal-start-error" errors={ask[""] ?? ask.patentId} />
            <button type="submit" className="button" disabled={busy}>
              {t("deals.start.submit")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
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
