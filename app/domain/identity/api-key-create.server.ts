import { db } from "~/utils/db.server";
import { actorUserIdForFk, type Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { notFound } from "../shared/errors";
import { apiKeySelect, toApiKeyDto } from "./api-key-queries.server";
import type { CreateApiKeyInput } from "./api-key-schemas";
import { generateApiKey } from "./api-key-secret";
import { assertCan } from "./policies";

/**
 * Issues an API key for an org (its OWNER on the web page, or an operator via the CLI).
 * Returns the key itself exactly once; only its sha256 and visible prefix are stored.
 */
export async function createApiKey(actor: Actor, input: CreateApiKeyInput & { orgId: string }) {
  assertCan(actor, "apikey.create", { orgId: input.orgId });
  const secret = generateApiKey();
  const row = await db.$transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: input.orgId }, select: { id: true } });
    if (!org) throw notFound("机构");
    const created = await tx.apiKey.create({
      data: { orgId: org.id, name: input.name, prefix: secret.prefix, hash: secret.hash, createdById: actorUserIdForFk(actor) },
      select: apiKeySelect,
    });
    await recordAudit(tx, actor, {
      entityType: "ApiKey",
      entityId: created.id,
      action: "apikey.created",
      toState: "ACTIVE",
      orgId: org.id,
      data: { name: created.name, prefix: created.prefix },
    });
    return created;
  });
  return { apiKey: toApiKeyDto(row), key: secret.key };
}
