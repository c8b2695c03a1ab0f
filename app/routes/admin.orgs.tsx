import { Pagination } from "~/components/pagination";
import { readForm } from "~/utils/forms.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { listOrgs } from "~/domain/identity/queries.server";
import { reviewOrg } from "~/domain/identity/review-org.server";
import { orgListQuerySchema, reviewOrgSchema, type OrgListQuery } from "~/domain/identity/schemas";
import { DomainError, httpStatusOf } from "~/domain/shared/errors";
import stylesheet from "~/styles/identity.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { useLocale, useT } from "~/utils/i18n-react";
import { formatDateTime } from "~/utils/format";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";
import { TableWrap } from "~/components/table-wrap";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "adminOrgs.meta");

/** Platform operators only; everyone else gets a 404 (the desk's existence is not advertised). */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const query = orgListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listOrgs(view.actor, query).catch(throwErrorPage);
  return { ...list, query };
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = Object.fromEntries(await readForm(request));
  const orgId = typeof form.orgId === "string" ? form.orgId : "";
  const parsed = reviewOrgSchema.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return data({ ok: false, orgId, error: issue?.message ?? "", field: String(issue?.path[0] ?? "") }, { status: 400 });
  }
  try {
    const result = await reviewOrg(view.actor, parsed.data);
    return data({ ok: true, orgId, error: "", field: "", orgName: result.name });
  } catch (error) {
    if (!(error instanceof DomainError) || error.code === "NOT_FOUND" || error.code === "FORBIDDEN") throwErrorPage(error);
    const field = error.fieldErrors ? Object.keys(error.fieldErrors)[0] : "";
    const message = field ? error.fieldErrors![field][0] : error.message;
    return data({ ok: false, orgId, error: message, field }, { status: httpStatusOf[error.code] });
  }
}

type LoaderData = Awaited<ReturnType<typeof loader>>;
type Row = LoaderData["orgs"][number];
type ReviewReply = { ok: boolean; orgId: string; error: string; field: string; orgName?: string };

const STATUSES = ["PENDING", "ACTIVE", "SUSPENDED"] as const;
const statusTag = { PENDING: "tag-warn", ACTIVE: "tag-ok", SUSPENDED: "tag-danger" } as const;

function href(query: OrgListQuery, change: Partial<OrgListQuery>) {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.status) params.set("status", next.status);
  if (next.q) params.set("q", next.q);
  if (next.page > 1) params.set("page", String(next.page));
  const search = params.toString();
  return search ? `/admin/orgs?${search}` : "/admin/orgs";
}

export default function AdminOrgs() {
  const t = useT();
  const { orgs, total, page, pages, byStatus, query } = useLoaderData<LoaderData>();
  const done = useActionData<ReviewReply>();
  const all = STATUSES.reduce((sum, s) => sum + (byStatus[s] ?? 0), 0);

  return (
    <>
      <h1>{t("adminOrgs.title")}</h1>
      <p className="muted">{t("adminOrgs.intro")}</p>
      {done?.ok ? (
        <p className="notice" role="status" data-testid="review-done">
          {t("adminOrgs.done", { org: done.orgName ?? "" })}
        </p>
      ) : null}

      <div className="filters">
        <nav className="tabs" aria-label={t("adminOrgs.status")}>
          <Link to={href(query, { status: undefined, page: 1 })} aria-current={!query.status ? "page" : undefined}>
            {t("adminOrgs.all")} ({all})
          </Link>
          {STATUSES.map((s) => (
            <Link key={s} to={href(query, { status: s, page: 1 })} aria-current={query.status === s ? "page" : undefined}>
              {t(`orgStatus.${s}`)} ({byStatus[s] ?? 0})
            </Link>
          ))}
        </nav>
        <Form method="get" role="search">
          {query.status ? <input type="hidden" name="status" value={query.status} /> : null}
          <label htmlFor="org-search" className="visually-hidden">
            {t("adminOrgs.searchLabel")}
          </label>
          <input id="org-search" type="search" name="q" defaultValue={query.q ?? ""} placeholder={t("adminOrgs.searchLabel")} />
          <button type="submit" className="button button-secondary">
            {t("adminOrgs.searchSubmit")}
          </button>
        </Form>
      </div>

      <p className="muted">{t("adminOrgs.total", { total })}</p>
      {orgs.length ? (
        <TableWrap label={t("adminOrgs.title")}>
          <table className="table" data-testid="org-table">
            <thead>
              <tr>
                <th scope="col">{t("adminOrgs.name")}</th>
                <th scope="col">{t("adminOrgs.uscc")}</th>
                <th scope="col">{t("adminOrgs.town")}</th>
                <th scope="col">{t("adminOrgs.memberCount")}</th>
                <th scope="col">{t("adminOrgs.createdAt")}</th>
                <th scope="col">{t("adminOrgs.status")}</th>
                <th scope="col">{t("adminOrgs.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {orgs.map((org) => (
                <OrgRow key={org.id} org={org} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p className="empty card">{t("adminOrgs.none")}</p>
      )}

      <Pagination page={page} pages={pages} label={t("adminOrgs.title")} />
    </>
  );
}

function OrgRow({ org }: { org: Row }) {
  const t = useT();
  const locale = useLocale();
  const actionData = useActionData<ReviewReply>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("orgId") === org.id;
  const reply = actionData?.orgId === org.id ? actionData : undefined;
  const errorId = `review-error-${org.id}`;
  return (
    <tr data-testid={`org-row-${org.uscc}`}>
      <td>
        <div className="org-name">
          {org.name}
          {org.isDemo ? <span className="tag tag-demo">{t("app.demoBadge")}</span> : null}
        </div>
        <div className="muted">{t(`orgKind.${org.kind}`)}</div>
      </td>
      <td className="mono nowrap">{org.uscc}</td>
      <td className="nowrap">{org.town ?? "—"}</td>
      <td>{org.memberCount}</td>
      <td className="nowrap">{formatDateTime(org.createdAt, locale)}</td>
      <td className="nowrap">
        <span className={`tag ${statusTag[org.status]}`}>{t(`orgStatus.${org.status}`)}</span>
      </td>
      <td>
        <div className="review-actions">
          {org.transitions.map((tr) => {
            const reasonId = `reason-${tr.name}-${org.id}`;
            const invalid = reply?.field === "reason";
            return (
              <Form method="post" key={tr.name}>
                <input type="hidden" name="intent" value={tr.name} />
                <input type="hidden" name="orgId" value={org.id} />
                <input type="hidden" name="version" value={org.version} />
                <label htmlFor={reasonId} className="visually-hidden">
                  {tr.reasonRequired ? t("adminOrgs.reason") : t("adminOrgs.reasonOptional")}
                </label>
                <input
                  id={reasonId}
                  type="text"
                  name="reason"
                  required={tr.reasonRequired}
                  placeholder={tr.reasonRequired ? t("adminOrgs.reason") : t("adminOrgs.reasonOptional")}
                  aria-invalid={tr.reasonRequired && invalid ? true : undefined}
                  aria-describedby={reply?.error ? errorId : undefined}
                />
                <button type="submit" className={tr.name === "suspend" ? "button button-danger" : "button"} disabled={busy}>
                  {busy ? t("adminOrgs.working") : t(`adminOrgs.action.${tr.audit}`)}
                </button>
              </Form>
            );
          })}
          {reply?.error ? (
            <div id={errorId} className="error" role="alert">
              {t(reply.error)}
            </div>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
