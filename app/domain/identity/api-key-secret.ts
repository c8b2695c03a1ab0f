import { createHash, randomBytes } from "node:crypto";

/**
 * API key format: `ipb_<8-char prefix>_<40-char secret>`, both parts base62. The visible
 * prefix (`ipb_xxxxxxxx`) is stored to tell keys apart in lists; only the sha256 of the
 * whole key is stored, and lookups go through a unique index on that hash, so no
 * secret is ever compared character by character.
 */
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const PREFIX_LENGTH = 8;
const SECRET_LENGTH = 40;
export const API_KEY_PATTERN = /^ipb_([0-9A-Za-z]{8})_([0-9A-Za-z]{32,64})$/;

/** Unbiased base62: bytes ≥ 248 are rejected rather than folded onto the alphabet. */
function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export type GeneratedApiKey = { key: string; prefix: string; hash: string };

export function generateApiKey(): GeneratedApiKey {
  const prefix = `ipb_${randomBase62(PREFIX_LENGTH)}`;
  const key = `${prefix}_${randomBase62(SECRET_LENGTH)}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The key from an `Authorization: Bearer …` header value; null when absent or malformed. */
export function apiKeyFromAuthorization(header: string | null | undefined): string | null {
  const match = header?.match(/^Bearer[ ]+(\S+)\s*$/i);
  if (!match) return null;
  return API_KEY_PATTERN.test(match[1]) ? match[1] : null;
}
