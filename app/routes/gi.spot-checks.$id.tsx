import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { FieldErrors, FormErrors, PlainField } from "~/components/form-field";
import { RouteError } from "~/components/route-error";
import { latestRectifyBy } from "~/domain/gi/spot-check-rules";
import { closeGiSpotCheck, getGiSpotCheck, markGiRectified, recordGiSpotCheckResult, type GiSpotCheckItemView } from "~/domain/gi/spot-checks.server";
import { bookToday } from "~/domain/shared/book-dates";
import stylesheet from "~/styles/gi-spot-checks.css";
import { formErrorsOf, throwErrorPage, type FieldErrorMap } from "~/utils/form-errors.server";
import { readForm } from "~/utils/forms.server";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/gi-spot-checks";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";
import { ConflictNotice } from "~/components/conflict-notice";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "giSpot.detail.meta");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const check = await getGiSpotCheck(view.actor, params.id ?? "").catch(throwErrorPage);
  const today = bookToday();
  return { check, today, latestDeadline: latestRectifyBy(today) };
}

type Reply = { intent: string; itemId: string; errors: FieldErrorMap; conflict: boolean; values: Record<string, string>; done?: true };

/** One of three intents, each with the version the page showed: `result` and `rectified` (an item's), `close` (the check's). */
export async function action({ request, params }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const id = params.id ?? "";
  const form = await readForm(request);
  const { intent = "", itemId = "", ...values } = Object.fromEntries([...form].map(([k, v]) => [k, String(v)])) as Record<string, string>;
  try {
    if (intent === "result") await recordGiSpotCheckResult(view.actor, id, { itemId, result: values.result, findings: values.findings, rectifyBy: values.rectifyBy, version: values.version });
    else if (intent === "rectified") await markGiRectified(view.actor, id, { itemId, rectifiedOn: values.rectifiedOn, version: values.version });
    else if (intent === "close") await closeGiSpotCheck(view.actor, id, { version: values.version });
    else return data<Reply>({ intent, itemId, errors: { "": ["error.badRequest"] }, conflict: false, values }, { status: 400 });
    return data<Reply>({ intent, itemId, errors: {}, conflict: false, values: {}, done: true });
  } catch (error) {
    const failed = formErrorsOf(error);
    if (!failed) throwErrorPage(error);
    // A bad version is a stale page, not a field the user can fix.
    const errors = Object.fromEntries(Object.entries(failed.errors).map(([k, v]) => [k === "version" || k === "itemId" ? "" : k, v]));
    return data<Reply>({ intent, itemId, errors, conflict: failed.status === 409, values }, { status: failed.status });
  }
}

type Check = ReturnType<typeof useLoaderData<typeof loader>>["check"];

export default function SpotCheckPage() {
  const t = useT();
  const locale = useLocale();
  const { check: c, today, latestDeadline } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [search] = useSearchParams();
  const sampled = new Set(c.items.map((i) => i.certificateNumber));
  const enterpriseOf = (itemId: string) => c.items.find((i) => i.id === itemId)?.enterpriseName ?? "";
  const open = c.status === "OPEN";
  return (
    <article className="spot-page" aria-labelledby="check-title">
      <Link to="/gi/spot-checks" className="back-link">
        {t("giSpot.detail.back")}
      </Link>
      <header className="card">
        <h1 id="check-title">{t("giSpot.detail.title", { year: c.year, product: c.product.name })}</h1>
        <p>
          <strong data-testid="check-status">{t("giSpot.detail.status", { status: t(`giSpot.status.${c.status}`) })}</strong>
          {c.progress.overdue ? (
            <>
              {" "}
              <span className="tag tag-danger">{t("giSpot.item.overdue", { count: c.progress.overdue })}</span>
            </>
          ) : null}
        </p>
        <p className="muted">
          {t("giSpot.detail.openedBy", { org: c.openedBy.name ?? "—", at: formatDateTime(c.openedAt, locale) })}
          {c.closedAt ? ` · ${t("giSpot.detail.closedAt", { at: formatDateTime(c.closedAt, locale) })}` : ""}
        </p>
        <p>{t("giSpot.item.progress", c.progress)}</p>
        {search.get("opened") && !reply ? (
          <p className="notice" role="status">
            {t("giSpot.open.done")}
          </p>
        ) : null}
        {reply?.done ? (
          <p className="notice" role="status">
            {reply.intent === "close" ? t("giSpot.close.done") : t(reply.intent === "rectified" ? "giSpot.rectify.done" : "giSpot.result.done", { enterprise: enterpriseOf(reply.itemId) })}
          </p>
        ) : null}
        {reply?.conflict ? <ConflictNotice textKey="giSpot.conflict" refreshKey="giSpot.refresh" message={reply.errors[""]?.join("；")} /> : null}
        {!c.canReview ? <p className="muted">{t("giSpot.detail.readOnly")}</p> : !open ? <p className="muted">{t("giSpot.detail.closedNote")}</p> : null}
      </header>

      <section className="card" aria-labelledby="draw-title">
        <h2 id="draw-title">{t("giSpot.detail.draw")}</h2>
        <p className="notice">{t("giSpot.detail.redraw")}</p>
        <dl className="spot-facts">
          <Fact label={t("giSpot.detail.seed")}>
            <code data-testid="check-seed">{c.seed}</code>
          </Fact>
          <Fact label={t("giSpot.detail.share")}>{t("giSpot.detail.shareValue", { percent: c.sharePercent, share: c.share })}</Fact>
          <Fact label={t("giSpot.detail.sampleSize")}>{t("giSpot.detail.sampleSizeValue", { n: c.sampleSize })}</Fact>
          <Fact label={t("giSpot.detail.algorithm")}>
            <code>{c.algorithm}</code>
            <p className="spot-algorithm">{c.algorithmDescription}</p>
          </Fact>
        </dl>
        <h3>{t("giSpot.detail.population", { count: c.populationSize })}</h3>
        <ol className="spot-population" data-testid="check-population">
          {c.population.map((n) => (
            <li key={n} className={sampled.has(n) ? "sampled" : undefined}>
              {n}
              {sampled.has(n) ? t("giSpot.detail.sampledMark") : null}
            </li>
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="sample-title">
        <h2 id="sample-title">{t("giSpot.detail.sample")}</h2>
        <ol className="spot-items">
          {c.items.map((item) => (
            <Item key={`${item.id}-${item.version}`} check={c} item={item} today={today} latestDeadline={latestDeadline} reply={reply && reply.itemId === item.id && !reply.conflict ? reply : undefined} />
          ))}
        </ol>
      </section>

      {c.canReview && open ? (
        <section className="card" aria-labelledby="close-title">
          <h2 id="close-title">{t("giSpot.close.title")}</h2>
          {c.canClose ? (
            <Form method="post" className="spot-form">
              <p className="muted">{t("giSpot.close.intro")}</p>
              <input type="hidden" name="intent" value="close" />
              <input type="hidden" name="version" value={c.version} />
              <FormErrors id="close-error" errors={reply?.intent === "close" && !reply.conflict ? reply.errors[""] : undefined} />
              <div className="actions">
                <button type="submit" className="button">
                  {t("giSpot.close.submit")}
                </button>
              </div>
            </Form>
          ) : (
            <p className="muted">{t("giSpot.close.pending")}</p>
          )}
        </section>
      ) : null}

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("giSpot.timeline")}</h2>
        <ol className="spot-timeline">
          {c.timeline.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <span className="muted">{formatDateTime(e.at, locale)}</span> {t(`giSpot.action.${e.action}`)}
              {typeof e.data?.enterpriseName === "string" ? `：${e.data.enterpriseName}` : ""}
              {e.to && e.action === "spot-check.result" ? `（${t(`giSpot.result.${e.to}`)}）` : ""}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Item({ check, item, today, latestDeadline, reply }: { check: Check; item: GiSpotCheckItemView; today: string; latestDeadline: string; reply?: { intent: string; errors: FieldErrorMap; values: Record<string, string> } }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errorsOf = (intent: string) => (reply?.intent === intent ? reply.errors : {});
  const valuesOf = (intent: string) => (reply?.intent === intent ? reply.values : {});
  const canRecord = check.canReview && check.status === "OPEN";
  const canRectify = check.canReview && item.result === "FAIL" && item.rectifiedOn === null;
  const p = `item-${item.id}`;
  const resultForm = canRecord ? (
    <ResultForm p={p} item={item} errors={errorsOf("result")} values={valuesOf("result")} today={today} latestDeadline={latestDeadline} busy={busy} />
  ) : null;
  return (
    <li aria-labelledby={`${p}-name`}>
      <h3 id={`${p}-name`}>
        {t("giSpot.detail.drawOrder", { n: item.drawOrder })} · {item.enterpriseName}
      </h3>
      <dl className="spot-facts">
        <Fact label={t("giSpot.detail.certificate")}>
          <span className="mono">{item.certificateNumber}</span>
        </Fact>
        <Fact label={t("giSpot.detail.uscc")}>
          <span className="mono">{item.uscc}</span>
        </Fact>
        <Fact label={t("giSpot.detail.town")}>{item.town}</Fact>
        <Fact label={t("giSpot.detail.drawKey")}>
          <span className="spot-hash">{item.drawKey}</span>
        </Fact>
        <Fact label={t("giSpot.detail.result")}>
          <strong data-testid={`result-${item.certificateNumber}`}>{t(`giSpot.result.${item.result}`)}</strong>
          {item.overdue ? (
            <>
              {" "}
              <span className="tag tag-danger">{t("giSpot.detail.overdue")}</span>
            </>
          ) : null}
        </Fact>
        {item.findings ? <Fact label={t("giSpot.detail.findings")}>{item.findings}</Fact> : null}
        {item.result === "FAIL" ? (
          <>
            <Fact label={t("giSpot.detail.rectifyBy")}>{item.rectifyBy}</Fact>
            <Fact label={t("giSpot.detail.rectifiedOn")}>
              {item.rectifiedOn ?? t("giSpot.detail.notRectified")}
              {item.overdueFlaggedAt ? <div className="muted">{t("giSpot.detail.flaggedAt", { at: formatDateTime(item.overdueFlaggedAt, locale) })}</div> : null}
            </Fact>
          </>
        ) : null}
        <Fact label={t("giSpot.detail.authorization")}>
          {item.applicationStatus === "REVOKED" ? t("giSpot.detail.authRevoked") : t("giSpot.detail.authActive")} · <Link to={`/gi/applications/${item.applicationId}`}>{t("giSpot.detail.openApplication")}</Link>
        </Fact>
      </dl>
      {item.result === "FAIL" && item.applicationStatus !== "REVOKED" && check.canReview ? <p className="muted">{t("giSpot.detail.revokeHint")}</p> : null}
      {resultForm && item.result === "PENDING" ? resultForm : null}
      {resultForm && item.result !== "PENDING" ? (
        <details open={reply?.intent === "result" && Object.keys(reply.errors).length ? true : undefined}>
          <summary>{t("giSpot.result.change")}</summary>
          {resultForm}
        </details>
      ) : null}
      {canRectify ? (
        <Form method="post" noValidate className="spot-form" aria-label={`${t("giSpot.rectify.form")}：${item.enterpriseName}`}>
          <h4>{t("giSpot.rectify.form")}</h4>
          <input type="hidden" name="intent" value="rectified" />
          <input type="hidden" name="itemId" value={item.id} />
          <input type="hidden" name="version" value={item.version} />
          <FormErrors id={`${p}-rectify-error`} errors={errorsOf("rectified")[""]} />
          <PlainField id={`${p}-rectifiedOn`} name="rectifiedOn" type="date" max={today} label={t("giSpot.rectify.date")} hint={t("giSpot.rectify.dateHint")} defaultValue={valuesOf("rectified").rectifiedOn ?? today} required errors={errorsOf("rectified").rectifiedOn} />
          <div className="actions">
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t("giSpot.rectify.submit")}
            </button>
          </div>
        </Form>
      ) : null}
    </li>
  );
}

function ResultForm({ p, item, errors, values, today, latestDeadline, busy }: { p: string; item: GiSpotCheckItemView; errors: FieldErrorMap; values: Record<string, string>; today: string; latestDeadline: string; busy: boolean }) {
  const t = useT();
  const chosen = values.result ?? (item.result === "PENDING" ? "" : item.result);
  const min = new Date(new Date(`${today}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
  return (
    <Form method="post" noValidate className="spot-form" aria-label={`${t("giSpot.result.form")}：${item.enterpriseName}`}>
      {item.result === "PENDING" ? <h4>{t("giSpot.result.form")}</h4> : null}
      <input type="hidden" name="intent" value="result" />
      <input type="hidden" name="itemId" value={item.id} />
      <input type="hidden" name="version" value={item.version} />
      <FormErrors id={`${p}-result-form-error`} errors={errors[""]} />
      <fieldset aria-invalid={errors.result ? true : undefined} aria-describedby={errors.result ? `${p}-result-error` : undefined}>
        <legend>{t("giSpot.result.choose")}</legend>
        <div className="choices">
          {(["PASS", "FAIL"] as const).map((r) => (
            <label key={r}>
              <input type="radio" name="result" value={r} defaultChecked={chosen === r} required /> {t(`giSpot.result.${r}`)}
            </label>
          ))}
        </div>
        <FieldErrors id={`${p}-result-error`} errors={errors.result} />
      </fieldset>
      <div className="field">
        <label htmlFor={`${p}-findings`}>{t("giSpot.result.findings")}</label>
        <textarea
          id={`${p}-findings`}
          name="findings"
          rows={3}
          maxLength={2000}
          defaultValue={values.findings ?? item.findings ?? ""}
          aria-invalid={errors.findings ? true : undefined}
          aria-describedby={errors.findings ? `${p}-findings-error` : undefined}
        />
        <FieldErrors id={`${p}-findings-error`} errors={errors.findings} />
      </div>
      <PlainField
        id={`${p}-rectifyBy`}
        name="rectifyBy"
        type="date"
        min={min}
        max={latestDeadline}
        label={t("giSpot.result.rectifyBy")}
        hint={t("giSpot.result.rectifyByHint", { latest: latestDeadline })}
        defaultValue={values.rectifyBy ?? item.rectifyBy ?? ""}
        errors={errors.rectifyBy}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t("giSpot.result.submit")}
        </button>
      </div>
    </Form>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
