import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { skipTake, type Page, type PageQuery } from "../shared/pagination";
import type { ApiKeyDto } from "./api-key-schemas";
import { assertCan } from "./policies";

export const apiKeySelect = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

type ApiKeyRow = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

export function toApiKeyDto(row: ApiKeyRow): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/**
 * One org's keys, newest first, revoked ones included (they explain old log lines).
 * Always scoped to one org: the actor's own unless a platform operator names another.
 */
export async function listApiKeys(actor: Actor, query: PageQuery & { orgId?: string }): Promise<Page<ApiKeyDto>> {
  const orgId = query.orgId ?? actor.orgId;
  assertCan(actor, "apikey.read", { orgId });
  const [rows, total] = await Promise.all([
    db.apiKey.findMany({ where: { orgId }, select: apiKeySelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...skipTake(query) }),
    db.apiKey.count({ where: { orgId } }),
  ]);
  return { items: rows.map(toApiKeyDto), total, page: query.page, pageSize: query.pageSize };
}

/** The key management page: only those who may manage an org's keys see it (403 otherwise). */
export async function listApiKeysForManagement(actor: Actor, query: PageQuery) {
  assertCan(actor, "apikey.list", { orgId: actor.orgId });
  return listApiKeys(actor, { ...query, orgId: actor.orgId });
}
