/**
 * The one clock of the application. Everything that needs "now" (the domain, workers,
 * pages, sessions) asks `clock.now()` — never `new Date()` or `Date.now()` directly — so
 * that tests can pin the time and no test depends on today's date.
 *
 * `IPB_NOW` (an ISO instant, e.g. `2026-12-31T23:59:00+08:00`) starts the clock of a whole
 * process at that instant; it then advances in real time, so deadlines, timeouts and
 * delayed jobs still work. Spawned processes (web, worker) inherit it through the
 * environment, which is how `IPB_NOW=… npm test` runs the whole suite on another day.
 * The first process that reads `IPB_NOW` also records when it did (`IPB_NOW_ANCHOR`, the
 * machine's epoch milliseconds), so processes it spawns later read the same time instead
 * of each starting again at `IPB_NOW`.
 * In-process tests pin or move it with `pinClock` / `setClock`.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/**
 * A clock that starts at `start` and advances with the machine's clock; `startedAtMs`
 * (the machine's epoch milliseconds when it read `start`) defaults to this moment.
 */
export function clockStartingAt(start: Date, startedAtMs: number = Date.now()): Clock {
  const offset = start.getTime() - startedAtMs;
  return { now: () => new Date(Date.now() + offset) };
}

/** A clock that always answers the same instant (unit tests). */
export function fixedClock(at: Date): Clock {
  const ms = at.getTime();
  return { now: () => new Date(ms) };
}

const systemClock: Clock = { now: () => new Date() };

/**
 * `IPB_NOW` takes an ISO instant with its offset or `Z`, or a bare date, read as midnight in
 * Asia/Shanghai (the county's day). A local time without an offset would depend on the machine's zone.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The instant an `IPB_NOW` value names, or null when it names none. */
export function parsePinnedNow(value: string): Date | null {
  const text = value.trim();
  const instant = ISO_DATE.test(text) ? `${text}T00:00:00+08:00` : ISO_INSTANT.test(text) ? text : null;
  if (!instant) return null;
  const at = new Date(instant);
  // Date rolls 2027-02-30 over into March; a pinned day must exist as written.
  const [y, m, d] = text.slice(0, 10).split("-").map(Number);
  const dayExists = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
  return Number.isNaN(at.getTime()) || !dayExists ? null : at;
}

/** Why an `IPB_NOW` value is not usable, or null when it is (env.server.ts reports it at boot). */
export function invalidPinnedNow(value: string): string | null {
  return parsePinnedNow(value)
    ? null
    : `must be an ISO instant with an offset such as 2026-12-31T23:59:00+08:00, or a date (midnight in Asia/Shanghai), not "${value}"`;
}

/** Why an `IPB_NOW_ANCHOR` value is not usable, or null when it is (set by the clock itself: epoch milliseconds). */
export function invalidPinnedNowAnchor(value: string): string | null {
  return /^\d+$/.test(value) ? null : `must be epoch milliseconds (set automatically; leave it unset), not "${value}"`;
}

/**
 * Reads `IPB_NOW` (and `IPB_NOW_ANCHOR`, see above); a value that is not an instant stops
 * the process with a clear message. With `record`, writes the anchor back into `source`
 * so that child processes inherit it.
 */
export function clockFromEnv(source: Record<string, string | undefined> = process.env, record = false): Clock {
  const pinned = source.IPB_NOW?.trim();
  if (!pinned) return systemClock;
  const start = parsePinnedNow(pinned);
  if (!start) throw new Error(`IPB_NOW ${invalidPinnedNow(pinned)}`);
  const anchor = source.IPB_NOW_ANCHOR?.trim();
  const badAnchor = anchor ? invalidPinnedNowAnchor(anchor) : null;
  if (badAnchor) throw new Error(`IPB_NOW_ANCHOR ${badAnchor}`);
  const startedAtMs = anchor ? Number(anchor) : Date.now();
  if (record && !anchor) source.IPB_NOW_ANCHOR = String(startedAtMs);
  return clockStartingAt(start, startedAtMs);
}

/** The process's clock; a bad `IPB_NOW` fails the first reading, after entry points had checkEnvOrExit() name it. */
function processClock(): Clock {
  // (`process` is missing when a page bundle happens to include this module: the browser has no pinned time.)
  if (typeof process === "undefined") return systemClock;
  try {
    return clockFromEnv(process.env, true);
  } catch (e) {
    return {
      now: () => {
        throw e;
      },
    };
  }
}

// Kept on globalThis, as db.server.ts keeps its client: an integration test runs the built
// server (build/index.js, its own copy of this module) in its own process, and a test's
// pin must reach that copy too.
const holder = globalThis as { __ipbClock?: Clock };
holder.__ipbClock ??= processClock();
const current = () => holder.__ipbClock as Clock;

/** The application's clock: `clock.now()`. */
export const clock: Clock = { now: () => current().now() };

/** Replaces the clock (tests); returns a function that puts the previous one back. */
export function setClock(next: Clock): () => void {
  const previous = current();
  holder.__ipbClock = next;
  return () => {
    holder.__ipbClock = previous;
  };
}

/**
 * Pins the clock to an instant that then advances in real time (tests); returns the restore
 * function. A string is read as `IPB_NOW` is: never a local time of the machine's zone.
 */
export function pinClock(at: Date | string): () => void {
  const start = typeof at === "string" ? parsePinnedNow(at) : at;
  if (!start) throw new Error(`pinClock: ${invalidPinnedNow(at as string)}`);
  return setClock(clockStartingAt(start));
}

/**
 * The environment that starts a child process's clock where this process's clock is now
 * (the same offset from the machine's clock), also when a test pinned it in-process:
 * spread it into the `env` of a spawned web or worker process.
 */
export function clockEnvironment(): { IPB_NOW: string; IPB_NOW_ANCHOR: string } {
  const machineMs = Date.now();
  return { IPB_NOW: clock.now().toISOString(), IPB_NOW_ANCHOR: String(machineMs) };
}

/** Milliseconds since the epoch by the application's clock (for arithmetic on instants). */
export function nowMs(): number {
  return clock.now().getTime();
}
