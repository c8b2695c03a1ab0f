import type { SubsidyAward, SubsidyKind } from "~/generated/prisma/client";
import { db, type Tx } from "~/utils/db.server";
import { getPolicyInForce } from "../financing/policy-store.server";
import { notifyOrgMembers } from "../notifications/notify.server";
import { systemActor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { dateColumn, isoDateOf, shanghaiDate, yearOf } from "../shared/calendar";
import { DomainError, notFound } from "../shared/errors";
import type { JobPayload } from "../shared/jobs";
import { Money } from "../shared/money";
import { lockBudget } from "./budgets.server";
import { appraisalFeeSubsidy, applyBudget, interestSubsidy, premiumSubsidy, type SubsidyOutcome } from "./rules";
import type { FinancingPolicy } from "../financing/policy";

export type SubsidyEvent = JobPayload<"subsidies.award">;

export const SUBSIDY_KIND_NAMES: Record<SubsidyKind, string> = { INTEREST: "贴息", PREMIUM: "保费补贴", APPRAISAL_FEE: "评估费补贴" };

type Facts = { eventOn: string; base: Money; outcome: (policy: FinancingPolicy, awardedThisYear: Money) => SubsidyOutcome };

/**
 * Turns one subsidy-earning event into its award (SPEC §8), once: the year's budget row is
 * locked first, so awards are decided one at a time in the order they arrive, the
 * per-enterprise yearly totals read are exact, and a replayed event finds the award it
 * already made. The policy is the version in force on the event's date; the award stores
 * it. The award is written even when it is nothing, to say why.
 */
export async function awardSubsidy(event: SubsidyEvent): Promise<{ award: SubsidyAward; created: boolean }> {
  const key = { applicationId: event.applicationId, kind: event.kind, sourceEvent: event.sourceEvent };
  const done = await db.subsidyAward.findUnique({ where: { applicationId_kind_sourceEvent: key } });
  if (done) return { award: done, created: false };
  return db.$transaction(async (tx) => {
    const app = await tx.pledgeApplication.findUnique({ where: { id: event.applicationId }, select: { id: true, smeId: true, annualRate: true, premiumRate: true, disbursedOn: true } });
    if (!app) throw notFound("融资申请");
    const facts = await factsOf(tx, event, app);
    const year = yearOf(facts.eventOn);
    const policy = await getPolicyInForce(facts.eventOn, tx);
    const budget = await lockBudget(tx, year, policy);
    // Under the budget lock: a concurrent delivery of the same event has either committed its award or not started.
    const again = await tx.subsidyAward.findUnique({ where: { applicationId_kind_sourceEvent: key } });
    if (again) return { award: again, created: false };

    const earlier = await tx.subsidyAward.aggregate({ where: { smeId: app.smeId, kind: event.kind, year }, _sum: { amountFen: true } });
    const outcome = facts.outcome(policy, Money.fromFen(earlier._sum.amountFen ?? 0n));
    const { amount, flags } = applyBudget(outcome, budget.remaining);
    const award = await tx.subsidyAward.create({
      data: {
        ...key,
        smeId: app.smeId,
        eventOn: dateColumn(facts.eventOn),
        year,
        baseFen: facts.base.fen,
        computedFen: outcome.computed.fen,
        amountFen: amount.fen,
        flags,
        policyVersion: policy.ref,
        status: amount.isPositive() ? "UNPAID" : "NONE",
      },
    });
    if (amount.isPositive()) await tx.subsidyBudget.update({ where: { year }, data: { usedFen: { increment: amount.fen } } });
    await recordAudit(tx, systemActor(), {
      entityType: "PledgeApplication",
      entityId: app.id,
      action: "subsidy.award",
      orgId: app.smeId,
      data: { awardId: award.id, kind: event.kind, sourceEvent: event.sourceEvent, base: facts.base.toYuanString(), computed: outcome.computed.toYuanString(), amount: amount.toYuanString(), flags, policy: policy.ref },
    });
    if (amount.isPositive()) {
      await notifyOrgMembers(tx, app.smeId, {
        sourceKey: `subsidy.award:${award.id}`,
        kind: "subsidy.award",
        title: `获得${SUBSIDY_KIND_NAMES[event.kind]} ${amount.format()}`,
        body: `依据政策 ${policy.ref}，${SUBSIDY_KIND_NAMES[event.kind]} ${amount.format()} 已核定，待财政拨付。`,
        link: `/financing/${app.id}`,
      });
    }
    return { award, created: true };
    // Awards of a year queue on the budget lock while holding a connection: wait for one longer than Prisma's 2 s default.
  }, { maxWait: 15_000, timeout: 30_000 });
}

/** What the event is: its date, the amount the subsidy is computed from, and its rule. */
async function factsOf(tx: Tx, event: SubsidyEvent, app: { id: string; annualRate: string | null; premiumRate: string | null; disbursedOn: Date | null }): Promise<Facts> {
  const [source, sourceId] = event.sourceEvent.split(":");
  const mismatch = () => new DomainError("VALIDATION", `事件 ${event.sourceEvent} 不能产生${SUBSIDY_KIND_NAMES[event.kind]}`);
  switch (event.kind) {
    case "INTEREST": {
      if (source !== "repayment") throw mismatch();
      const repayment = await tx.pledgeRepayment.findUnique({ where: { id: sourceId } });
      if (!repayment || repayment.applicationId !== app.id) throw notFound("还款记录");
      if (!app.annualRate || !app.disbursedOn) throw new DomainError("INVALID_STATE", "贷款尚未放款");
      const interest = Money.fromFen(repayment.interestFen);
      const paidOn = isoDateOf(repayment.paidOn);
      const disbursedOn = isoDateOf(app.disbursedOn);
      const annualRate = app.annualRate;
      return { eventOn: paidOn, base: interest, outcome: (policy, awardedThisYear) => interestSubsidy({ interest, annualRate, disbursedOn, paidOn, awardedThisYear }, policy) };
    }
    case "PREMIUM": {
      if (source !== "payment") throw mismatch();
      const payment = await tx.payment.findUnique({ where: { id: sourceId } });
      if (!payment || payment.applicationId !== app.id || payment.kind !== "PREMIUM") throw notFound("保费付款");
      if (!payment.paidAt || !app.premiumRate) throw new DomainError("INVALID_STATE", "保费尚未付清");
      const premiumPaid = Money.fromFen(payment.amountFen);
      const premiumRate = app.premiumRate;
      // The subsidy year is the day the insurer received the premium (its confirmed receipt), not the moment it clicked.
      const receivedOn = payment.receivedOn ? isoDateOf(payment.receivedOn) : shanghaiDate(payment.paidAt);
      return { eventOn: receivedOn, base: premiumPaid, outcome: (policy, awardedThisYear) => premiumSubsidy({ premiumPaid, premiumRate, awardedThisYear }, policy) };
    }
    case "APPRAISAL_FEE": {
      if (source !== "disbursement" || sourceId !== app.id) throw mismatch();
      if (!app.disbursedOn) throw new DomainError("INVALID_STATE", "贷款尚未放款");
      const fee = await tx.payment.findUnique({ where: { applicationId_kind: { applicationId: app.id, kind: "APPRAISAL_FEE" } } });
      const feePaid = Money.fromFen(fee?.paidAt ? fee.amountFen : 0n);
      return { eventOn: isoDateOf(app.disbursedOn), base: feePaid, outcome: (policy) => appraisalFeeSubsidy({ feePaid }, policy) };
    }
  }
}
