import { emit } from "~/domain/shared/outbox.server";
import { dateColumn } from "~/domain/shared/calendar";
import { DEFAULT_POLICY_REF } from "~/domain/financing/policy";
import type { PledgeStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { createOrg } from "./index";

/**
 * Loans already disbursed, written straight with Prisma: the pipeline up to disbursement
 * (appraisal, approvals, payments) is what pledge-pipeline.integration.test.ts drives
 * through the API; subsidy tests and benches only need the loans' terms, and thousands of
 * them quickly.
 */
export type LoanOptions = {
  /** How many applications (default 1). */
  count?: number;
  /** An existing SME org (e.g. `actorOf("SME").orgId`, whose members are then notified); default a new SME without members. */
  smeId?: string;
  status?: Extract<PledgeStatus, "DISBURSED" | "REPAYING">;
  /** Default "0.0385", the SPEC §8 example (eligible: ≤ 1.4 × LPR 0.0300). */
  annualRate?: string;
  /** Default 85,000,000 fen (850,000.00). */
  approvedAmountFen?: bigint;
  /** Default the approved amount. */
  disbursedAmountFen?: bigint;
  /** "YYYY-MM-DD", default "2026-03-05". */
  disbursedOn?: string;
  termMonths?: number;
  premiumRate?: string;
};

export type Loans = { smeId: string; bankId: string; insurerId: string; applicationIds: string[] };

/** An SME (new unless `smeId`), a bank and an insurer, and `count` pledge loans between them, disbursed. */
export async function createLoans(options: LoanOptions = {}): Promise<Loans> {
  const smeId = options.smeId ?? (await createOrg({ kind: "SME" })).id;
  const [bank, insurer] = await Promise.all([createOrg({ kind: "BANK" }), createOrg({ kind: "INSURER" })]);
  const approvedAmountFen = options.approvedAmountFen ?? 85_000_000n;
  const termMonths = options.termMonths ?? 12;
  const rows = await db.pledgeApplication.createManyAndReturn({
    data: Array.from({ length: options.count ?? 1 }, () => ({
      smeId,
      bankId: bank.id,
      insurerId: insurer.id,
      status: options.status ?? "REPAYING",
      requestedAmountFen: approvedAmountFen,
      termMonths,
      purpose: "测试贷款",
      reportAcceptedBySme: true,
      reportAcceptedByBank: true,
      loanCapFen: approvedAmountFen,
      approvedAmountFen,
      annualRate: options.annualRate ?? "0.0385",
      approvedTermMonths: termMonths,
      premiumRate: options.premiumRate ?? "0.02",
      policyVersion: DEFAULT_POLICY_REF,
      disbursedAmountFen: options.disbursedAmountFen ?? approvedAmountFen,
      disbursedOn: dateColumn(options.disbursedOn ?? "2026-03-05"),
      // Submitted (the banks and GOVERNMENT see only applications that were).
      submittedAt: dateColumn(options.disbursedOn ?? "2026-03-05"),
    })),
    select: { id: true },
  });
  return { smeId, bankId: bank.id, insurerId: insurer.id, applicationIds: rows.map((r) => r.id) };
}

type PerRow<T> = T | ((index: number) => T);
const valueAt = <T>(value: PerRow<T>, index: number): T => (typeof value === "function" ? (value as (i: number) => T)(index) : value);

/**
 * `count` repayments of one application, inserted at once (no subsidy event: see
 * `emitInterestAwards`). `paidOn` and `interestFen` may vary with the row's index.
 * Returns the ids in index order.
 */
export async function createRepayments(
  applicationId: string,
  count: number,
  rows: { paidOn: PerRow<string>; interestFen: PerRow<bigint>; principalFen?: PerRow<bigint> },
): Promise<string[]> {
  const data = Array.from({ length: count }, (_, i) => ({
    applicationId,
    paidOn: dateColumn(valueAt(rows.paidOn, i)),
    interestFen: valueAt(rows.interestFen, i),
    principalFen: valueAt(rows.principalFen ?? 0n, i),
  }));
  return db.$transaction(async (tx) => {
    const created = await tx.pledgeRepayment.createManyAndReturn({ data, select: { id: true, interestFen: true, principalFen: true } });
    const interest = created.reduce((s, r) => s + r.interestFen, 0n);
    const principal = created.reduce((s, r) => s + r.principalFen, 0n);
    await tx.pledgeApplication.update({ where: { id: applicationId }, data: { interestPaidFen: { increment: interest }, principalRepaidFen: { increment: principal } } });
    // createManyAndReturn returns rows in insertion order on PostgreSQL (INSERT … RETURNING).
    return created.map((r) => r.id);
  });
}

/** The `subsidies.award` event a recorded repayment emits (act-on-pledge-application record-repayment). */
export function interestEventOf(repayment: { id: string; applicationId: string }) {
  return { kind: "INTEREST" as const, applicationId: repayment.applicationId, sourceEvent: `repayment:${repayment.id}` };
}

/**
 * Emits one `subsidies.award` outbox row per repayment, as recording them through the
 * domain does, all in one transaction (the dispatcher then sees them at once). Returns
 * the outbox row ids.
 */
export async function emitInterestAwards(repaymentIds: string[]): Promise<string[]> {
  const repayments = await db.pledgeRepayment.findMany({ where: { id: { in: repaymentIds } }, select: { id: true, applicationId: true } });
  if (repayments.length !== new Set(repaymentIds).size) throw new Error(`emitInterestAwards: ${repaymentIds.length - repayments.length} repayment ids do not exist`);
  const byId = new Map(repayments.map((r) => [r.id, r]));
  // About a millisecond per row: give a large batch the time it needs.
  return db.$transaction(
    async (tx) => {
      const ids: string[] = [];
      for (const id of repaymentIds) ids.push((await emit(tx, "subsidies.award", interestEventOf(byId.get(id)!))).id);
      return ids;
    },
    { maxWait: 10_000, timeout: 10_000 + repaymentIds.length * 20 },
  );
}
