import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { endAllOwnSessions, listOwnSessions } from "~/domain/identity/sessions.server";
import stylesheet from "~/styles/identity.css";
import { deviceName, displayAddress } from "~/utils/device";
import { formatDateTime } from "~/utils/format";
import { readForm } from "~/utils/forms.server";
import { useLocale, useT } from "~/utils/i18n-react";
import { pageTitle } from "~/utils/messages/identity";
import { requireSessionView, sessionClearCookie } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.meta");

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const sessions = (await listOwnSessions(view.actor, view.sessionId)).map((s) => ({
    ...s,
    device: deviceName(s.userAgent),
    address: displayAddress(s.ipAddress),
  }));
  return { user: { name: view.user.name, email: view.user.email }, sessions };
}

/** intent=logout-everywhere: ends every session of this user, this one included, then the login page. */
export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const form = await readForm(request);
  if (form.get("intent") !== "logout-everywhere") return data({ error: "account.unknownIntent" }, { status: 400 });
  await endAllOwnSessions(view.actor);
  return redirect("/login", { headers: { "Set-Cookie": await sessionClearCookie() } });
}

export default function Account() {
  const t = useT();
  const locale = useLocale();
  const { user, sessions } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "POST";
  return (
    <section className="card stack">
      <h1>{t("account.title")}</h1>
      <p className="lead">
        {user.name} · {user.email}
      </p>
      <h2>{t("account.sessions")}</h2>
      <p>{t("account.sessionsIntro")}</p>
      <table className="table session-table" data-testid="account-sessions">
        <thead>
          <tr>
            <th scope="col">{t("account.device")}</th>
            <th scope="col">{t("account.address")}</th>
            <th scope="col">{t("account.signedIn")}</th>
            <th scope="col">{t("account.lastSeen")}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s, i) => (
            <tr key={i}>
              <td title={s.userAgent ?? undefined}>
                {s.device ?? t("account.unknownDevice")}
                {s.current ? <span className="tag">{t("account.current")}</span> : null}
              </td>
              <td data-label={t("account.address")}>{s.address ?? "—"}</td>
              <td data-label={t("account.signedIn")}>{formatDateTime(s.createdAt, locale)}</td>
              <td data-label={t("account.lastSeen")}>{formatDateTime(s.lastSeenAt, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form method="post">
        <input type="hidden" name="intent" value="logout-everywhere" />
        <button type="submit" className="button" disabled={busy}>
          {t("account.logoutEverywhere")}
        </button>
      </Form>
      <p className="hint">{t("account.logoutEverywhereHint")}</p>
    </section>
  );
}
