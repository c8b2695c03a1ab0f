import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { RouteError } from "~/components/route-error";
import { can } from "~/domain/identity/policies";
import { MAX_IMPORT_BYTES } from "~/domain/patents/import-parse";
import { listPatentImports, startPatentImport } from "~/domain/patents/import-patents.server";
import { DomainError, httpStatusOf } from "~/domain/shared/errors";
import styles from "~/styles/patents.css";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import { patentsPageTitle } from "~/utils/messages/patents";
import { readFormWithFile } from "~/utils/forms.server";
import { requireSessionView } from "~/utils/session.server";
import { TableWrap } from "~/components/table-wrap";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => patentsPageTitle(matches, "patents.import.meta");

const MAX_MB = Math.round(MAX_IMPORT_BYTES / 1024 / 1024);
const MODES = ["ALL_OR_NOTHING", "SKIP_INVALID"] as const;
/** The upload form's own fields; the file's content is the domain's to judge. */
const importOptions = z.object({ mode: z.enum(MODES), publish: z.literal("on").optional() });

type ImportReply = { error: string };

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  if (!can(view.actor, "patent.import", { orgId: view.actor.orgId })) throw new Response("Not Found", { status: 404 });
  // A platform operator imports for holders (API v1) but has no catalog of its own.
  return { imports: await listPatentImports(view.actor), hasCatalog: can(view.actor, "patent.manage", { orgId: view.actor.orgId }) };
}

/**
 * Reads the upload (spooled to disk while it streams; more than MAX_IMPORT_BYTES is a 413
 * before anything is stored), starts the import and shows its progress page. The domain checks
 * the file as a whole (encoding, format, header) at once and says how to fix it.
 */
export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const tooLarge = () => data<ImportReply>({ error: "patents.import.tooLarge" }, { status: 413 });
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_IMPORT_BYTES + 64 * 1024) return tooLarge();
  let form: FormData;
  try {
    form = await readFormWithFile(request, { fileField: "file", maxFileBytes: MAX_IMPORT_BYTES });
  } catch (error) {
    if (error instanceof Response && error.status === 413) return tooLarge();
    throw error;
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return data<ImportReply>({ error: "patents.import.chooseFile" }, { status: 400 });
  const options = importOptions.safeParse({ mode: form.get("mode"), publish: form.get("publish") ?? undefined });
  if (!options.success) return data<ImportReply>({ error: "patents.import.badMode" }, { status: 400 });
  try {
    const started = await startPatentImport(view.actor, {
      fileName: file.name,
      contentType: file.type,
      bytes: new Uint8Array(await file.arrayBuffer()),
      mode: options.data.mode,
      publish: options.data.publish === "on",
    });
    return redirect(`/catalog/imports/${started.id}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data<ImportReply>({ error: error.message }, { status: httpStatusOf[error.code] });
  }
}

const STATUS_TONE: Record<string, string> = { QUEUED: "", RUNNING: "tag-warn", SUCCEEDED: "tag-ok", FAILED: "tag-danger" };

export default function PatentImports() {
  const { imports, hasCatalog } = useLoaderData<typeof loader>();
  const actionData = useActionData<ImportReply>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const uploading = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";

  return (
    <div className="form-page">
      {hasCatalog ? (
        <Link to="/catalog" className="back-link">
          {t("patents.import.backToCatalog")}
        </Link>
      ) : null}
      <h1>{t("patents.import.title")}</h1>
      <p className="muted">{t("patents.import.intro")}</p>

      <div className="import-layout">
        <section className="card">
          <Form method="post" encType="multipart/form-data" className="stack import-form" aria-describedby={actionData?.error ? "import-error" : undefined}>
            {actionData?.error ? (
              <div id="import-error" className="form-error" role="alert" data-testid="import-error">
                {t(actionData.error, { mb: MAX_MB })}
              </div>
            ) : null}
            <div className="field">
              <label htmlFor="import-file">{t("patents.import.file")}</label>
              <input id="import-file" type="file" name="file" accept=".jsonl,.ndjson,.json,.csv,text/csv,application/json" required aria-describedby="import-file-hint" />
              <span id="import-file-hint" className="hint">
                {t("patents.import.fileHint", { mb: MAX_MB })}
              </span>
            </div>
            <fieldset className="radio-group">
              <legend>{t("patents.import.mode")}</legend>
              {MODES.map((mode) => (
                <label key={mode} className="radio-option">
                  <input type="radio" name="mode" value={mode} defaultChecked={mode === "ALL_OR_NOTHING"} aria-describedby={`mode-${mode}-hint`} />
                  <span>
                    <strong>{t(`patents.import.mode.${mode}`)}</strong>
                    <span id={`mode-${mode}-hint`} className="hint">
                      {t(`patents.import.modeHint.${mode}`)}
                    </span>
                  </span>
                </label>
              ))}
            </fieldset>
            <label className="radio-option">
              <input type="checkbox" name="publish" defaultChecked aria-describedby="publish-hint" />
              <span>
                <strong>{t("patents.import.publish")}</strong>
                <span id="publish-hint" className="hint">
                  {t("patents.import.publishHint")}
                </span>
              </span>
            </label>
            <div>
              <button type="submit" className="button" disabled={uploading}>
                {uploading ? t("patents.import.uploading") : t("patents.import.submit")}
              </button>
            </div>
          </Form>
        </section>

        <aside className="card import-help" aria-labelledby="format-title">
          <h2 id="format-title">{t("patents.import.formatTitle")}</h2>
          <ul>
            {[1, 2, 3, 4, 5].map((n) => (
              <li key={n}>{t(`patents.import.format${n}`)}</li>
            ))}
          </ul>
          <p className="stack-links">
            <a href="/catalog/imports/template.csv" download>
              {t("patents.import.template")}
            </a>
            <a href="/catalog/imports/template.csv?headers=fields" download>
              {t("patents.import.templateCamel")}
            </a>
          </p>
        </aside>
      </div>

      <h2>{t("patents.import.recent")}</h2>
      {imports.length === 0 ? (
        <p className="card empty">{t("patents.import.none")}</p>
      ) : (
        <TableWrap label={t("patents.import.recent")}>
          <table className="table" data-testid="imports">
            <thead>
              <tr>
                <th scope="col">{t("patents.import.colFile")}</th>
                <th scope="col">{t("patents.import.colCreated")}</th>
                <th scope="col">{t("patents.import.colMode")}</th>
                <th scope="col">{t("patents.import.colStatus")}</th>
                <th scope="col">{t("patents.import.colResult")}</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((job) => (
                <tr key={job.id}>
                  <td>
                    <Link to={`/catalog/imports/${job.id}`}>{job.fileName}</Link>
                  </td>
                  <td className="nowrap">{formatDateTime(job.createdAt, locale)}</td>
                  <td>{t(`patents.import.mode.${job.mode}`)}</td>
                  <td>
                    <span className={`tag ${STATUS_TONE[job.status] ?? ""}`}>{t(`patents.importJob.status.${job.status}`)}</span>
                  </td>
                  <td className="small">{t("patents.import.result", { created: job.created, updated: job.updated, failed: job.failed })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
