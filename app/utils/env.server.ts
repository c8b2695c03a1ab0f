import { z } from "zod";
import { invalidPinnedNow, invalidPinnedNowAnchor } from "~/domain/shared/clock";
import { DEFAULT_DATABASE_URL, DEFAULT_PORT, DEFAULT_REDIS_URL } from "./defaults";

const DEV_SESSION_SECRET = "dev-only-session-secret-change-me-in-production";

/** A clock variable, checked by the clock's own rule (app/domain/shared/clock.ts); empty is unset. */
const clockSetting = (problemOf: (value: string) => string | null) =>
  z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = problemOf(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional()
    .or(z.literal("").transform(() => undefined));

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_PORT),
    /** Web processes (node:cluster); unset: one per CPU core in production, 1 otherwise. */
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    APP_URL: z.url().default(`http://localhost:${DEFAULT_PORT}`),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
      .default(DEFAULT_DATABASE_URL),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").default(DEFAULT_REDIS_URL),
    REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i, "letters, digits, - and _ only").default("ipb"),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").default(DEV_SESSION_SECRET),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    MAIL_FROM: z.string().default("知产桥 <no-reply@ipbridge.local>"),
    COUNTY_NAME: z.string().default("柞水县"),
    LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
    LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(30),
    LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    /** An (account, address) pair with LOGIN_MAX_ATTEMPTS failures waits this long, doubling with each further failure… */
    LOGIN_LOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    /** …up to this. */
    LOGIN_LOCK_MAX_SECONDS: z.coerce.number().int().min(1).max(7 * 86_400).default(3_600),
    /** Sign-up attempts per client address per SIGNUP_WINDOW_SECONDS. */
    SIGNUP_MAX_PER_IP: z.coerce.number().int().min(1).default(10),
    SIGNUP_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3_600),
    /** Public GI verification requests (page, certificate page and API) per client address per GI_VERIFY_WINDOW_SECONDS. */
    GI_VERIFY_MAX_PER_IP: z.coerce.number().int().min(1).default(60),
    GI_VERIFY_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
    /** A session unused this long ends: members of BANK, INSURER, GOVERNMENT and PLATFORM orgs… */
    SESSION_IDLE_SECONDS_INSTITUTION: z.coerce.number().int().min(60).max(30 * 86_400).default(8 * 3_600),
    /** …and everyone else. */
    SESSION_IDLE_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(7 * 86_400),
    /** A holder answers a deal inquiry within this many working days (Mon–Fri, Asia/Shanghai), or it is flagged overdue (issue 14 §9). */
    DEAL_INQUIRY_SLA_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
    /** embedded: in every web process, no setup; meilisearch: MEILI_URL (docker-compose). */
    SEARCH_ENGINE: z.enum(["embedded", "meilisearch"]).default("embedded"),
    MEILI_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
    MEILI_API_KEY: z.string().optional(),
    MEILI_INDEX: z.string().regex(/^[a-zA-Z0-9_-]+$/, "letters, digits, - and _ only").default("patents"),
    /** Where private files (appraisal report PDFs) are kept, outside the web root; default .data/private. */
    PRIVATE_FILES_DIR: z.string().min(1).optional().or(z.literal("").transform(() => undefined)),
    /** Card payments by Stripe; unset: fees are paid by offline transfer only. */
    STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_/, "must be a Stripe secret key (sk_… or rk_…)").optional().or(z.literal("").transform(() => undefined)),
    /** Signing secret of the /webhooks/stripe endpoint (whsec_…); required with STRIPE_SECRET_KEY. */
    STRIPE_WEBHOOK_SECRET: z.string().min(1).optional().or(z.literal("").transform(() => undefined)),
    /** Where the Stripe API is (tests point these at a local fake); unset: api.stripe.com over https. */
    STRIPE_API_HOST: z.string().min(1).optional().or(z.literal("").transform(() => undefined)),
    STRIPE_API_PORT: z.coerce.number().int().min(1).max(65535).optional().or(z.literal("").transform(() => undefined)),
    STRIPE_API_PROTOCOL: z.enum(["http", "https"]).optional().or(z.literal("").transform(() => undefined)),
    /** Starts the application's clock at this instant (tests, demos); unset: the machine's time. See app/domain/shared/clock.ts. */
    IPB_NOW: clockSetting(invalidPinnedNow),
    /** Set by the clock itself for child processes (machine epoch ms when IPB_NOW was read). */
    IPB_NOW_ANCHOR: clockSetting(invalidPinnedNowAnchor),
    /**
     * Counts the SQL statements of each HTTP request (X-SQL-Statements response header; ADR 0014):
     * 1 counts, `log` also logs each request's statements at info. Unset or 0: off, and nothing is installed.
     */
    IPB_COUNT_SQL: z
      .enum(["", "0", "1", "log"], { error: "must be 0, 1 or log" })
      .default("")
      .transform((v) => (v === "1" ? ("count" as const) : v === "log" ? ("log" as const) : null)),
  })
  .superRefine((env, ctx) => {
    if (env.SEARCH_ENGINE === "meilisearch" && !env.MEILI_URL) {
      ctx.addIssue({ code: "custom", path: ["MEILI_URL"], message: "is required when SEARCH_ENGINE=meilisearch" });
    }
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_WEBHOOK_SECRET"], message: "is required when STRIPE_SECRET_KEY is set (payments are confirmed by the webhook)" });
    }
    if (env.LOGIN_LOCK_MAX_SECONDS < env.LOGIN_LOCK_SECONDS) {
      ctx.addIssue({ code: "custom", path: ["LOGIN_LOCK_MAX_SECONDS"], message: "must be at least LOGIN_LOCK_SECONDS" });
    }
    if (env.NODE_ENV === "production" && env.SESSION_SECRET === DEV_SESSION_SECRET) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "must be set in production" });
    }
  });

export type Env = z.infer<typeof schema>;

/** Parses the environment; on failure names every bad variable. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join(".") || "(env)"}: ${i.message}`);
  throw new EnvError(`Invalid environment configuration (see .env.example):\n${lines.join("\n")}`);
}

export class EnvError extends Error {
  name = "EnvError";
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}

/** Entry points call this first: a bad configuration stops the process with a clear message. */
export function checkEnvOrExit(): Env {
  try {
    return getEnv();
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
