import { Form, useNavigation } from "@remix-run/react";
import { FieldErrors, FormErrors, PlainField } from "~/components/form-field";
import { GI_KINDS } from "~/domain/gi/schemas";
import { county } from "~/domain/identity/county";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/gi";

export type GiProductFormValues = {
  name: string;
  kind: string;
  registrationNumber: string;
  protectedTowns: string[];
  qualityStandard: string;
  notes: string;
  certificatePrefix: string;
  version?: number;
};

export const EMPTY_GI_PRODUCT: GiProductFormValues = { name: "", kind: "", registrationNumber: "", protectedTowns: [], qualityStandard: "", notes: "", certificatePrefix: "" };

/** The form's fields as the use case reads them (protectedTowns: every ticked box). */
export function giProductInputOf(form: FormData): Record<string, unknown> {
  const value = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const notes = value("notes").trim();
  return {
    name: value("name"),
    kind: value("kind"),
    registrationNumber: value("registrationNumber"),
    protectedTowns: form.getAll("protectedTowns").filter((v): v is string => typeof v === "string"),
    qualityStandard: value("qualityStandard"),
    notes: notes || undefined,
    certificatePrefix: value("certificatePrefix"),
    ...(value("version") ? { version: value("version") } : {}),
  };
}

/** What was typed, to show again next to its errors. */
export function giProductValuesOf(form: FormData): GiProductFormValues {
  const input = giProductInputOf(form);
  return {
    name: String(input.name),
    kind: String(input.kind),
    registrationNumber: String(input.registrationNumber),
    protectedTowns: input.protectedTowns as string[],
    qualityStandard: String(input.qualityStandard),
    notes: String(input.notes ?? ""),
    certificatePrefix: String(input.certificatePrefix),
    version: input.version ? Number(input.version) : undefined,
  };
}

/** GOVERNMENT's form of a GI product: the protected area is a set of the county profile's towns, never typed. */
export function GiProductForm({ values, errors, submitLabel }: { values: GiProductFormValues; errors: Record<string, string[]>; submitLabel: string }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const count = Object.values(errors).filter((e) => e.length).length;
  const field = (name: keyof GiProductFormValues) => ({ id: `gp-${name}`, name, errors: errors[name] });
  const townsDescribedBy = ["gp-protectedTowns-hint", errors.protectedTowns?.length ? "gp-protectedTowns-error" : null].filter(Boolean).join(" ");
  return (
    <Form method="post" className="gi-form plain" noValidate>
      {count > 0 ? <FormErrors id="gp-form-error" errors={errors[""]?.length ? errors[""] : ["gi.product.fix"]} params={{ n: count }} /> : null}
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      <div className="form-row">
        <PlainField {...field("name")} label={t("gi.product.field.name")} hint={t("gi.product.field.nameHint")} defaultValue={values.name} maxLength={50} required />
        <div className="field">
          <label htmlFor="gp-kind">{t("gi.product.field.kind")}</label>
          <select id="gp-kind" name="kind" defaultValue={values.kind} required aria-invalid={errors.kind?.length ? true : undefined} aria-describedby={errors.kind?.length ? "gp-kind-error" : undefined}>
            <option value="">{t("gi.field.choose")}</option>
            {GI_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`gi.kind.${k}`)}
              </option>
            ))}
          </select>
          <FieldErrors id="gp-kind-error" errors={errors.kind} />
        </div>
      </div>
      <PlainField {...field("registrationNumber")} label={t("gi.product.field.registration")} hint={t("gi.product.field.registrationHint")} defaultValue={values.registrationNumber} maxLength={64} required />
      <fieldset className="field" aria-describedby={townsDescribedBy} aria-invalid={errors.protectedTowns?.length ? true : undefined}>
        <legend>{t("gi.product.field.towns")}</legend>
        <div className="gi-towns">
          {county.towns.map((town, i) => (
            <label key={town} className="gi-check" htmlFor={`gp-town-${i}`}>
              <input type="checkbox" id={`gp-town-${i}`} name="protectedTowns" value={town} defaultChecked={values.protectedTowns.includes(town)} />
              {town}
            </label>
          ))}
        </div>
        <span id="gp-protectedTowns-hint" className="hint">
          {t("gi.product.field.townsHint")}
        </span>
        <FieldErrors id="gp-protectedTowns-error" errors={errors.protectedTowns} />
      </fieldset>
      <PlainField {...field("qualityStandard")} label={t("gi.product.field.standard")} hint={t("gi.product.field.standardHint")} defaultValue={values.qualityStandard} maxLength={200} required />
      <div className="field">
        <label htmlFor="gp-notes">{t("gi.product.field.notes")}</label>
        <textarea id="gp-notes" name="notes" rows={3} maxLength={1000} defaultValue={values.notes} aria-invalid={errors.notes?.length ? true : undefined} aria-describedby={errors.notes?.length ? "gp-notes-error" : undefined} />
        <FieldErrors id="gp-notes-error" errors={errors.notes} />
      </div>
      <PlainField
        {...field("certificatePrefix")}
        label={t("gi.product.field.prefix")}
        hint={t("gi.product.field.prefixHint")}
        defaultValue={values.certificatePrefix}
        maxLength={10}
        autoCapitalize="characters"
        spellCheck={false}
        required
      />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
