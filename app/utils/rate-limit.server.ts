import { createHash } from "node:crypto";
import { nowMs } from "~/domain/shared/clock";
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

type ReadyRedis = Awaited<ReturnType<typeof getReadyRedis>>;

/** Runs `fn` with Redis, or answers `fallback` (and logs) when Redis is unreachable: limiters fail open. */
function redisOrFallback(limiter: string) {
  return async function withRedis<T>(what: string, fallback: T, fn: (redis: ReadyRedis) => Promise<T>): Promise<T> {
    try {
      return await fn(await getReadyRedis(REDIS_WAIT_MS));
    } catch (err) {
      logger.warn({ err, limiter, op: what }, "rate limiter unavailable (Redis); failing open");
      return fallback;
    }
  };
}

/** A limiter's Redis key for one subject: under REDIS_PREFIX, the subject hashed (no address or e-mail in clear). */
function keyFor(limiter: string) {
  return (subject: string) => `${getEnv().REDIS_PREFIX}:ratelimit:${limiter}:${createHash("sha256").update(subject).digest("hex").slice(0, 32)}`;
}

export function createFailureLimiter(name: string, limits: { max: number; windowSeconds: number }): FailureLimiter {
  const keyOf = keyFor(name);
  const withRedis = redisOrFallback(name);

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
          if (Number(count ?? 0) < limits.max) continue;
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
 * Failed sign-ins per client address, across accounts: LOGIN_MAX_ATTEMPTS_PER_IP in
 * LOGIN_WINDOW_SECONDS — generous, because a county office, a bank branch or a campus signs
 * in from behind one address. What one address may try against one account is the pair
 * lockout's business (getLoginPairLockout).
 */
export function getLoginLimiter(): FailureLimiter {
  const env = getEnv();
  loginLimiter ??= createFailureLimiter("login", { max: env.LOGIN_MAX_ATTEMPTS_PER_IP, windowSeconds: env.LOGIN_WINDOW_SECONDS });
  return loginLimiter;
}

let signUpLimiter: FailureLimiter | undefined;

/** Sign-up attempts per client address: every attempt counts (SIGNUP_MAX_PER_IP per SIGNUP_WINDOW_SECONDS). */
export function getSignUpLimiter(): FailureLimiter {
  const env = getEnv();
  signUpLimiter ??= createFailureLimiter("signup", { max: env.SIGNUP_MAX_PER_IP, windowSeconds: env.SIGNUP_WINDOW_SECONDS });
  return signUpLimiter;
}

export type PairLockout = {
  /** Seconds until the pair may try again, or null when it may now. */
  retryAfter(pair: string): Promise<number | null>;
  /** Counts a failure; returns the wait it now imposes in seconds (0: none yet). */
  recordFailure(pair: string): Promise<number>;
  reset(pair: string): Promise<void>;
};

/** How long a quiet pair's failures are remembered. */
const PAIR_MEMORY_SECONDS = 24 * 60 * 60;

/**
 * Lockout per (account, client address), with growing waits (issue 13, ADR 0013). After
 * `max` failures the pair waits `baseSeconds`; every failure after that (the pair may try
 * again once its wait is over) doubles the wait, up to `maxSeconds`. Only that pair waits:
 * the account's owner signing in from another address is not locked out by a stranger's
 * guesses. A success resets the pair. The deadline is taken from the application clock
 * (so tests move time instead of waiting); the Redis key only forgets a pair that has been
 * quiet for a day. Fails open like the counters above.
 */
export function createPairLockout(name: string, limits: { max: number; baseSeconds: number; maxSeconds: number }): PairLockout {
  const keyOf = keyFor(name);
  const withRedis = redisOrFallback(name);
  return {
    retryAfter: (pair) =>
      withRedis("check", null, async (redis) => {
        const until = Number((await redis.hget(keyOf(pair), "until")) ?? 0);
        const wait = until - nowMs();
        return wait > 0 ? Math.ceil(wait / 1000) : null;
      }),

    recordFailure: (pair) =>
      withRedis("record", 0, async (redis) => {
        const key = keyOf(pair);
        const [[err, failures]] = ((await redis.multi().hincrby(key, "failures", 1).expire(key, PAIR_MEMORY_SECONDS).exec()) ?? [[null, 0]]) as [Error | null, number][];
        if (err) throw err;
        if (failures < limits.max) return 0;
        const seconds = Math.min(limits.baseSeconds * 2 ** Math.min(failures - limits.max, 30), limits.maxSeconds);
        await redis.hset(key, "until", String(nowMs() + seconds * 1000));
        return seconds;
      }),

    reset: (pair) =>
      withRedis("reset", undefined, async (redis) => {
        await redis.del(keyOf(pair));
      }),
  };
}

let loginPairLockout: PairLockout | undefined;

/** LOGIN_MAX_ATTEMPTS failures of one account from one address, then LOGIN_LOCK_SECONDS doubling up to LOGIN_LOCK_MAX_SECONDS. */
export function getLoginPairLockout(): PairLockout {
  const env = getEnv();
  loginPairLockout ??= createPairLockout("login-pair", { max: env.LOGIN_MAX_ATTEMPTS, baseSeconds: env.LOGIN_LOCK_SECONDS, maxSeconds: env.LOGIN_LOCK_MAX_SECONDS });
  return loginPairLockout;
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
