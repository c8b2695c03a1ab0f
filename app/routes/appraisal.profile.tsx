import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldErrors, FormErrors, PlainField } from "~/components/form-field";
import { RouteError } from "~/components/route-error";
import { SERVICE_AREAS } from "~/domain/appraisal/appraiser-profile";
import { APPRAISAL_METHODS } from "~/domain/appraisal/assignment";
import { getOwnAppraiserProfile, setOwnAppraiserProfile } from "~/domain/appraisal/set-appraiser-profile.server";
import stylesheet from "~/styles/identity.css";
import { formatDateTime } from "~/utils/format";
import { type FieldErrorMap, formErrorsOf, throwErrorPage } from "~/utils/form-errors.server";
import { readForm } from "~/utils/forms.server";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/financing";
import { pageTitle } from "~/utils/messages/identity";
import "~/utils/messages/partners";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "apprProfile.meta");

type Values = { filingRecordNumber: string; methods: string[]; capacity: string; serviceArea: string[] };
type ActionData = { errors: FieldErrorMap; values?: Values; saved?: boolean };

/** An appraisal institution's own profile (its people; the operator keeps `npm run admin -- appraiser:profile`). */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  return getOwnAppraiserProfile(view.actor).catch(throwErrorPage);
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = await readForm(request);
  const values: Values = {
    filingRecordNumber: String(form.get("filingRecordNumber") ?? ""),
    methods: form.getAll("methods").map(String),
    capacity: String(form.get("capacity") ?? ""),
    serviceArea: form.getAll("serviceArea").map(String),
  };
  try {
    await setOwnAppraiserProfile(view.actor, values);
    return data<ActionData>({ errors: {}, saved: true });
  } catch (error) {
    const failure = formErrorsOf(error);
    if (!failure) throwErrorPage(error);
    return data<ActionData>({ errors: failure.errors, values }, { status: failure.status });
  }
}

function Checks({ name, legend, hint, options, checked, errors }: { name: string; legend: string; hint?: string; options: { value: string; label: string }[]; checked: readonly string[]; errors?: string[] }) {
  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;
  return (
    <fieldset className="field checkbox-group" aria-describedby={[hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(" ") || undefined} aria-invalid={errors?.length ? true : undefined}>
      <legend>{legend}</legend>
      <div className="checkbox-options">
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input type="checkbox" name={name} value={o.value} defaultChecked={checked.includes(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      {hint ? (
        <span id={hintId} className="hint">
          {hint}
        </span>
      ) : null}
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  );
}

export default function AppraiserProfilePage() {
  const t = useT();
  const locale = useLocale();
  const profile = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors ?? {};
  const shown = result?.values ?? { filingRecordNumber: profile.filingRecordNumber ?? "", methods: profile.methods, capacity: profile.capacity === null ? "" : String(profile.capacity), serviceArea: profile.serviceArea };
  return (
    <section className="card stack">
      <h1>{t("apprProfile.title")}</h1>
      <p className="muted">{t("apprProfile.intro")}</p>
      {result?.saved ? (
        <p className="notice" role="status">
          {t("apprProfile.saved")}
        </p>
      ) : null}
      <Form method="post" noValidate key={profile.updatedAt ?? "new"}>
        <FormErrors id="profile-error" errors={errors[""]} />
        <PlainField id="filingRecordNumber" name="filingRecordNumber" label={t("apprProfile.filing")} hint={t("apprProfile.filingHint")} errors={errors.filingRecordNumber} defaultValue={shown.filingRecordNumber} required maxLength={64} autoComplete="off" />
        <Checks name="methods" legend={t("apprProfile.methods")} options={APPRAISAL_METHODS.map((m) => ({ value: m, label: t(`appr.method.${m}`) }))} checked={shown.methods} errors={errors.methods} />
        <PlainField id="capacity" name="capacity" label={t("apprProfile.capacity")} hint={t("apprProfile.capacityHint")} errors={errors.capacity} defaultValue={shown.capacity} inputMode="numeric" autoComplete="off" />
        <Checks name="serviceArea" legend={t("apprProfile.serviceArea")} hint={t("apprProfile.serviceAreaHint")} options={SERVICE_AREAS.map((a) => ({ value: a, label: a }))} checked={shown.serviceArea} errors={errors.serviceArea} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("apprProfile.submitting") : t("apprProfile.submit")}
          </button>
        </div>
      </Form>
      <h2>{t("apprProfile.operatorSet")}</h2>
      <dl className="profile-list">
        <dt>{t("apprProfile.qualified")}</dt>
        <dd>{profile.qualifiedAssetTypes.length ? profile.qualifiedAssetTypes.map((a) => t(`assetType.${a}`)).join("、") : t("apprProfile.none")}</dd>
        <dt>{t("apprProfile.affiliated")}</dt>
        <dd>{profile.affiliatedOrgIds.length ? t("apprProfile.affiliatedCount", { count: profile.affiliatedOrgIds.length }) : t("apprProfile.none")}</dd>
      </dl>
      {profile.updatedAt ? <p className="muted">{t("apprProfile.updatedAt", { at: formatDateTime(profile.updatedAt, locale) })}</p> : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError messages={{ 403: "apprProfile.forbidden" }} />;
}
