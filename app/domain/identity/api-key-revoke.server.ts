import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { notFound } from "../shared/errors";
import { apiKeySelect, toApiKeyDto } from "./api-key-queries.server";
import type { RevokeApiKeyInput } from "./api-key-schemas";
import { assertCan, can } from "./policies";
import { clock } from "../shared/clock";

/**
 * Revokes a key: from the next request on it answers 401. Idempotent — revoking a
 * revoked key changes nothing and writes no second audit event.
 */
export async function revokeApiKey(actor: Actor, input: RevokeApiKeyInput) {
  return db.$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { id: input.apiKeyId }, select: { ...apiKeySelect, orgId: true } });
    // Another org's key is "not found", not "forbidden": ids reveal nothing.
    if (!key || !can(actor, "apikey.read", { orgId: key.orgId })) throw notFound("API 密钥");
    assertCan(actor, "apikey.revoke", { orgId: key.orgId });
    if (key.revokedAt) return toApiKeyDto(key);
    const { count } = await tx.apiKey.updateMany({ where: { id: key.id, revokedAt: null }, data: { revokedAt: clock.now() } });
    const row = await tx.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: apiKeySelect });
    if (count === 1) {
      await recordAudit(tx, actor, {
        entityType: "ApiKey",
        entityId: key.id,
        action: "apikey.revoked",
        fromState: "ACTIVE",
        toState: "REVOKED",
        orgId: key.orgId,
        data: { name: key.name, prefix: key.prefix },
      });
    }
    return toApiKeyDto(row);
  });
}
