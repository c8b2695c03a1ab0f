import type { GiApplicationStatus, Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { can } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { isoDateOf } from "../shared/calendar";
import { notFound } from "../shared/errors";
import type { Page } from "../shared/pagination";
import { giStateFor } from "./application-state";
import { evidenceViewOf } from "./evidence.server";
import { GI_ACTION_NAMES, GI_STATUS_NAMES, isGiAction } from "./machine";
import { canOnGiApplication, giApplicationsVisibleTo, giPartyOf, giRelationOf } from "./policies";
import { GI_KIND_NAMES } from "./schemas";

const isoDate = (d: Date | null) => (d ? isoDateOf(d) : null);

const summarySelect = {
  id: true,
  status: true,
  version: true,
  source: true,
  orgId: true,
  enterpriseName: true,
  uscc: true,
  town: true,
  certificateNumber: true,
  submittedAt: true,
  decidedAt: true,
  announcedOn: true,
  revokedOn: true,
  updatedAt: true,
  product: { select: { id: true, name: true } },
} satisfies Prisma.GiApplicationSelect;

type SummaryRow = Prisma.GiApplicationGetPayload<{ select: typeof summarySelect }>;

function summaryOf(a: SummaryRow) {
  return {
    id: a.id,
    status: a.status,
    statusName: GI_STATUS_NAMES[a.status],
    version: a.version,
    source: a.source,
    product: a.product,
    enterpriseName: a.enterpriseName,
    uscc: a.uscc,
    town: a.town,
    certificateNumber: a.certificateNumber,
    submittedAt: a.submittedAt.toISOString(),
    decidedAt: a.decidedAt?.toISOString() ?? null,
    announcedOn: isoDate(a.announcedOn),
    revokedOn: isoDate(a.revokedOn),
    updatedAt: a.updatedAt.toISOString(),
  };
}
export type GiApplicationSummary = ReturnType<typeof summaryOf>;

/**
 * The applications the caller may list (policies.ts: the applicant its own org's,
 * GOVERNMENT and PLATFORM all, anyone else none), newest first — or oldest first for a work
 * queue, where who waited longest is decided first — a page at a time.
 */
export async function listGiApplications(actor: Actor, query: { status?: GiApplicationStatus; productId?: string; page?: number; pageSize?: number; order?: "newest" | "oldest" }): Promise<Page<GiApplicationSummary>> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const where: Prisma.GiApplicationWhereInput = { AND: [giApplicationsVisibleTo(actor), query.status ? { status: query.status } : {}, query.productId ? { productId: query.productId } : {}] };
  const [total, rows] = await Promise.all([
    db.giApplication.count({ where }),
    db.giApplication.findMany({ where, select: summarySelect, orderBy: [{ submittedAt: query.order === "oldest" ? "asc" : "desc" }, { id: "asc" }], skip: (page - 1) * pageSize, take: pageSize }),
  ]);
  return { items: rows.map(summaryOf), total, page, pageSize };
}

const detailInclude = {
  product: { select: { id: true, name: true, kind: true, registrationNumber: true, protectedTowns: true, qualityStandard: true, certificatePrefix: true } },
  evidence: { orderBy: [{ uploadedAt: "asc" }, { id: "asc" }] },
} satisfies Prisma.GiApplicationInclude;

/**
 * One application with what its readers see (issue 16 §2, §3): product, fields, evidence
 * list (the files through getGiEvidence), the decisions, the certificate, the timeline from
 * the audit trail, the caller's part and what it can do now. 404 for anyone else.
 */
export async function getGiApplication(actor: Actor, id: string) {
  const app = typeof id === "string" && id.length > 0 && id.length <= 64 ? await db.giApplication.findUnique({ where: { id }, include: detailInclude }) : null;
  if (!app || !canOnGiApplication(actor, app, "read")) throw notFound("申请");
  const party = giPartyOf(actor, app);
  const events = await db.auditEvent.findMany({ where: { entityType: "GiApplication", entityId: id }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  const state = giStateFor(actor, party, app);
  return {
    ...summaryOf(app),
    product: { ...app.product, kindName: GI_KIND_NAMES[app.product.kind] },
    orgId: app.orgId,
    productionAddress: app.productionAddress,
    annualOutputKg: app.annualOutputKg,
    description: app.description,
    committedAt: app.committedAt?.toISOString() ?? null,
    evidence: app.evidence.map(evidenceViewOf),
    supplementRequest: app.supplementRequest,
    decisions: {
      rejectionReason: app.rejectionReason,
      announcementNumber: app.announcementNumber,
      announcedOn: isoDate(app.announcedOn),
      approvedAt: app.approvedAt?.toISOString() ?? null,
      revokedOn: isoDate(app.revokedOn),
      revocationReason: app.revocationReason,
    },
    certificate: app.certificateNumber
      ? { number: app.certificateNumber, year: app.certificateYear, announcementNumber: app.announcementNumber, announcedOn: isoDate(app.announcedOn), verifyUrl: `/gi/verify?q=${encodeURIComponent(app.certificateNumber)}`, url: `/gi/certificates/${encodeURIComponent(app.certificateNumber)}` }
      : null,
    timeline: events.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      actionName: isGiAction(e.action) ? GI_ACTION_NAMES[e.action] : e.action === "apply" ? "提交申请" : e.action === "add-evidence" ? "上传证明材料" : e.action,
      from: e.fromState,
      to: e.toState,
      orgId: e.orgId,
      reason: e.reason,
      data: (e.data ?? null) as Record<string, unknown> | null,
    })),
    relation: giRelationOf(actor, app),
    yourRole: state.yourRole,
    actions: state.actions,
  };
}
export type GiApplicationDetail = Awaited<ReturnType<typeof getGiApplication>>;

/** What waits for GOVERNMENT on its home: applications to decide and those waiting for a supplement; zeros for anyone else. */
export async function giReviewCounts(actor: Actor): Promise<{ submitted: number; supplementRequested: number }> {
  if (!can(actor, "gi.review")) return { submitted: 0, supplementRequested: 0 };
  const groups = await db.giApplication.groupBy({ by: ["status"], where: { status: { in: ["SUBMITTED", "SUPPLEMENT_REQUESTED"] } }, _count: { _all: true } });
  const count = (s: GiApplicationStatus) => groups.find((g) => g.status === s)?._count._all ?? 0;
  return { submitted: count("SUBMITTED"), supplementRequested: count("SUPPLEMENT_REQUESTED") };
}
