/**
 * The one clock of the application. Everything that needs "now" (the domain, workers,
 * pages, sessions) asks `clock.now()` — never `new Date()` or `Date.now()` directly — so
 * that tests can pin the time and no test depends on today's date.
 *
 * `IPB_NOW` (an ISO instant, e.g. `2026-12-31T23:59:00+08:00`) starts the clock of a whole
 * process at that instant; it then advances in real time, so deadlines, timeouts and
 * delayed jobs still work. Spawned processes (web, worker) inherit it through the
 * environment, which is how `IPB_NOW=… npm test` runs the whole suite on another day.
 * In-process tests pin or move it with `pinClock` / `setClock`.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** A clock that starts at `start` and advances with the machine's clock. */
export function clockStartingAt(start: Date): Clock {
  const offset = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/** A clock that always answers the same instant (unit tests). */
export function fixedClock(at: Date): Clock {
  const ms = at.getTime();
  return { now: () => new Date(ms) };
}

const systemClock: Clock = { now: () => new Date() };

/** Reads `IPB_NOW`; a value that is not an instant stops the process with a clear message. */
export function clockFromEnv(source: Record<string, string | undefined> = process.env): Clock {
  const pinned = source.IPB_NOW?.trim();
  if (!pinned) return systemClock;
  const start = new Date(pinned);
  if (Number.isNaN(start.getTime())) {
    throw new Error(`IPB_NOW must be an ISO instant such as 2026-12-31T23:59:00+08:00, not "${pinned}"`);
  }
  return clockStartingAt(start);
}

let current: Clock = clockFromEnv();

/** The application's clock: `clock.now()`. */
export const clock: Clock = { now: () => current.now() };

/** Replaces the clock (tests); returns a function that puts the previous one back. */
export function setClock(next: Clock): () => void {
  const previous = current;
  current = next;
  return () => {
    current = previous;
  };
}

/** Pins the clock to an instant that then advances in real time (tests); returns the restore function. */
export function pinClock(at: Date | string): () => void {
  return setClock(clockStartingAt(typeof at === "string" ? new Date(at) : at));
}

/** Milliseconds since the epoch by the application's clock (for arithmetic on instants). */
export function nowMs(): number {
  return clock.now().getTime();
}
