import type { Tx } from "~/utils/db.server";
import type { Actor } from "./actor";
import { clock } from "./clock";

export type AuditInput = {
  entityType: string;
  entityId: string;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
  data?: Record<string, unknown>;
  /** Defaults to the actor's org. */
  orgId?: string | null;
};

/** Appends one audit event inside the caller's transaction (the table refuses updates). */
export async function recordAudit(tx: Tx, actor: Actor | null, input: AuditInput) {
  await tx.auditEvent.create({
    data: {
      actorUserId: actor?.userId ?? null,
      actorApiKeyId: actor?.apiKeyId ?? null,
      orgId: input.orgId === undefined ? (actor?.orgId ?? null) : input.orgId,
      entityType: input.entityType,
      entityId: input.entityId,
      action: input.action,
      fromState: input.fromState ?? null,
      toState: input.toState ?? null,
      reason: input.reason ?? null,
      data: (input.data ?? undefined) as object | undefined,
      at: clock.now(),
    },
  });
}
