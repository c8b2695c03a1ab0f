import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode } from "react";
import { useT } from "~/utils/i18n-react";

/**
 * Accessible form fields over Conform metadata: a visible <label>, the hint and the
 * errors linked through aria-describedby, aria-invalid on error. Error strings are i18n
 * keys (or plain text) and are translated here.
 */

export function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <div id={id} className="error" role="alert">
      {errors.map((e) => (
        <div key={e}>{t(e)}</div>
      ))}
    </div>
  );
}

/** Errors of the whole form (not tied to one field), e.g. "邮箱或密码不正确". */
export function FormErrors({ id, errors, params }: { id: string; errors: string[] | undefined; params?: Record<string, string | number> }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <div id={id} className="form-error" role="alert">
      {errors.map((e) => (
        <p key={e} style={{ margin: 0 }}>
          {t(e, params)}
        </p>
      ))}
    </div>
  );
}

type InputType = "text" | "email" | "password" | "search" | "tel" | "url";

export function TextField({
  meta,
  label,
  hint,
  type = "text",
  autoComplete,
  ...rest
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  hint?: ReactNode;
  type?: InputType;
  autoComplete?: string;
  placeholder?: string;
  readOnly?: boolean;
  autoFocus?: boolean;
  spellCheck?: boolean;
}) {
  const { key, ...props } = getInputProps(meta, { type, ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input key={key} {...props} autoComplete={autoComplete} {...rest} />
      <HintAndErrors meta={meta} hint={hint} />
    </div>
  );
}

export function SelectField({
  meta,
  label,
  hint,
  placeholder,
  options,
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  hint?: ReactNode;
  placeholder?: string;
  options: { value: string; label: string }[];
}) {
  const { key, ...props } = getSelectProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select key={key} {...props}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <HintAndErrors meta={meta} hint={hint} />
    </div>
  );
}

/** A group of checkboxes (multi-select) in a fieldset with a legend. */
export function CheckboxGroup({
  meta,
  legend,
  hint,
  options,
}: {
  meta: FieldMetadata<string[] | undefined>;
  legend: string;
  hint?: ReactNode;
  options: { value: string; label: string }[];
}) {
  const initial = new Set((Array.isArray(meta.initialValue) ? meta.initialValue : [meta.initialValue]).filter(Boolean) as string[]);
  const describedBy = [hint ? meta.descriptionId : null, meta.errors ? meta.errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className="field checkbox-group" aria-describedby={describedBy} aria-invalid={meta.errors ? true : undefined}>
      <legend>{legend}</legend>
      <div className="checkbox-options">
        {options.map((o, i) => (
          <label key={o.value} className="checkbox">
            <input type="checkbox" name={meta.name} form={meta.formId} value={o.value} defaultChecked={initial.has(o.value)} id={`${meta.id}-${i}`} />
            {o.label}
          </label>
        ))}
      </div>
      <HintAndErrors meta={meta} hint={hint} />
    </fieldset>
  );
}

/** The hint (referenced by aria-describedby) and the field's errors, under every control. */
function HintAndErrors({ meta, hint }: { meta: { descriptionId: string; errorId: string; errors?: string[] }; hint?: ReactNode }) {
  return (
    <>
      {hint ? (
        <span id={meta.descriptionId} className="hint">
          {hint}
        </span>
      ) : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </>
  );
}

/**
 * A field of a form without Conform (its action returns field errors keyed by input
 * name): label, input, hint and errors, linked by aria-describedby. `action` sits beside
 * the input, for a one-field form's button.
 */
export function PlainField({ id, label, hint, errors, action, ...input }: { id: string; label: string; hint?: ReactNode; errors?: string[]; action?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const control = <input id={id} {...input} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy} />;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {action ? (
        <div className="row">
          {control}
          {action}
        </div>
      ) : (
        control
      )}
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}
