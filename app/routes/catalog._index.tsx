import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import { z } from "zod";
import { HolderInsight } from "~/components/deals/holder-insight";
import { FieldErrors, PlainField } from "~/components/form-field";
import { Pagination } from "~/components/pagination";
import { StatusButtons } from "~/components/patents/status-buttons";
import { StatusTag } from "~/components/patents/tags";
import { RouteError } from "~/components/route-error";
import { holderDealInsight } from "~/domain/deals/insight.server";
import { can } from "~/domain/identity/policies";
import {
  LISTING_MODE_LABELS,
  LISTING_MODES,
  ROYALTY_BASES,
  ROYALTY_BASIS_LABELS,
} from "~/domain/patents/labels";
import {
  countOwnPatents,
  listOwnPatents,
} from "~/domain/patents/queries.server";
import { bulkListPatents } from "~/domain/patents/save-patent.server";
import { bulkListSchema } from "~/domain/patents/schemas";
import { pageQuerySchema } from "~/domain/shared/pagination";
import insightStyles from "~/styles/deal-insight.css";
import styles from "~/styles/patents.css";
import { formatDateTime } from "~/utils/format";
import { formErrorsOf, throwErrorPage } from "~/utils/form-errors.server";
import { readForm } from "~/utils/forms.server";
import { useLocale, useT } from "~/utils/i18n-react";
import { patentsPageTitle } from "~/utils/messages/patents";
import { requireSessionView } from "~/utils/session.server";
import { TableWrap } from "~/components/table-wrap";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: insightStyles },
];

export const meta: MetaFunction = ({ matches }) =>
  patentsPageTitle(matches, "patents.catalog.meta");

const PAGE_SIZE = 20;
const STATUSES = ["DRAFT", "LISTED", "UNLISTED"] as const;
/** A tab that does not exist shows every status rather than an error. */
const statusParam = z.enum(STATUSES).optional().catch(undefined);

/** The holder's own patents and its 交易概况 (404 for organizations that hold none: the domain decides). */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const url = new URL(request.url);
  const status = statusParam.parse(url.searchParams.get("status") ?? undefined);
  const page = pageQuerySchema.shape.page
    .catch(1)
    .parse(url.searchParams.get("page") ?? undefined);
  const list = await listOwnPatents(view.actor, {
    page,
    pageSize: PAGE_SIZE,
    status,
  }).catch(throwErrorPage);
  const [counts, insight] = await Promise.all([
    countOwnPatents(view.actor),
    holderDealInsight(view.actor),
  ]);
  return {
    ...list,
    counts,
    insight,
    status: status ?? null,
    canManage: can(view.actor, "patent.manage", { orgId: view.actor.orgId }),
  };
}

const TERM_FIELDS = [
  "listingMode",
  "askingPrice",
  "royaltyPercent",
  "royaltyBasis",
  "negotiable",
  "evaluationReportNo",
] as const;

type BulkReply = { listed: number; errors: Record<string, string[]> | null };

/** "挂牌所选专利": the selected rows with one set of terms, through the same use case as API v1. */
export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = await readForm(request);
  const terms = Object.fromEntries(
    TERM_FIELDS.map((f) => [f, form.get(f) ?? undefined])
  );
  try {
    const listed = await bulkListPatents(
      view.actor,
      bulkListSchema.parse({ ids: form.getAll("ids").map(String), terms })
    );
    return data<BulkReply>({ listed: listed.length, errors: null });
  } catch (error) {
    const failed = formErrorsOf(error);
    if (!failed) return throwErrorPage(error);
    return data<BulkReply>(
      { listed: 0, errors: failed.errors },
      { status: failed.status }
    );
  }
}

/** The errors of one row of the bulk listing (`ids.<id>` and `ids.<id>.<field>`). */
function rowErrors(
  errors: Record<string, string[]> | null | undefined,
  id: string
): string[] {
  if (!errors) return [];
  return Object.entries(errors).flatMap(([key, messages]) =>
    key === `ids.${id}` || key.startsWith(`ids.${id}.`) ? messages : []
  );
}

export default function Catalog() {
  const { items, total, page, pageSize, counts, insight, status, canManage } =
    useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const selectable = canManage
    ? items.filter((p) => p.status !== "LISTED")
    : [];
  const listable = selectable.filter((p) => p.blockersBesideTerms.length === 0);
  const errors = reply?.errors ?? null;
  const termError = (field: string) => errors?.[`terms.${field}`];
  const all = counts.DRAFT + counts.LISTED + counts.UNLISTED;
  const tabs = [
    { key: null, label: t("patents.catalog.all"), count: all },
    ...STATUSES.map((s) => ({
      key: s,
      label: t(`patents.status.${s}`),
      count: counts[s],
    })),
  ];

  return (
    <>
      <header className="page-head">
        <div>
          <h1>{t("patents.catalog.title")}</h1>
          <p className="muted">{t("patents.catalog.intro")}</p>
        </div>
        {canManage ? (
          <div className="row">
            <Link to="/catalog/new" className="button">
              {t("patents.catalog.new")}
            </Link>
            <Link to="/catalog/imports" className="button button-outline">
              {t("patents.catalog.import")}
            </Link>
          </div>
        ) : null}
      </header>

      {reply && reply.listed > 0 ? (
        <p className="notice" role="status" data-testid="bulk-done">
          {t("patents.bulk.done", { count: reply.listed })}
        </p>
      ) : null}
      {errors && Object.keys(errors).some((k) => k.startsWith("ids.")) ? (
        <p className="form-error" role="alert" data-testid="bulk-failed">
          {t("patents.bulk.failed")}
        </p>
      ) : null}

      <nav className="status-tabs" aria-label={t("patents.catalog.tabs")}>
        {tabs.map((tab) => (
          <Link
            key={tab.key ?? "all"}
            to={tab.key ? `?status=${tab.key}` : "/catalog"}
            aria-current={tab.key === status ? "page" : undefined}
          >
            {tab.label} <span className="tab-count">{tab.count}</span>
          </Link>
        ))}
      </nav>

      {items.length === 0 ? (
        <section className="card empty" data-testid="catalog-empty">
          <p>
            {all === 0
              ? t("patents.catalog.empty")
              : t("patents.catalog.emptyTab", {
                  status: status ? t(`patents.status.${status}`) : "",
                })}
          </p>
          {all === 0 && canManage ? (
            <p className="row" style={{ justifyContent: "center" }}>
              <Link to="/catalog/new" className="button">
                {t("patents.catalog.new")}
              </Link>
              <Link to="/catalog/imports" className="button button-outline">
                {t("patents.catalog.import")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : (
        <TableWrap label={t("nav.catalog")}>
          <table
            className={`table catalog-table${
              selectable.length ? " has-select" : ""
            }`}
            data-testid="catalog"
          >
            <thead>
              <tr>
                {selectable.length ? (
                  <th scope="col" className="select-col">
                    <span className="visually-hidden">
                      {t("patents.catalog.colSelect")}
                    </span>
                  </th>
                ) : null}
                <th scope="col">{t("patents.catalog.colTitle")}</th>
                <th scope="col">{t("patents.catalog.colNumbers")}</th>
                <th scope="col">{t("patents.catalog.colStatus")}</th>
                <th scope="col">{t("patents.catalog.colUpdated")}</th>
                <th scope="col">{t("patents.catalog.colActions")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => {
                const failed = rowErrors(errors, p.id);
                const title = p.title || t("patents.catalog.untitled");
                return (
                  <tr
                    key={p.id}
                    data-testid={`catalog-row-${p.id}`}
                    className={failed.length ? "row-failed" : undefined}
                  >
                    {selectable.length ? (
                      <td className="select-col">
                        {p.status !== "LISTED" ? (
                          <input
                            type="checkbox"
                            name="ids"
                            value={p.id}
                            form="bulk-list"
                            disabled={p.blockersBesideTerms.length > 0}
                            aria-label={t("patents.catalog.select", { title })}
                            aria-describedby={
                              p.blockersBesideTerms.length
                                ? `blockers-${p.id}`
                                : undefined
                            }
                          />
                        ) : null}
                      </td>
                    ) : null}
                    <td className="catalog-title">
                      <Link to={`/patents/${p.id}`} id={`row-${p.id}`}>
                        {title}
                      </Link>
                      {p.isDemo ? (
                        <span className="tag tag-demo">
                          {t("patents.demo")}
                        </span>
                      ) : null}
                      {canManage && p.blockersBesideTerms.length ? (
                        <div
                          className="blockers"
                          id={`blockers-${p.id}`}
                          data-testid="blockers"
                        >
                          <span>{t("patents.catalog.blocked")}</span>
                          <ul>
                            {p.blockersBesideTerms.map((b) => (
                              <li key={`${b.field}-${b.message}`}>
                                {b.message}
                              </li>
                            ))}
                          </ul>
                          <Link to={`/catalog/${p.id}/edit`}>
                            {t("patents.catalog.fix")}
                          </Link>
                        </div>
                      ) : null}
                      {failed.length ? (
                        <div className="error" role="alert">
                          {failed.map((m) => (
                            <div key={m}>{m}</div>
                          ))}
                        </div>
                      ) : null}
                    </td>
                    <td className="mono small">
                      <div>{p.applicationNumber ?? t("patents.none")}</div>
                      <div className="muted">{p.publicationNumber ?? ""}</div>
                    </td>
                    <td>
                      <StatusTag status={p.status} />
                    </td>
                    <td className="nowrap">
                      {formatDateTime(p.updatedAt, locale)}
                    </td>
                    <td className="catalog-actions">
                      {canManage ? (
                        <div className="row-actions">
                          <StatusButtons
                            patentId={p.id}
                            version={p.version}
                            actions={p.actions}
                            describedBy={`row-${p.id}`}
                          />
                          <Link
                            to={`/catalog/${p.id}/edit`}
                            aria-describedby={`row-${p.id}`}
                          >
                            {t("patents.catalog.edit")}
                          </Link>
                        </div>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      {selectable.length ? (
        <section className="card bulk-list" aria-labelledby="bulk-title">
          <h2 id="bulk-title">{t("patents.bulk.title")}</h2>
          <p className="muted">
            {listable.length ? t("patents.bulk.intro") : t("patents.bulk.none")}
          </p>
          <Form method="post" id="bulk-list" className="bulk-terms" noValidate>
            <div className="field">
              <label htmlFor="bulk-mode">{t("patents.bulk.mode")} *</label>
              <select
                id="bulk-mode"
                name="listingMode"
                defaultValue=""
                aria-invalid={termError("listingMode") ? true : undefined}
                aria-describedby={
                  termError("listingMode") ? "bulk-mode-error" : undefined
                }
              >
                <option value="">{t("patents.bulk.modePick")}</option>
                {LISTING_MODES.map((m) => (
                  <option key={m} value={m}>
                    {LISTING_MODE_LABELS[m]}
                  </option>
                ))}
              </select>
              <FieldErrors
                id="bulk-mode-error"
                errors={termError("listingMode")}
              />
            </div>
            <PlainField
              id="bulk-price"
              name="askingPrice"
              label={t("patents.bulk.price")}
              inputMode="decimal"
              errors={termError("askingPrice")}
            />
            <PlainField
              id="bulk-royalty"
              name="royaltyPercent"
              label={t("patents.bulk.royalty")}
              inputMode="decimal"
              errors={termError("royaltyPercent")}
            />
            <div className="field">
              <label htmlFor="bulk-basis">{t("patents.bulk.basis")}</label>
              <select id="bulk-basis" name="royaltyBasis" defaultValue="">
                <option value="">{t("patents.bulk.basisNone")}</option>
                {ROYALTY_BASES.map((b) => (
                  <option key={b} value={b}>
                    {ROYALTY_BASIS_LABELS[b]}
                  </option>
                ))}
              </select>
              <FieldErrors
                id="bulk-basis-error"
                errors={termError("royaltyBasis")}
              />
            </div>
            <div className="field">
              <label htmlFor="bulk-report">{t("patents.bulk.report")}</label>
              <input
                id="bulk-report"
                name="evaluationReportNo"
                aria-describedby="bulk-report-hint"
              />
              <div id="bulk-report-hint" className="hint">
                {t("patents.bulk.reportHint")}
              </div>
              <FieldErrors
                id="bulk-report-error"
                errors={termError("evaluationReportNo")}
              />
            </div>
            <div className="field field-check">
              <label>
                <input type="checkbox" name="negotiable" value="true" />{" "}
                {t("patents.bulk.negotiable")}
              </label>
            </div>
            <FieldErrors id="bulk-ids-error" errors={errors?.ids} />
            <p>
              <button
                type="submit"
                className="button"
                disabled={!listable.length || navigation.state === "submitting"}
              >
                {t("patents.bulk.submit")}
              </button>
            </p>
          </Form>
        </section>
      ) : null}
      <Pagination
        page={page}
        pages={Math.max(1, Math.ceil(total / pageSize))}
        label={t("patents.catalog.title")}
      />
      <HolderInsight insight={insight} />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
