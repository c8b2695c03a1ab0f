import { createHash } from "node:crypto";
import { getEnv } from "./env.server";
import { logger } from "./logger.server";
import { getReadyRedis } from "./redis.server";

/**
 * Counting failures in Redis, in fixed windows that start at the first failure: after
 * `max` failures a subject is refused until its window ends, even when the next attempt
 * would succeed (that is the point: guessing stops being worth it). Keys live under
 * REDIS_PREFIX (`<prefix>:ratelimit:<name>:<sha256(subject)>`) so test runs and
 * deployments sharing one Redis never see each other's counters, and no e-mail address
 * or IP is stored in clear.
 *
 * When Redis is unreachable the limiter FAILS OPEN and logs a warning: signing in keeps
 * working. Deliberate trade-off — an outage of Redis (a cache, watched by /healthz)
 * must not lock every county user out of the portal, while the attacker gains little
 * in that time: argon2id makes each guess cost ~50 ms of server CPU and the window is
 * short-lived. Failing closed would turn any Redis hiccup into a full login outage.
 */
export type FailureLimiter = {
  /** Seconds until the first blocked subject may try again, or null when none is blocked. */
  retryAfter(subjects: string[]): Promise<number | null>;
  recordFailure(subjects: string[]): Promise<void>;
  reset(subject: string): Promise<void>;
};

/** How long a limiter waits for a reconnecting Redis before failing open. */
const REDIS_WAIT_MS = 300;

/** `max` may depend on the subject (an office behind one address needs more room than one account). */
export function createFailureLimiter(name: string, limits: { max: number | ((subject: string) => number); windowSeconds: number }): FailureLimiter {
  const maxOf = (subject: string) => (typeof limits.max === "number" ? limits.max : limits.max(subject));
  const keyOf = (subject: string) =>
    `${getEnv().REDIS_PREFIX}:ratelimit:${name}:${createHash("sha256").update(subject).digest("hex").slice(0, 32)}`;

  async function withRedis<T>(what: string, fallback: T, fn: (redis: Awaited<ReturnType<typeof getReadyRedis>>) => Promise<T>): Promise<T> {
    try {
      return await fn(await getReadyRedis(REDIS_WAIT_MS));
    } catch (err) {
      logger.warn({ err, limiter: name, op: what }, "rate limiter unavailable (Redis); failing open");
      return fallback;
    }
  }

  return {
    retryAfter: (subjects) =>
      withRedis("check", null, async (redis) => {
        if (!subjects.length) return null;
        const pipeline = redis.pipeline();
        for (const s of subjects) pipeline.get(keyOf(s)).ttl(keyOf(s));
        const results = (await pipeline.exec()) ?? [];
        let wait: number | null = null;
        for (let i = 0; i < subjects.length; i++) {
          const [countErr, count] = results[2 * i];
          const [ttlErr, ttl] = results[2 * i + 1];
          if (countErr || ttlErr) throw countErr ?? ttlErr;
          if (Number(count ?? 0) < maxOf(subjects[i])) continue;
          // A key without expiry (should not happen) is treated as a full window.
          const seconds = typeof ttl === "number" && ttl > 0 ? ttl : limits.windowSeconds;
          wait = Math.max(wait ?? 0, seconds);
        }
        return wait;
      }),

    recordFailure: (subjects) =>
      withRedis("record", undefined, async (redis) => {
        if (!subjects.length) return;
        const multi = redis.multi();
        // EXPIRE … NX: the window starts at the first failure and is not extended by later ones.
        for (const s of subjects) multi.incr(keyOf(s)).expire(keyOf(s), limits.windowSeconds, "NX");
        await multi.exec();
      }),

    reset: (subject) =>
      withRedis("reset", undefined, async (redis) => {
        await redis.del(keyOf(subject));
      }),
  };
}

let loginLimiter: FailureLimiter | undefined;

/**
 * Failed sign-ins in LOGIN_WINDOW_SECONDS: LOGIN_MAX_ATTEMPTS per account, and
 * LOGIN_MAX_ATTEMPTS_PER_IP per address — higher, because a county office, a bank branch or
 * a campus signs in from behind one address, and five typos must not lock them all out.
 */
export function getLoginLimiter(): FailureLimiter {
  const env = getEnv();
  loginLimiter ??= createFailureLimiter("login", {
    max: (subject) => (subject.startsWith("ip:") ? env.LOGIN_MAX_ATTEMPTS_PER_IP : env.LOGIN_MAX_ATTEMPTS),
    windowSeconds: env.LOGIN_WINDOW_SECONDS,
  });
  return loginLimiter;
}

/**
 * The client's IP address. The Express server knows it (`req.ip`, honouring its
 * `trust proxy` setting) and passes it in the load context as `clientIp`. Without that,
 * the right-most X-Forwarded-For entry is what a single reverse proxy on this host saw.
 * When neither is known the result is null and per-IP limits are skipped rather than
 * lumping every client into one shared bucket (the per-account limit still applies).
 */
export function clientIpOf(request: Request, context?: object): string | null {
  const fromServer = (context as { clientIp?: unknown } | undefined)?.clientIp;
  if (typeof fromServer === "string" && fromServer) return fromServer;
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").pop()?.trim();
  return last ? last.slice(0, 64) : null;
}

/** What a session remembers about the request that opened it. */
export function requestMetaOf(request: Request, context?: object) {
  return { ipAddress: clientIpOf(request, context), userAgent: request.headers.get("user-agent") };
}
