import type { GiApplicationStatus } from "~/generated/prisma/enums";
import { db, type Tx } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { bookDateError } from "../shared/book-dates";
import { dateColumn, isoDateOf, shanghaiDate, yearOf } from "../shared/calendar";
import { clock } from "../shared/clock";
import { checkDate } from "../patents/dates";
import { hasForbiddenCharacters } from "../shared/text";
import { conflict, DomainError, fieldErrorsOfIssues, forbidden, notFound, validation, type FieldErrors } from "../shared/errors";
import { giStateFor, type GiApplicationState } from "./application-state";
import { issueCertificateNumber } from "./certificates.server";
import { checkGiEvidenceFiles, keepOnlyIfWritten, storeGiEvidenceFiles, type GiUpload } from "./evidence.server";
import { isGiAction, resolveGiMove, type GiAction, type GiParty } from "./machine";
import { GI_DECISION_TEXTS, tellApplicant, tellGovernmentToReview } from "./notices.server";
import { canOnGiApplication, giPartyOf } from "./policies";
import { giActionBodySchemas, type GiActionBody } from "./schemas";

export type { GiApplicationState };

const NOT_FOUND = "申请";

const applicationSelect = {
  id: true,
  orgId: true,
  status: true,
  version: true,
  enterpriseName: true,
  certificateNumber: true,
  submittedAt: true,
  announcedOn: true,
  product: { select: { id: true, name: true, certificatePrefix: true } },
  _count: { select: { evidence: true } },
} as const;

type Application = NonNullable<Awaited<ReturnType<typeof loadApplication>>>;

function loadApplication(id: string) {
  return db.giApplication.findUnique({ where: { id }, select: applicationSelect });
}

/** What a move writes besides status and version, its audit reason and data, and what the applicant is told. */
type Change = { data: Record<string, unknown>; reason?: string | null; audit?: Record<string, unknown>; certificateNumber?: string | null; tell: (version: number) => string | null };

/**
 * What only the record knows about the body's dates — not in the future, not before the
 * submission (approve) or the announcement (revoke) — checked whenever the date itself is
 * well-formed, so that one answer names every bad field.
 */
function dateErrorsOf(app: Application, action: GiAction, raw: Record<string, unknown>): FieldErrors {
  const rule =
    action === "approve"
      ? { field: "announcedOn", label: "公告日期", after: [{ label: "申请提交日", date: shanghaiDate(app.submittedAt) }] }
      : action === "revoke"
        ? { field: "revokedOn", label: "撤销日期", after: [{ label: "核准公告日", date: app.announcedOn ? isoDateOf(app.announcedOn) : null }] }
        : null;
  const value = rule ? raw[rule.field] : undefined;
  if (!rule || typeof value !== "string" || hasForbiddenCharacters(value)) return {};
  const date = checkDate(value, rule.label);
  const error = date.ok ? bookDateError(date.value, rule.label, rule.after) : null;
  return error ? { [rule.field]: [error] } : {};
}

async function changeFor(tx: Tx, app: Application, action: GiAction, body: Record<string, unknown>): Promise<Change> {
  const now = clock.now();
  switch (action) {
    case "request-supplement": {
      const { note } = body as GiActionBody<"request-supplement">;
      return { data: { supplementRequest: note }, reason: note, tell: () => GI_DECISION_TEXTS["request-supplement"](note) };
    }
    case "resubmit": {
      const { note } = body as GiActionBody<"resubmit">;
      return { data: {}, reason: note ?? null, tell: () => null };
    }
    case "approve": {
      const { announcementNumber, announcedOn } = body as GiActionBody<"approve">;
      // Under the counter's row lock until this transaction ends: gap-free, never reused.
      const certificate = await issueCertificateNumber(tx, app.product, yearOf(announcedOn));
      return {
        data: { announcementNumber, announcedOn: dateColumn(announcedOn), ...certificate, approvedAt: now, decidedAt: now },
        audit: { announcementNumber, announcedOn, certificateNumber: certificate.certificateNumber },
        certificateNumber: certificate.certificateNumber,
        tell: () => GI_DECISION_TEXTS.approve(certificate.certificateNumber, announcementNumber, announcedOn),
      };
    }
    case "reject": {
      const { reason } = body as GiActionBody<"reject">;
      return { data: { rejectionReason: reason, decidedAt: now }, reason, tell: () => GI_DECISION_TEXTS.reject(reason) };
    }
    case "revoke": {
      const { reason, revokedOn } = body as GiActionBody<"revoke">;
      return { data: { revocationReason: reason, revokedOn: dateColumn(revokedOn) }, reason, audit: { revokedOn }, tell: () => GI_DECISION_TEXTS.revoke(revokedOn, reason) };
    }
  }
}

/**
 * A party moves a GI application (`POST /api/v1/gi-applications/:id/actions/:action`): the
 * machine decides whether the move is the caller's in this status; the body's `version`
 * must be the current one (stale → 409); every bad field is named in one answer. The
 * update is conditional on (id, version, status), so of two concurrent moves one wins and
 * the other gets 409; an approval issues its certificate number in the same transaction
 * (a losing or failing approval gives its number back). Every move is audited; the
 * applicant hears every decision, GOVERNMENT hears of a resubmission. A resubmission may
 * bring more evidence (`files`): checked with the body, and attached in the move's own
 * transaction, so the county never sees a resubmission without the files that came with it.
 */
export async function actOnGiApplication(actor: Actor, id: string, action: string, rawBody: unknown, files: readonly GiUpload[] = []): Promise<GiApplicationState> {
  const app = typeof id === "string" && id.length > 0 && id.length <= 64 ? await loadApplication(id) : null;
  if (!app || !canOnGiApplication(actor, app, "read")) throw notFound(NOT_FOUND);
  if (!isGiAction(action)) throw notFound("操作");
  const party: GiParty | null = giPartyOf(actor, app);
  if (!party) throw forbidden("只能查看，不能办理此申请");
  if (actor.orgStatus !== "ACTIVE") throw forbidden("机构尚未启用或已停用，不能办理");
  const resolution = resolveGiMove(app.status, action, party);
  if (!resolution.ok) {
    if (resolution.reason === "party") throw forbidden(resolution.message);
    throw new DomainError("INVALID_STATE", resolution.message);
  }

  const parsed = giActionBodySchemas[action].safeParse(rawBody ?? {});
  const rawVersion = parsed.success ? parsed.data.version : Number((rawBody as { version?: unknown } | null)?.version);
  if (Number.isInteger(rawVersion) && rawVersion !== app.version) throw conflict(`该申请已被更新（当前版本 ${app.version}），请刷新后重试`);
  const raw = (rawBody && typeof rawBody === "object" ? rawBody : {}) as Record<string, unknown>;
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOfIssues(parsed.error.issues);
  for (const [field, messages] of Object.entries(dateErrorsOf(app, action, raw))) errors[field] ??= messages;
  const addEvidenceError = (message: string) => (errors.evidence ??= []).push(message);
  if (files.length && action !== "resubmit") addEvidenceError("只有补充材料并重新提交时可以附上文件");
  const checked = action === "resubmit" ? checkGiEvidenceFiles(files, addEvidenceError, app._count.evidence) : [];
  if (!parsed.success || Object.keys(errors).length) throw validation(errors);
  if (action === "approve" && app._count.evidence === 0) throw new DomainError("INVALID_STATE", "申请尚无证明材料，不能核准；请先要求企业补充材料");

  const from: GiApplicationStatus = app.status;
  const to = resolution.move.to;
  const stored = await storeGiEvidenceFiles(app.id, checked);
  const moved = db.$transaction(async (tx) => {
    const change = await changeFor(tx, app, action, parsed.data);
    const updated = await tx.giApplication.updateMany({
      where: { id: app.id, version: app.version, status: from },
      data: { ...change.data, status: to, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw conflict("该申请刚被他人办理，请刷新后重试");
    const version = app.version + 1;
    const now = clock.now();
    if (stored.length) await tx.giEvidenceFile.createMany({ data: stored.map((f) => ({ ...f, applicationId: app.id, uploadedAt: now })) });
    // A resubmission records how many files the application now has, and those it brought.
    const attached = action === "resubmit" ? { evidence: app._count.evidence + stored.length, attached: stored.map((f) => ({ name: f.originalName, mime: f.mime, bytes: f.bytes })) } : {};
    await recordAudit(tx, actor, { entityType: "GiApplication", entityId: app.id, action, fromState: from, toState: to, reason: change.reason ?? null, data: { party, version, ...change.audit, ...attached } });
    const facts = { id: app.id, productName: app.product.name, enterpriseName: app.enterpriseName };
    if (action === "resubmit") await tellGovernmentToReview(tx, facts, version, true);
    const body = change.tell(version);
    if (body) await tellApplicant(tx, app.orgId, facts, version, body);
    return giStateFor(actor, party, { id: app.id, status: to, version, certificateNumber: change.certificateNumber ?? app.certificateNumber });
  });
  return keepOnlyIfWritten(moved, stored);
}
