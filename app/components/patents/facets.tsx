import { Link } from "@remix-run/react";
import { HOLDER_KINDS, LEGAL_STATUSES, LISTING_MODES, PATENT_TYPES } from "~/domain/patents/labels";
import { useT } from "~/utils/i18n-react";
import type { Facet } from "../../../search/port";

/**
 * The search page's filters live in the URL as the schema's canonical parameters: one
 * key per filter, several values comma-joined ("type=INVENTION,UTILITY_MODEL"). Facet
 * options are links that add or remove one value, so every state can be shared.
 */

type T = (key: string, params?: Record<string, string | number>) => string;

/** The URL parameter each facet filters with (IPC sections and classes share "ipc"). */
export const FACET_PARAM: Record<Facet, string> = {
  type: "type",
  ipcSection: "ipc",
  ipcClass: "ipc",
  holderKind: "holderKind",
  clusters: "cluster",
  listingMode: "listingMode",
  legalStatus: "legalStatus",
  highValue: "highValue",
};

/** Parameters that are lists of facet values, in the order chips are shown. */
export const LIST_PARAMS = ["type", "ipc", "holderKind", "cluster", "listingMode", "legalStatus"] as const;
export const RANGE_PARAMS = ["priceMin", "priceMax", "lifeMin", "lifeMax"] as const;

/** Display order of the enum facets (others go by count). */
const ORDER: Partial<Record<Facet, readonly string[]>> = {
  type: PATENT_TYPES,
  holderKind: HOLDER_KINDS,
  listingMode: LISTING_MODES,
  legalStatus: LEGAL_STATUSES,
};

const SHOWN = 8;

/** Ties by code point: localeCompare collates differently on the server and in the browser (a hydration mismatch). */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function valuesOf(params: URLSearchParams, key: string): string[] {
  return (params.get(key) ?? "").split(",").filter((v) => v !== "");
}

function href(next: URLSearchParams): string {
  next.delete("page");
  const qs = next.toString();
  return qs ? `/patents?${qs}` : "/patents";
}

/** The search with `value` added to or removed from `key`, back on page 1. */
export function toggleHref(params: string, key: string, value: string): string {
  const next = new URLSearchParams(params);
  const values = valuesOf(next, key);
  const on = values.includes(value);
  if (key === "highValue") {
    if (on) next.delete(key);
    else next.set(key, value);
    return href(next);
  }
  const updated = on ? values.filter((v) => v !== value) : [...values, value];
  if (updated.length) next.set(key, updated.join(","));
  else next.delete(key);
  return href(next);
}

/** The search without parameter `key`. */
export function removeHref(params: string, key: string): string {
  const next = new URLSearchParams(params);
  next.delete(key);
  return href(next);
}

/** "发明", "A 人类生活必需", "木耳深加工", "最低价格 30万"… for one parameter value. */
export function filterLabel(key: string, value: string, t: T): string {
  switch (key) {
    case "type":
      return t(`patents.type.${value}`);
    case "ipc":
      return value.length === 1 ? `${value} ${t(`patents.ipcSection.${value}`)}` : value;
    case "holderKind":
      return t(`patents.holderKind.${value}`);
    case "listingMode":
      return t(`patents.mode.${value}`);
    case "legalStatus":
      return t(`patents.legal.${value}`);
    case "highValue":
      return t("patents.search.highValueOnly");
    case "priceMin":
    case "priceMax":
      return `${t(`patents.search.${key}`)} ${value}`;
    case "lifeMin":
    case "lifeMax":
      return `${t("patents.life")} ${t(`patents.search.${key}`)} ${t("patents.life.years", { years: value })}`;
    case "q":
      return t("patents.subs.keyword", { q: value });
    default:
      return value;
  }
}

/** Every chosen filter as a removable chip. */
export function ActiveFilters({ params }: { params: string }) {
  const t = useT();
  const current = new URLSearchParams(params);
  const chips = [
    ...LIST_PARAMS.flatMap((key) => valuesOf(current, key).map((value) => ({ key, value, to: toggleHref(params, key, value) }))),
    ...(current.get("highValue") === "true" ? [{ key: "highValue", value: "true", to: removeHref(params, "highValue") }] : []),
    ...RANGE_PARAMS.flatMap((key) => (current.get(key) ? [{ key, value: current.get(key)!, to: removeHref(params, key) }] : [])),
  ];
  if (chips.length === 0) return null;
  const q = current.get("q");
  return (
    <div className="active-filters">
      <span className="muted">{t("patents.search.chosen")}</span>
      {chips.map((c) => {
        const label = filterLabel(c.key, c.value, t);
        return (
          <Link key={`${c.key}=${c.value}`} to={c.to} className="chip" aria-label={t("patents.search.remove", { label })} preventScrollReset>
            {label} <span aria-hidden="true">×</span>
          </Link>
        );
      })}
      <Link to={q ? `/patents?${new URLSearchParams({ q })}` : "/patents"} className="chip-clear">
        {t("patents.search.clearAll")}
      </Link>
    </div>
  );
}

type FacetCounts = Partial<Record<Facet, Record<string, number>>>;

const GROUPS: Facet[] = ["type", "clusters", "holderKind", "listingMode", "legalStatus", "ipcSection", "ipcClass", "highValue"];
const OPEN_BY_DEFAULT = new Set<Facet>(["type", "clusters", "holderKind", "listingMode"]);

/** Facet groups with counts; each option toggles its value in the URL. */
export function FacetPanel({ facets, params }: { facets: FacetCounts; params: string }) {
  const t = useT();
  const current = new URLSearchParams(params);
  return (
    <>
      {GROUPS.map((facet) => {
        const key = FACET_PARAM[facet];
        const counts = facets[facet] ?? {};
        const chosen = valuesOf(current, key).filter((v) => (facet === "ipcSection" ? v.length === 1 : facet === "ipcClass" ? v.length === 3 : true));
        let values = [...new Set([...chosen, ...Object.keys(counts)])];
        if (facet === "highValue") values = values.filter((v) => v === "true");
        const order = ORDER[facet];
        values.sort((a, b) =>
          order ? order.indexOf(a) - order.indexOf(b) : (counts[b] ?? 0) - (counts[a] ?? 0) || byCodePoint(a, b),
        );
        if (values.length === 0) return null;
        const options = values.map((value) => {
          const on = chosen.includes(value);
          const label = facet === "highValue" ? t("patents.search.highValueOnly") : filterLabel(key, value, t);
          return (
            <li key={value}>
              <Link to={toggleHref(params, key, value)} className={on ? "facet-option on" : "facet-option"} preventScrollReset rel="nofollow">
                <span className="facet-check" aria-hidden="true" />
                <span className="facet-label">
                  {label}
                  {on ? <span className="sr-only">{t("patents.search.selected")}</span> : null}
                </span>
                <span className="facet-count">{counts[value] ?? 0}</span>
              </Link>
            </li>
          );
        });
        return (
          <details key={facet} className="facet-group" open={OPEN_BY_DEFAULT.has(facet) || chosen.length > 0} data-facet={facet}>
            <summary>{t(`patents.search.facet.${facet}`)}</summary>
            <ul className="facet-options">{options.slice(0, SHOWN)}</ul>
            {options.length > SHOWN ? (
              <details className="facet-more">
                <summary>{t("patents.search.more", { count: options.length - SHOWN })}</summary>
                <ul className="facet-options">{options.slice(SHOWN)}</ul>
              </details>
            ) : null}
          </details>
        );
      })}
    </>
  );
}
