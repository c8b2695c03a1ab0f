import type { PaymentKind, PledgeStatus } from "~/generated/prisma/enums";
import { db, type Tx } from "~/utils/db.server";
import { systemActor, type Actor } from "../shared/actor";
import { openAppraisalJob } from "../appraisal/open-appraisal-job.server";
import { createPayment } from "../payments/create-payments.server";
import { recordAudit } from "../shared/audit.server";
import { emit } from "../shared/outbox.server";
import { conflict, DomainError, forbidden, notFound, validation, type FieldErrors } from "../shared/errors";
import { Money } from "../shared/money";
import { loanCap, premium } from "./loan-terms";
import { canOnApplication, pledgePartyOf } from "./policies";
import { getPolicyInForce } from "./policy-store.server";
import { compensateDefault, shareBackAfterCompensation } from "./risk-fund.server";
import { shareBackRecovery, type LossShares } from "./loss-sharing";
import { dateColumn, isoDateOf, shanghaiDate, yearOf } from "../shared/calendar";
import { bookDateError } from "../shared/book-dates";
import { checkPledgeRegistrationNumber } from "./registration-number";
import { pledgeFacts } from "./facts";
import { ZodError } from "zod";
import { checkDate } from "../patents/dates";
import { pledgeNotices } from "./notices";
import { notifyOrgs } from "../notifications/notify.server";
import { resolveMove, type PledgeAction, type PledgeParty } from "./pledge-machine";
import { pledgeActionBodySchemas, type PartyActionName, type PledgeActionBody } from "./schemas";
import { clock } from "../shared/clock";

type Loaded = NonNullable<Awaited<ReturnType<typeof lockApplication>>>;
/** What an action writes: fields of the application, the audit's reason and data, and writes after the update (whose result, if any, joins the audit data). */
type Change = { data: Record<string, unknown>; reason?: string; audit?: Record<string, unknown>; after?: (tx: Tx) => Promise<void | Record<string, unknown>> };

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
    const appraisal = app && (await tx.appraisalJob.findUnique({ where: { applicationId }, select: { assignedAppraiserId: true, status: true } }));
    if (!app || !canOnApplication(actor, { ...app, appraisal }, "read")) throw notFound(NOT_FOUND);
    const party = pledgePartyOf(actor, app);
    if (!party || actor.orgStatus !== "ACTIVE") throw forbidden("只有申请的当事方可以办理此步骤");
    const parsed = pledgeActionBodySchemas[action].safeParse(rawBody);
    if (!parsed.success) throw await withDateProblem(tx, app, action, rawBody, parsed.error);
    const body = parsed.data;
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

/**
 * A fee or the premium is paid (offline receipt confirmed or Stripe's webhook): the
 * application records it, a paid premium earns its subsidy (through the outbox, in this
 * transaction), and the platform contracts if that was the last thing missing.
 */
export async function feePaid(tx: Tx, payment: { id: string; applicationId: string; kind: PaymentKind }, paidAt: Date) {
  await tx.pledgeApplication.update({ where: { id: payment.applicationId }, data: payment.kind === "APPRAISAL_FEE" ? { appraisalFeePaidAt: paidAt } : { premiumPaidAt: paidAt } });
  if (payment.kind === "PREMIUM") await emit(tx, "subsidies.award", { kind: "PREMIUM", applicationId: payment.applicationId, sourceEvent: `payment:${payment.id}` });
  await platformMoves(tx, payment.applicationId);
}

async function lockApplication(tx: Tx, id: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "PledgeApplication" WHERE id = ${id} FOR UPDATE`;
  if (locked.length === 0) return null;
  return tx.pledgeApplication.findUnique({ where: { id }, include: { assets: true } });
}

async function applyMove(tx: Tx, actor: Actor, app: Loaded, action: PledgeAction, party: PledgeParty, body: Record<string, unknown>): Promise<PledgeStatus> {
  const repaying = action === "record-repayment" ? moneyOf(body.principal) : Money.zero;
  const resolution = resolveMove(app.status, action, party, pledgeFacts(app, party, repaying));
  if (!resolution.ok) {
    if (resolution.reason === "party") throw forbidden(resolution.message);
    throw new DomainError("INVALID_STATE", resolution.message);
  }
  const { to } = resolution.move;
  const change = await changeFor(tx, app, action, party, body);
  const moved = to !== app.status;
  const updated = await tx.pledgeApplication.updateMany({
    where: { id: app.id, version: app.version },
    data: { ...change.data, status: to, version: { increment: 1 }, ...(moved ? { stageEnteredAt: clock.now(), overdueFlaggedAt: null } : {}) },
  });
  if (updated.count !== 1) throw conflict("该申请已被更新，请刷新后重试");
  const written = await change.after?.(tx);
  await recordAudit(tx, actor, {
    entityType: "PledgeApplication",
    entityId: app.id,
    action,
    fromState: app.status,
    toState: to,
    reason: change.reason ?? null,
    data: written ? { ...change.audit, ...written } : change.audit,
    orgId: party === "SYSTEM" ? app.smeId : actor.orgId,
  });
  await tellParties(tx, app, { action, party, to, reason: change.reason ?? null });
  return to;
}

/** The parties a move concerns hear of it (issue 15 §2), through the outbox in this transaction. */
async function tellParties(tx: Tx, before: Loaded, move: { action: PledgeAction; party: PledgeParty; to: PledgeStatus; reason: string | null }) {
  const after = await tx.pledgeApplication.findUniqueOrThrow({
    where: { id: before.id },
    include: { sme: { select: { name: true } }, appraisal: { select: { assignedAppraiserId: true, assignedFeeFen: true } }, assets: { select: { assetType: true, appraisedValueFen: true } } },
  });
  const countyFund = move.action === "declare-default" || move.action === "record-recovery";
  const governmentIds = countyFund ? (await tx.organization.findMany({ where: { kind: "GOVERNMENT", status: "ACTIVE" }, select: { id: true } })).map((g) => g.id) : [];
  let loanCapFen = after.loanCapFen;
  if (move.action === "start-bank-review") {
    const policy = await getPolicyInForce(undefined, tx);
    loanCapFen = loanCap(after.assets.map((a) => ({ assetType: a.assetType, appraisedValue: Money.fromFen(a.appraisedValueFen ?? 0n) })), Money.fromFen(after.requestedAmountFen), policy).fen;
  }
  await notifyOrgs(
    tx,
    pledgeNotices({
      id: after.id,
      smeId: after.smeId,
      bankId: after.bankId,
      insurerId: after.insurerId,
      smeName: after.sme.name,
      version: after.version,
      action: move.action,
      from: before.status,
      to: move.to,
      party: move.party,
      reason: move.reason,
      requested: after.requestedAmountFen,
      approved: after.approvedAmountFen,
      loanCap: loanCapFen,
      premium: after.premiumFen,
      appraisalFee: after.appraisal?.assignedFeeFen ?? null,
      disbursed: after.disbursedAmountFen,
      cnipaRegNo: after.cnipaRegNo,
      appraiserId: after.appraisal?.assignedAppraiserId ?? null,
      governmentIds,
    }),
  );
}

const moneyOf = (yuan: unknown) => Money.parseYuan(String(yuan));
const fenOf = (yuan: unknown) => moneyOf(yuan).fen;
const dateOf = (iso: unknown) => dateColumn(String(iso));
const money = (fen: bigint | null) => Money.fromFen(fen ?? 0n);
const isoOrNull = (column: Date | null) => (column ? isoDateOf(column) : null);

/**
 * Why `date` cannot be the date of `action`'s event, or null: not after today, not before the
 * step it follows. A pledge is registered for this application, so not before it was
 * submitted (the CNIPA registration may precede the platform's contract step, whose date is
 * merely when the last fee arrived); the loan is disbursed after the registration, repaid
 * after the disbursement, defaulted after the last repayment, recovered after the default.
 */
async function dateProblem(tx: Tx, app: Loaded, action: PledgeAction, date: string): Promise<string | null> {
  switch (action) {
    case "register":
      return bookDateError(date, "登记日期", [{ label: "申请提交日期", date: app.submittedAt ? shanghaiDate(app.submittedAt) : null }]);
    case "disburse":
      return bookDateError(date, "放款日期", [{ label: "质押登记日期", date: isoOrNull(app.registeredOn) }]);
    case "record-repayment":
      return bookDateError(date, "还款日期", [{ label: "放款日期", date: isoOrNull(app.disbursedOn) }]);
    case "declare-default": {
      const last = await tx.pledgeRepayment.findFirst({ where: { applicationId: app.id }, orderBy: { paidOn: "desc" }, select: { paidOn: true } });
      return bookDateError(date, "违约日期", [
        { label: "放款日期", date: isoOrNull(app.disbursedOn) },
        { label: "最近一次还款日期", date: isoOrNull(last?.paidOn ?? null) },
      ]);
    }
    case "record-recovery":
      return bookDateError(date, "追偿日期", [{ label: "违约日期", date: isoOrNull(app.defaultedOn) }]);
    default:
      return null;
  }
}

/** A body that failed its schema still has its date judged, when the date itself is well-formed: one answer names every bad field. */
async function withDateProblem(tx: Tx, app: Loaded, action: PledgeAction, rawBody: unknown, error: ZodError): Promise<ZodError> {
  const raw = rawBody && typeof rawBody === "object" ? (rawBody as { date?: unknown }).date : undefined;
  if (typeof raw !== "string" || error.issues.some((i) => i.path[0] === "date")) return error;
  const date = checkDate(raw, "日期");
  const problem = date.ok ? await dateProblem(tx, app, action, date.value) : null;
  return problem ? new ZodError([...error.issues, { code: "custom", path: ["date"], message: problem, input: raw }]) : error;
}

/** Every field error an action finds, thrown at once (a caller fixes its input in one round). */
class Problems {
  private readonly errors: FieldErrors = {};
  add(field: string, message: string | null) {
    if (message) (this.errors[field] ??= []).push(message);
  }
  throwIfAny() {
    if (Object.keys(this.errors).length > 0) throw validation(this.errors);
  }
}

/** What each action writes besides the status, after checking its fields against the application. */
async function changeFor(tx: Tx, app: Loaded, action: PledgeAction, party: PledgeParty, body: Record<string, unknown>): Promise<Change> {
  switch (action) {
    case "submit":
      return { data: { submittedAt: clock.now() } };
    case "withdraw":
    case "bank-reject":
    case "insurer-decline":
    case "close": {
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
      const policy = await getPolicyInForce(undefined, tx);
      const appraised = app.assets.map((a) => ({ assetType: a.assetType, appraisedValue: Money.fromFen(a.appraisedValueFen ?? 0n) }));
      const cap = loanCap(appraised, Money.fromFen(app.requestedAmountFen), policy);
      const errors = new Problems();
      if (Money.parseYuan(amount).compare(cap) > 0) errors.add("amount", `批准金额超过贷款上限 ${cap.format()}（评估值 × 质押率，且不超过申请金额）`);
      if (termMonths < policy.termMonths.min || termMonths > policy.termMonths.max) errors.add("termMonths", `期限应在 ${policy.termMonths.min}–${policy.termMonths.max} 个月之间`);
      errors.throwIfAny();
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
          if (amount.isPositive()) await createPayment(tx, { applicationId: app.id, kind: "PREMIUM", payerId: app.smeId, payeeId: app.insurerId, amountFen: amount.fen });
        },
      };
    }
    case "accept-terms":
      return { data: { termsAcceptedAt: clock.now() } };
    case "register": {
      const { cnipaRegNo, date } = body as PledgeActionBody<"register">;
      const errors = new Problems();
      errors.add("date", await dateProblem(tx, app, action, date));
      const numberYear = checkPledgeRegistrationNumber(cnipaRegNo);
      if (numberYear.ok && numberYear.value.year > yearOf(date)) errors.add("cnipaRegNo", `质押登记号中的年份（${numberYear.value.year}）晚于登记日期`);
      errors.throwIfAny();
      return { data: { cnipaRegNo, registeredOn: dateOf(date) }, audit: { cnipaRegNo, date } };
    }
    case "disburse": {
      const { amount, date } = body as PledgeActionBody<"disburse">;
      const errors = new Problems();
      if (moneyOf(amount).compare(money(app.approvedAmountFen)) > 0) errors.add("amount", `放款金额不能超过批准金额 ${money(app.approvedAmountFen).format()}`);
      errors.add("date", await dateProblem(tx, app, action, date));
      errors.throwIfAny();
      return {
        data: { disbursedAmountFen: fenOf(amount), disbursedOn: dateOf(date) },
        audit: { amount, date },
        // Disbursement earns the appraisal-fee subsidy (SPEC §8), decided by the subsidy worker.
        after: async (tx) => void (await emit(tx, "subsidies.award", { kind: "APPRAISAL_FEE", applicationId: app.id, sourceEvent: `disbursement:${app.id}` })),
      };
    }
    case "record-repayment": {
      const { date, principal, interest } = body as PledgeActionBody<"record-repayment">;
      const outstanding = money(app.disbursedAmountFen).minus(money(app.principalRepaidFen));
      const errors = new Problems();
      if (moneyOf(principal).compare(outstanding) > 0) errors.add("principal", `还款本金超过未偿本金 ${outstanding.format()}`);
      else if (moneyOf(principal).plus(moneyOf(interest)).isZero()) errors.add("principal", "本金和利息不能同时为 0");
      errors.add("date", await dateProblem(tx, app, action, date));
      errors.throwIfAny();
      const settles = moneyOf(principal).equals(outstanding);
      return {
        data: {
          principalRepaidFen: { increment: fenOf(principal) },
          interestPaidFen: { increment: fenOf(interest) },
          // Repaid: the pledge registration is cancelled (SPEC §6).
          ...(settles ? { registrationCancelledOn: dateOf(date) } : {}),
        },
        audit: { date, principal, interest },
        // Each repayment may earn interest subsidy (SPEC §8), decided by the subsidy worker.
        after: async (tx) => {
          const repayment = await tx.pledgeRepayment.create({ data: { applicationId: app.id, paidOn: dateOf(date), principalFen: fenOf(principal), interestFen: fenOf(interest) }, select: { id: true } });
          await emit(tx, "subsidies.award", { kind: "INTEREST", applicationId: app.id, sourceEvent: `repayment:${repayment.id}` });
        },
      };
    }
    case "declare-default": {
      const { date, outstandingPrincipal } = body as PledgeActionBody<"declare-default">;
      const outstanding = money(app.disbursedAmountFen).minus(money(app.principalRepaidFen));
      const errors = new Problems();
      if (moneyOf(outstandingPrincipal).compare(outstanding) > 0) errors.add("outstandingPrincipal", `不能超过账面未偿本金 ${outstanding.format()}`);
      errors.add("date", await dateProblem(tx, app, action, date));
      errors.throwIfAny();
      return { data: { defaultedOn: dateOf(date), outstandingAtDefaultFen: fenOf(outstandingPrincipal) }, audit: { date, outstandingPrincipal } };
    }
    case "record-recovery": {
      const { date, amount } = body as PledgeActionBody<"record-recovery">;
      const left = money(app.outstandingAtDefaultFen).minus(money(app.recoveredFen));
      const errors = new Problems();
      if (moneyOf(amount).compare(left) > 0) errors.add("amount", `追偿金额超过尚未收回的本金 ${left.format()}`);
      errors.add("date", await dateProblem(tx, app, action, date));
      errors.throwIfAny();
      // Before compensation a recovery lowers the loss to share; after it, it is shared back.
      const shared = app.status === "COMPENSATED" ? await previewShareBack(tx, app.id, moneyOf(amount)) : null;
      return {
        data: { recoveredFen: { increment: fenOf(amount) } },
        audit: { date, amount, ...(shared ? { sharedBack: shared } : {}) },
        after: async (tx) => {
          const recovery = await tx.pledgeRecovery.create({ data: { applicationId: app.id, recoveredOn: dateOf(date), amountFen: fenOf(amount) }, select: { id: true } });
          if (shared) await shareBackAfterCompensation(tx, app.id, { id: recovery.id, amount: moneyOf(amount) });
        },
      };
    }
    case "claim-compensation": {
      // Shared by the policy in force on the day the bank claims; every share goes on the timeline.
      const policy = await getPolicyInForce(undefined, tx);
      return { data: {}, after: async (tx) => sharesAudit(await compensateDefault(tx, app, policy), policy.ref) };
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
      return { data: {} };
  }
}

/** Every share and its policy version, for the timeline. */
function sharesAudit(shares: LossShares, policyRef: string) {
  return {
    loss: shares.loss.toYuanString(),
    insurer: shares.insurer.toYuanString(),
    fund: shares.fund.toYuanString(),
    bank: shares.bank.toYuanString(),
    fundDue: shares.fundDue.toYuanString(),
    flags: shares.flags,
    policy: policyRef,
  };
}

/** How a recovery after compensation will be shared back (the same split the write makes), for the timeline. */
async function previewShareBack(tx: Tx, applicationId: string, amount: Money) {
  const share = await tx.lossShare.findUniqueOrThrow({ where: { applicationId } });
  const parts = shareBackRecovery(amount, { loss: Money.fromFen(share.lossFen), insurer: Money.fromFen(share.insurerFen), fund: Money.fromFen(share.fundFen) });
  return { insurer: parts.insurer.toYuanString(), fund: parts.fund.toYuanString(), bank: parts.bank.toYuanString(), policy: share.policyVersion };
}
