import type { OrgKind, OrgStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { hashApiKey } from "./api-key-secret";
import { nowMs } from "../shared/clock";

/** lastUsedAt is a hint for people, not an access log: write it at most once a minute. */
export const LAST_USED_WRITE_INTERVAL_MS = 60_000;

export type ApiKeyPrincipal = { actor: Actor; apiKey: { id: string; prefix: string; name: string } };

type KeyRow = { id: string; prefix: string; name: string; revokedAt: Date | null; orgId: string; orgKind: OrgKind; orgStatus: OrgStatus };

/**
 * The actor behind an API key, or null when the key is unknown, revoked, or belongs to a
 * SUSPENDED org. A PENDING org's key authenticates, but the permissions table lets it
 * read little more than its own org. Keys act with MEMBER rights.
 *
 * One statement per request, whatever it finds: the lookup and the once-a-minute
 * lastUsedAt write are one query (a separate write cost three — Prisma wraps a lone
 * update in BEGIN/COMMIT — and every API call pays for authentication; ADR 0014). The
 * write is conditional, so concurrent requests with the same key write once.
 */
export async function authenticateApiKey(key: string): Promise<ApiKeyPrincipal | null> {
  const now = new Date(nowMs());
  const staleBefore = new Date(nowMs() - LAST_USED_WRITE_INTERVAL_MS);
  const rows = await db.$queryRaw<KeyRow[]>`
    WITH found AS (
      SELECT k.id, k.prefix, k.name, k."revokedAt", k."lastUsedAt", o.id AS "orgId", o.kind AS "orgKind", o.status AS "orgStatus"
        FROM "ApiKey" k JOIN "Organization" o ON o.id = k."orgId"
       WHERE k.hash = ${hashApiKey(key)}),
    touched AS (
      UPDATE "ApiKey" SET "lastUsedAt" = ${now}
       WHERE id IN (SELECT id FROM found WHERE "revokedAt" IS NULL AND "orgStatus" <> 'SUSPENDED' AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ${staleBefore})))
    SELECT id, prefix, name, "revokedAt", "orgId", "orgKind"::text AS "orgKind", "orgStatus"::text AS "orgStatus" FROM found`;
  const row = rows[0];
  if (!row || row.revokedAt || row.orgStatus === "SUSPENDED") return null;
  return {
    actor: { userId: null, apiKeyId: row.id, orgId: row.orgId, orgKind: row.orgKind, orgStatus: row.orgStatus, role: "MEMBER" },
    apiKey: { id: row.id, prefix: row.prefix, name: row.name },
  };
}
