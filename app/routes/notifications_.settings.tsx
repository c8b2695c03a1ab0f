import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { getEmailPreferences, setEmailPreferences } from "~/domain/notifications/set-email-preferences.server";
import styles from "~/styles/notifications.css";
import { formErrorsOf, throwErrorPage } from "~/utils/form-errors.server";
import { readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n-react";
import "~/utils/messages/notifications";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "邮件提醒设置 · 知产桥" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  return { preferences: await getEmailPreferences(view.actor).catch(throwErrorPage) };
}

/** The form lists every kind with an `email` checkbox: the unchecked ones are turned off. */
export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = await readForm(request);
  const shown = form.getAll("kind").map(String);
  const wanted = new Set(form.getAll("email").map(String));
  try {
    await setEmailPreferences(view.actor, { optOutKinds: shown.filter((k) => !wanted.has(k)) });
    return { saved: true, errors: {} as Record<string, string[]> };
  } catch (error) {
    const failed = formErrorsOf(error);
    if (failed) return data({ saved: false, errors: failed.errors }, { status: failed.status });
    throwErrorPage(error);
  }
}

export default function EmailSettings() {
  const t = useT();
  const { preferences } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors ?? {};
  return (
    <section className="card" aria-labelledby="email-settings-title">
      <h1 id="email-settings-title">{t("notifications.settings.title")}</h1>
      <p className="muted">{t("notifications.settings.intro")}</p>
      {result?.saved ? (
        <p className="notice" role="status">
          {t("notifications.settings.saved")}
        </p>
      ) : null}
      <Form method="post">
        <fieldset className="email-kinds">
          <legend>{t("notifications.settings.legend")}</legend>
          {preferences.map((p) => (
            <div key={p.kind} className="checkbox">
              <input type="hidden" name="kind" value={p.kind} />
              <input type="checkbox" id={`email-${p.kind}`} name="email" value={p.kind} defaultChecked={p.email} />
              <label htmlFor={`email-${p.kind}`}>{t(`notifications.kind.${p.kind}`)}</label>
            </div>
          ))}
        </fieldset>
        {Object.values(errors).flat().length ? (
          <p className="form-error" role="alert">
            {Object.values(errors).flat().join("；")}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("notifications.settings.saving") : t("notifications.settings.save")}
          </button>{" "}
          <Link to="/notifications">{t("notifications.settings.back")}</Link>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
