import { Form, Link, useNavigation } from "@remix-run/react";
import { FieldErrors, FormErrors, PlainField } from "~/components/form-field";
import type { entrySeries } from "~/domain/indicators/definitions";
import { displayFigureWithUnit } from "~/domain/indicators/display";
import type { IndicatorEntryView } from "~/domain/indicators/types";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/indicators";

/**
 * The statistic entry form (issue 17 §2), on an indicator's page and on
 * /indicators/entries/new: the series (Chinese names with their unit), the value, the day
 * it describes, its source and a note; a correction carries the entry it replaces and
 * keeps its series. The use case's field errors show at their fields.
 */

export type EntrySeriesOption = ReturnType<typeof entrySeries>[number];
export const ENTRY_FIELDS = ["seriesKey", "value", "asOf", "source", "note", "replacesId"] as const;
export type EntryValues = Partial<Record<(typeof ENTRY_FIELDS)[number], string>>;

export function IndicatorEntryForm({
  series,
  today,
  values,
  errors,
  correcting,
  cancelHref,
  action,
  heading: Heading = "h2",
}: {
  series: EntrySeriesOption[];
  today: string;
  values: EntryValues;
  errors: Record<string, string[]>;
  correcting: IndicatorEntryView | null;
  cancelHref: string;
  action?: string;
  heading?: "h1" | "h2";
}) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const chosen = series.find((s) => s.key === (correcting?.seriesKey ?? values.seriesKey));
  const formErrors = [...(errors[""] ?? []), ...(errors.replacesId ?? [])];
  const fieldErrorCount = ["seriesKey", "value", "asOf", "source", "note"].filter((k) => errors[k]?.length).length;
  const groups = (["INDICATOR", "INPUT"] as const).map((kind) => ({ kind, items: series.filter((s) => s.kind === kind) })).filter((g) => g.items.length);
  const hints = series.filter((s) => s.sourceHint);
  return (
    <Form method="post" action={action} noValidate className="ind-form" id="entry-form" aria-labelledby="entry-form-title">
      <Heading id="entry-form-title">{t(correcting ? "ind.form.titleCorrect" : "ind.form.title")}</Heading>
      <p className="muted small">{t("ind.form.intro")}</p>
      {correcting ? (
        <p className="notice" data-testid="entry-correcting">
          {t("ind.form.correcting", { date: correcting.asOf, value: displayFigureWithUnit(correcting.unit, correcting.unitLabel, correcting.value), source: correcting.source })} <Link to={cancelHref}>{t("ind.form.cancelCorrect")}</Link>
        </p>
      ) : null}
      {fieldErrorCount > 0 ? (
        <p className="form-error" role="alert">
          {t("ind.form.errorsCount", { n: fieldErrorCount })}
        </p>
      ) : null}
      <FormErrors id="entry-form-error" errors={formErrors.length ? formErrors : undefined} />
      <input type="hidden" name="intent" value="enter" />
      {correcting ? (
        <>
          <input type="hidden" name="replacesId" value={correcting.id} />
          <input type="hidden" name="seriesKey" value={correcting.seriesKey} />
          <div className="field">
            <span className="label">{t("ind.form.series")}</span>
            <strong>{t("ind.form.seriesOption", { name: correcting.seriesName, unit: correcting.unitLabel })}</strong>
          </div>
        </>
      ) : (
        <div className="field">
          <label htmlFor="ie-seriesKey">{t("ind.form.series")}</label>
          <select id="ie-seriesKey" name="seriesKey" defaultValue={values.seriesKey ?? ""} required aria-invalid={errors.seriesKey ? true : undefined} aria-describedby={errors.seriesKey ? "ie-seriesKey-error" : undefined}>
            {series.length > 1 ? <option value="">{t("ind.form.seriesPlaceholder")}</option> : null}
            {groups.map((g) =>
              groups.length > 1 ? (
                <optgroup key={g.kind} label={t(`ind.form.group.${g.kind}`)}>
                  {g.items.map((s) => (
                    <option key={s.key} value={s.key}>
                      {t("ind.form.seriesOption", { name: s.name, unit: s.unitLabel })}
                    </option>
                  ))}
                </optgroup>
              ) : (
                g.items.map((s) => (
                  <option key={s.key} value={s.key}>
                    {t("ind.form.seriesOption", { name: s.name, unit: s.unitLabel })}
                  </option>
                ))
              )
            )}
          </select>
          <FieldErrors id="ie-seriesKey-error" errors={errors.seriesKey} />
        </div>
      )}
      <div className="form-row">
        <PlainField
          id="ie-value"
          name="value"
          label={chosen ? `${t("ind.form.value")}（${chosen.unitLabel}）` : t("ind.form.value")}
          hint={t("ind.form.valueHint")}
          inputMode="decimal"
          autoComplete="off"
          maxLength={40}
          defaultValue={values.value ?? ""}
          required
          errors={errors.value}
        />
        <PlainField id="ie-asOf" name="asOf" type="date" max={today} label={t("ind.form.asOf")} hint={t("ind.form.asOfHint", { today })} defaultValue={values.asOf ?? today} required errors={errors.asOf} />
      </div>
      <PlainField
        id="ie-source"
        name="source"
        label={t("ind.form.source")}
        hint={t("ind.form.sourceHint")}
        maxLength={200}
        placeholder={chosen?.sourceHint ?? t("ind.form.sourcePlaceholder")}
        defaultValue={values.source ?? ""}
        required
        errors={errors.source}
      />
      <div className="field">
        <label htmlFor="ie-note">{t("ind.form.note")}</label>
        <textarea id="ie-note" name="note" rows={2} maxLength={1000} defaultValue={values.note ?? ""} aria-invalid={errors.note ? true : undefined} aria-describedby={errors.note ? "ie-note-error" : undefined} />
        <FieldErrors id="ie-note-error" errors={errors.note} />
      </div>
      {hints.length && !correcting ? (
        <details>
          <summary>{t("ind.form.hints")}</summary>
          <ul className="ind-hints">
            {hints.map((s) => (
              <li key={s.key}>
                {s.name}：{s.sourceHint}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t(correcting ? "ind.form.submitCorrect" : "ind.form.submit")}
        </button>
      </div>
    </Form>
  );
}
