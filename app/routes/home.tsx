import { subsidyHomeFigures } from "~/domain/subsidies/home.server";
import { formatMoneySummary } from "~/utils/format";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { giHomeFigures } from "~/domain/gi/home.server";
import { homes } from "~/domain/identity/home";
import { indicatorHomeFigures } from "~/domain/indicators/home.server";
import { getHome } from "~/domain/identity/queries.server";
import stylesheet from "~/styles/identity.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { useLocale, useT } from "~/utils/i18n-react";
import { formatDateTime } from "~/utils/format";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "home.meta");

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const [home, gi, indicators, subsidies] = await Promise.all([getHome(view).catch(throwErrorPage), giHomeFigures(view.actor), indicatorHomeFigures(view.actor), subsidyHomeFigures(view.actor)]);
  return { ...home, gi, indicators, subsidies, role: view.actor.role, userName: view.user.name };
}

const statusTag = { PENDING: "tag-warn", ACTIVE: "tag-ok", SUSPENDED: "tag-danger" } as const;

export default function Home() {
  const t = useT();
  const locale = useLocale();
  const { org, memberCount, pendingOrgs, gi, indicators, subsidies, capabilities, role, userName } = useLoaderData<typeof loader>();
  const unread = useRouteLoaderData<{ unread?: number }>("root")?.unread ?? 0; // counted once, by the app shell
  const def = homes[org.kind];

  return (
    <>
      <header className="home-head">
        <div>
          <h1 data-testid={`home-${org.kind}`}>{t(def.titleKey)}</h1>
          <p className="org-line">
            {org.name}
            {org.isDemo ? <span className="tag tag-demo">{t("app.demoBadge")}</span> : null} · {userName}（{t(`role.${role}`)}）
          </p>
        </div>
        <span className={`tag ${statusTag[org.status]}`} data-testid="org-status">
          {t(`orgStatus.${org.status}`)}
        </span>
      </header>
      <p className="home-intro">{t(def.introKey)}</p>

      {org.status === "PENDING" ? (
        <section className="card status-banner" role="status" data-testid="pending-review">
          <h2>{t("home.pendingTitle")}</h2>
          <p>{t("home.pendingBody")}</p>
        </section>
      ) : null}
      {org.status === "SUSPENDED" ? (
        <section className="card status-banner suspended" role="status">
          <h2>{t("home.suspendedTitle")}</h2>
          <p>{t("home.suspendedBody")}</p>
        </section>
      ) : null}

      <section className="stats" aria-label={t("home.orgStatus")}>
        <div className="card">
          <div className="stat-label">{t("home.orgStatus")}</div>
          <div className="stat">{t(`orgStatus.${org.status}`)}</div>
        </div>
        <div className="card">
          <div className="stat-label">{t("home.members")}</div>
          <div className="stat" data-testid="member-count">{memberCount}</div>
          <Link to="/org/members">{t("home.viewMembers")}</Link>
        </div>
        <div className="card">
          <div className="stat-label">{t("home.unread")}</div>
          <div className="stat">{unread}</div>
          <Link to="/notifications">{t("home.viewNotifications")}</Link>
        </div>
        {pendingOrgs !== null ? (
          <div className="card">
            <div className="stat-label">{t("home.pendingOrgs")}</div>
            <div className="stat" data-testid="pending-orgs">{pendingOrgs}</div>
            <Link to="/admin/orgs?status=PENDING">{t("home.review")}</Link>
          </div>
        ) : null}
        {gi ? (
          <>
            <div className="card">
              <div className="stat-label">{t("home.giToReview")}</div>
              <div className="stat" data-testid="gi-to-review">{gi.toReview}</div>
              <p className="muted">{t("home.giAwaitingSupplement", { count: gi.awaitingSupplement })}</p>
              <Link to="/gi?status=SUBMITTED">{t("home.review")}</Link>
            </div>
            <div className="card">
              <div className="stat-label">{t("home.giOpenChecks")}</div>
              <div className="stat" data-testid="gi-open-checks">{gi.openChecks}</div>
              <Link to="/gi/spot-checks">{t("home.giViewChecks")}</Link>
            </div>
          </>
        ) : null}
        {subsidies ? (
          <div className="card" data-testid="subsidy-budget">
            <div className="stat-label">{t("home.subsidyBudget", { year: subsidies.year })}</div>
            <div className="stat">{formatMoneySummary(subsidies.used, locale)}</div>
            <p className="muted">{t("home.subsidyBudgetOf", { amount: formatMoneySummary(subsidies.amount, locale), unpaid: formatMoneySummary(subsidies.unpaid, locale) })}</p>
            <Link to="/subsidies">{t("home.viewSubsidies")}</Link>
          </div>
        ) : null}
        {indicators ? (
          <div className="card" data-testid="indicator-status">
            <div className="stat-label">{t("home.indicatorStatus")}</div>
            <div className="stat">
              {indicators.counts.ACHIEVED + indicators.counts.ON_TRACK} / {Object.values(indicators.counts).reduce((a, b) => a + b, 0)}
            </div>
            <p className="muted">
              {t("home.indicatorCounts", { achieved: indicators.counts.ACHIEVED, onTrack: indicators.counts.ON_TRACK, behind: indicators.counts.BEHIND, noData: indicators.counts.NO_DATA })}
            </p>
            {indicators.behind.length ? <p className="muted">{t("home.indicatorAttention", { names: indicators.behind.map((b) => b.name).join("、") })}</p> : null}
            <Link to="/indicators">{t("home.viewIndicators")}</Link>
          </div>
        ) : null}
      </section>

      <h2>{t("home.capabilities")}</h2>
      <section className="grid">
        {capabilities.map((cap) => (
          <article key={cap.key} className={`card cap-card ${cap.state}`}>
            <h3>
              {t(`home.cap.${cap.key}.title`)}
              {cap.state === "soon" ? <span className="tag">{t("home.soon")}</span> : null}
              {cap.state === "locked" ? <span className="tag tag-warn">{t("home.locked")}</span> : null}
            </h3>
            <p>{t(`home.cap.${cap.key}.desc`)}</p>
            {cap.to ? (
              <Link to={cap.to} reloadDocument={!isRemixPage(cap.to)}>
                {t("home.open")} →
              </Link>
            ) : null}
          </article>
        ))}
      </section>

      <h2>{t("home.profile")}</h2>
      <section className="card">
        <dl className="profile-list">
          <dt>{t("home.kind")}</dt>
          <dd>{t(`orgKind.${org.kind}`)}</dd>
          <dt>{t("home.uscc")}</dt>
          <dd className="mono">{org.uscc}</dd>
          <dt>{t("home.location")}</dt>
          <dd>
            {org.county}
            {org.town ? ` · ${org.town}` : ""}
          </dd>
          <dt>{t("home.clusters")}</dt>
          <dd>{org.clusters.length ? org.clusters.join("、") : t("home.none")}</dd>
          <dt>{t("adminOrgs.createdAt")}</dt>
          <dd>{formatDateTime(org.createdAt, locale, false)}</dd>
        </dl>
      </section>
    </>
  );
}

/** Pages served by Express outside Remix (Bull Board) need a full document load. */
function isRemixPage(to: string) {
  return !to.startsWith("/admin/queues");
}
