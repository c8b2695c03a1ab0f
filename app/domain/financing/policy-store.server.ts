import type { FinancingPolicyVersion } from "~/generated/prisma/client";
import { db, type Tx } from "~/utils/db.server";
import { actorUserIdForFk, type Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { dateColumn, isoDateOf, shanghaiDate, yearOf } from "../shared/calendar";
import { forbidden, notFound, validation, type FieldErrors } from "../shared/errors";
import { canOnCountyFinance } from "./policies";
import {
  DEFAULT_POLICY_DOCUMENT,
  DEFAULT_POLICY_EFFECTIVE_FROM,
  DEFAULT_POLICY_ID,
  DEFAULT_POLICY_REF,
  effectiveDateError,
  fieldErrorsOfIssues,
  withdrawalError,
  policyDocumentSchema,
  publishPolicySchema,
  type FinancingPolicy,
} from "./policy";
import { clock } from "../shared/clock";

type Client = Tx | typeof db;

/** Versions never change once published, so each is parsed once per process. */
const parsed = new Map<string, FinancingPolicy>();

function toPolicy(row: FinancingPolicyVersion): FinancingPolicy {
  const cached = parsed.get(row.ref);
  if (cached) return cached;
  const document = policyDocumentSchema.parse(row.document);
  const policy: FinancingPolicy = {
    ...document.rules,
    sources: document.sources,
    ref: row.ref,
    policyId: row.policyId,
    version: row.version,
    effectiveFrom: isoDateOf(row.effectiveFrom),
    note: row.note,
  };
  parsed.set(row.ref, policy);
  return policy;
}

/** Refs of the versions GOVERNMENT withdrew (a handful at most: each was withdrawn before it came into force). */
export async function withdrawnPolicyRefs(client: Client = db): Promise<string[]> {
  return (await client.financingPolicyWithdrawal.findMany({ select: { policyVersionRef: true } })).map((w) => w.policyVersionRef);
}

/** Seeds `ZS-FIN@2024-1` where no version exists yet (idempotent). */
export async function ensureDefaultPolicy(client: Client = db) {
  await client.financingPolicyVersion.createMany({
    data: [
      {
        policyId: DEFAULT_POLICY_ID,
        version: DEFAULT_POLICY_REF.split("@")[1],
        ref: DEFAULT_POLICY_REF,
        effectiveFrom: dateColumn(DEFAULT_POLICY_EFFECTIVE_FROM),
        document: DEFAULT_POLICY_DOCUMENT,
        note: "默认政策 ZS-FIN@2024-1：县域知识产权质押融资规则首版",
      },
    ],
    skipDuplicates: true,
  });
}

/**
 * The version in force on a calendar date (Asia/Shanghai): the latest effective date on
 * or before it, the later publication when two share a date. Asked afresh every time, so
 * a version GOVERNMENT publishes in the web process governs the next award the worker makes.
 */
export async function getPolicyInForce(onDate: string = shanghaiDate(clock.now()), client: Client = db): Promise<FinancingPolicy> {
  // A withdrawn version never comes into force (the default, always in force since 2024, cannot be withdrawn).
  const withdrawn = await withdrawnPolicyRefs(client);
  const find = () =>
    client.financingPolicyVersion.findFirst({
      where: { policyId: DEFAULT_POLICY_ID, effectiveFrom: { lte: dateColumn(onDate) }, ref: { notIn: withdrawn } },
      orderBy: [{ effectiveFrom: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    });
  let row = await find();
  if (!row) {
    await ensureDefaultPolicy(client);
    row = await find();
  }
  // Only a date before the default's effective date has no version: it still reads the default.
  return row ? toPolicy(row) : getPolicy(DEFAULT_POLICY_REF, client);
}

/** One version by its ref ("ZS-FIN@2024-1"): the one a stored amount names. */
export async function getPolicy(ref: string, client: Client = db): Promise<FinancingPolicy> {
  const cached = parsed.get(ref);
  if (cached) return cached;
  if (ref === DEFAULT_POLICY_REF) await ensureDefaultPolicy(client);
  const row = await client.financingPolicyVersion.findUnique({ where: { ref } });
  if (!row) throw notFound("政策版本");
  return toPolicy(row);
}

export type PolicyWithdrawalView = { reason: string; withdrawnAt: string };
export type PolicyVersionSummary = {
  ref: string;
  version: string;
  effectiveFrom: string;
  note: string;
  publishedAt: string;
  inForce: boolean;
  /** Set once GOVERNMENT withdrew it (before it came into force). */
  withdrawal: PolicyWithdrawalView | null;
  /** Not yet in force and not withdrawn: GOVERNMENT may still withdraw it. */
  withdrawable: boolean;
};

/** Policies are the county's public rules: every active organization reads them. */
function assertReadsPolicies(actor: Actor) {
  if (actor.orgStatus !== "ACTIVE") throw forbidden("机构审核通过后可查看融资政策");
}

/** What a reader sees of the policy: the version in force and every version, newest effective date first. */
export async function readPolicies(actor: Actor): Promise<{ inForce: FinancingPolicy; versions: PolicyVersionSummary[] }> {
  assertReadsPolicies(actor);
  const [inForce, versions] = await Promise.all([getPolicyInForce(), listPolicyVersions()]);
  return { inForce, versions };
}

/** One version for a reader, with the version in force today and its withdrawal, if any. */
export async function readPolicy(actor: Actor, ref: string): Promise<{ policy: FinancingPolicy; inForce: FinancingPolicy; withdrawal: PolicyWithdrawalView | null }> {
  assertReadsPolicies(actor);
  const [policy, inForce, withdrawal] = await Promise.all([getPolicy(ref), getPolicyInForce(), db.financingPolicyWithdrawal.findUnique({ where: { policyVersionRef: ref } })]);
  return { policy, inForce, withdrawal: withdrawal && { reason: withdrawal.reason, withdrawnAt: withdrawal.withdrawnAt.toISOString() } };
}

/** Every version, newest effective date first, with the one in force today marked. */
export async function listPolicyVersions(): Promise<PolicyVersionSummary[]> {
  const now = clock.now();
  const current = await getPolicyInForce(shanghaiDate(now));
  const rows = await db.financingPolicyVersion.findMany({ where: { policyId: DEFAULT_POLICY_ID }, orderBy: [{ effectiveFrom: "desc" }, { createdAt: "desc" }, { id: "desc" }] });
  const withdrawals = new Map((await db.financingPolicyWithdrawal.findMany({ where: { policyVersionRef: { in: rows.map((r) => r.ref) } } })).map((w) => [w.policyVersionRef, w]));
  return rows.map((r) => {
    const effectiveFrom = isoDateOf(r.effectiveFrom);
    const w = withdrawals.get(r.ref);
    return {
      ref: r.ref,
      version: r.version,
      effectiveFrom,
      note: r.note,
      publishedAt: r.createdAt.toISOString(),
      inForce: r.ref === current.ref,
      withdrawal: w ? { reason: w.reason, withdrawnAt: w.withdrawnAt.toISOString() } : null,
      withdrawable: !w && withdrawalError(effectiveFrom, now) === null,
    };
  });
}

/**
 * GOVERNMENT publishes a new version: the whole document, validated; an effective date
 * from today on (Asia/Shanghai), so that no event already computed could have fallen
 * under it, and at most two years ahead; the version named `<effective year>-<n>`.
 * Audited. Nothing is ever edited; a version not yet in force can be withdrawn. Every
 * bad field is named at once (the document's and the date's).
 */
export async function publishPolicyVersion(actor: Actor, raw: unknown): Promise<FinancingPolicy> {
  if (!canOnCountyFinance(actor, "publish-policy")) throw forbidden("只有县政府（市场监管局）可以发布融资政策");
  const parsed = publishPolicySchema.safeParse(raw);
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOfIssues(parsed.error.issues);
  const rawDate = raw && typeof raw === "object" && "effectiveFrom" in raw && typeof raw.effectiveFrom === "string" ? raw.effectiveFrom.trim() : null;
  const dateError = rawDate === null || errors.effectiveFrom ? null : effectiveDateError(rawDate, clock.now());
  if (dateError) errors.effectiveFrom = [dateError];
  if (!parsed.success || Object.keys(errors).length) throw validation(errors);
  const input = parsed.data;
  const row = await db.$transaction(async (tx) => {
    // One publisher at a time per policy: the running number must not be taken twice.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`policy:${DEFAULT_POLICY_ID}`}))`;
    await ensureDefaultPolicy(tx);
    const year = yearOf(input.effectiveFrom);
    const taken = await tx.financingPolicyVersion.count({ where: { policyId: DEFAULT_POLICY_ID, version: { startsWith: `${year}-` } } });
    const version = `${year}-${taken + 1}`;
    const created = await tx.financingPolicyVersion.create({
      data: {
        policyId: DEFAULT_POLICY_ID,
        version,
        ref: `${DEFAULT_POLICY_ID}@${version}`,
        effectiveFrom: dateColumn(input.effectiveFrom),
        document: { rules: input.rules, sources: input.sources },
        note: input.note,
        publishedById: actorUserIdForFk(actor),
        // The publication instant (shown as "published", and the later publication wins a shared
        // effective date) by the application's clock, as the audit event's, not the database's default.
        createdAt: clock.now(),
      },
    });
    await recordAudit(tx, actor, { entityType: "FinancingPolicyVersion", entityId: created.id, action: "publish", toState: created.ref, reason: input.note, data: { effectiveFrom: input.effectiveFrom } });
    return created;
  });
  return toPolicy(row);
}
