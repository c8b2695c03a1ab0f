import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT } from "~/utils/i18n-react";

/**
 * A page's error boundary inside the app shell: the status, a plain-language message and
 * a way back. `messages` lets a page say more for a status (e.g. who may manage API keys).
 */
export function RouteError({ messages = {} }: { messages?: Partial<Record<403 | 404 | 500, string>> }) {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const byStatus: Record<number, string> = {
    400: "error.badRequest",
    403: messages[403] ?? "error.forbidden",
    404: messages[404] ?? "error.notFound",
    413: "error.tooLarge",
    415: "error.badRequest",
  };
  const key = byStatus[status] ?? messages[500] ?? "error.generic";
  return (
    <section className="card error-card" role="alert">
      <h1>
        {t("error.title")} · {status}
      </h1>
      <p>{t(key)}</p>
      <Link to="/home" className="button">
        {t("error.backHome")}
      </Link>
    </section>
  );
}
