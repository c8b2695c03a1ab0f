import { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { can } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { clock } from "../shared/clock";
import { newId } from "../shared/ids";
import { hasForbiddenCharacters } from "../shared/text";
import { conflict, fieldErrorsOfIssues, forbidden, validation, type FieldErrors } from "../shared/errors";
import { giStateFor, type GiApplicationState } from "./application-state";
import { checkGiEvidenceFiles, keepOnlyIfWritten, storeGiEvidenceFiles, type GiUpload } from "./evidence.server";
import { GI_STATUS_NAMES, OPEN_GI_STATUSES } from "./machine";
import { tellGovernmentToReview } from "./notices.server";
import { townOutsideAreaError } from "./protected-area";
import { giApplicationInputSchema } from "./schemas";

/** Open or approved: the (product, enterprise) pair is taken (the partial unique index says the same). */
const TAKEN_STATUSES = [...OPEN_GI_STATUSES, "APPROVED"] as const;

const takenMessage = (productName: string, status: keyof typeof GI_STATUS_NAMES) =>
  `贵单位已有${productName}的地理标志专用标志申请（${GI_STATUS_NAMES[status]}），不能重复申请；请在原申请中继续办理`;

/** The partial unique index on (productId, uscc) refused a concurrent second application. */
function takenRace(productName: string) {
  return (e: unknown): never => {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw conflict(`贵单位已有${productName}的地理标志专用标志申请，不能重复申请`);
    throw e;
  };
}

/**
 * An SME applies to use a GI product's special mark (issue 16 §2): the production town must
 * lie in the product's protected area, the enterprise's name and USCC are the org's, and at
 * least one evidence file comes along (`evidenceToFollow`: the JSON API, whose files follow
 * through POST /gi-applications/{id}/evidence — GOVERNMENT cannot approve before one came).
 * Everything is checked before anything is written, and every bad field is named in one
 * answer; files are stored only then, and the row, its files, the audit event and the
 * notices to GOVERNMENT are one transaction. One open or approved application per
 * (product, enterprise): 409.
 */
export type { GiApplicationState };

export async function applyForGiMark(actor: Actor, input: unknown, files: GiUpload[], options: { evidenceToFollow?: boolean } = {}): Promise<GiApplicationState> {
  if (!can(actor, "gi.apply", { orgId: actor.orgId })) {
    throw forbidden(actor.orgKind === "SME" ? "机构尚未启用或已停用，不能申请" : "只有企业（含登记为企业的合作社）可以申请使用地理标志专用标志");
  }
  const parsed = giApplicationInputSchema.safeParse(input ?? {});
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOfIssues(parsed.error.issues);
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);

  const raw = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const productId = parsed.success ? parsed.data.productId : typeof raw.productId === "string" && raw.productId.trim().length <= 64 && !hasForbiddenCharacters(raw.productId) ? raw.productId.trim() : "";
  const product = productId ? await db.giProduct.findUnique({ where: { id: productId }, select: { id: true, name: true, protectedTowns: true } }) : null;
  if (productId && !product && !errors.productId) add("productId", "地理标志产品不存在");
  const town = parsed.success ? parsed.data.town : typeof raw.town === "string" ? raw.town : null;
  if (product && town !== null && !errors.town) {
    const outside = townOutsideAreaError(product, town);
    if (outside) add("town", outside);
  }

  if (files.length === 0 && !options.evidenceToFollow) add("evidence", "请上传至少一份证明材料（PDF、JPG 或 PNG，每个不超过 10 MB）");
  const checked = checkGiEvidenceFiles(files, (message) => add("evidence", message));
  if (Object.keys(errors).length || !parsed.success || !product) throw validation(errors);
  const data = parsed.data;

  const org = await db.organization.findUnique({ where: { id: actor.orgId }, select: { id: true, name: true, uscc: true } });
  if (!org) throw forbidden("机构不存在");
  const taken = await db.giApplication.findFirst({ where: { productId: product.id, OR: [{ orgId: org.id }, { uscc: org.uscc }], status: { in: [...TAKEN_STATUSES] } }, select: { status: true } });
  if (taken) throw conflict(takenMessage(product.name, taken.status));

  const id = newId();
  const stored = await storeGiEvidenceFiles(id, checked);
  // Nothing is left behind when the transaction fails: no row, and the files it would have named are removed.
  return keepOnlyIfWritten(
    db.$transaction(async (tx) => {
      const now = clock.now();
      await tx.giApplication.create({
        data: {
          id,
          productId: product.id,
          orgId: org.id,
          source: "APPLICATION",
          status: "SUBMITTED",
          enterpriseName: org.name,
          uscc: org.uscc,
          productionAddress: data.productionAddress,
          town: data.town,
          annualOutputKg: data.annualOutputKg,
          description: data.description,
          committedAt: now,
          submittedAt: now,
          createdAt: now,
          evidence: { create: stored.map((f) => ({ ...f, uploadedAt: now })) },
        },
      });
      await recordAudit(tx, actor, {
        entityType: "GiApplication",
        entityId: id,
        action: "apply",
        fromState: null,
        toState: "SUBMITTED",
        data: { productId: product.id, town: data.town, annualOutputKg: data.annualOutputKg, evidence: stored.map((f) => ({ name: f.originalName, mime: f.mime, bytes: f.bytes })) },
      });
      await tellGovernmentToReview(tx, { id, productName: product.name, enterpriseName: org.name }, 1, false);
      return giStateFor(actor, "APPLICANT", { id, status: "SUBMITTED", version: 1, certificateNumber: null });
    }),
    stored,
  ).catch(takenRace(product.name));
}
