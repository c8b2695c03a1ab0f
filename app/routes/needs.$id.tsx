import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { RouteError } from "~/components/route-error";
import { getNeedMatches } from "~/domain/matching/needs.server";
import { createSubscription } from "~/domain/matching/subscriptions.server";
import { HOLDER_KIND_LABELS, LISTING_MODE_LABELS } from "~/domain/patents/labels";
import stylesheet from "~/styles/needs.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { formatDateTime, formatMoneySummary } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import "~/utils/messages/needs";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "needs.detail.meta");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const result = await getNeedMatches(view.actor, params.id!).catch(throwErrorPage);
  // When nothing fits, the nearest patents are shown only on request (?nearest=1).
  return { ...result, showNearest: new URL(request.url).searchParams.get("nearest") === "1" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  await createSubscription(view.actor, { kind: "NEED", needId: params.id!, name: undefined }).catch(throwErrorPage);
  return { subscribed: true };
}

export default function NeedMatches() {
  const t = useT();
  const locale = useLocale();
  const { need, pending, matches, nothingFits, nearest, showNearest } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const busy = useNavigation().state === "submitting";
  // The worker computes matches within a second or two of posting: look again until they are in.
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1_000);
    return () => clearInterval(timer);
  }, [pending, revalidator]);

  return (
    <>
      <section className="card">
        <p>
          <Link to="/needs">← {t("needs.detail.back")}</Link>
        </p>
        <h1>{need.title}</h1>
        <p className="need-description">{need.description}</p>
        <dl className="need-facts">
          <dt>{t("needs.detail.budget")}</dt>
          <dd>{need.budgetMax ? formatMoneySummary(need.budgetMax, locale) : t("needs.detail.budgetNone")}</dd>
          {need.ipcHints.length ? (
            <>
              <dt>IPC</dt>
              <dd>{need.ipcHints.join("、")}</dd>
            </>
          ) : null}
          {need.clusters.length ? (
            <>
              <dt>{t("needs.field.clusters")}</dt>
              <dd>{need.clusters.join("、")}</dd>
            </>
          ) : null}
          {need.matchedAt ? (
            <>
              <dt>{t("needs.detail.matchedAt")}</dt>
              <dd>{formatDateTime(need.matchedAt, locale)}</dd>
            </>
          ) : null}
        </dl>
        {need.subscribed ? (
          <p className="tag tag-ok" role="status">
            {t("needs.detail.subscribedNote")}
          </p>
        ) : (
          <Form method="post">
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t("needs.detail.subscribe")}
            </button>
          </Form>
        )}
      </section>

      <section className="card" aria-labelledby="matches-title" aria-busy={pending}>
        <h2 id="matches-title">{t("needs.detail.matches")}</h2>
        {pending ? (
          <p role="status" className="muted">
            {t("needs.detail.pending")}
          </p>
        ) : nothingFits ? (
          <>
            <p className="empty" role="status" data-testid="need-nothing-fits">
              <strong>{t("needs.detail.nothingFits")}</strong> {t("needs.detail.nothingFitsHint")}
            </p>
            {nearest.length === 0 ? null : showNearest ? (
              <>
                <h3>{t("needs.detail.nearest")}</h3>
                <MatchList matches={nearest} testId="need-nearest" />
              </>
            ) : (
              <p>
                <Link to="?nearest=1" preventScrollReset>
                  {t("needs.detail.showNearest", { count: nearest.length })}
                </Link>
              </p>
            )}
          </>
        ) : (
          <MatchList matches={matches} testId="need-matches" />
        )}
      </section>
    </>
  );
}

type ShownMatch = SerializeFrom<typeof loader>["matches"][number];

/** A list of matches with their reasons and the way to a deal. */
function MatchList({ matches, testId }: { matches: ShownMatch[]; testId: string }) {
  const t = useT();
  return (
    <ol className="match-list" data-testid={testId}>
      {matches.map((m) => (
        <li key={m.patentId} className="match">
          <div className="match-head">
            <Link to={`/patents/${m.patentId}`} className="match-title">
              {m.patent.title}
            </Link>
            <span className="match-score" aria-label={`${t("needs.detail.score")} ${m.score}`}>
              <meter min={0} max={100} value={m.score} /> {m.score.toFixed(0)}
            </span>
          </div>
          <p className="muted match-meta">
            {m.patent.holder.name} · {HOLDER_KIND_LABELS[m.patent.holder.kind as keyof typeof HOLDER_KIND_LABELS]}
            {m.patent.listing ? ` · ${LISTING_MODE_LABELS[m.patent.listing.mode]}` : ""}
          </p>
          <ul className="match-reasons" aria-label={t("needs.detail.reasons")}>
            {m.reasons.map((r) => (
              <li key={r.kind} data-kind={r.kind}>
                {r.text}
              </li>
            ))}
          </ul>
          <Link to={`/patents/${m.patentId}#deal-start-title`} className="small">
            {t("needs.detail.startDeal")}
          </Link>
        </li>
      ))}
    </ol>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
