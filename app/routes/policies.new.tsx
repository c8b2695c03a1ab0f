import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readForm } from "~/utils/forms.server";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { FieldErrors, FormErrors } from "~/components/form-field";
import { RouteError } from "~/components/route-error";
import { type FieldErrorMap, formErrorsOf, throwErrorPage } from "~/utils/form-errors.server";
import { POLICY_GROUPS, POLICY_INPUT_NAMES, policyFormValues, publishInputOf, type ValueKind } from "~/components/subsidies/policy-fields";
import { publishedFlash } from "~/utils/published-flash.server";
import { canOnCountyFinance } from "~/domain/financing/policies";
import { policyView } from "~/domain/financing/policy";
import { getPolicyInForce, publishPolicyVersion } from "~/domain/financing/policy-store.server";
import { bookToday, latestEffectiveDate } from "~/domain/shared/book-dates";
import stylesheet from "~/styles/subsidies.css";
import { useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import "~/utils/messages/subsidies";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "policy.form.meta");

type ActionData = { errors: FieldErrorMap; values: Record<string, string> };

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  if (!canOnCountyFinance(view.actor, "publish-policy")) throw new Response("Forbidden", { status: 403 });
  const inForce = policyView(await getPolicyInForce());
  const today = bookToday();
  const values: Record<string, string> = { ...policyFormValues(inForce), effectiveFrom: today, note: "" };
  return { ref: inForce.ref, today, latest: latestEffectiveDate(), values };
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = await readForm(request);
  try {
    const created = await publishPolicyVersion(view.actor, publishInputOf(form));
    return redirect(`/policies/${encodeURIComponent(created.ref)}`, { headers: { "Set-Cookie": await publishedFlash.serialize(created.ref) } });
  } catch (error) {
    const failure = formErrorsOf(error);
    if (!failure) throwErrorPage(error);
    // The page shows what was typed again, next to its errors (also without JavaScript).
    const values = Object.fromEntries([...form].map(([name, value]) => [name, String(value)]));
    return data<ActionData>({ errors: failure.errors, values }, { status: failure.status });
  }
}

/** An input's id: its name with dots as dashes ("f-rules-premiumSubsidy-ratio"). */
const idOf = (name: string) => `f-${name.replace(/\./g, "-")}`;

const HINTS: Record<ValueKind, string> = {
  rate: "policy.form.rateHint",
  multiple: "policy.form.multipleHint",
  yuan: "policy.form.yuanHint",
  months: "policy.form.monthsHint",
  hours: "policy.form.hoursHint",
};

export default function NewPolicyVersion() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors ?? {};
  const values = result?.values ?? loaded.values;
  // Fields in error in the order of the form, linked (each message is shown once, at its field); any other error is about the whole form.
  const invalid = [...POLICY_INPUT_NAMES].filter((name) => errors[name]?.length);
  const formErrors = Object.entries(errors).flatMap(([name, list]) => (POLICY_INPUT_NAMES.has(name) ? [] : list));
  const labelOf = (name: string) => {
    const [head, ...rest] = name.split(".");
    if (head === "rules") return t(`policy.field.${rest.join(".")}`);
    if (head === "sources") return t("policy.form.source", { group: t(`policy.group.${rest[0]}`) });
    return t(`policy.form.${head}`);
  };

  const field = (name: string, label: ReactNode, hint: string | null, control: (props: ControlProps) => ReactNode) => {
    const id = idOf(name);
    const describedBy = [hint ? `${id}-hint` : null, errors[name] ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
    return (
      <div className="field" key={name}>
        <label htmlFor={id}>{label}</label>
        {control({ id, name, defaultValue: values[name] ?? "", "aria-invalid": errors[name] ? true : undefined, "aria-describedby": describedBy })}
        {hint ? (
          <span id={`${id}-hint`} className="hint">
            {hint}
          </span>
        ) : null}
        <FieldErrors id={`${id}-error`} errors={errors[name]} />
      </div>
    );
  };

  return (
    <section className="card">
      <p>
        <Link to="/policies">← {t("policy.back")}</Link>
      </p>
      <h1>{t("policy.form.title")}</h1>
      <p className="muted">{t("policy.form.intro", { ref: loaded.ref })}</p>
      <Form method="post" noValidate className="policy-form">
        <FormErrors id="form-error" errors={formErrors} />
        {invalid.length > 0 ? (
          <div className="form-error" role="alert" data-testid="form-error-summary">
            <p>{t("policy.form.hasErrors", { count: invalid.length })}</p>
            <ul>
              {invalid.map((name) => (
                <li key={name}>
                  <a href={`#${idOf(name)}`}>{labelOf(name)}</a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <fieldset>
          <legend>{t("policy.form.basics")}</legend>
          <div className="policy-form-grid">
            {field("effectiveFrom", t("policy.form.effectiveFrom"), t("policy.form.effectiveHint", { today: loaded.today, latest: loaded.latest }), (p) => (
              <input {...p} type="date" min={loaded.today} max={loaded.latest} required aria-required="true" />
            ))}
          </div>
          {field("note", t("policy.form.note"), t("policy.form.noteHint"), (p) => (
            <textarea {...p} rows={2} required aria-required="true" maxLength={1000} />
          ))}
        </fieldset>
        {POLICY_GROUPS.map(({ key, fields }) => (
          <fieldset key={key}>
            <legend>{t(`policy.group.${key}`)}</legend>
            <div className="policy-form-grid">
              {fields.map((f) =>
                field(
                  `rules.${f.path}`,
                  // The label in words only: the document's key is for API clients, not for the county's staff.
                  t(`policy.field.${f.path}`),
                  t(HINTS[f.kind]),
                  (p) => <input {...p} inputMode={f.kind === "months" || f.kind === "hours" ? "numeric" : "decimal"} autoComplete="off" required aria-required="true" />,
                ),
              )}
            </div>
            {field(`sources.${key}`, t("policy.form.source", { group: t(`policy.group.${key}`) }), null, (p) => (
              <textarea {...p} rows={2} maxLength={500} required aria-required="true" />
            ))}
          </fieldset>
        ))}
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("policy.form.submitting") : t("policy.form.submit")}
          </button>
          <Link to="/policies">{t("policy.form.cancel")}</Link>
        </div>
      </Form>
    </section>
  );
}

type ControlProps = { id: string; name: string; defaultValue: string; "aria-invalid": true | undefined; "aria-describedby": string | undefined };

export function ErrorBoundary() {
  return <RouteError messages={{ 403: "policy.forbidden" }} />;
}
