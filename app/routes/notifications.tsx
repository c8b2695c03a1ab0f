import { Pagination } from "~/components/pagination";
import { readForm } from "~/utils/forms.server";
import { RouteError } from "~/components/route-error";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { markAllNotificationsRead, markNotificationRead } from "~/domain/notifications/mark-notifications-read.server";
import { listNotifications, type NotificationItem } from "~/domain/notifications/queries.server";
import { notificationActionSchema, notificationListQuerySchema } from "~/domain/notifications/schemas";
import { DomainError, httpStatusOf } from "~/domain/shared/errors";
import styles from "~/styles/notifications.css";
import { useLocale, useT } from "~/utils/i18n-react";
import "~/utils/messages/notifications";
import { requireSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "消息 · 知产桥" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const { page } = notificationListQuerySchema.parse({ page: new URL(request.url).searchParams.get("page") ?? undefined });
  try {
    return await listNotifications(view.actor, { page });
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: httpStatusOf[error.code] });
    throw error;
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const view = await requireSessionView(request);
  const submission = parseWithZod(await readForm(request), { schema: notificationActionSchema });
  if (submission.status !== "success") return data({ error: "notifications.invalidRequest" }, { status: 400 });
  try {
    if (submission.value.intent === "mark-read") await markNotificationRead(view.actor, { notificationId: submission.value.id });
    else await markAllNotificationsRead(view.actor);
  } catch (error) {
    if (error instanceof DomainError) return data({ error: "notifications.invalidRequest" }, { status: httpStatusOf[error.code] });
    throw error;
  }
  // Back to the page the person was on (post/redirect/get).
  const url = new URL(request.url);
  return redirect(url.pathname + url.search);
}

export default function Notifications() {
  const { items, page, pages, total, unread } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ error?: string }>();
  const navigation = useNavigation();
  const t = useT();
  const busyIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const busyId = navigation.state === "submitting" ? navigation.formData?.get("id") : null;

  return (
    <section className="card" aria-labelledby="notifications-title">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <div>
          <h1 id="notifications-title">{t("notifications.title")}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {t("notifications.intro")} {unread > 0 ? <strong data-testid="unread-count">{t("notifications.unreadCount", { count: unread })}</strong> : null}
          </p>
          <p style={{ margin: "0.25rem 0 0" }}>
            <Link to="/notifications/settings">{t("notifications.settings.link")}</Link>
          </p>
        </div>
        {unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="mark-all-read" />
            <button type="submit" className="button button-secondary" disabled={busyIntent === "mark-all-read"}>
              {busyIntent === "mark-all-read" ? t("notifications.marking") : t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}

      {total === 0 ? (
        <p className="empty">{t("notifications.empty")}</p>
      ) : (
        <ul className="notification-list" style={{ marginTop: "1rem" }}>
          {items.map((n) => (
            <NotificationRow key={n.id} notification={n} busy={busyIntent === "mark-read" && busyId === n.id} />
          ))}
        </ul>
      )}

      <Pagination page={page} pages={pages} label={t("notifications.title")} />
    </section>
  );
}

function NotificationRow({ notification: n, busy }: { notification: NotificationItem; busy: boolean }) {
  const t = useT();
  const locale = useLocale();
  const time = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" }).format(new Date(n.createdAt));
  const titleId = `notification-${n.id}`;
  return (
    <li className={n.read ? "notification" : "notification notification-unread"} aria-labelledby={titleId} data-read={n.read}>
      <div className="notification-main">
        <h2 className="notification-title" id={titleId}>
          {t(n.title)}
          <span className={n.read ? "tag" : "tag tag-warn"}>{n.read ? t("notifications.read") : t("notifications.unread")}</span>
        </h2>
        {n.body ? <p className="notification-body">{t(n.body)}</p> : null}
        <div className="notification-meta">
          <time dateTime={n.createdAt}>{time}</time>
        </div>
      </div>
      <div className="notification-actions">
        {n.link ? <Link to={n.link}>{t("notifications.open")}</Link> : null}
        {n.read ? null : (
          <Form method="post">
            <input type="hidden" name="intent" value="mark-read" />
            <input type="hidden" name="id" value={n.id} />
            <button type="submit" className="link-button" disabled={busy} aria-describedby={titleId}>
              {busy ? t("notifications.marking") : t("notifications.markRead")}
            </button>
          </Form>
        )}
      </div>
    </li>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
