import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { FieldErrors, PlainField } from "~/components/form-field";
import { RouteError } from "~/components/route-error";
import { actOnGiApplication } from "~/domain/gi/act-on-application.server";
import { MAX_GI_EVIDENCE_BYTES, type GiUpload } from "~/domain/gi/evidence.server";
import { GI_APPLICATION_STATUSES, isGiAction, type GiAction } from "~/domain/gi/machine";
import type { GiApplicationStatus } from "~/generated/prisma/enums";
import { getGiApplication } from "~/domain/gi/queries.server";
import { giActionBodySchemas, NOTE_MAX } from "~/domain/gi/schemas";
import { bookToday } from "~/domain/shared/book-dates";
import { DomainError, fieldErrorsOfIssues } from "~/domain/shared/errors";
import stylesheet from "~/styles/gi-applications.css";
import { formErrorsOf, throwErrorPage, type FieldErrorMap } from "~/utils/form-errors.server";
import { formatDateTime } from "~/utils/format";
import { readFormWithFile } from "~/utils/forms.server";
import { giNoticeCookie, takeGiNotice } from "~/utils/gi-flash.server";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/gi";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "gi.detail.meta");

/** The applicant, GOVERNMENT and PLATFORM read it; anyone else gets 404 (the domain's access table). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const application = await getGiApplication(view.actor, params.id ?? "").catch(throwErrorPage);
  const flash = await takeGiNotice(request);
  return data({ application, today: bookToday(), notice: flash.notice }, { headers: flash.headers });
}

/** `conflict`: the page was stale (409): told once at the top with a reload link; `stale`: another party's version won (CONFLICT), not only a state that moved on. */
type Reply = { intent: string; errors: FieldErrorMap; conflict: boolean; stale?: boolean };

/** Where the use case's errors belong on the page: file errors at the file input, a stale version at the top. */
const fieldOf = (key: string) => (/^(files?|evidence)(\.|$)/.test(key) ? "evidence" : key === "version" ? "" : key);

/**
 * One move of the GI machine per post (`intent`), naming the version the page showed
 * (stale → 409 and a reload hint). The applicant's resubmission may carry more files, which
 * the move checks and attaches in its own transaction. Revocation needs its confirm box.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const id = params.id ?? "";
  let form: FormData;
  try {
    form = await readFormWithFile(request, { fileField: "evidence", maxFileBytes: MAX_GI_EVIDENCE_BYTES });
  } catch (error) {
    if (error instanceof Response && error.status === 413) return data<Reply>({ intent: "resubmit", errors: { evidence: ["gi.field.tooLarge"] }, conflict: false }, { status: 413 });
    throw error;
  }
  const intent = String(form.get("intent") ?? "");
  if (!isGiAction(intent)) return data<Reply>({ intent, errors: { "": ["error.badRequest"] }, conflict: false }, { status: 400 });
  const files: GiUpload[] = [];
  for (const f of form.getAll("evidence")) if (f instanceof File && f.size > 0) files.push({ bytes: new Uint8Array(await f.arrayBuffer()), name: f.name, type: f.type || null });
  form.delete("evidence");
  const { confirm, ...body } = Object.fromEntries([...form].filter(([k, v]) => k !== "intent" && typeof v === "string" && v !== "")) as Record<string, string>;
  const errors: FieldErrorMap = {};
  if (intent === "revoke" && confirm !== "on") {
    // Not confirmed: nothing moves, but the other fields are judged too, so one answer names every problem.
    const parsed = giActionBodySchemas.revoke.safeParse(body);
    if (!parsed.success) Object.assign(errors, Object.fromEntries(Object.entries(fieldErrorsOfIssues(parsed.error.issues)).filter(([k]) => k !== "version")));
    errors.confirm = ["gi.revoke.confirmMissing"];
  }
  if (Object.keys(errors).length) return data<Reply>({ intent, errors, conflict: false }, { status: 400 });
  try {
    const state = await actOnGiApplication(view.actor, id, intent, body, files);
    const to = `/gi/applications/${state.id}`;
    return redirect(to, { headers: { "Set-Cookie": await giNoticeCookie(to, `gi.done.${intent}`, { certificate: state.certificateNumber ?? "" }) } });
  } catch (error) {
    const failed = formErrorsOf(error);
    if (!failed) throwErrorPage(error);
    const mapped: FieldErrorMap = {};
    for (const [k, v] of Object.entries(failed.errors)) (mapped[fieldOf(k)] ??= []).push(...v);
    return data<Reply>({ intent, errors: mapped, conflict: failed.status === 409, stale: error instanceof DomainError && error.code === "CONFLICT" }, { status: failed.status });
  }
}

type Application = ReturnType<typeof useLoaderData<typeof loader>>["application"];

/** The revocation comes last, behind its own confirm step. */
const ORDER: readonly GiAction[] = ["approve", "request-supplement", "reject", "resubmit", "revoke"];

export default function GiApplicationPage() {
  const t = useT();
  const locale = useLocale();
  const { application: a, today, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: string): FieldErrorMap => (result && result.intent === intent && !result.conflict ? result.errors : {});
  const actions = [...a.actions].sort((x, y) => ORDER.indexOf(x) - ORDER.indexOf(y));
  const d = a.decisions;
  return (
    <article className="gi-page" aria-labelledby="gi-title">
      <Link to="/gi" className="back-link">
        {t("gi.detail.back")}
      </Link>
      <header className="card">
        <div className="gi-head">
          <h1 id="gi-title">
            {a.enterpriseName} · {a.product.name}
          </h1>
          <p className="gi-status" data-testid="gi-status">
            {`${t("gi.detail.status")}：${t(`gi.status.${a.status}`)}`}
          </p>
        </div>
        <p className="muted">{a.yourRole ? t(`gi.detail.yourRole.${a.yourRole}`) : t("gi.detail.readOnly")}</p>
        {notice ? (
          <p className="notice" role="status">
            {t(notice.key, notice.params)}
          </p>
        ) : null}
        {result?.conflict ? (
          <div className="form-error" role="alert">
            {result.stale ? <p style={{ margin: 0 }}>{t("gi.conflict")}</p> : null}
            {result.errors[""]?.length ? <p style={{ margin: 0 }}>{result.errors[""].join("；")}</p> : null}
            <p style={{ margin: 0 }}>
              <Link to={`/gi/applications/${a.id}`} reloadDocument>
                {t("gi.conflict.reload")}
              </Link>
            </p>
          </div>
        ) : null}
      </header>

      <div className="gi-grid">
        <section className="card" aria-labelledby="facts-title">
          <h2 id="facts-title">{t("gi.detail.facts")}</h2>
          <dl className="gi-facts">
            <Fact label={t("gi.detail.product")}>
              {a.product.name}（{t(`gi.kind.${a.product.kind}`)}）
            </Fact>
            <Fact label={t("gi.detail.enterprise")}>{a.enterpriseName}</Fact>
            <Fact label={t("gi.detail.uscc")}>
              <span className="mono">{a.uscc}</span>
            </Fact>
            <Fact label={t("gi.detail.address")}>{a.productionAddress ?? t("gi.detail.none")}</Fact>
            <Fact label={t("gi.detail.town")}>{a.town}</Fact>
            <Fact label={t("gi.detail.output")}>{a.annualOutputKg !== null ? t("gi.detail.outputKg", { n: a.annualOutputKg.toLocaleString(locale) }) : t("gi.detail.none")}</Fact>
            <Fact label={t("gi.detail.description")}>{a.description ?? t("gi.detail.none")}</Fact>
            <Fact label={t("gi.detail.committedAt")}>{a.committedAt ? formatDateTime(a.committedAt, locale) : t("gi.detail.none")}</Fact>
            <Fact label={t("gi.detail.submittedAt")}>{formatDateTime(a.submittedAt, locale)}</Fact>
            <Fact label={t("gi.detail.source")}>{t(`gi.source.${a.source}`)}</Fact>
          </dl>
        </section>

        <section className="card" aria-labelledby="decision-title">
          <h2 id="decision-title">{t("gi.detail.decision")}</h2>
          <dl className="gi-facts">
            <Fact label={t("gi.detail.status")}>{t(`gi.status.${a.status}`)}</Fact>
            {a.supplementRequest && a.status === "SUPPLEMENT_REQUESTED" ? <Fact label={t("gi.detail.supplementRequest")}>{a.supplementRequest}</Fact> : null}
            {d.rejectionReason ? <Fact label={t("gi.detail.rejectionReason")}>{d.rejectionReason}</Fact> : null}
            {d.announcementNumber ? <Fact label={t("gi.detail.announcement")}>{d.announcementNumber}</Fact> : null}
            {d.announcedOn ? <Fact label={t("gi.detail.announcedOn")}>{d.announcedOn}</Fact> : null}
            {a.certificate ? (
              <Fact label={t("gi.detail.certificate")}>
                <span className="mono" data-testid="gi-certificate">
                  {a.certificate.number}
                </span>{" "}
                · <Link to={a.certificate.url}>{t("gi.detail.certificateLink")}</Link>
              </Fact>
            ) : null}
            {d.revokedOn ? <Fact label={t("gi.detail.revokedOn")}>{d.revokedOn}</Fact> : null}
            {d.revocationReason ? <Fact label={t("gi.detail.revocationReason")}>{d.revocationReason}</Fact> : null}
            {a.decidedAt ? <Fact label={t("gi.detail.decidedAt")}>{formatDateTime(a.decidedAt, locale)}</Fact> : null}
          </dl>
        </section>
      </div>

      {a.yourRole ? (
        <section className="card" aria-labelledby="actions-title">
          <h2 id="actions-title">{t("gi.detail.actions")}</h2>
          {actions.length === 0 ? <p className="muted">{t("gi.detail.noActions")}</p> : null}
          {actions.map((act) => (act === "revoke" ? <RevokeForm key={`${act}-${a.version}`} application={a} errors={errorsFor(act)} today={today} /> : <ActionForm key={`${act}-${a.version}`} action={act} application={a} errors={errorsFor(act)} today={today} />))}
        </section>
      ) : null}

      <section className="card" aria-labelledby="evidence-title">
        <h2 id="evidence-title">{t("gi.detail.evidence")}</h2>
        {a.evidence.length ? (
          <ul className="gi-files">
            {a.evidence.map((f) => (
              <li key={f.id}>
                <span>
                  {f.name} <span className="muted small">· {formatBytes(f.bytes)} · {formatDateTime(f.uploadedAt, locale)}</span>
                </span>
                <a href={`/gi/applications/${a.id}/evidence/${f.id}`} download aria-label={`${t("gi.detail.download")} ${f.name}`}>
                  {t("gi.detail.download")}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("gi.detail.evidenceEmpty")}</p>
        )}
      </section>

      {a.timeline.length ? (
        <section className="card" aria-labelledby="timeline-title">
          <h2 id="timeline-title">{t("gi.detail.timeline")}</h2>
          <ol className="gi-timeline">
            {a.timeline.map((e, i) => (
              <li key={`${e.at}-${i}`}>
                <div className="when">{formatDateTime(e.at, locale)}</div>
                <div>
                  {eventName(e.action, e.actionName, t)}
                  {e.to && e.to !== e.from && isStatus(e.to) ? ` → ${t(`gi.status.${e.to}`)}` : ""}
                </div>
                {e.reason ? <div className="muted small">{e.reason}</div> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </article>
  );
}

const isStatus = (s: string): s is GiApplicationStatus => (GI_APPLICATION_STATUSES as readonly string[]).includes(s);

/** A timeline entry in the visitor's language: moves and the application's own events by our messages, anything else as the domain names it. */
function eventName(action: string, domainName: string, t: (key: string) => string): string {
  const key = isGiAction(action) ? `gi.action.${action}` : `gi.event.${action}`;
  const text = t(key);
  return text === key ? domainName : text;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function TextArea({ form, name, label, hint, errors, required }: { form: string; name: string; label: string; hint?: string; errors: FieldErrorMap; required?: boolean }) {
  const id = `${form}-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, errors[name]?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name={name} rows={3} maxLength={NOTE_MAX} required={required} aria-invalid={errors[name]?.length ? true : undefined} aria-describedby={describedBy} />
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      <FieldErrors id={`${id}-error`} errors={errors[name]} />
    </div>
  );
}

/** One form per move the caller may make now; each posts the version it saw. */
function ActionForm({ action: act, application: a, errors, today }: { action: GiAction; application: Application; errors: FieldErrorMap; today: string }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const form = `gi-${act}`;
  const label = t(`gi.action.${act}`);
  return (
    <Form method="post" className="gi-form" aria-label={label} encType={act === "resubmit" ? "multipart/form-data" : "application/x-www-form-urlencoded"} noValidate>
      <h3>{label}</h3>
      <input type="hidden" name="intent" value={act} />
      <input type="hidden" name="version" value={a.version} />
      {act === "request-supplement" ? <TextArea form={form} name="note" label={t("gi.input.note")} hint={t("gi.input.noteHint")} errors={errors} required /> : null}
      {act === "approve" ? (
        <div className="form-row">
          <PlainField id={`${form}-announcementNumber`} name="announcementNumber" label={t("gi.input.announcementNumber")} hint={t("gi.input.announcementHint")} errors={errors.announcementNumber} maxLength={64} required />
          <PlainField id={`${form}-announcedOn`} name="announcedOn" type="date" label={t("gi.input.announcedOn")} errors={errors.announcedOn} defaultValue={today} max={today} required />
        </div>
      ) : null}
      {act === "reject" ? <TextArea form={form} name="reason" label={t("gi.input.reason")} hint={t("gi.input.rejectHint")} errors={errors} required /> : null}
      {act === "resubmit" ? (
        <>
          <TextArea form={form} name="note" label={t("gi.input.resubmitNote")} errors={errors} />
          <PlainField id={`${form}-evidence`} name="evidence" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" label={t("gi.input.moreFiles")} hint={t("gi.field.evidenceHint")} errors={errors.evidence} />
        </>
      ) : null}
      {errors[""]?.length ? <FieldErrors id={`${form}-error`} errors={errors[""]} /> : null}
      <div className="actions">
        <button type="submit" className={act === "reject" ? "button button-secondary" : "button"} disabled={busy}>
          {label}
        </button>
      </div>
    </Form>
  );
}

/** Revocation behind a confirm step: the form opens from its own summary, and its box must be ticked. */
function RevokeForm({ application: a, errors, today }: { application: Application; errors: FieldErrorMap; today: string }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const form = "gi-revoke";
  const open = Object.keys(errors).length > 0;
  return (
    <details className="gi-form gi-confirm" open={open}>
      <summary>{t("gi.revoke.start")}</summary>
      <Form method="post" className="gi-form plain" aria-label={t("gi.action.revoke")} noValidate>
        <p className="muted" style={{ margin: 0 }}>
          {t("gi.revoke.intro")}
        </p>
        <input type="hidden" name="intent" value="revoke" />
        <input type="hidden" name="version" value={a.version} />
        <TextArea form={form} name="reason" label={t("gi.input.revokeReason")} errors={errors} required />
        <PlainField id={`${form}-revokedOn`} name="revokedOn" type="date" label={t("gi.input.revokedOn")} errors={errors.revokedOn} defaultValue={today} required />
        <div className="field">
          <label className="gi-check" htmlFor={`${form}-confirm`}>
            <input type="checkbox" id={`${form}-confirm`} name="confirm" aria-invalid={errors.confirm?.length ? true : undefined} aria-describedby={errors.confirm?.length ? `${form}-confirm-error` : undefined} />
            <span>{t("gi.input.confirmRevoke")}</span>
          </label>
          <FieldErrors id={`${form}-confirm-error`} errors={errors.confirm} />
        </div>
        {errors[""]?.length ? <FieldErrors id={`${form}-error`} errors={errors[""]} /> : null}
        <div className="actions">
          <button type="submit" className="button button-danger" disabled={busy}>
            {t("gi.revoke.confirm")}
          </button>
        </div>
      </Form>
    </details>
  );
}

export function ErrorBoundary() {
  return <RouteError messages={{ 404: "gi.detail.notFound" }} />;
}
