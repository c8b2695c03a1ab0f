import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldErrors, FormErrors } from "~/components/form-field";
import { RouteError } from "~/components/route-error";
import { PolicyRules, VersionBadge } from "~/components/subsidies/policy-rules";
import { canOnCountyFinance } from "~/domain/financing/policies";
import { fieldErrorsOfIssues, policyView, withdrawPolicySchema } from "~/domain/financing/policy";
import { readPolicies } from "~/domain/financing/policy-store.server";
import { withdrawPolicyVersion } from "~/domain/financing/withdraw-policy-version.server";
import { type FieldErrorMap, formErrorsOf, throwErrorPage } from "~/utils/form-errors.server";
import { readForm } from "~/utils/forms.server";
import stylesheet from "~/styles/subsidies.css";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import "~/utils/messages/subsidies";
import { requireSessionView } from "~/utils/session.server";
import { TableWrap } from "~/components/table-wrap";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "policy.meta");

type ActionData = { errors: FieldErrorMap; reason: string };

/**
 * Policies are the county's public rules: every signed-in, active organization reads them.
 * GOVERNMENT may withdraw a version not yet in force: `?withdraw=<ref>` opens its form.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const { inForce, versions } = await readPolicies(view.actor).catch(throwErrorPage);
  const canPublish = canOnCountyFinance(view.actor, "publish-policy");
  const url = new URL(request.url);
  const withdrawing = canPublish ? (versions.find((v) => v.ref === url.searchParams.get("withdraw") && v.withdrawable) ?? null) : null;
  return { inForce: policyView(inForce), versions, canPublish, withdrawing, withdrawn: versions.find((v) => v.ref === url.searchParams.get("withdrawn") && v.withdrawal)?.ref ?? null };
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = await readForm(request);
  const ref = String(form.get("ref") ?? "");
  const reason = String(form.get("reason") ?? "");
  // The reason and the confirmation are checked together: one answer names both.
  const parsed = withdrawPolicySchema.safeParse({ reason });
  const errors: FieldErrorMap = parsed.success ? {} : fieldErrorsOfIssues(parsed.error.issues);
  if (form.get("confirm") !== "yes") errors.confirm = ["policy.withdraw.confirmRequired"];
  if (Object.keys(errors).length) return data<ActionData>({ errors, reason }, { status: 400 });
  try {
    await withdrawPolicyVersion(view.actor, ref, { reason });
  } catch (error) {
    const failure = formErrorsOf(error);
    if (!failure) throwErrorPage(error);
    return data<ActionData>({ errors: failure.errors, reason }, { status: failure.status });
  }
  return redirect(`/policies?withdrawn=${encodeURIComponent(ref)}`);
}

export default function Policies() {
  const t = useT();
  const locale = useLocale();
  const { inForce, versions, canPublish, withdrawing, withdrawn } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors ?? {};
  const formErrors = Object.entries(errors).flatMap(([name, list]) => (name === "reason" || name === "confirm" ? [] : list));
  return (
    <>
      <section className="card">
        <div className="page-head">
          <div>
            <h1>{t("policy.title")}</h1>
            <p className="muted">{t("policy.intro")}</p>
          </div>
          {canPublish ? (
            <Link className="button" to="/policies/new">
              {t("policy.new")}
            </Link>
          ) : null}
        </div>
        {withdrawn ? (
          <p className="notice" role="status">
            {t("policy.withdraw.done", { ref: withdrawn })}
          </p>
        ) : null}
      </section>

      {/* The withdrawal form, when open, comes right after the title: it is what GOVERNMENT came for. */}
      {withdrawing ? (
        <section className="card" id="withdraw" aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">{t("policy.withdraw.title", { ref: withdrawing.ref })}</h2>
          <p className="muted">{t("policy.withdraw.intro", { date: withdrawing.effectiveFrom })}</p>
          <Form method="post" noValidate className="policy-form">
            <FormErrors id="withdraw-error" errors={formErrors} />
            <input type="hidden" name="ref" value={withdrawing.ref} />
            <div className="field">
              <label htmlFor="withdraw-reason">{t("policy.withdraw.reason")}</label>
              <textarea
                id="withdraw-reason"
                name="reason"
                rows={2}
                maxLength={500}
                required
                aria-required="true"
                defaultValue={result?.reason ?? ""}
                aria-invalid={errors.reason ? true : undefined}
                aria-describedby={errors.reason ? "withdraw-reason-error" : undefined}
              />
              <FieldErrors id="withdraw-reason-error" errors={errors.reason} />
            </div>
            <div className="field">
              <label>
                <input type="checkbox" name="confirm" value="yes" required aria-invalid={errors.confirm ? true : undefined} aria-describedby={errors.confirm ? "withdraw-confirm-error" : undefined} /> {t("policy.withdraw.confirm")}
              </label>
              <FieldErrors id="withdraw-confirm-error" errors={errors.confirm} />
            </div>
            <div className="form-actions">
              <button type="submit" className="button button-danger" disabled={busy}>
                {t("policy.withdraw.submit")}
              </button>
              <Link to="/policies">{t("policy.form.cancel")}</Link>
            </div>
          </Form>
        </section>
      ) : null}

      <section className="card">
        <h2>
          {t("policy.inForceTitle", { ref: inForce.ref })} <span className="tag tag-ok">{t("policy.badge.inForce")}</span>
        </h2>
        <p className="muted">
          {t("policy.effectiveFrom", { date: inForce.effectiveFrom })} · {t("policy.noteLabel")}
          {inForce.note}
        </p>
        <PolicyRules policy={inForce} caption={t("policy.rules")} />
      </section>

      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title">{t("policy.versions")}</h2>
        {versions.length === 0 ? (
          <p className="empty">{t("policy.versionsEmpty")}</p>
        ) : (
          <TableWrap label={t("policy.versionsTable")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("policy.col.ref")}</th>
                  {/* The state right after the version: on a phone it stays in view while the table scrolls. */}
                  <th scope="col">{t("policy.col.state")}</th>
                  <th scope="col">{t("policy.col.effectiveFrom")}</th>
                  <th scope="col">{t("policy.col.note")}</th>
                  <th scope="col">{t("policy.col.publishedAt")}</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.ref}>
                    <td>
                      <Link to={`/policies/${encodeURIComponent(v.ref)}`}>{v.ref}</Link>
                    </td>
                    <td>
                      <VersionBadge inForce={v.inForce} effectiveFrom={v.effectiveFrom} current={inForce.effectiveFrom} withdrawn={v.withdrawal !== null} />
                      {canPublish && v.withdrawable ? (
                        <>
                          {" "}
                          <Link className="button button-secondary" to={`/policies?withdraw=${encodeURIComponent(v.ref)}#withdraw`} aria-label={t("policy.withdraw.title", { ref: v.ref })}>
                            {t("policy.withdraw.open")}
                          </Link>
                        </>
                      ) : null}
                    </td>
                    <td>{v.effectiveFrom}</td>
                    <td>
                      {v.note}
                      {v.withdrawal ? <div className="muted">{t("policy.withdrawnNotice", { at: formatDateTime(v.withdrawal.withdrawnAt, locale), reason: v.withdrawal.reason })}</div> : null}
                    </td>
                    <td>{formatDateTime(v.publishedAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
