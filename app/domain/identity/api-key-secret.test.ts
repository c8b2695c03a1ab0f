import { describe, expect, it } from "vitest";
import { API_KEY_PATTERN, apiKeyFromAuthorization, generateApiKey, hashApiKey } from "./api-key-secret";

describe("API key secrets", () => {
  it("look like ipb_<8>_<secret> and keep their prefix", () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(API_KEY_PATTERN);
    expect(key).toMatch(/^ipb_[0-9A-Za-z]{8}_[0-9A-Za-z]{40}$/);
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(prefix).toMatch(/^ipb_[0-9A-Za-z]{8}$/);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("are never repeated", () => {
    const keys = new Set(Array.from({ length: 500 }, () => generateApiKey().key));
    expect(keys.size).toBe(500);
  });

  it("are read from a Bearer header only when well-formed", () => {
    const { key } = generateApiKey();
    expect(apiKeyFromAuthorization(`Bearer ${key}`)).toBe(key);
    expect(apiKeyFromAuthorization(`bearer  ${key} `)).toBe(key);
    expect(apiKeyFromAuthorization(key)).toBeNull();
    expect(apiKeyFromAuthorization(`Basic ${key}`)).toBeNull();
    expect(apiKeyFromAuthorization("Bearer ipb_short_x")).toBeNull();
    expect(apiKeyFromAuthorization(`Bearer ${key} extra`)).toBeNull();
    expect(apiKeyFromAuthorization(null)).toBeNull();
  });
});
