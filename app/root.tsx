import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useNavigation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import stylesheet from "~/styles/app.css";
import { navigationFor } from "~/components/navigation";
import { can } from "~/domain/identity/policies";
import { localeFromCookie, translate, type Locale } from "~/utils/i18n";
import { useT } from "~/utils/i18n-react";
import { useNonce } from "~/utils/nonce";
import { getSessionView } from "~/utils/session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "知产桥 · IP Bridge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = localeFromCookie(request.headers.get("Cookie"));
  const view = await getSessionView(request);
  const unread = view && can(view.actor, "notification.read") ? view.unreadNotifications : 0;
  return {
    locale,
    user: view ? { name: view.user.name, email: view.user.email } : null,
    org: view ? view.org : null,
    role: view?.actor.role ?? null,
    nav: navigationFor(view?.actor ?? null),
    unread,
  };
}

type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const nonce = useNonce();
  const locale: Locale = data?.locale ?? "zh-CN";
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const t = useT();
  const location = useLocation();
  const navigation = useNavigation();
  const otherLocale = data?.locale === "en" ? "zh-CN" : "en";
  // On a phone the navigation and the account tools fold into one menu (app.css), closed again after each navigation.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location.pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className={menuOpen ? "app-header menu-open" : "app-header"}>
        <Link to={data?.user ? "/home" : "/"} className="brand">
          <span className="brand-mark" aria-hidden="true">
            桥
          </span>
          <span>{t("app.name")}</span>
        </Link>
        <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="app-menu" onClick={() => setMenuOpen((open) => !open)}>
          {menuOpen ? t("nav.menuClose") : t("nav.menu")}
        </button>
        <div id="app-menu" className="app-menu">
        {data?.nav.length ? (
          <nav aria-label={t("nav.home")} className="main-nav">
            {data.nav.map((item) => (
              <NavLink key={item.to} to={item.to} prefetch={item.reloadDocument ? "none" : "intent"} reloadDocument={item.reloadDocument}>
                {t(item.labelKey)}
                {item.to === "/notifications" && data.unread > 0 ? (
                  <span className="badge" aria-label={`${data.unread}`}>
                    {data.unread > 99 ? "99+" : data.unread}
                  </span>
                ) : null}
              </NavLink>
            ))}
          </nav>
        ) : (
          <span className="spacer" />
        )}
        <div className="header-tools">
          <Form method="post" action="/set-locale" reloadDocument>
            <input type="hidden" name="locale" value={otherLocale} />
            <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
            <button type="submit" className="link-button" lang={otherLocale === "en" ? "en" : "zh-CN"}>
              {t("nav.language")}
            </button>
          </Form>
          {data?.user ? (
            <>
              <span className="who" data-testid="current-user">
                {data.user.name} · {data.org?.name}
                {data.org?.isDemo ? <span className="tag tag-demo">{t("app.demoBadge")}</span> : null}
              </span>
              <Link to="/account">{t("nav.account")}</Link>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  {t("nav.logout")}
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to="/login">{t("nav.login")}</Link>
              <Link to="/signup" className="button button-small">
                {t("nav.signup")}
              </Link>
            </>
          )}
        </div>
        </div>
      </header>
      <div className={navigation.state === "loading" ? "progress active" : "progress"} role="progressbar" aria-hidden={navigation.state !== "loading"} />
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="app-footer">
        {t("app.name")} · {t("app.tagline")}
      </footer>
    </>
  );
}

export default function App() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<RootData>("root");
  const locale = data?.locale ?? "zh-CN";
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 404
      ? translate(locale, "error.notFound")
      : status === 403
        ? translate(locale, "error.forbidden")
        : status === 413
          ? translate(locale, "error.tooLarge")
          : status === 400 || status === 415
            ? translate(locale, "error.badRequest")
            : translate(locale, "error.generic");
  return (
    <Shell>
      <section className="card error-card" role="alert">
        <h1>
          {translate(locale, "error.title")} · {status}
        </h1>
        <p>{message}</p>
        <Link to="/" className="button">
          {translate(locale, "error.backHome")}
        </Link>
      </section>
    </Shell>
  );
}
