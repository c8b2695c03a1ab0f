import { Link, useLocation } from "@remix-run/react";
import { useT } from "~/utils/i18n-react";

/**
 * Previous / "page X of Y" / next, keeping every other query parameter (filters, search)
 * of the current URL. Renders nothing when everything fits on one page.
 */
export function Pagination({ page, pages, label }: { page: number; pages: number; label: string }) {
  const t = useT();
  const location = useLocation();
  if (pages <= 1) return null;
  const to = (target: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(target));
    return `?${params}`;
  };
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? <Link to={to(page - 1)}>{t("common.prev")}</Link> : null}
      <span>{t("common.page", { page, pages })}</span>
      {page < pages ? <Link to={to(page + 1)}>{t("common.next")}</Link> : null}
    </nav>
  );
}
