/**
 * Dates for people: always Asia/Shanghai (SPEC §0), in the visitor's language.
 * Intl formatters are costly to build (≈0.2 ms each), so each variant is built once.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone: "Asia/Shanghai",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hour12: false } : {}),
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatDateTime(value: Date | string, locale: string, withTime = true): string {
  return formatterFor(locale, withTime).format(new Date(value));
}
