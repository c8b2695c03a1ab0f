import { z } from "zod";
import { pageSchema } from "../shared/pagination";

/** API key inputs (shared by the web form, the CLI and the use cases) and DTOs. */

export const apiKeyNameSchema = z
  .string({ error: "apiKeys.v.nameRequired" })
  .trim()
  .min(1, "apiKeys.v.nameRequired")
  .max(60, "apiKeys.v.nameTooLong");

export const createApiKeySchema = z.object({ name: apiKeyNameSchema });
export type CreateApiKeyInput = z.output<typeof createApiKeySchema>;

export const revokeApiKeySchema = z.object({ apiKeyId: z.string().min(1).max(64) });
export type RevokeApiKeyInput = z.output<typeof revokeApiKeySchema>;

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe("the first characters of the key, e.g. ipb_3kT9aQ2x"),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable().describe("updated at most once a minute"),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ApiKey", description: "An API key's metadata; the key itself is shown once, at creation, and never stored." });
export type ApiKeyDto = z.output<typeof apiKeySchema>;

export const apiKeyPageSchema = pageSchema(apiKeySchema).meta({ id: "ApiKeyPage" });
