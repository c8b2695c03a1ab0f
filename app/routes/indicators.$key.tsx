import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FieldErrors } from "~/components/form-field";
import { IndicatorCard } from "~/components/indicator-card";
import { IndicatorChart } from "~/components/indicator-chart";
import { ENTRY_FIELDS, IndicatorEntryForm, type EntryValues } from "~/components/indicator-entry-form";
import { RouteError } from "~/components/route-error";
import { county } from "~/domain/identity/county";
import { can } from "~/domain/identity/policies";
import { getIndicatorDetail } from "~/domain/indicators/compute.server";
import { entrySeries, findIndicatorDefinition } from "~/domain/indicators/definitions";
import { displayFigure, displayFigureWithUnit } from "~/domain/indicators/display";
import { enterIndicatorStatistic } from "~/domain/indicators/entries.server";
import type { IndicatorEntryView, IndicatorRecord } from "~/domain/indicators/types";
import { HIGH_VALUE_FLAG_LABELS } from "~/domain/patents/labels";
import type { Actor } from "~/domain/shared/actor";
import { bookToday } from "~/domain/shared/book-dates";
import { DomainError } from "~/domain/shared/errors";
import stylesheet from "~/styles/indicators.css";
import { formErrorsOf, throwErrorPage, type FieldErrorMap } from "~/utils/form-errors.server";
import { readForm } from "~/utils/forms.server";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/indicators";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView } from "~/utils/session.server";
import { TableWrap } from "~/components/table-wrap";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction<typeof loader> = ({ matches, data: d }) =>
  d
    ? [
        {
          title: `${d.detail.name} · ${pageTitle(matches, "ind.detail.meta")[0].title}`,
        },
      ]
    : pageTitle(matches, "ind.detail.meta");

const plan = county.indicatorPlan;

/** The indicator on `?asOf=`; a bad or future day shows today's, with the reason at the date field. */
async function detailOn(actor: Actor, key: string, asked: string | null) {
  try {
    return {
      detail: await getIndicatorDetail(actor, key, { asOf: asked }),
      asOfError: null,
    };
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== "VALIDATION") throw error;
    return {
      detail: await getIndicatorDetail(actor, key, {}),
      asOfError: error.fieldErrors?.asOf ?? [error.message],
    };
  }
}

/**
 * One indicator (GOVERNMENT, PLATFORM; others and unknown keys: 404): the card, the monthly
 * chart, the records behind the platform value, the statistic entries; GOVERNMENT also gets
 * the entry form for this indicator's series (`?correct=<entry>` fills it as a correction)
 * and a notice after `?entered=<entry>`.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const url = new URL(request.url);
  const { detail, asOfError } = await detailOn(view.actor, params.key ?? "", url.searchParams.get("asOf")).catch(throwErrorPage);
  const def = findIndicatorDefinition(plan, detail.key)!;
  const canEnter = can(view.actor, "indicators.enter");
  const series = canEnter ? entrySeries(plan).filter((s) => s.key === def.key || def.inputs.includes(s.key)) : [];
  const correctId = url.searchParams.get("correct");
  const correcting = canEnter && correctId ? detail.entries.find((e) => e.id === correctId && e.replacedById === null) ?? null : null;
  const entered = detail.entries.find((e) => e.id === url.searchParams.get("entered")) ?? null;
  return {
    detail,
    recordsKind: def.records,
    asked: url.searchParams.get("asOf") ?? "",
    asOfError,
    today: bookToday(),
    plan: { start: plan.start, end: plan.end },
    series,
    correcting,
    entered,
  };
}

type ActionData = { errors: FieldErrorMap; values: EntryValues };

/** GOVERNMENT enters (or corrects) a statistic of this indicator's series, then comes back to it with a notice. */
export async function action({ request, params }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const key = params.key ?? "";
  if (!findIndicatorDefinition(plan, key)) throw new Response("Not found", { status: 404 });
  const form = await readForm(request);
  const values = Object.fromEntries(ENTRY_FIELDS.map((f) => [f, String(form.get(f) ?? "")])) as EntryValues;
  try {
    const entry = await enterIndicatorStatistic(view.actor, values);
    return redirect(`/indicators/${key}?entered=${encodeURIComponent(entry.id)}`);
  } catch (error) {
    const failed = formErrorsOf(error);
    if (!failed) throwErrorPage(error);
    return data<ActionData>({ errors: failed.errors, values }, { status: failed.status });
  }
}

export default function IndicatorPage() {
  const t = useT();
  const { detail: d, recordsKind, asked, asOfError, today, plan: p, series, correcting, entered } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const query = d.asOf === today ? "" : `?asOf=${d.asOf}`;
  const base = `/indicators/${d.key}`;
  return (
    <div className="ind-page">
      <Link to={`/indicators${query}`} className="back-link">
        {t("ind.detail.back")}
      </Link>
      {entered ? (
        <p className="notice" role="status" data-testid="ind-entered">
          {t(entered.replacesId ? "ind.detail.corrected" : "ind.detail.entered", {
            series: entered.seriesName,
            value: displayFigureWithUnit(entered.unit, entered.unitLabel, entered.value),
            date: entered.asOf,
          })}
        </p>
      ) : null}
      <IndicatorCard figure={d} planEnd={p.end} heading="h1" />

      <section className="card" aria-label={t("ind.detail.description")}>
        <div className="ind-head">
          <div>
            <p>
              <strong data-testid="ind-asof">{t("ind.asOf", { date: d.asOf })}</strong>
            </p>
            <p className="muted small">
              {t("ind.detail.description")}：{d.description}
            </p>
            <p className="muted small">{t("ind.detail.baselineSource", { source: d.baselineSource })}</p>
          </div>
          <Form method="get" className="ind-asof" aria-label={t("ind.asOf.label")}>
            <div className="field">
              <label htmlFor="ind-asof-input">{t("ind.asOf.label")}</label>
              <input id="ind-asof-input" type="date" name="asOf" min={p.start} max={today} defaultValue={asOfError ? asked : d.asOf} aria-invalid={asOfError ? true : undefined} aria-describedby={asOfError ? "ind-asof-error" : undefined} />
              <FieldErrors id="ind-asof-error" errors={asOfError ?? undefined} />
            </div>
            <button type="submit" className="button button-secondary">
              {t("ind.asOf.submit")}
            </button>
          </Form>
        </div>
      </section>

      <section className="card" aria-labelledby="ind-chart-title">
        <h2 id="ind-chart-title">{t("ind.detail.chart")}</h2>
        <IndicatorChart figure={d} plan={p} />
      </section>

      {recordsKind === "ENTRIES" ? null : (
        <section className="card" aria-labelledby="ind-records-title">
          <h2 id="ind-records-title">{t("ind.detail.records")}</h2>
          {d.records.length === 0 ? (
            <p className="empty">{t("ind.detail.recordsEmpty")}</p>
          ) : (
            <>
              <p className="muted small">
                {t("ind.detail.recordsIntro", {
                  date: d.asOf,
                  n: d.records.length,
                })}
              </p>
              <RecordsTable records={d.records} />
            </>
          )}
        </section>
      )}

      <section className="card" aria-labelledby="ind-entries-title" id="entries">
        <h2 id="ind-entries-title">{t("ind.detail.entries")}</h2>
        <p className="muted small">{t("ind.detail.entriesIntro")}</p>
        {d.entries.length === 0 ? <p className="empty">{t("ind.detail.entriesEmpty")}</p> : <EntriesTable entries={d.entries} correctHref={series.length ? (id) => `${base}?correct=${encodeURIComponent(id)}#entry-form` : null} />}
      </section>

      {series.length ? (
        <section className="card">
          <IndicatorEntryForm
            // A new form after each save (the redirect keeps this route mounted): what was entered must not stay filled in, inviting a second entry.
            key={`${correcting?.id ?? "new"}:${entered?.id ?? ""}`}
            series={series}
            today={today}
            values={
              reply?.values ?? {
                seriesKey: series.length === 1 ? series[0].key : "",
              }
            }
            errors={reply?.errors ?? {}}
            correcting={correcting}
            cancelHref={base}
          />
        </section>
      ) : null}
    </div>
  );
}

function RecordsTable({ records }: { records: IndicatorRecord[] }) {
  const t = useT();
  const kind = records[0].kind;
  const columns: Record<IndicatorRecord["kind"], string[]> = {
    LOAN: ["sme", "bank", "amount", "date"],
    DEAL: ["sme", "holder", "patent", "date"],
    GI_USER: ["enterprise", "uscc", "product", "certificate", "date"],
    PATENT: ["title", "number", "holder", "grant", "flags"],
  };
  const none = t("ind.rec.none");
  // Names and titles may wrap; figures, codes and dates stay on one line (the table scrolls in its box).
  const wide: Record<IndicatorRecord["kind"], number[]> = {
    LOAN: [0, 1],
    DEAL: [0, 1, 2],
    GI_USER: [0, 2],
    PATENT: [0, 2, 4],
  };
  const cells = (r: IndicatorRecord) => {
    switch (r.kind) {
      case "LOAN":
        return [<Link to={r.link}>{r.smeName}</Link>, r.bankName, <span className="num">{displayFigure("YUAN", r.amount)}</span>, r.disbursedOn];
      case "DEAL":
        return [<Link to={r.link}>{r.smeName}</Link>, `${r.holderName}（${t(`orgKind.${r.holderKind}`)}）`, `${r.patentTitle}${r.applicationNumber ? `（${r.applicationNumber}）` : ""}`, r.convertedOn];
      case "GI_USER":
        return [<Link to={r.link}>{r.enterpriseName}</Link>, <span className="mono">{r.uscc}</span>, r.productName, r.certificateNumber ? <span className="mono">{r.certificateNumber}</span> : none, r.announcedOn ?? none];
      case "PATENT":
        return [
          r.link ? <Link to={r.link}>{r.title}</Link> : r.title,
          r.applicationNumber ? <span className="mono">{r.applicationNumber}</span> : none,
          r.holderName,
          r.grantDate ?? none,
          r.highValueFlags.map((f) => HIGH_VALUE_FLAG_LABELS[f as keyof typeof HIGH_VALUE_FLAG_LABELS] ?? f).join("、") || none,
        ];
    }
  };
  return (
    <>
      <p className="muted small ind-scroll-hint">{t("ind.detail.tableScroll")}</p>
      <TableWrap label={t("ind.detail.records")}>
        <table className="table ind-table ind-records" data-testid="ind-records">
          <thead>
            <tr>
              {columns[kind].map((c) => (
                <th key={c} scope="col" className={c === "amount" ? "num" : undefined}>
                  {t(`ind.rec.${kind}.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.id}>
                {cells(r).map((cell, i) => (
                  <td key={i} className={wide[kind].includes(i) ? "ind-wide" : kind === "LOAN" && i === 2 ? "num" : undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

function EntriesTable({ entries, correctHref }: { entries: IndicatorEntryView[]; correctHref: ((id: string) => string) | null }) {
  const t = useT();
  const locale = useLocale();
  const byId = new Map(entries.map((e) => [e.id, e]));
  const show = (e: IndicatorEntryView) => displayFigureWithUnit(e.unit, e.unitLabel, e.value);
  return (
    <>
      <p className="muted small ind-scroll-hint">{t("ind.detail.tableScroll")}</p>
      <TableWrap label={t("ind.detail.entries")}>
        <table className="table ind-table" data-testid="ind-entries">
          <thead>
            <tr>
              <th scope="col">{t("ind.entry.col.asOf")}</th>
              <th scope="col">{t("ind.entry.col.series")}</th>
              <th scope="col" className="num">
                {t("ind.entry.col.value")}
              </th>
              <th scope="col">{t("ind.entry.col.source")}</th>
              <th scope="col">{t("ind.entry.col.state")}</th>
              <th scope="col">{t("ind.entry.col.by")}</th>
              {correctHref ? <th scope="col">{t("ind.entry.correct")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const replaced = byId.get(e.replacesId ?? "");
              return (
                <tr key={e.id} id={`entry-${e.id}`} className={e.replacedById ? "ind-entry-replaced" : undefined}>
                  <td className="nowrap">{e.asOf}</td>
                  <td>{e.seriesName}</td>
                  <td className="num">{show(e)}</td>
                  <td className="ind-wide">
                    {e.source}
                    {e.note ? <div className="muted small">{e.note}</div> : null}
                  </td>
                  <td>
                    {e.replacedById ? <span className="tag">{t("ind.entry.state.replaced")}</span> : <span className="tag tag-ok">{t("ind.entry.state.current")}</span>}
                    {replaced ? (
                      <div className="muted small">
                        {t("ind.entry.state.replaces", {
                          date: replaced.asOf,
                          value: show(replaced),
                        })}
                      </div>
                    ) : null}
                  </td>
                  <td className="small">
                    {e.enteredBy.apiKeyName
                      ? t("ind.entry.byApiKey", {
                          org: e.enteredBy.orgName,
                          key: e.enteredBy.apiKeyName,
                        })
                      : [e.enteredBy.orgName, e.enteredBy.userName].filter(Boolean).join(" · ")}
                    <div className="muted nowrap">{formatDateTime(e.createdAt, locale)}</div>
                  </td>
                  {correctHref ? (
                    <td>
                      {e.replacedById ? null : (
                        <Link
                          to={correctHref(e.id)}
                          aria-label={t("ind.entry.correctOf", {
                            date: e.asOf,
                            series: e.seriesName,
                          })}
                        >
                          {t("ind.entry.correct")}
                        </Link>
                      )}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
