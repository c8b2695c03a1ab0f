import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { TableWrap } from "~/components/table-wrap";
import { listStuckWork, OUTBOX_LATE_MINUTES } from "~/domain/operations/stuck-work.server";
import { clock } from "~/domain/shared/clock";
import stylesheet from "~/styles/identity.css";
import { ageOf, formatDateTime } from "~/utils/format";
import { useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import "~/utils/messages/financing";
import "~/utils/messages/operations";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "stuck.title");

/** Platform operators only; everyone else gets a 404, as on the other operator desks. */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const work = await listStuckWork(view.actor).catch(() => {
    throw new Response("Not Found", { status: 404 });
  });
  return { ...work, now: clock.now().getTime() };
}

export default function StuckWorkPage() {
  const t = useT();
  const { items, groups, outbox, now } = useLoaderData<typeof loader>();
  const age = (since: string | Date) => {
    const { unit, n } = ageOf(since, now);
    return t(`stuck.age.${unit}`, { n });
  };
  return (
    <>
      <h1>{t("stuck.title")}</h1>
      <p className="muted">{t("stuck.intro")}</p>

      <section className="card" aria-labelledby="stuck-summary-title">
        <h2 id="stuck-summary-title">{t("stuck.summary")}</h2>
        {groups.length === 0 ? (
          <p className="empty" data-testid="stuck-none">
            {t("stuck.none")}
          </p>
        ) : (
          <ul className="stuck-groups" data-testid="stuck-groups">
            {groups.map((g) => (
              <li key={`${g.stageKey}|${g.party}`}>
                {t("stuck.group", { stage: t(g.stageKey), party: g.party ?? t("stuck.party.bidders"), count: g.count })}
              </li>
            ))}
          </ul>
        )}
        <p className={outbox.late > 0 || outbox.failing > 0 ? "notice" : "muted"} data-testid="stuck-outbox">
          {outbox.late > 0 || outbox.failing > 0 ? t("stuck.outbox", { late: outbox.late, failing: outbox.failing, minutes: OUTBOX_LATE_MINUTES }) : t("stuck.outboxOk")}{" "}
          <a href="/admin/queues">{t("stuck.toQueues")}</a>
        </p>
      </section>

      {items.length ? (
        <section className="card" aria-labelledby="stuck-list-title">
          <h2 id="stuck-list-title">{t("stuck.list", { count: items.length })}</h2>
          <TableWrap label={t("stuck.table")}>
            <table className="table" data-testid="stuck-items">
              <thead>
                <tr>
                  <th scope="col">{t("stuck.col.subject")}</th>
                  <th scope="col">{t("stuck.col.stage")}</th>
                  <th scope="col">{t("stuck.col.party")}</th>
                  <th scope="col">{t("stuck.col.waiting")}</th>
                  <th scope="col">{t("stuck.col.flagged")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.link + item.stageKey}>
                    <td>
                      <Link to={item.link}>{item.subject}</Link>
                    </td>
                    <td>{t(item.stageKey)}</td>
                    <td>{item.party ?? t("stuck.party.bidders")}</td>
                    <td>{age(item.since)}</td>
                    <td className="nowrap">{formatDateTime(item.flaggedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
