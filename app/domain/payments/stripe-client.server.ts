import Stripe from "stripe";
import { parseEnv } from "~/utils/env.server";

export type StripeConfig = {
  secretKey: string;
  webhookSecret: string;
  host?: string;
  port?: number;
  protocol?: "http" | "https";
};

/**
 * The Stripe settings, read from the environment on every call (not the cached `getEnv()`):
 * cheap, and lets a test point the app at a local fake after the app's modules are loaded.
 * Null when card payments are not configured (offline transfer only).
 */
export function stripeConfig(): StripeConfig | null {
  const env = parseEnv();
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) return null;
  return { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, host: env.STRIPE_API_HOST, port: env.STRIPE_API_PORT, protocol: env.STRIPE_API_PROTOCOL };
}

export function isStripeConfigured(): boolean {
  return stripeConfig() !== null;
}

let cached: { key: string; client: Stripe } | undefined;

/** One SDK client per configuration; null when Stripe is not configured. */
export function stripeClient(config: StripeConfig | null = stripeConfig()): Stripe | null {
  if (!config) return null;
  const key = JSON.stringify([config.secretKey, config.host, config.port, config.protocol]);
  if (cached?.key !== key) {
    cached = {
      key,
      client: new Stripe(config.secretKey, {
        ...(config.host ? { host: config.host } : {}),
        ...(config.port ? { port: config.port } : {}),
        ...(config.protocol ? { protocol: config.protocol } : {}),
        // Retries reuse our idempotency key, so a retried create never makes a second intent.
        maxNetworkRetries: 2,
        timeout: 15_000,
        telemetry: false,
      }),
    };
  }
  return cached.client;
}

/** Signature checks need no API key: the SDK's static webhook helpers. */
export const stripeWebhooks = Stripe.webhooks;
export const StripeError = Stripe.errors.StripeError;
