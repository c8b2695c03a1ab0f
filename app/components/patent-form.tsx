import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { CheckboxGroup, FieldErrors, FormErrors } from "~/components/form-field";
import { county } from "~/domain/identity/county";
import { HIGH_VALUE_FLAGS, LEGAL_STATUSES, LISTING_MODES, PATENT_TYPES, ROYALTY_BASES } from "~/domain/patents/labels";
import { patentInputSchema, type PatentInput } from "~/domain/patents/schemas";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/patents";

/**
 * The holder's patent form, for adding (/catalog/new) and editing (/catalog/:id/edit).
 * Every PatentInput field, grouped as a CNIPA record reads: bibliographic data, the
 * technology, the listing terms. The shared schema validates in the browser and again
 * on the server; lists are typed as text ("A23L 31/00; A23L 3/44") exactly as the
 * schema, the API and the CSV import read them.
 */

export type PatentFormValues = {
  applicationNumber?: string;
  publicationNumber?: string;
  type?: string;
  title?: string;
  abstract?: string;
  claims?: string;
  mainIpc?: string;
  ipc?: string;
  inventors?: string;
  filingDate?: string;
  grantDate?: string;
  legalStatus?: string;
  clusters?: string[];
  highValueFlags?: string[];
  trl?: string;
  advantage?: string;
  targetApplication?: string;
  listingMode?: string;
  askingPrice?: string;
  royaltyPercent?: string;
  royaltyBasis?: string;
  negotiable?: string;
  evaluationReportNo?: string;
};

/** What the edit page loads (a patent's detail), as the form's starting values. */
export type PatentFormSource = {
  applicationNumber: string | null;
  publicationNumber: string | null;
  type: string | null;
  title: string;
  abstract: string;
  claims: string;
  ipc: string[];
  inventors: string[];
  filingDate: string | null;
  grantDate: string | null;
  legalStatus: string;
  clusters: string[];
  highValueFlags: string[];
  trl: number | null;
  advantage: string | null;
  targetApplication: string | null;
  listing: {
    mode: string;
    askingPrice: string | null;
    royaltyPercent: string | null;
    royaltyBasis: string | null;
    negotiable: boolean;
    evaluationReportNo: string | null;
  } | null;
};

export function patentFormValues(p: PatentFormSource): PatentFormValues {
  const text = (v: string | null | undefined) => v ?? undefined;
  return {
    applicationNumber: text(p.applicationNumber),
    publicationNumber: text(p.publicationNumber),
    type: text(p.type),
    title: p.title,
    abstract: p.abstract,
    claims: p.claims || undefined,
    mainIpc: p.ipc[0],
    ipc: p.ipc.join("; ") || undefined,
    inventors: p.inventors.join("、") || undefined,
    filingDate: text(p.filingDate),
    grantDate: text(p.grantDate),
    legalStatus: p.legalStatus,
    clusters: p.clusters,
    highValueFlags: p.highValueFlags,
    trl: p.trl == null ? undefined : String(p.trl),
    advantage: text(p.advantage),
    targetApplication: text(p.targetApplication),
    listingMode: text(p.listing?.mode),
    askingPrice: text(p.listing?.askingPrice),
    royaltyPercent: text(p.listing?.royaltyPercent),
    royaltyBasis: text(p.listing?.royaltyBasis),
    negotiable: p.listing?.negotiable ? "on" : undefined,
    evaluationReportNo: text(p.listing?.evaluationReportNo),
  };
}

type Meta = FieldMetadata<string | undefined>;

export function PatentForm({
  lastResult,
  defaultValue,
  status,
  version,
  cancelTo,
  notice,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: PatentFormValues;
  /** The patent's market status when editing; null for a new patent. */
  status: string | null;
  version?: number;
  cancelTo: string;
  notice?: ReactNode;
}) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? String(navigation.formData?.get("publish") ?? "false") : null;
  const [form, fields] = useForm<PatentFormValues, PatentInput>({
    id: "patent",
    lastResult,
    defaultValue,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: patentInputSchema, disableAutoCoercion: true }),
  });
  const hint = (name: string) => t(`patents.form.hint.${name}`);
  const label = (name: string) => t(`patents.field.${name}`);
  const options = (prefix: string, values: readonly string[]) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  const errorCount = Object.entries(form.allErrors).filter(([name]) => name !== "").length;

  const submit = (publish: boolean, text: string, primary: boolean) => (
    <button type="submit" name="publish" value={String(publish)} className={primary ? "button" : "button button-outline"} disabled={busy !== null}>
      {busy === String(publish) ? t("patents.form.saving") : text}
    </button>
  );

  return (
    <Form method="post" className="patent-form" {...getFormProps(form)}>
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {notice}
      <FormErrors id={form.errorId} errors={form.errors} />
      {form.status === "error" && errorCount > 0 ? (
        <p className="form-error" role="alert" data-testid="form-error-summary">
          {t("patents.form.hasErrors", { count: errorCount })}
        </p>
      ) : null}

      <fieldset className="card form-card">
        <legend>{t("patents.form.biblio")}</legend>
        <div className="form-grid">
          <TextInput meta={fields.applicationNumber} label={label("applicationNumber")} hint={hint("applicationNumber")} autoComplete="off" />
          <TextInput meta={fields.publicationNumber} label={label("publicationNumber")} hint={hint("publicationNumber")} autoComplete="off" />
          <Select meta={fields.type} label={label("type")} hint={hint("type")} placeholder={t("patents.form.autoType")} options={options("patents.type", PATENT_TYPES)} />
          <Select
            meta={fields.legalStatus}
            label={label("legalStatus")}
            hint={hint("legalStatus")}
            placeholder={t("patents.form.autoStatus")}
            options={options("patents.legal", LEGAL_STATUSES)}
          />
        </div>
        <TextInput meta={fields.title} label={label("title")} hint={hint("title")} required />
        <TextInput meta={fields.inventors} label={label("inventors")} hint={hint("inventors")} />
        <div className="form-grid">
          <TextInput meta={fields.filingDate} label={label("filingDate")} hint={hint("filingDate")} type="date" />
          <TextInput meta={fields.grantDate} label={label("grantDate")} type="date" />
          <TextInput meta={fields.mainIpc} label={label("mainIpc")} hint={hint("mainIpc")} autoComplete="off" />
          <TextInput meta={fields.ipc} label={label("ipc")} hint={hint("ipc")} autoComplete="off" />
        </div>
      </fieldset>

      <fieldset className="card form-card">
        <legend>{t("patents.form.tech")}</legend>
        <TextArea meta={fields.abstract} label={label("abstract")} hint={hint("abstract")} rows={6} required />
        <TextArea meta={fields.claims} label={label("claims")} hint={hint("claims")} rows={6} />
        <TextArea meta={fields.advantage} label={label("advantage")} hint={hint("advantage")} rows={3} />
        <TextArea meta={fields.targetApplication} label={label("targetApplication")} hint={hint("targetApplication")} rows={3} />
        <div className="form-grid">
          <Select
            meta={fields.trl}
            label={label("trl")}
            hint={hint("trl")}
            placeholder={t("patents.form.noTrl")}
            options={[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ value: String(n), label: `TRL ${n}` }))}
          />
        </div>
        <CheckboxGroup meta={fields.clusters} legend={label("clusters")} hint={hint("clusters")} options={county.clusters.map((c) => ({ value: c, label: c }))} />
        <CheckboxGroup meta={fields.highValueFlags} legend={label("highValueFlags")} hint={hint("highValueFlags")} options={options("patents.hv", HIGH_VALUE_FLAGS)} />
      </fieldset>

      <fieldset className="card form-card">
        <legend>{t("patents.form.terms")}</legend>
        <div className="form-grid">
          <Select
            meta={fields.listingMode}
            label={label("listingMode")}
            hint={hint("listingMode")}
            placeholder={t("patents.form.noMode")}
            options={options("patents.mode", LISTING_MODES)}
          />
          <TextInput meta={fields.askingPrice} label={label("askingPrice")} hint={hint("askingPrice")} inputMode="decimal" />
          <TextInput meta={fields.royaltyPercent} label={label("royaltyPercent")} hint={hint("royaltyPercent")} inputMode="decimal" />
          <Select meta={fields.royaltyBasis} label={label("royaltyBasis")} placeholder={t("patents.form.noBasis")} options={options("patents.basis", ROYALTY_BASES)} />
          <TextInput meta={fields.evaluationReportNo} label={label("evaluationReportNo")} hint={hint("evaluationReportNo")} autoComplete="off" />
        </div>
        <Checkbox meta={fields.negotiable} label={t("patents.form.negotiableLabel")} />
      </fieldset>

      {status === "LISTED" ? <p className="muted">{t("patents.form.listedNote")}</p> : null}
      <div className="form-actions">
        {status === null ? (
          <>
            {submit(false, t("patents.form.saveDraft"), false)}
            {submit(true, t("patents.form.savePublish"), true)}
          </>
        ) : status === "LISTED" ? (
          submit(false, t("patents.form.saveListed"), true)
        ) : (
          <>
            {submit(false, t("patents.form.saveOnly"), false)}
            {submit(true, t("patents.form.savePublish"), true)}
          </>
        )}
        <Link to={cancelTo}>{t("patents.form.cancel")}</Link>
      </div>
    </Form>
  );
}

/** A label (with the required mark), the control, its hint and its errors. */
function Shell({ meta, label, hint, required, children }: { meta: Meta; label: string; hint?: string; required?: boolean; children: ReactNode }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={meta.id}>
        {label}
        {required ? (
          <>
            <span className="required-mark" aria-hidden="true">
              {" "}
              *
            </span>
            <span className="sr-only">{t("patents.form.required")}</span>
          </>
        ) : null}
      </label>
      {children}
      {hint ? (
        <span id={meta.descriptionId} className="hint">
          {hint}
        </span>
      ) : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

function TextInput({
  meta,
  label,
  hint,
  required,
  type = "text",
  autoComplete,
  inputMode,
}: {
  meta: Meta;
  label: string;
  hint?: string;
  required?: boolean;
  type?: "text" | "date";
  autoComplete?: string;
  inputMode?: "decimal";
}) {
  const { key, ...props } = getInputProps(meta, { type, ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <Shell meta={meta} label={label} hint={hint} required={required}>
      <input key={key} {...props} autoComplete={autoComplete} inputMode={inputMode} aria-required={required || undefined} />
    </Shell>
  );
}

function TextArea({ meta, label, hint, required, rows }: { meta: Meta; label: string; hint?: string; required?: boolean; rows: number }) {
  const { key, ...props } = getTextareaProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <Shell meta={meta} label={label} hint={hint} required={required}>
      <textarea key={key} {...props} rows={rows} aria-required={required || undefined} />
    </Shell>
  );
}

function Select({
  meta,
  label,
  hint,
  placeholder,
  options,
}: {
  meta: Meta;
  label: string;
  hint?: string;
  placeholder: string;
  options: { value: string; label: string }[];
}) {
  const { key, ...props } = getSelectProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <Shell meta={meta} label={label} hint={hint}>
      <select key={key} {...props}>
        <option value="">{placeholder}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

function Checkbox({ meta, label }: { meta: Meta; label: string }) {
  const { key, ...props } = getInputProps(meta, { type: "checkbox" });
  return (
    <div className="field">
      <label className="checkbox">
        <input key={key} {...props} />
        {label}
      </label>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
