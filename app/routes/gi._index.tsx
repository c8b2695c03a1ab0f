import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { GI_APPLICATION_STATUSES } from "~/domain/gi/machine";
import { listGiProducts } from "~/domain/gi/products.server";
import { giReviewCounts, listGiApplications } from "~/domain/gi/queries.server";
import { can } from "~/domain/identity/policies";
import { clock } from "~/domain/shared/clock";
import { pageQuerySchema } from "~/domain/shared/pagination";
import stylesheet from "~/styles/gi-applications.css";
import { throwErrorPage } from "~/utils/form-errors.server";
import { ageOf, formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/gi";
import { pageTitle } from "~/utils/messages/identity";
import { getSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "gi.meta");

/** `?status=` (a status, or "all"), `?productId=`, `?page=`: a bad value is ignored, never an error. */
const querySchema = pageQuerySchema.extend({
  status: z.enum([...GI_APPLICATION_STATUSES, "all"]).optional().catch(undefined),
  productId: z.string().trim().min(1).max(64).optional().catch(undefined),
});

/** The tabs of the county's work list: what waits for it first. */
const TABS = ["SUBMITTED", "SUPPLEMENT_REQUESTED", "APPROVED", "all"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await getSessionView(request);
  const actor = view?.actor ?? null;
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const query = parsed.success ? parsed.data : { page: 1, pageSize: 20, status: undefined, productId: undefined };
  const mode = !actor ? "public" : can(actor, "gi.read-all") ? "county" : can(actor, "gi.apply", { orgId: actor.orgId }) ? "applicant" : "other";
  const base = { mode, review: actor !== null && can(actor, "gi.review"), now: clock.now().getTime() } as const;
  if (!actor || mode === "public" || mode === "other") return { ...base, list: null, counts: null, products: [], status: "", productId: "" };

  const products = (await listGiProducts(actor)).map((p) => ({ id: p.id, name: p.name }));
  const productId = query.productId && products.some((p) => p.id === query.productId) ? query.productId : undefined;
  if (mode === "applicant") {
    const list = await listGiApplications(actor, { page: query.page, pageSize: query.pageSize, productId }).catch(throwErrorPage);
    return { ...base, list, counts: null, products, status: "", productId: productId ?? "" };
  }
  // The county: the review queue by default (the home page's link says ?status=SUBMITTED).
  const tab = query.status ?? "SUBMITTED";
  const status = tab === "all" ? undefined : tab;
  // The review queue: who waited longest is decided first.
  const order = status === "SUBMITTED" ? "oldest" : "newest";
  const list = await listGiApplications(actor, { status, productId, page: query.page, pageSize: query.pageSize, order }).catch(throwErrorPage);
  return { ...base, list, counts: await giReviewCounts(actor), products, status: tab, productId: productId ?? "" };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function GiHome() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <section className="card gi-page">
      <div className="gi-head">
        <h1>{t("gi.title")}</h1>
        {d.mode === "applicant" ? (
          <Link to="/gi/apply" className="button">
            {t("gi.apply")}
          </Link>
        ) : null}
      </div>
      <p className="muted">{t(d.mode === "applicant" ? "gi.intro.sme" : d.mode === "county" ? "gi.intro.gov" : "gi.intro.other")}</p>
      <RelatedLinks mode={d.mode} review={d.review} />
      {d.mode === "applicant" && d.list ? <ApplicantList data={d} /> : null}
      {d.mode === "county" && d.list ? <CountyList data={d} /> : null}
    </section>
  );
}

function RelatedLinks({ mode, review }: { mode: Data["mode"]; review: boolean }) {
  const t = useT();
  return (
    <nav aria-label={t("gi.links")}>
      {mode === "public" ? (
        <p style={{ marginBottom: "0.3rem" }}>
          {t("gi.anonymous")} <Link to="/login?redirectTo=%2Fgi">{t("nav.login")}</Link>
        </p>
      ) : null}
      <ul className="gi-links">
        <li>
          <Link to="/gi/products">{t("gi.link.products")}</Link>
        </li>
        {mode === "county" ? (
          <li>
            <Link to="/gi/spot-checks">{t("gi.link.spotChecks")}</Link>
          </li>
        ) : null}
        {review ? (
          <li>
            <Link to="/gi/register-import">{t("gi.link.registerImport")}</Link>
          </li>
        ) : null}
        <li>
          <Link to="/gi/verify">{t("gi.link.verify")}</Link>
        </li>
      </ul>
    </nav>
  );
}

function ApplicantList({ data: d }: { data: Data }) {
  const t = useT();
  const locale = useLocale();
  const list = d.list!;
  return (
    <>
      <h2>{t("gi.mine")}</h2>
      {list.total === 0 ? (
        <p className="empty">{t("gi.mine.empty")}</p>
      ) : (
        <table className="table gi-list" aria-label={t("gi.mine")}>
          <thead>
            <tr>
              <th scope="col">{t("gi.col.product")}</th>
              <th scope="col">{t("gi.col.status")}</th>
              <th scope="col">{t("gi.col.certificate")}</th>
              <th scope="col">{t("gi.col.town")}</th>
              <th scope="col">{t("gi.col.submittedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/gi/applications/${a.id}`}>{a.product.name}</Link>
                </td>
                <td className="nowrap" data-label={t("gi.col.status")}>
                  <StatusTag status={a.status} />
                </td>
                <td data-label={t("gi.col.certificate")}>{a.certificateNumber ? <span className="mono">{a.certificateNumber}</span> : t("gi.detail.none")}</td>
                <td data-label={t("gi.col.town")}>{a.town}</td>
                <td className="nowrap" data-label={t("gi.col.submittedAt")}>
                  {formatDateTime(a.submittedAt, locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={list.page} pages={Math.ceil(list.total / list.pageSize)} label={t("gi.mine")} />
    </>
  );
}

const TONE: Record<string, string> = { SUBMITTED: "tag-warn", SUPPLEMENT_REQUESTED: "tag-warn", APPROVED: "tag-ok", REJECTED: "", REVOKED: "tag-danger" };

function StatusTag({ status }: { status: string }) {
  const t = useT();
  return <span className={`tag ${TONE[status] ?? ""}`} style={{ marginLeft: 0 }}>{t(`gi.status.${status}`)}</span>;
}

function CountyList({ data: d }: { data: Data }) {
  const t = useT();
  const locale = useLocale();
  const list = d.list!;
  const queue = d.status === "SUBMITTED";
  const tabLabel = (tab: (typeof TABS)[number]) => (tab === "all" ? t("gi.all") : tab === "APPROVED" ? t("gi.queue.approved") : t(`gi.status.${tab}`));
  const tabCount = (tab: (typeof TABS)[number]) => (tab === "SUBMITTED" ? d.counts?.submitted : tab === "SUPPLEMENT_REQUESTED" ? d.counts?.supplementRequested : undefined);
  const hrefOf = (tab: string) => `?${new URLSearchParams({ status: tab, ...(d.productId ? { productId: d.productId } : {}) })}`;
  const empty = d.status === "SUBMITTED" ? "gi.queue.empty.submitted" : d.status === "SUPPLEMENT_REQUESTED" ? "gi.queue.empty.supplement" : d.status === "APPROVED" ? "gi.queue.empty.approved" : "gi.filter.empty";
  const age = (since: string) => {
    const a = ageOf(since, d.now);
    return t(`gi.age.${a.unit}`, { n: a.n });
  };
  return (
    <>
      {d.counts ? (
        <p className="notice" data-testid="gi-counts">
          {t("gi.counts", { submitted: d.counts.submitted, supplement: d.counts.supplementRequested })}
        </p>
      ) : null}
      <nav className="gi-links" aria-label={t("gi.filter")} style={{ margin: "1rem 0 0.75rem" }}>
        {TABS.map((tab) => (
          <Link key={tab} to={hrefOf(tab)} aria-current={d.status === tab ? "page" : undefined} style={d.status === tab ? { fontWeight: 700, textDecoration: "none" } : undefined}>
            {tabLabel(tab)}
            {tabCount(tab) !== undefined ? `（${tabCount(tab)}）` : ""}
          </Link>
        ))}
      </nav>
      <Form method="get" className="gi-filters" aria-label={t("gi.filter")}>
        <div className="field">
          <label htmlFor="gi-status-filter">{t("gi.filter.status")}</label>
          <select id="gi-status-filter" name="status" defaultValue={d.status}>
            <option value="all">{t("gi.filter.allStatus")}</option>
            {GI_APPLICATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`gi.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="gi-product-filter">{t("gi.filter.product")}</label>
          <select id="gi-product-filter" name="productId" defaultValue={d.productId}>
            <option value="">{t("gi.filter.allProducts")}</option>
            {d.products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          {t("gi.filter.apply")}
        </button>
      </Form>
      <h2>{tabLabel(d.status as (typeof TABS)[number])}</h2>
      {queue ? <p className="muted small">{t("gi.queue.submittedHint")}</p> : null}
      {d.status === "SUPPLEMENT_REQUESTED" ? <p className="muted small">{t("gi.queue.supplementHint")}</p> : null}
      {list.total === 0 ? (
        <p className="empty">{t(empty)}</p>
      ) : (
        <table className="table gi-list" aria-label={tabLabel(d.status as (typeof TABS)[number])}>
          <thead>
            <tr>
              <th scope="col">{t("gi.col.enterprise")}</th>
              <th scope="col">{t("gi.col.product")}</th>
              <th scope="col">{t("gi.col.town")}</th>
              <th scope="col">{t("gi.col.status")}</th>
              <th scope="col">{d.status === "APPROVED" ? t("gi.col.certificate") : t("gi.col.submittedAt")}</th>
              <th scope="col">{queue ? t("gi.col.waiting") : d.status === "APPROVED" ? t("gi.col.announcedOn") : t("gi.col.certificate")}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/gi/applications/${a.id}`}>{a.enterpriseName}</Link>
                  <div className="muted small mono">{a.uscc}</div>
                </td>
                <td data-label={t("gi.col.product")}>{a.product.name}</td>
                <td data-label={t("gi.col.town")}>{a.town}</td>
                <td className="nowrap" data-label={t("gi.col.status")}>
                  <StatusTag status={a.status} />
                </td>
                {d.status === "APPROVED" ? (
                  <>
                    <td data-label={t("gi.col.certificate")}>{a.certificateNumber ? <span className="mono">{a.certificateNumber}</span> : t("gi.detail.none")}</td>
                    <td className="nowrap" data-label={t("gi.col.announcedOn")}>
                      {a.announcedOn ?? t("gi.detail.none")}
                    </td>
                  </>
                ) : (
                  <>
                    <td className="nowrap" data-label={t("gi.col.submittedAt")}>
                      {formatDateTime(a.submittedAt, locale)}
                    </td>
                    <td className="nowrap" data-label={queue ? t("gi.col.waiting") : t("gi.col.certificate")}>
                      {queue ? age(a.submittedAt) : a.certificateNumber ? <span className="mono">{a.certificateNumber}</span> : t("gi.detail.none")}
                    </td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={list.page} pages={Math.ceil(list.total / list.pageSize)} label={tabLabel(d.status as (typeof TABS)[number])} />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
