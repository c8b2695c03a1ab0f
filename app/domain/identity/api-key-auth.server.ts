import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { hashApiKey } from "./api-key-secret";
import { nowMs } from "../shared/clock";

/** lastUsedAt is a hint for people, not an access log: write it at most once a minute. */
export const LAST_USED_WRITE_INTERVAL_MS = 60_000;

export type ApiKeyPrincipal = { actor: Actor; apiKey: { id: string; prefix: string; name: string } };

/**
 * The actor behind an API key, or null when the key is unknown, revoked, or belongs to a
 * SUSPENDED org. A PENDING org's key authenticates, but the permissions table lets it
 * read little more than its own org. Keys act with MEMBER rights.
 */
export async function authenticateApiKey(key: string): Promise<ApiKeyPrincipal | null> {
  const row = await db.apiKey.findUnique({
    where: { hash: hashApiKey(key) },
    select: {
      id: true,
      prefix: true,
      name: true,
      revokedAt: true,
      lastUsedAt: true,
      org: { select: { id: true, kind: true, status: true } },
    },
  });
  if (!row || row.revokedAt || row.org.status === "SUSPENDED") return null;
  await touchLastUsed(row.id, row.lastUsedAt);
  return {
    actor: { userId: null, apiKeyId: row.id, orgId: row.org.id, orgKind: row.org.kind, orgStatus: row.org.status, role: "MEMBER" },
    apiKey: { id: row.id, prefix: row.prefix, name: row.name },
  };
}

async function touchLastUsed(id: string, lastUsedAt: Date | null) {
  const now = nowMs();
  if (lastUsedAt && now - lastUsedAt.getTime() < LAST_USED_WRITE_INTERVAL_MS) return;
  const staleBefore = new Date(now - LAST_USED_WRITE_INTERVAL_MS);
  // Conditional, so concurrent requests with the same key write once.
  await db.apiKey.updateMany({
    where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
    data: { lastUsedAt: new Date(now) },
  });
}
