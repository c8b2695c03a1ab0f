import { can } from "~/domain/identity/policies";
import type {
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { fieldLabel } from "~/components/patents/format";
import { RouteError } from "~/components/route-error";
import { getPatentImport } from "~/domain/patents/import-patents.server";
import styles from "~/styles/patents.css";
import { formatDateTime } from "~/utils/format";
import { throwErrorPage } from "~/utils/form-errors.server";
import { useLocale, useT } from "~/utils/i18n-react";
import { patentsPageTitle } from "~/utils/messages/patents";
import { requireSessionView } from "~/utils/session.server";
import { TableWrap } from "~/components/table-wrap";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) =>
  patentsPageTitle(matches, "patents.importJob.meta");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const job = await getPatentImport(view.actor, params.id!).catch(throwErrorPage);
  // A platform operator imports for holders (API v1) but has no catalog of its own.
  return { ...job, hasCatalog: can(view.actor, "patent.manage", { orgId: view.actor.orgId }) };
}

const POLL_MS = 1_000;
const STATUS_TONE: Record<string, string> = {
  QUEUED: "",
  RUNNING: "tag-warn",
  SUCCEEDED: "tag-ok",
  FAILED: "tag-danger",
};

export default function PatentImportProgress() {
  const job = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const revalidator = useRevalidator();

  // The worker does the import; this page asks again every second until it is done.
  const { revalidate, state } = revalidator;
  useEffect(() => {
    if (job.done || state !== "idle") return;
    const timer = setTimeout(revalidate, POLL_MS);
    return () => clearTimeout(timer);
  }, [job, state, revalidate]);

  const statusText =
    job.message ??
    (job.status === "SUCCEEDED"
      ? t("patents.importJob.succeeded")
      : job.status === "QUEUED"
      ? t("patents.importJob.queued")
      : job.status === "RUNNING"
      ? t("patents.importJob.running")
      : "");

  return (
    <div className="form-page">
      <Link to="/catalog/imports" className="back-link">
        {t("patents.importJob.back")}
      </Link>
      <header className="page-head">
        <div>
          <h1>{t("patents.importJob.title")}</h1>
          <p className="muted">
            {t("patents.importJob.file", { file: job.fileName })} ·{" "}
            {formatDateTime(job.createdAt, locale)}
            <br />
            {t("patents.importJob.modeLine", {
              mode: t(`patents.import.mode.${job.mode}`),
              publish: job.publish
                ? t("patents.importJob.publishYes")
                : t("patents.importJob.publishNo"),
            })}
          </p>
        </div>
        <span
          className={`tag tag-large ${STATUS_TONE[job.status] ?? ""}`}
          data-testid="import-status"
          data-status={job.status}
        >
          {t(`patents.importJob.status.${job.status}`)}
        </span>
      </header>

      <section
        className="card import-progress"
        aria-labelledby="progress-label"
      >
        <p id="progress-label" className="progress-line">
          <strong>{t("patents.importJob.progress")}</strong>
          <span data-testid="import-processed">
            {t("patents.importJob.processed", {
              processed: job.processed,
              total: job.total,
            })}
          </span>
        </p>
        {job.total > 0 ? (
          <progress
            max={job.total}
            value={job.processed}
            aria-label={t("patents.importJob.progress")}
          />
        ) : (
          <progress aria-label={t("patents.importJob.progress")} />
        )}
        <dl className="import-counts">
          <div>
            <dt>{t("patents.importJob.created")}</dt>
            <dd data-testid="import-created">{job.created}</dd>
          </div>
          <div>
            <dt>{t("patents.importJob.updated")}</dt>
            <dd data-testid="import-updated">{job.updated}</dd>
          </div>
          <div>
            <dt>{t("patents.importJob.listed")}</dt>
            <dd data-testid="import-listed">{job.listed}</dd>
          </div>
          <div>
            <dt>{t("patents.importJob.drafted")}</dt>
            <dd data-testid="import-drafted">{job.drafted}</dd>
          </div>
          <div className={job.failed ? "bad" : undefined}>
            <dt>{t("patents.importJob.failed")}</dt>
            <dd data-testid="import-failed">{job.failed}</dd>
          </div>
        </dl>
        {statusText ? (
          <p
            className={job.status === "FAILED" ? "form-error" : "notice"}
            role="status"
            aria-live="polite"
            data-testid="import-message"
          >
            {statusText}
          </p>
        ) : null}
        {job.done && job.hasCatalog ? (
          <p className="row">
            <Link to="/catalog" className="button">
              {t("patents.importJob.toCatalog")}
            </Link>
            {job.drafted ? (
              <Link
                to="/catalog?status=DRAFT"
                className="button button-outline"
              >
                {t("patents.importJob.toDrafts")}
              </Link>
            ) : null}
            {job.failed ? (
              <Link to="/catalog/imports" className="button button-outline">
                {t("patents.importJob.again")}
              </Link>
            ) : null}
          </p>
        ) : null}
      </section>

      {job.notes.length ? (
        <section aria-labelledby="notes-title">
          <h2 id="notes-title">
            {t("patents.importJob.notes", { count: job.notes.length })}
          </h2>
          <p className="muted">{t("patents.importJob.notesIntro")}</p>
          <TableWrap label={t("patents.importJob.notes", { count: job.notes.length })}>
            <table className="table import-notes" data-testid="import-notes">
              <thead>
                <tr>
                  <th scope="col" className="nowrap">
                    {t("patents.importJob.colLine")}
                  </th>
                  <th scope="col">{t("patents.importJob.colResult")}</th>
                  <th scope="col">{t("patents.importJob.colReason")}</th>
                </tr>
              </thead>
              <tbody>
                {job.notes.map((n) => (
                  <tr key={`${n.line}-${n.kind}`}>
                    <td className="mono">{n.line}</td>
                    <td className={`nowrap note-${n.kind}`}>
                      {t(`patents.importJob.note.${n.kind}`)}
                    </td>
                    <td>
                      {n.message}
                      {n.patentId ? (
                        <>
                          {" "}
                          <Link
                            to={
                              n.kind === "DRAFT"
                                ? `/catalog/${n.patentId}/edit`
                                : `/patents/${n.patentId}`
                            }
                          >
                            {t("patents.importJob.openPatent")}
                          </Link>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}

      {job.errors.length ? (
        <section aria-labelledby="errors-title">
          <h2 id="errors-title">
            {t("patents.importJob.errors", { count: job.errors.length })}
          </h2>
          <TableWrap label={t("patents.importJob.errors", { count: job.errors.length })}>
            <table className="table error-table" data-testid="import-errors">
              <thead>
                <tr>
                  <th scope="col">{t("patents.importJob.colLine")}</th>
                  <th scope="col">{t("patents.importJob.colField")}</th>
                  <th scope="col">{t("patents.importJob.colReason")}</th>
                </tr>
              </thead>
              <tbody>
                {job.errors.map((e, i) => (
                  <tr key={`${e.line}-${e.field}-${i}`}>
                    <td className="mono">{e.line}</td>
                    <td className="nowrap">{fieldLabel(e.field, t)}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
