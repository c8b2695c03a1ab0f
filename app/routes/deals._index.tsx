import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { DEAL_STATUSES } from "~/domain/deals/deal-machine";
import { hasDealList } from "~/domain/deals/policies";
import { listDeals } from "~/domain/deals/queries.server";
import { can } from "~/domain/identity/policies";
import type { Actor } from "~/domain/shared/actor";
import { pageQuerySchema } from "~/domain/shared/pagination";
import stylesheet from "~/styles/deals.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/deals";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "deals.meta");

const ROLES = ["SME", "HOLDER", "BANK"] as const;
const querySchema = pageQuerySchema.extend({ status: z.enum(DEAL_STATUSES).optional().catch(undefined), role: z.enum(ROLES).optional().catch(undefined) });

/** The roles an org can have in a deal, for the filter: SMEs start deals (and hold patents after an assignment), holders answer, banks consent. */
function rolesOf(actor: Actor): (typeof ROLES)[number][] {
  const starts = can(actor, "deal.start", { orgId: actor.orgId });
  return ROLES.filter((r) => (r === "SME" ? starts : r === "HOLDER" ? starts || can(actor, "patent.manage", { orgId: actor.orgId }) : actor.orgKind === "BANK"));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  if (!hasDealList(view.actor)) throw new Response("Not Found", { status: 404 });
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const query = parsed.success ? parsed.data : { page: 1, pageSize: 20 };
  const page = await listDeals(view.actor, query).catch(throwErrorPage);
  const roles = rolesOf(view.actor);
  return { ...page, status: query.status ?? "", role: query.role ?? "", roles, starts: roles.includes("SME"), holds: roles.includes("HOLDER") };
}

export default function Deals() {
  const t = useT();
  const locale = useLocale();
  const { items, total, page, pageSize, status, role, roles, starts, holds } = useLoaderData<typeof loader>();
  const filtered = status !== "" || role !== "";
  const empty = filtered ? t("deals.emptyFiltered") : starts ? t("deals.emptySme") : holds ? t("deals.emptyHolder") : t("deals.empty");
  return (
    <section className="card">
      <div className="page-head">
        <h1>{t("deals.title")}</h1>
        <p className="muted">{t("deals.intro")}</p>
      </div>
      <Form method="get" className="deal-filters" aria-label={t("deals.filter")}>
        <div className="field">
          <label htmlFor="status-filter">{t("deals.filter.status")}</label>
          <select id="status-filter" name="status" defaultValue={status}>
            <option value="">{t("deals.filter.allStatus")}</option>
            {DEAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`deals.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {roles.length > 1 || (roles.length === 1 && roles[0] === "BANK") ? (
          <div className="field">
            <label htmlFor="role-filter">{t("deals.filter.role")}</label>
            <select id="role-filter" name="role" defaultValue={role}>
              <option value="">{t("deals.filter.allRoles")}</option>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`deals.role.${r}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" className="button button-secondary">
          {t("deals.filter.apply")}
        </button>
      </Form>
      {total === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <table className="table deal-list" aria-label={t("deals.list")}>
          <thead>
            <tr>
              <th scope="col">{t("deals.col.patent")}</th>
              <th scope="col">{t("deals.col.sme")}</th>
              <th scope="col">{t("deals.col.holder")}</th>
              <th scope="col">{t("deals.col.mode")}</th>
              <th scope="col">{t("deals.col.status")}</th>
              <th scope="col">{t("deals.col.updated")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link to={`/deals/${d.id}`}>{d.patent.title}</Link>
                </td>
                <td data-label={t("deals.col.sme")}>{d.sme.name}</td>
                <td data-label={t("deals.col.holder")}>{d.holder.name}</td>
                <td className="nowrap" data-label={t("deals.col.mode")}>{t(`deals.mode.${d.mode}`)}</td>
                <td className="nowrap" data-label={t("deals.col.status")}>
                  <strong>{t(`deals.status.${d.status}`)}</strong>
                  {d.overdue ? <span className="tag tag-warn">{t("deals.overdue")}</span> : null}
                  {d.status === "AGREED" && d.consent === "PENDING" ? <span className="tag tag-warn">{t("deals.consentPending")}</span> : null}
                </td>
                <td className="nowrap" data-label={t("deals.col.updated")}>{formatDateTime(d.updatedAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pages={Math.ceil(total / pageSize)} label={t("deals.list")} />
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
