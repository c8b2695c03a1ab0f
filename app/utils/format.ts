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

/**
 * How long something has waited, for a work queue: whole days from one day on, whole
 * hours from one hour on, else minutes (at least 1). `now` comes from the loader so the
 * server and the browser show the same.
 */
export function ageOf(since: Date | string, now: number): { unit: "days" | "hours" | "minutes"; n: number } {
  const minutes = Math.max(0, Math.floor((now - new Date(since).getTime()) / 60_000));
  if (minutes >= 24 * 60) return { unit: "days", n: Math.floor(minutes / (24 * 60)) };
  if (minutes >= 60) return { unit: "hours", n: Math.floor(minutes / 60) };
  return { unit: "minutes", n: Math.max(1, minutes) };
}
