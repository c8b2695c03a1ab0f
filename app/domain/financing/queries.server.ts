import type { PledgeStatus, Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { notFound } from "../shared/errors";
import { Money } from "../shared/money";
import { applicationsVisibleTo, canOnApplication, pledgePartyOf } from "./policies";
import { canOnSubsidies } from "../subsidies/policies";
import { getPolicyInForce } from "./policy-store.server";
import type { FinancingPolicy } from "./policy";
import { pledgeFacts } from "./facts";
import { availableActions, PARTY_ACTIONS } from "./pledge-machine";
import { financingSupportOf } from "../subsidies/queries.server";
import { nowMs } from "../shared/clock";
import { SYSTEM_ACTOR_ID } from "../shared/actor";
import { loanCap } from "./loan-terms";
import { subsidyLimitsOf } from "./subsidy-limits";
import { awaitsParty, statusesAwaiting } from "./work-queue";

const yuan = (fen: bigint | null) => (fen === null ? null : Money.fromFen(fen).toYuanString());
const isoDate = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const org = { select: { id: true, name: true } } as const;

const detailInclude = {
  sme: org,
  bank: org,
  insurer: org,
  assets: { orderBy: { createdAt: "asc" } },
  repayments: { orderBy: [{ paidOn: "asc" }, { createdAt: "asc" }] },
  recoveries: { orderBy: [{ recoveredOn: "asc" }, { createdAt: "asc" }] },
  appraisal: { select: { id: true, status: true, assignedAppraiserId: true, reportFilePath: true, reportMethod: true, reportValidUntil: true } },
} satisfies Prisma.PledgeApplicationInclude;

/** One application with everything its parties see (SPEC §11): status, version, assets, terms, payments, timeline. */
export async function getPledgeApplication(actor: Actor, id: string) {
  const app = await db.pledgeApplication.findUnique({ where: { id }, include: detailInclude });
  if (!app || !canOnApplication(actor, app, "read")) throw notFound("融资申请");
  const seesLoan = canOnApplication(actor, app, "read-loan");
  const events = seesLoan ? await db.auditEvent.findMany({ where: { entityType: "PledgeApplication", entityId: id }, orderBy: [{ at: "asc" }, { id: "asc" }] }) : [];
  const party = pledgePartyOf(actor, app);
  const support = await financingSupportOf(id);
  // Subsidies are the SME's and the county's business (SPEC §2), not the bank's or the insurer's.
  const seesSubsidies = canOnSubsidies(actor, { smeId: app.smeId }, "read");
  // A repayment is offered either way: its amount decides whether it settles the loan.
  const facts = pledgeFacts(app, party);
  const full = {
    ...summaryOf(await getPolicyInForce(), app),
    purpose: app.purpose,
    assets: app.assets.map((a) => ({ id: a.id, assetType: a.assetType, patentId: a.patentId, registrationNumber: a.registrationNumber, title: a.title, appraisedValue: yuan(a.appraisedValueFen) })),
    report: {
      ready: facts.reportReady,
      acceptedBySme: app.reportAcceptedBySme,
      acceptedByBank: app.reportAcceptedByBank,
      jobId: app.appraisal?.id ?? null,
      method: app.appraisal?.reportMethod ?? null,
      validUntil: isoDate(app.appraisal?.reportValidUntil ?? null),
      // The PDF is for the parties (GOVERNMENT reads the values, not the document).
      fileUrl: app.appraisal?.reportFilePath && canOnApplication(actor, app, "read-report-file") ? `/api/v1/appraisal-jobs/${app.appraisal.id}/report-file` : null,
    },
    terms: {
      loanCap: yuan(app.loanCapFen),
      approvedAmount: yuan(app.approvedAmountFen),
      annualRate: app.annualRate,
      termMonths: app.approvedTermMonths,
      premiumRate: app.premiumRate,
      premium: yuan(app.premiumFen),
      policyVersion: app.policyVersion,
      acceptedAt: app.termsAcceptedAt?.toISOString() ?? null,
    },
    payments: { appraisalFeePaidAt: app.appraisalFeePaidAt?.toISOString() ?? null, premiumPaidAt: app.premiumPaidAt?.toISOString() ?? null },
    registration: { cnipaRegNo: app.cnipaRegNo, registeredOn: isoDate(app.registeredOn), cancelledOn: isoDate(app.registrationCancelledOn) },
    disbursement: { amount: yuan(app.disbursedAmountFen), date: isoDate(app.disbursedOn) },
    repayments: app.repayments.map((r) => ({ date: isoDate(r.paidOn) as string, principal: yuan(r.principalFen) as string, interest: yuan(r.interestFen) as string })),
    principalRepaid: yuan(app.principalRepaidFen) as string | null,
    interestPaid: yuan(app.interestPaidFen) as string | null,
    outstandingPrincipal: app.disbursedAmountFen === null ? null : Money.fromFen(app.disbursedAmountFen).minus(Money.fromFen(app.principalRepaidFen)).toYuanString(),
    default:
      app.defaultedOn === null
        ? null
        : {
            date: isoDate(app.defaultedOn) as string,
            outstandingPrincipal: yuan(app.outstandingAtDefaultFen) as string,
            recovered: yuan(app.recoveredFen) as string,
            recoveries: app.recoveries.map((r) => ({ date: isoDate(r.recoveredOn) as string, amount: yuan(r.amountFen) as string })),
          },
    subsidies: seesSubsidies ? support.subsidies : [],
    lossShares: support.lossShares,
    endReason: app.endReason,
    submittedAt: app.submittedAt?.toISOString() ?? null,
    createdAt: app.createdAt.toISOString(),
    timeline: await withActors(events.filter((e) => seesSubsidies || !e.action.startsWith("subsidy."))),
    yourRole: party,
    actions: party && party !== "SYSTEM" && actor.orgStatus === "ACTIVE" ? availableActions(app.status, party, facts).filter((a) => PARTY_ACTIONS.includes(a)) : [],
  };
  return seesLoan ? full : withoutLoan(full);
}

/**
 * The timeline with who acted: the org's name and the person's (a user's name, an API
 * key's name, or 平台 for the platform's own moves), read in two queries for all events.
 */
async function withActors(events: { at: Date; action: string; fromState: string | null; toState: string | null; orgId: string | null; actorUserId: string | null; actorApiKeyId: string | null; reason: string | null; data: unknown }[]) {
  const ids = (pick: (e: (typeof events)[number]) => string | null) => [...new Set(events.map(pick).filter((v): v is string => v !== null && v !== SYSTEM_ACTOR_ID))];
  const [orgs, users, keys] = await Promise.all([
    db.organization.findMany({ where: { id: { in: ids((e) => e.orgId) } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: ids((e) => e.actorUserId) } }, select: { id: true, name: true } }),
    db.apiKey.findMany({ where: { id: { in: ids((e) => e.actorApiKeyId) } }, select: { id: true, name: true } }),
  ]);
  const name = new Map([...orgs, ...users, ...keys].map((r) => [r.id, r.name]));
  return events.map((e) => {
    const byPlatform = e.actorUserId === SYSTEM_ACTOR_ID || (!e.actorUserId && !e.actorApiKeyId);
    return {
      at: e.at.toISOString(),
      action: e.action,
      from: e.fromState,
      to: e.toState,
      orgId: e.orgId,
      /** Who acted: `org` null and `platform` true for the platform's own moves. */
      actor: {
        platform: byPlatform,
        org: byPlatform ? null : e.orgId ? (name.get(e.orgId) ?? null) : null,
        person: byPlatform ? null : e.actorUserId ? (name.get(e.actorUserId) ?? null) : null,
        apiKey: byPlatform ? null : e.actorApiKeyId ? (name.get(e.actorApiKeyId) ?? null) : null,
      },
      reason: e.reason,
      data: (e.data ?? null) as Record<string, unknown> | null,
    };
  });
}

/**
 * The loan cap the SME can expect once the report is accepted by SME and bank (SPEC §6:
 * APPRAISED and later): Σ appraised × max pledge rate, at most the amount requested, by
 * the policy in force (or the one the bank's approval recorded). Null before that.
 */
export async function loanCapOf(detail: Pick<PledgeApplicationDetail, "report" | "assets" | "requestedAmount" | "terms" | "status">) {
  if (detail.terms.loanCap && detail.terms.policyVersion) return { amount: detail.terms.loanCap, policyRef: detail.terms.policyVersion };
  const accepted = detail.report.ready && detail.report.acceptedBySme && detail.report.acceptedByBank;
  if (!accepted || detail.assets.some((a) => a.appraisedValue === null) || ["REJECTED", "DECLINED", "WITHDRAWN"].includes(detail.status)) return null;
  const policy = await getPolicyInForce();
  const cap = loanCap(detail.assets.map((a) => ({ assetType: a.assetType, appraisedValue: Money.parseYuan(a.appraisedValue as string) })), Money.parseYuan(detail.requestedAmount), policy);
  return { amount: cap.toYuanString(), policyRef: policy.ref };
}

/** What the loan-cap estimate of the application form and the rate warnings of bank and insurer read from the policy in force. */
export async function financingRulesInForce() {
  const policy = await getPolicyInForce();
  return { maxPledgeRates: policy.maxPledgeRates, policyRef: policy.ref, limits: subsidyLimitsOf(policy) };
}

/** The application without its loan (terms, money moved, timeline): what a reader without `read-loan` gets. */
function withoutLoan<T extends { terms: Record<string, unknown> }>(detail: T): T {
  return {
    ...detail,
    terms: Object.fromEntries(Object.keys(detail.terms).map((k) => [k, null])) as T["terms"],
    payments: { appraisalFeePaidAt: null, premiumPaidAt: null },
    registration: { cnipaRegNo: null, registeredOn: null, cancelledOn: null },
    disbursement: { amount: null, date: null },
    repayments: [],
    principalRepaid: null,
    interestPaid: null,
    outstandingPrincipal: null,
    default: null,
    lossShares: null,
    endReason: null,
    timeline: [],
  };
}

export type PledgeApplicationDetail = Awaited<ReturnType<typeof getPledgeApplication>>;

function summaryOf(policy: FinancingPolicy, app: { id: string; status: PledgeStatus; version: number; requestedAmountFen: bigint; termMonths: number; stageEnteredAt: Date; updatedAt: Date; sme: { id: string; name: string }; bank: { id: string; name: string }; insurer: { id: string; name: string } }) {
  const slaHours = (policy.stageSlaHours as Partial<Record<PledgeStatus, number>>)[app.status];
  return {
    id: app.id,
    status: app.status,
    version: app.version,
    sme: app.sme,
    bank: app.bank,
    insurer: app.insurer,
    requestedAmount: yuan(app.requestedAmountFen) as string,
    termMonths: app.termMonths,
    stageEnteredAt: app.stageEnteredAt.toISOString(),
    overdue: slaHours !== undefined && nowMs() - app.stageEnteredAt.getTime() > slaHours * 3_600_000,
    updatedAt: app.updatedAt.toISOString(),
  };
}

/**
 * The applications the caller may list (financing/policies.ts), newest first, a page at a
 * time. Nobody but the SME ever sees one that was never submitted.
 */
export async function listPledgeApplications(actor: Actor, query: { status?: PledgeStatus; queue?: "mine" | "all"; page: number; pageSize: number }) {
  if (query.queue === "mine") return listAwaitingApplications(actor, query);
  const where: Prisma.PledgeApplicationWhereInput = { AND: [applicationsVisibleTo(actor), query.status ? { status: query.status } : {}] };
  const [total, rows] = await Promise.all([
    db.pledgeApplication.count({ where }),
    db.pledgeApplication.findMany({
      where,
      include: { sme: org, bank: org, insurer: org },
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  const policy = await getPolicyInForce();
  return { items: rows.map((r) => summaryOf(policy, r)), total, page: query.page, pageSize: query.pageSize };
}

/** More than any county's queue holds; a queue longer than this shows its oldest. */
const QUEUE_LIMIT = 500;

/**
 * "待我办理": the applications waiting for the caller's next move (work-queue.ts reads the
 * pledge machine), oldest in its stage first. The statuses narrow the query; the facts
 * (report in, who accepted it) decide per application.
 */
async function listAwaitingApplications(actor: Actor, query: { status?: PledgeStatus; page: number; pageSize: number }) {
  const party = actor.orgKind === "BANK" ? "BANK" : actor.orgKind === "INSURER" ? "INSURER" : "SME";
  const statuses = statusesAwaiting(party).filter((s) => !query.status || s === query.status);
  const rows = await db.pledgeApplication.findMany({
    where: { AND: [applicationsVisibleTo(actor, "act"), { status: { in: statuses } }] },
    include: { sme: org, bank: org, insurer: org, assets: { select: { appraisedValueFen: true } } },
    orderBy: [{ stageEnteredAt: "asc" }, { id: "asc" }],
    take: QUEUE_LIMIT,
  });
  const waiting = rows.filter((r) => {
    const as = pledgePartyOf(actor, r);
    return as !== null && awaitsParty(r.status, as, { ...pledgeFacts(r, as), reportAcceptedBySme: r.reportAcceptedBySme, reportAcceptedByBank: r.reportAcceptedByBank });
  });
  const policy = await getPolicyInForce();
  const items = waiting.slice((query.page - 1) * query.pageSize, query.page * query.pageSize).map((r) => summaryOf(policy, r));
  return { items, total: waiting.length, page: query.page, pageSize: query.pageSize };
}

/** The partner banks and insurers an SME can choose (active orgs of those kinds), by name. */
export async function listFinancingPartners() {
  const orgs = await db.organization.findMany({ where: { kind: { in: ["BANK", "INSURER"] }, status: "ACTIVE" }, select: { id: true, name: true, kind: true }, orderBy: { name: "asc" } });
  return { banks: orgs.filter((o) => o.kind === "BANK"), insurers: orgs.filter((o) => o.kind === "INSURER") };
}
