import type { Prisma } from "~/generated/prisma/client";
import type { GiApplicationStatus, GiCheckResult, GiSpotCheckStatus } from "~/generated/prisma/enums";
import { db, type Tx } from "~/utils/db.server";
import { can } from "../identity/policies";
import { notifyOrgs, type OrgNotice } from "../notifications/notify.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { bookDateError, bookToday } from "../shared/book-dates";
import { dateColumn, isoDateOf, shanghaiDate, yearOf } from "../shared/calendar";
import { clock } from "../shared/clock";
import { conflict, DomainError, fieldErrorsOfIssues, forbidden, notFound, validation, type FieldErrors } from "../shared/errors";
import { skipTake, type Page, type PageQuery } from "../shared/pagination";
import { AUTHORIZED_GI_STATUSES } from "./machine";
import { drawKey, drawSample } from "./sampler.server";
import { SAMPLER_ALGORITHM, SAMPLER_DESCRIPTION } from "./sampling";
import {
  closeError,
  closeSpotCheckSchema,
  GI_CHECK_RESULT_NAMES,
  isOverdue,
  markRectifiedSchema,
  NO_POPULATION_MESSAGE,
  openSpotCheckSchema,
  parseOrThrow,
  progressOf,
  sharePercent,
  validateResult,
} from "./spot-check-rules";

/**
 * The annual GI spot check (抽查, issue 16 §6). GOVERNMENT ("gi.review") opens a check of
 * one product for a year with a share and a seed; the platform freezes the population (the
 * certificate numbers of the product's users active on the day it is opened, sorted — for
 * a past year too: the check is made now, of the enterprises authorized now) and draws the
 * sample with the documented algorithm (sampling.ts), so anyone can redraw it from the page.
 * GOVERNMENT records a result per sampled enterprise (PASS, or FAIL with findings and a
 * rectification deadline; correctable while the check is OPEN), marks a FAIL rectified, and
 * closes the check once every enterprise has a result. A FAIL left unrectified past its
 * deadline is flagged once by the scheduled job (flag-overdue.server.ts). Revocation is the
 * application's own action, never done here.
 *
 * GOVERNMENT and PLATFORM ("gi.read-all") read; everyone else gets 404. Every change is one
 * transaction with its audit event (entity GiSpotCheck) and its notices (kind gi.spot-check).
 */

const WHAT = "抽查";
const ENTITY = "GiSpotCheck";
const KIND = "gi.spot-check";
const applicationLink = (applicationId: string) => `/gi/applications/${applicationId}`;
export const giSpotCheckLink = (id: string) => `/gi/spot-checks/${id}`;

export type GiSpotCheckItemView = {
  id: string;
  version: number;
  drawOrder: number;
  /** SHA-256("<seed>:<certificate number>"), the key the sample is sorted by. */
  drawKey: string;
  applicationId: string;
  applicationStatus: GiApplicationStatus;
  enterpriseName: string;
  uscc: string;
  certificateNumber: string;
  town: string;
  result: GiCheckResult;
  findings: string | null;
  rectifyBy: string | null;
  rectifiedOn: string | null;
  recordedAt: string | null;
  /** A FAIL past its deadline and not rectified (as of today). */
  overdue: boolean;
  /** When the scheduled job flagged it overdue (once), or null. */
  overdueFlaggedAt: string | null;
};

export type GiSpotCheckSummary = {
  id: string;
  status: GiSpotCheckStatus;
  version: number;
  product: { id: string; name: string };
  year: number;
  share: string;
  sharePercent: string;
  populationSize: number;
  sampleSize: number;
  progress: ReturnType<typeof progressOf>;
  openedAt: string;
  closedAt: string | null;
};

export type GiSpotCheckDetail = GiSpotCheckSummary & {
  seed: string;
  algorithm: string;
  algorithmDescription: string;
  /** Certificate numbers of the active users when the check was opened, sorted. */
  population: string[];
  openedBy: { id: string; name: string | null };
  items: GiSpotCheckItemView[];
  timeline: { at: string; action: string; from: string | null; to: string | null; data: Record<string, unknown> | null }[];
  /** What the caller may do: record and correct results, mark rectified, close. */
  canReview: boolean;
  canClose: boolean;
};

/** "review" (GOVERNMENT), "read" (PLATFORM), or null: 404. */
function accessOf(actor: Actor): "review" | "read" | null {
  if (can(actor, "gi.review")) return "review";
  return can(actor, "gi.read-all") ? "read" : null;
}

function requireReviewer(actor: Actor) {
  const access = accessOf(actor);
  if (access === "review") return;
  if (access === "read") throw forbidden("只有县市场监管部门可以开展抽查、记录结果");
  throw notFound(WHAT);
}

/** The product's users active on `today` (issue 16 §7's rule, active-on.ts): holding a certificate, announced by then, not revoked by then. */
function activeOn(today: string, productId?: string): Prisma.GiApplicationWhereInput {
  const day = dateColumn(today);
  return {
    ...(productId ? { productId } : {}),
    status: { in: [...AUTHORIZED_GI_STATUSES] },
    certificateNumber: { not: null },
    announcedOn: { lte: day },
    OR: [{ revokedOn: null }, { revokedOn: { gt: day } }],
  };
}

/** Locks the check (results, rectifications and the close are serialized on it) and reads it with its items. */
async function lockCheck(tx: Tx, checkId: string) {
  await tx.$queryRaw`SELECT id FROM "GiSpotCheck" WHERE id = ${checkId} FOR UPDATE`;
  return tx.giSpotCheck.findUnique({
    where: { id: checkId },
    include: {
      product: { select: { id: true, name: true } },
      items: { include: { application: { select: { id: true, orgId: true, enterpriseName: true, certificateNumber: true } } }, orderBy: { drawOrder: "asc" } },
    },
  });
}
type LockedCheck = NonNullable<Awaited<ReturnType<typeof lockCheck>>>;

/** The sampled enterprise a body names (itemId or applicationId); a field error when it is not in the sample. */
function itemOf(check: LockedCheck, ref: { itemId: string | null; applicationId: string | null }) {
  const item = check.items.find((i) => (ref.itemId ? i.id === ref.itemId : i.applicationId === ref.applicationId));
  if (!item) throw validation({ [ref.itemId ? "itemId" : "applicationId"]: ["该企业不在本次抽查的样本中"] });
  return item;
}

function checkItemVersion(item: { version: number }, version: number) {
  if (version !== item.version) throw conflict(`该企业的抽查记录已被更新（当前版本 ${item.version}），请刷新后重试`);
}

/**
 * GOVERNMENT opens a spot check: `{ productId, year, share ("0.2" or "20%"), seed }`. The
 * population and the sample are fixed in the same transaction as the check; the sampled
 * enterprises that have an account are told.
 */
export async function openGiSpotCheck(actor: Actor, input: unknown): Promise<GiSpotCheckDetail> {
  if (!can(actor, "gi.review")) throw forbidden("只有县市场监管部门可以开展抽查");
  const today = bookToday();
  const parsed = openSpotCheckSchema(yearOf(today)).safeParse(input ?? {});
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOfIssues(parsed.error.issues);
  const productId = parsed.success ? parsed.data.productId : typeof (input as { productId?: unknown })?.productId === "string" ? ((input as { productId: string }).productId as string).trim() : null;
  const product = productId && productId.length <= 64 && !errors.productId ? await db.giProduct.findUnique({ where: { id: productId }, select: { id: true, name: true } }) : null;
  if (productId && !errors.productId && !product) errors.productId = ["地理标志产品不存在"];
  if (Object.keys(errors).length || !parsed.success || !product) throw validation(errors);
  const { year, share, seed } = parsed.data;

  const id = await db.$transaction(async (tx) => {
    const users = await tx.giApplication.findMany({ where: activeOn(today, product.id), select: { id: true, orgId: true, certificateNumber: true, enterpriseName: true } });
    if (users.length === 0) throw validation({ productId: [NO_POPULATION_MESSAGE] }, NO_POPULATION_MESSAGE);
    const byCertificate = new Map(users.map((u) => [u.certificateNumber as string, u]));
    const population = [...byCertificate.keys()].sort();
    const sample = drawSample(seed, population, share);
    const now = clock.now();
    const check = await tx.giSpotCheck.create({
      data: { productId: product.id, year, share, seed, algorithm: SAMPLER_ALGORITHM, population, openedByOrgId: actor.orgId, openedAt: now },
      select: { id: true },
    });
    await tx.giSpotCheckItem.createMany({ data: sample.map((c, i) => ({ spotCheckId: check.id, applicationId: byCertificate.get(c)!.id, drawOrder: i + 1 })) });
    await recordAudit(tx, actor, {
      entityType: ENTITY,
      entityId: check.id,
      action: "spot-check.open",
      toState: "OPEN",
      data: { productId: product.id, year, share, seed, algorithm: SAMPLER_ALGORITHM, populationSize: population.length, sample },
    });
    const notices: OrgNotice[] = sample.flatMap((c) => {
      const user = byCertificate.get(c)!;
      return user.orgId
        ? [{ orgId: user.orgId, kind: KIND, title: `地理标志专用标志使用抽查：${product.name}`, body: `贵单位（证书编号 ${c}）被抽中参加 ${year} 年度${product.name}地理标志专用标志使用情况抽查，县市场监管部门将与您联系。`, sourceKey: `gi.spot-check.open:${check.id}:${user.id}`, link: applicationLink(user.id) }]
        : [];
    });
    await notifyOrgs(tx, notices);
    return check.id;
  });
  return getGiSpotCheck(actor, id);
}

/**
 * GOVERNMENT records (or, while the check is OPEN, corrects) the result of one sampled
 * enterprise: `{ itemId | applicationId, result: PASS|FAIL, findings?, rectifyBy?, version }`.
 * A FAIL needs findings and a deadline after today, at most a year ahead. A changed result
 * or deadline starts the item afresh (not rectified, not flagged); the enterprise is told.
 */
export async function recordGiSpotCheckResult(actor: Actor, checkId: string, input: unknown): Promise<GiSpotCheckDetail> {
  requireReviewer(actor);
  await db.$transaction(async (tx) => {
    const check = await lockCheck(tx, checkId);
    if (!check) throw notFound(WHAT);
    const today = bookToday();
    const checked = validateResult(input, today);
    if (!checked.ok) throw validation(checked.errors);
    const body = checked.value;
    const item = itemOf(check, body);
    if (check.status !== "OPEN") throw new DomainError("INVALID_STATE", "该抽查已结束，检查结果不能再修改");
    checkItemVersion(item, body.version);

    const rectifyBy = body.result === "FAIL" ? body.rectifyBy : null;
    const sameFail = item.result === "FAIL" && body.result === "FAIL" && item.rectifyBy !== null && isoDateOf(item.rectifyBy) === rectifyBy;
    const now = clock.now();
    const updated = await tx.giSpotCheckItem.updateMany({
      where: { id: item.id, version: item.version },
      data: {
        result: body.result,
        findings: body.findings,
        rectifyBy: rectifyBy ? dateColumn(rectifyBy) : null,
        ...(sameFail ? {} : { rectifiedOn: null, overdueFlaggedAt: null }),
        recordedAt: now,
        version: { increment: 1 },
      },
    });
    if (updated.count !== 1) throw conflict("该企业的抽查记录已被更新，请刷新后重试");
    const certificateNumber = item.application.certificateNumber;
    await recordAudit(tx, actor, {
      entityType: ENTITY,
      entityId: check.id,
      action: "spot-check.result",
      fromState: item.result,
      toState: body.result,
      reason: body.findings,
      data: { itemId: item.id, applicationId: item.applicationId, certificateNumber, enterpriseName: item.application.enterpriseName, rectifyBy },
    });
    if (item.application.orgId) {
      const verdict = body.result === "PASS" ? "检查结果：合格。" : `检查结果：不合格。问题：${body.findings}。请于 ${rectifyBy} 前完成整改。`;
      await notifyOrgs(tx, [
        { orgId: item.application.orgId, kind: KIND, title: `地理标志抽查结果：${check.product.name}`, body: `${check.year} 年度${check.product.name}专用标志使用抽查（证书编号 ${certificateNumber}）${verdict}`, sourceKey: `gi.spot-check.result:${item.id}:v${item.version + 1}`, link: applicationLink(item.applicationId) },
      ]);
    }
  });
  return getGiSpotCheck(actor, checkId);
}

/**
 * GOVERNMENT marks a FAIL rectified: `{ itemId | applicationId, rectifiedOn, version }`, the
 * day it was (not in the future, not before the result was recorded). Open or closed checks
 * alike: rectification usually comes after the check is closed. Once only.
 */
export async function markGiRectified(actor: Actor, checkId: string, input: unknown): Promise<GiSpotCheckDetail> {
  requireReviewer(actor);
  await db.$transaction(async (tx) => {
    const check = await lockCheck(tx, checkId);
    if (!check) throw notFound(WHAT);
    const body = parseOrThrow(markRectifiedSchema, input);
    const item = itemOf(check, body);
    checkItemVersion(item, body.version);
    if (item.result !== "FAIL") throw new DomainError("INVALID_STATE", `该企业的检查结果为“${GI_CHECK_RESULT_NAMES[item.result]}”，无需整改`);
    if (item.rectifiedOn) throw new DomainError("INVALID_STATE", `该企业已于 ${isoDateOf(item.rectifiedOn)} 完成整改`);
    const error = bookDateError(body.rectifiedOn, "整改完成日期", [{ label: "检查结果记录日", date: item.recordedAt ? shanghaiDate(item.recordedAt) : null }]);
    if (error) throw validation({ rectifiedOn: [error] });
    const updated = await tx.giSpotCheckItem.updateMany({ where: { id: item.id, version: item.version }, data: { rectifiedOn: dateColumn(body.rectifiedOn), version: { increment: 1 } } });
    if (updated.count !== 1) throw conflict("该企业的抽查记录已被更新，请刷新后重试");
    const late = item.rectifyBy !== null && body.rectifiedOn > isoDateOf(item.rectifyBy);
    await recordAudit(tx, actor, {
      entityType: ENTITY,
      entityId: check.id,
      action: "spot-check.rectified",
      data: { itemId: item.id, applicationId: item.applicationId, certificateNumber: item.application.certificateNumber, enterpriseName: item.application.enterpriseName, rectifiedOn: body.rectifiedOn, rectifyBy: item.rectifyBy ? isoDateOf(item.rectifyBy) : null, late },
    });
  });
  return getGiSpotCheck(actor, checkId);
}

/** GOVERNMENT closes a check once every sampled enterprise has a result: `{ version }` of the check. Results are final after. */
export async function closeGiSpotCheck(actor: Actor, checkId: string, input: unknown): Promise<GiSpotCheckDetail> {
  requireReviewer(actor);
  await db.$transaction(async (tx) => {
    const check = await lockCheck(tx, checkId);
    if (!check) throw notFound(WHAT);
    const { version } = parseOrThrow(closeSpotCheckSchema, input);
    if (version !== check.version) throw conflict(`该抽查已被更新（当前版本 ${check.version}），请刷新后重试`);
    const error = closeError(check.status, check.items.map((i) => i.result));
    if (error) throw new DomainError("INVALID_STATE", error);
    await tx.giSpotCheck.update({ where: { id: check.id }, data: { status: "CLOSED", closedAt: clock.now(), version: { increment: 1 } } });
    const today = bookToday();
    await recordAudit(tx, actor, { entityType: ENTITY, entityId: check.id, action: "spot-check.close", fromState: "OPEN", toState: "CLOSED", data: progressOf(check.items.map(itemDates), today) });
  });
  return getGiSpotCheck(actor, checkId);
}

const itemDates = (i: { result: GiCheckResult; rectifyBy: Date | null; rectifiedOn: Date | null }) => ({
  result: i.result,
  rectifyBy: i.rectifyBy ? isoDateOf(i.rectifyBy) : null,
  rectifiedOn: i.rectifiedOn ? isoDateOf(i.rectifiedOn) : null,
});

const summarySelect = {
  id: true,
  status: true,
  version: true,
  year: true,
  share: true,
  population: true,
  openedAt: true,
  closedAt: true,
  product: { select: { id: true, name: true } },
  items: { select: { result: true, rectifyBy: true, rectifiedOn: true } },
} satisfies Prisma.GiSpotCheckSelect;

function summaryOf(c: Prisma.GiSpotCheckGetPayload<{ select: typeof summarySelect }>, today: string): GiSpotCheckSummary {
  return {
    id: c.id,
    status: c.status,
    version: c.version,
    product: c.product,
    year: c.year,
    share: c.share,
    sharePercent: sharePercent(c.share),
    populationSize: c.population.length,
    sampleSize: c.items.length,
    progress: progressOf(c.items.map(itemDates), today),
    openedAt: c.openedAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
  };
}

/** One check with everything needed to redraw it: seed, population, algorithm, each item's draw key. */
export async function getGiSpotCheck(actor: Actor, id: string): Promise<GiSpotCheckDetail> {
  const access = accessOf(actor);
  if (!access) throw notFound(WHAT);
  const check = await db.giSpotCheck.findUnique({
    where: { id },
    select: {
      ...summarySelect,
      seed: true,
      algorithm: true,
      openedByOrgId: true,
      items: {
        orderBy: { drawOrder: "asc" },
        include: { application: { select: { id: true, status: true, enterpriseName: true, uscc: true, certificateNumber: true, town: true } } },
      },
    },
  });
  if (!check) throw notFound(WHAT);
  const [openedBy, events] = await Promise.all([
    db.organization.findUnique({ where: { id: check.openedByOrgId }, select: { name: true } }),
    db.auditEvent.findMany({ where: { entityType: ENTITY, entityId: id }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
  ]);
  const today = bookToday();
  const items = check.items.map((i): GiSpotCheckItemView => {
    const dates = itemDates(i);
    const certificateNumber = i.application.certificateNumber ?? "";
    return {
      id: i.id,
      version: i.version,
      drawOrder: i.drawOrder,
      drawKey: drawKey(check.seed, certificateNumber),
      applicationId: i.applicationId,
      applicationStatus: i.application.status,
      enterpriseName: i.application.enterpriseName,
      uscc: i.application.uscc,
      certificateNumber,
      town: i.application.town,
      result: i.result,
      findings: i.findings,
      rectifyBy: dates.rectifyBy,
      rectifiedOn: dates.rectifiedOn,
      recordedAt: i.recordedAt?.toISOString() ?? null,
      overdue: isOverdue(dates, today),
      overdueFlaggedAt: i.overdueFlaggedAt?.toISOString() ?? null,
    };
  });
  const canReview = access === "review";
  return {
    ...summaryOf(check, today),
    seed: check.seed,
    algorithm: check.algorithm,
    algorithmDescription: check.algorithm === SAMPLER_ALGORITHM ? SAMPLER_DESCRIPTION : check.algorithm,
    population: check.population,
    openedBy: { id: check.openedByOrgId, name: openedBy?.name ?? null },
    items,
    timeline: events.map((e) => ({ at: e.at.toISOString(), action: e.action, from: e.fromState, to: e.toState, data: (e.data as Record<string, unknown> | null) ?? null })),
    canReview,
    canClose: canReview && closeError(check.status, items.map((i) => i.result)) === null,
  };
}

/** Every check, newest first (GOVERNMENT, PLATFORM; others 404). */
export async function listGiSpotChecks(actor: Actor, query: Partial<PageQuery> & { status?: GiSpotCheckStatus } = {}): Promise<Page<GiSpotCheckSummary>> {
  if (!accessOf(actor)) throw notFound(WHAT);
  const page = { page: query.page ?? 1, pageSize: query.pageSize ?? 50 };
  const where: Prisma.GiSpotCheckWhereInput = query.status ? { status: query.status } : {};
  const [rows, total] = await Promise.all([
    db.giSpotCheck.findMany({ where, select: summarySelect, orderBy: [{ openedAt: "desc" }, { id: "desc" }], ...skipTake(page) }),
    db.giSpotCheck.count({ where }),
  ]);
  const today = bookToday();
  return { items: rows.map((r) => summaryOf(r, today)), total, ...page };
}

/** Open checks, for GOVERNMENT's home (0 for anyone who cannot run checks). */
export async function openGiSpotCheckCount(actor: Actor): Promise<number> {
  if (!can(actor, "gi.review")) return 0;
  return db.giSpotCheck.count({ where: { status: "OPEN" } });
}

/** The opening form's products, each with its number of active users today and the sample a share would draw. */
export async function giSpotCheckFormOptions(actor: Actor): Promise<{ today: string; products: { id: string; name: string; activeUsers: number }[] }> {
  requireReviewer(actor);
  const today = bookToday();
  const [products, counts] = await Promise.all([
    db.giProduct.findMany({ select: { id: true, name: true }, orderBy: [{ isDemo: "asc" }, { name: "asc" }] }),
    db.giApplication.groupBy({ by: ["productId"], where: activeOn(today), _count: { _all: true } }),
  ]);
  return { today, products: products.map((p) => ({ ...p, activeUsers: counts.find((c) => c.productId === p.id)?._count._all ?? 0 })) };
}
