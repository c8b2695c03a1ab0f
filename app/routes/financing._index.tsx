import { QueueTabs, useAge } from "~/components/financing/work-queue";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { PLEDGE_STATUSES } from "~/domain/financing/pledge-machine";
import { listPledgeApplications } from "~/domain/financing/queries.server";
import { can } from "~/domain/identity/policies";
import { Money } from "~/domain/shared/money";
import { pageQuerySchema } from "~/domain/shared/pagination";
import stylesheet from "~/styles/financing.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { formatDateTime } from "~/utils/format";
import { nowMs } from "~/domain/shared/clock";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/financing";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "fin.meta");

const querySchema = pageQuerySchema.extend({ status: z.enum(PLEDGE_STATUSES).optional().catch(undefined), queue: z.enum(["mine", "all"]).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const query = parsed.success ? parsed.data : { page: 1, pageSize: 20 };
  // Banks and insurers work a queue: it opens on what waits for them.
  const hasQueue = view.actor.orgKind === "BANK" || view.actor.orgKind === "INSURER";
  const queue = hasQueue ? (query.queue ?? "mine") : "all";
  const page = await listPledgeApplications(view.actor, { ...query, queue }).catch(throwErrorPage);
  return { ...page, status: query.status ?? "", queue, hasQueue, now: nowMs(), canApply: can(view.actor, "pledge.apply", { orgId: view.actor.orgId }) };
}

export default function Financing() {
  const t = useT();
  const locale = useLocale();
  const { items, total, page, pageSize, status, queue, hasQueue, now, canApply } = useLoaderData<typeof loader>();
  const age = useAge(now);
  return (
    <section className="card">
      <div className="page-head">
        <div>
          <h1>{t("fin.title")}</h1>
          <p className="muted">{t("fin.intro")}</p>
        </div>
        {canApply ? (
          <Link className="button" to="/financing/new">
            {t("fin.new")}
          </Link>
        ) : null}
      </div>
      {hasQueue ? (
        <QueueTabs queue={queue} total={total} className="status-tabs fin-queue" />
      ) : null}
      <Form method="get" className="inline-form" aria-label={t("fin.filter.status")}>
        {hasQueue ? <input type="hidden" name="queue" value={queue} /> : null}
        <label htmlFor="status-filter">{t("fin.filter.status")}</label>{" "}
        <select id="status-filter" name="status" defaultValue={status}>
          <option value="">{t("fin.filter.all")}</option>
          {PLEDGE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`fin.status.${s}`)}
            </option>
          ))}
        </select>{" "}
        <button type="submit" className="button secondary">
          {t("fin.filter.apply")}
        </button>
      </Form>
      {total === 0 ? (
        <p className="empty">{queue === "mine" ? t("fin.queue.emptyMine") : canApply ? t("fin.emptySme") : t("fin.empty")}</p>
      ) : (
        <table className="table fin-list" aria-label={t("fin.list")}>
          <thead>
            <tr>
              <th scope="col">{t("fin.col.sme")}</th>
              <th scope="col">{t("fin.col.bank")}</th>
              <th scope="col">{t("fin.col.amount")}</th>
              <th scope="col">{t("fin.col.term")}</th>
              <th scope="col">{t("fin.col.status")}</th>
              <th scope="col">{t("fin.col.age")}</th>
              <th scope="col">{t("fin.col.updated")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/financing/${a.id}`}>{a.sme.name}</Link>
                </td>
                <td data-label={t("fin.col.bank")}>{a.bank.name}</td>
                <td data-label={t("fin.col.amount")}>{Money.parseYuan(a.requestedAmount).format()}</td>
                <td data-label={t("fin.col.term")}>{t("fin.months", { n: a.termMonths })}</td>
                <td data-label={t("fin.col.status")}>
                  <span className="fin-status">{t(`fin.status.${a.status}`)}</span> {a.overdue ? <span className="tag tag-warn">{t("fin.overdue")}</span> : null}
                </td>
                <td className="fin-age" data-label={t("fin.col.age")}>{age(a.stageEnteredAt)}</td>
                <td data-label={t("fin.col.updated")}>{formatDateTime(a.updatedAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pages={Math.ceil(total / pageSize)} label={t("fin.list")} />
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
