import { formatMoneySummary } from "~/utils/format";

/**
 * How prices, royalties and remaining terms read on the patent pages. Amounts stay exact
 * (Money over fen, never float yuan); the Chinese interface speaks 万元 for large sums.
 */

type T = (key: string, params?: Record<string, string | number>) => string;

export type ListingView = {
  mode: string;
  askingPrice: string | null;
  royaltyPercent: string | null;
  royaltyBasis: string | null;
  negotiable: boolean;
};

/** A percentage "3.50" → "3.5", "4.00" → "4". */
const trimZeros = (decimal: string) => decimal.replace(/\.00$/, "").replace(/(\.\d)0$/, "$1");

/** A price as a summary says it, by the one rule (app/utils/format.ts): "68万元", "8,500元" (zh), "¥680,000.00" (en). */
export function priceText(yuan: string, locale: string): string {
  return formatMoneySummary(yuan, locale);
}

/** "提成 3.5%（按净销售额）". */
export function royaltyText(percent: string, basis: string | null, t: T): string {
  const p = trimZeros(percent);
  return basis ? t("patents.royaltyOn", { percent: p, basis: t(`patents.basis.${basis}`) }) : t("patents.royalty", { percent: p });
}

/** One line for a result card: price and/or royalty, and whether it is negotiable. */
export function termsText(listing: ListingView | null, locale: string, t: T): string {
  if (!listing) return t("patents.price.none");
  const parts: string[] = [];
  if (listing.askingPrice) parts.push(priceText(listing.askingPrice, locale));
  if (listing.royaltyPercent) parts.push(royaltyText(listing.royaltyPercent, listing.royaltyBasis, t));
  if (parts.length === 0) return listing.negotiable ? t("patents.price.negotiable") : t("patents.price.none");
  const terms = parts.join(" + ");
  return listing.negotiable ? t("patents.price.withNegotiable", { terms }) : terms;
}

/** "12.4 年", "已届满", or a dash when the expiry is unknown. */
/**
 * What is left of a patent's protection, for people. Only a granted, valid patent has any:
 * one under examination is not protected yet (its term runs from the filing date, but
 * nothing is enforceable before the grant), a lapsed or invalidated one no longer is.
 */
export function lifeText(years: number | null, t: T, legalStatus?: string): string {
  if (legalStatus === "PENDING") return t("patents.life.pending");
  if (legalStatus === "LAPSED" || legalStatus === "INVALIDATED") return t("patents.life.ended");
  if (years === null) return t("patents.life.unknown");
  if (years <= 0) return t("patents.life.expired");
  return t("patents.life.years", { years: years.toFixed(1) });
}

/** "A23L31/00" → "A23L 31/00", the printed form people know. */
export function ipcText(code: string): string {
  return code.replace(/^([A-H]\d{2}[A-Z])(?=\d)/, "$1 ");
}

/** A field's name for people; unknown field names are shown as they are. */
export function fieldLabel(field: string, t: T): string {
  const key = `patents.field.${field}`;
  const label = t(key);
  return label === key ? field : label;
}
