import type { PledgeStatus } from "~/generated/prisma/enums";
import { db, type Tx } from "~/utils/db.server";
import { systemActor, type Actor } from "../shared/actor";
import { openAppraisalJob } from "../appraisal/open-appraisal-job.server";
import { createPayment } from "../payments/create-payments.server";
import { recordAudit } from "../shared/audit.server";
import { conflict, DomainError, forbidden, notFound, validation } from "../shared/errors";
import { Money } from "../shared/money";
import { loanCap, premium } from "./loan-terms";
import { canReadApplication, partyOf } from "./parties";
import { activeFinancingPolicy } from "./policy";
import { pledgeFacts } from "./facts";
import { resolveMove, type PledgeAction, type PledgeParty } from "./pledge-machine";
import { pledgeActionBodySchemas, type PartyActionName, type PledgeActionBody } from "./schemas";

type Loaded = NonNullable<Awaited<ReturnType<typeof lockApplication>>>;
type Change = { data: Record<string, unknown>; reason?: string; audit?: Record<string, unknown>; after?: (tx: Tx) => Promise<void> };

const NOT_FOUND = "融资申请";

/**
 * A party moves a pledge application (SPEC §6): the body's `version` must be the current
 * one (else 409 and nothing changes), the pledge machine decides whether the move is the
 * caller's and its preconditions hold, the action's own rules check its fields (the loan
 * cap, the outstanding principal), and the change, its audit event and any move the
 * platform makes next (opening the appraisal, starting the bank's review, the contract)
 * are one transaction. Returns the new version.
 */
export async function actOnPledgeApplication(actor: Actor, applicationId: string, action: PartyActionName, rawBody: unknown): Promise<{ id: string; status: PledgeStatus; version: number }> {
  return db.$transaction(async (tx) => {
    const app = await lockApplication(tx, applicationId);
    // Strangers learn nothing, not even whether their fields were valid.
    if (!app || !canReadApplication(actor, app)) throw notFound(NOT_FOUND);
    const party = partyOf(actor, app);
    if (!party || actor.orgStatus !== "ACTIVE") throw forbidden("只有申请的当事方可以办理此步骤");
    const body = pledgeActionBodySchemas[action].parse(rawBody);
    if (body.version !== app.version) throw conflict(`该申请已被更新（当前版本 ${app.version}），请刷新后重试`);
    await applyMove(tx, actor, app, action, party, body);
    return platformMoves(tx, applicationId);
  });
}

/**
 * Whatever the platform does next on its own (open the appraisal after a submission,
 * start the bank's review after the report is accepted, contract once terms are accepted
 * and both fees paid), in the caller's transaction. The payments flow calls it when a fee
 * is paid.
 */
export async function platformMoves(tx: Tx, applicationId: string): Promise<{ id: string; status: PledgeStatus; version: number }> {
  // The row is locked by the caller's transaction from its first read on; re-read only after a move.
  let current = await lockApplication(tx, applicationId);
  for (const next of ["open-appraisal", "start-bank-review", "contract"] as const) {
    if (!current) throw notFound(NOT_FOUND);
    if (!resolveMove(current.status, next, "SYSTEM", pledgeFacts(current, "SYSTEM")).ok) continue;
    await applyMove(tx, systemActor(), current, next, "SYSTEM", {});
    current = await tx.pledgeApplication.findUnique({ where: { id: applicationId }, include: { assets: true } });
  }
  if (!current) throw notFound(NOT_FOUND);
  return { id: applicationId, status: current.status, version: current.version };
}

async function lockApplication(tx: Tx, id: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "PledgeApplication" WHERE id = ${id} FOR UPDATE`;
  if (locked.length === 0) return null;
  return tx.pledgeApplication.findUnique({ where: { id }, include: { assets: true } });
}

async function applyMove(tx: Tx, actor: Actor, app: Loaded, action: PledgeAction, party: PledgeParty, body: Record<string, unknown>): Promise<PledgeStatus> {
  const repaying = action === "record-repayment" ? fenOf(body.principal) : 0n;
  const resolution = resolveMove(app.status, action, party, pledgeFacts(app, party, repaying));
  if (!resolution.ok) {
    if (resolution.reason === "party") throw forbidden(resolution.message);
    throw new DomainError("INVALID_STATE", resolution.message);
  }
  const { to } = resolution.move;
  const change = changeFor(app, action, party, body);
  const moved = to !== app.status;
  const updated = await tx.pledgeApplication.updateMany({
    where: { id: app.id, version: app.version },
    data: { ...change.data, status: to, version: { increment: 1 }, ...(moved ? { stageEnteredAt: new Date(), overdueFlaggedAt: null } : {}) },
  });
  if (updated.count !== 1) throw conflict("该申请已被更新，请刷新后重试");
  await change.after?.(tx);
  await recordAudit(tx, actor, {
    entityType: "PledgeApplication",
    entityId: app.id,
    action,
    fromState: app.status,
    toState: to,
    reason: change.reason ?? null,
    data: change.audit,
    orgId: party === "SYSTEM" ? app.smeId : actor.orgId,
  });
  return to;
}

const fenOf = (yuan: unknown) => Money.parseYuan(String(yuan)).fen;
const dateOf = (iso: unknown) => new Date(`${String(iso)}T00:00:00Z`);
const yuanOf = (fen: bigint) => Money.fromFen(fen).format();

/** What each action writes besides the status, after checking its fields against the application. */
function changeFor(app: Loaded, action: PledgeAction, party: PledgeParty, body: Record<string, unknown>): Change {
  switch (action) {
    case "submit":
      return { data: { submittedAt: new Date() } };
    case "withdraw":
    case "bank-reject":
    case "insurer-decline": {
      const reason = (body as { reason?: string }).reason;
      return { data: { endReason: reason ?? null }, reason };
    }
    case "accept-report":
      return { data: party === "SME" ? { reportAcceptedBySme: true } : { reportAcceptedByBank: true } };
    case "reject-report": {
      const { reason } = body as PledgeActionBody<"reject-report">;
      // The appraiser owes a new report; both parties accept that one afresh.
      return {
        data: { reportAcceptedBySme: false, reportAcceptedByBank: false },
        reason,
        after: async (tx) => void (await tx.pledgedAsset.updateMany({ where: { applicationId: app.id }, data: { appraisedValueFen: null } })),
      };
    }
    case "bank-approve": {
      const { amount, annualRate, termMonths } = body as PledgeActionBody<"bank-approve">;
      const policy = activeFinancingPolicy();
      const appraised = app.assets.map((a) => ({ assetType: a.assetType, appraisedValue: Money.fromFen(a.appraisedValueFen ?? 0n) }));
      const cap = loanCap(appraised, Money.fromFen(app.requestedAmountFen), policy);
      if (Money.parseYuan(amount).compare(cap) > 0) throw validation({ amount: [`批准金额超过贷款上限 ${cap.format()}（评估值 × 质押率，且不超过申请金额）`] });
      if (termMonths < policy.termMonths.min || termMonths > policy.termMonths.max) {
        throw validation({ termMonths: [`期限应在 ${policy.termMonths.min}–${policy.termMonths.max} 个月之间`] });
      }
      return {
        data: { approvedAmountFen: fenOf(amount), annualRate, approvedTermMonths: termMonths, loanCapFen: cap.fen, policyVersion: policy.ref },
        audit: { amount, annualRate, termMonths, loanCap: cap.toYuanString(), policy: policy.ref },
      };
    }
    case "insurer-approve": {
      const { premiumRate } = body as PledgeActionBody<"insurer-approve">;
      if (app.approvedAmountFen === null || app.approvedTermMonths === null) throw new DomainError("INVALID_STATE", "银行尚未批准贷款条款");
      const amount = premium(Money.fromFen(app.approvedAmountFen), premiumRate, app.approvedTermMonths);
      return {
        data: { premiumRate, premiumFen: amount.fen },
        audit: { premiumRate, premium: amount.toYuanString() },
        after: async (tx) => {
          if (amount.fen > 0n) await createPayment(tx, { applicationId: app.id, kind: "PREMIUM", payerId: app.smeId, payeeId: app.insurerId, amountFen: amount.fen });
        },
      };
    }
    case "accept-terms":
      return { data: { termsAcceptedAt: new Date() } };
    case "register": {
      const { cnipaRegNo, date } = body as PledgeActionBody<"register">;
      return { data: { cnipaRegNo, registeredOn: dateOf(date) }, audit: { cnipaRegNo, date } };
    }
    case "disburse": {
      const { amount, date } = body as PledgeActionBody<"disburse">;
      if (fenOf(amount) > (app.approvedAmountFen ?? 0n)) throw validation({ amount: [`放款金额不能超过批准金额 ${yuanOf(app.approvedAmountFen ?? 0n)}`] });
      return { data: { disbursedAmountFen: fenOf(amount), disbursedOn: dateOf(date) }, audit: { amount, date } };
    }
    case "record-repayment": {
      const { date, principal, interest } = body as PledgeActionBody<"record-repayment">;
      const outstanding = (app.disbursedAmountFen ?? 0n) - app.principalRepaidFen;
      if (fenOf(principal) > outstanding) throw validation({ principal: [`还款本金超过未偿本金 ${yuanOf(outstanding)}`] });
      if (fenOf(principal) + fenOf(interest) === 0n) throw validation({ principal: ["本金和利息不能同时为 0"] });
      const settles = fenOf(principal) === outstanding;
      return {
        data: {
          principalRepaidFen: { increment: fenOf(principal) },
          interestPaidFen: { increment: fenOf(interest) },
          // Repaid: the pledge registration is cancelled (SPEC §6).
          ...(settles ? { registrationCancelledOn: dateOf(date) } : {}),
        },
        audit: { date, principal, interest },
        after: async (tx) => void (await tx.pledgeRepayment.create({ data: { applicationId: app.id, paidOn: dateOf(date), principalFen: fenOf(principal), interestFen: fenOf(interest) } })),
      };
    }
    case "declare-default": {
      const { date, outstandingPrincipal } = body as PledgeActionBody<"declare-default">;
      const outstanding = (app.disbursedAmountFen ?? 0n) - app.principalRepaidFen;
      if (fenOf(outstandingPrincipal) > outstanding) throw validation({ outstandingPrincipal: [`不能超过账面未偿本金 ${yuanOf(outstanding)}`] });
      return { data: { defaultedOn: dateOf(date), outstandingAtDefaultFen: fenOf(outstandingPrincipal) }, audit: { date, outstandingPrincipal } };
    }
    case "record-recovery": {
      const { date, amount } = body as PledgeActionBody<"record-recovery">;
      const left = (app.outstandingAtDefaultFen ?? 0n) - app.recoveredFen;
      if (fenOf(amount) > left) throw validation({ amount: [`追偿金额超过尚未收回的本金 ${yuanOf(left)}`] });
      return {
        data: { recoveredFen: { increment: fenOf(amount) } },
        audit: { date, amount },
        after: async (tx) => void (await tx.pledgeRecovery.create({ data: { applicationId: app.id, recoveredOn: dateOf(date), amountFen: fenOf(amount) } })),
      };
    }
    case "open-appraisal":
      return { data: {}, after: async (tx) => void (await openAppraisalJob(tx, app.id)) };
    case "start-bank-review":
      // The report is accepted: the appraisal fee is now owed to the appraiser at its fee.
      return {
        data: {},
        after: async (tx) => {
          const job = await tx.appraisalJob.findUnique({ where: { applicationId: app.id } });
          if (job?.assignedAppraiserId && job.assignedFeeFen !== null) {
            await createPayment(tx, { applicationId: app.id, kind: "APPRAISAL_FEE", payerId: app.smeId, payeeId: job.assignedAppraiserId, amountFen: job.assignedFeeFen });
          }
        },
      };
    case "contract":
    case "compensate":
    case "close":
      return { data: {} };
  }
}
