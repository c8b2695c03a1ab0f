import { db } from "~/utils/db.server";
import { actorUserIdForFk, type Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { isoDateOf } from "../shared/calendar";
import { clock } from "../shared/clock";
import { DomainError, conflict, forbidden, notFound, validation } from "../shared/errors";
import { canOnCountyFinance } from "./policies";
import { DEFAULT_POLICY_ID, fieldErrorsOfIssues, withdrawalError, withdrawPolicySchema } from "./policy";
import type { PolicyVersionSummary } from "./policy-store.server";

/**
 * GOVERNMENT withdraws a version that is not yet in force (its effective date after today,
 * Asia/Shanghai): a published version is never edited (a trigger refuses it), so the
 * withdrawal is a row of its own, and the version in force skips withdrawn versions from
 * then on. A version already in force has governed amounts and cannot be withdrawn: a new
 * version replaces it. Audited with the reason.
 */
export async function withdrawPolicyVersion(actor: Actor, ref: string, raw: unknown): Promise<PolicyVersionSummary> {
  // Who may publish the county's versions may withdraw one not yet in force (financing/policies.ts).
  if (!canOnCountyFinance(actor, "publish-policy")) throw forbidden("只有县政府（市场监管局）可以撤回融资政策版本");
  const parsed = withdrawPolicySchema.safeParse(raw);
  if (!parsed.success) throw validation(fieldErrorsOfIssues(parsed.error.issues));
  const { reason } = parsed.data;
  return db.$transaction(async (tx) => {
    // The publisher's lock: a withdrawal and a publication of the same policy never interleave.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`policy:${DEFAULT_POLICY_ID}`}))`;
    const version = await tx.financingPolicyVersion.findUnique({ where: { ref } });
    if (!version || version.policyId !== DEFAULT_POLICY_ID) throw notFound("政策版本");
    if (await tx.financingPolicyWithdrawal.findUnique({ where: { policyVersionRef: ref } })) throw conflict("该版本已撤回");
    const now = clock.now();
    const effectiveFrom = isoDateOf(version.effectiveFrom);
    const stateError = withdrawalError(effectiveFrom, now);
    if (stateError) throw new DomainError("INVALID_STATE", stateError);
    const withdrawal = await tx.financingPolicyWithdrawal.create({ data: { policyVersionRef: ref, reason, withdrawnById: actorUserIdForFk(actor), withdrawnAt: now } });
    await recordAudit(tx, actor, { entityType: "FinancingPolicyVersion", entityId: version.id, action: "withdraw", fromState: ref, reason, data: { effectiveFrom } });
    return {
      ref,
      version: version.version,
      effectiveFrom,
      note: version.note,
      publishedAt: version.createdAt.toISOString(),
      inForce: false,
      withdrawal: { reason: withdrawal.reason, withdrawnAt: withdrawal.withdrawnAt.toISOString() },
      withdrawable: false,
    };
  });
}
