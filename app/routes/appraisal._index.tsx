import { QueueTabs, useAge } from "~/components/financing/work-queue";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { listAppraisalJobs } from "~/domain/appraisal/queries.server";
import { Money } from "~/domain/shared/money";
import { pageQuerySchema } from "~/domain/shared/pagination";
import stylesheet from "~/styles/financing.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { formatDateTime } from "~/utils/format";
import { nowMs } from "~/domain/shared/clock";
import { z } from "zod";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/financing";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "appr.meta");

const querySchema = pageQuerySchema.extend({ queue: z.enum(["mine", "all"]).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const query = parsed.success ? parsed.data : { page: 1, pageSize: 20 };
  // Appraisers work a queue: it opens on what waits for them (a bid, an offer, a report).
  const hasQueue = view.actor.orgKind === "APPRAISER";
  const queue = hasQueue ? (query.queue ?? "mine") : "all";
  const page = await listAppraisalJobs(view.actor, { ...query, queue }).catch(throwErrorPage);
  return { ...page, queue, hasQueue, now: nowMs() };
}

export default function AppraisalJobs() {
  const t = useT();
  const locale = useLocale();
  const { items, total, page, pageSize, queue, hasQueue, now } = useLoaderData<typeof loader>();
  const age = useAge(now);
  return (
    <section className="card">
      <h1>{t("appr.title")}</h1>
      <p className="muted">{t("appr.intro")}</p>
      {hasQueue ? (
        <QueueTabs queue={queue} total={total} />
      ) : null}
      {total === 0 ? (
        <p className="empty">{queue === "mine" ? t("fin.queue.emptyMine") : t("appr.empty")}</p>
      ) : (
        <table className="table fin-list" aria-label={t("appr.list")}>
          <thead>
            <tr>
              <th scope="col">{t("appr.col.sme")}</th>
              <th scope="col">{t("appr.col.assets")}</th>
              <th scope="col">{t("appr.col.deadline")}</th>
              <th scope="col">{t("appr.col.status")}</th>
              <th scope="col">{t("fin.col.age")}</th>
              <th scope="col">{t("appr.col.myBid")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((j) => (
              <tr key={j.id}>
                <td>
                  <Link to={`/appraisal/${j.id}`}>{j.sme.name}</Link>
                </td>
                <td data-label={t("appr.col.assets")}>{j.assets.map((a) => a.title).join("、")}</td>
                <td data-label={t("appr.col.deadline")}>{formatDateTime(j.deadline, locale)}</td>
                <td data-label={t("appr.col.status")}>{t(`appr.status.${j.status}`)}</td>
                <td className="fin-age" data-label={t("fin.col.age")}>{age(j.stageSince)}</td>
                <td data-label={t("appr.col.myBid")}>{j.myBid ? Money.parseYuan(j.myBid.fee).format() : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pages={Math.ceil(total / pageSize)} label={t("appr.list")} />
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
