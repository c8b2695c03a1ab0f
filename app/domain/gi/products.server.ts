import { Prisma } from "~/generated/prisma/client";
import type { GiKind } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { assertCan } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { conflict, fieldErrorsOfIssues, notFound, validation, type FieldErrors } from "../shared/errors";
import { clock } from "../shared/clock";
import { hasForbiddenCharacters } from "../shared/text";
import { GI_KIND_NAMES, giProductInputSchema } from "./schemas";

/**
 * The county's GI products (issue 16 §1): public facts anyone may read (the list, the
 * protected area, the standard); only GOVERNMENT keeps them.
 */

export type GiProductView = {
  id: string;
  name: string;
  kind: GiKind;
  kindName: string;
  registrationNumber: string;
  protectedTowns: string[];
  qualityStandard: string;
  notes: string | null;
  certificatePrefix: string;
  isDemo: boolean;
  version: number;
  /** Authorized users whose authorization is in force (status APPROVED). */
  activeUsers: number;
  createdAt: string;
  updatedAt: string;
};

const NOT_FOUND = "地理标志产品";

type ProductRow = Prisma.GiProductGetPayload<object>;

function viewOf(p: ProductRow, activeUsers: number): GiProductView {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    kindName: GI_KIND_NAMES[p.kind],
    registrationNumber: p.registrationNumber,
    protectedTowns: p.protectedTowns,
    qualityStandard: p.qualityStandard,
    notes: p.notes,
    certificatePrefix: p.certificatePrefix,
    isDemo: p.isDemo,
    version: p.version,
    activeUsers,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

async function activeUsersOf(productIds: string[]): Promise<Map<string, number>> {
  if (!productIds.length) return new Map();
  const groups = await db.giApplication.groupBy({ by: ["productId"], where: { productId: { in: productIds }, status: "APPROVED" }, _count: { _all: true } });
  return new Map(groups.map((g) => [g.productId, g._count._all]));
}

/** Every GI product, by name (public: `actor` may be null). */
export async function listGiProducts(_actor: Actor | null): Promise<GiProductView[]> {
  const rows = await db.giProduct.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }] });
  const counts = await activeUsersOf(rows.map((r) => r.id));
  return rows.map((r) => viewOf(r, counts.get(r.id) ?? 0));
}

/** One GI product (public); 404 when there is none. */
export async function getGiProduct(_actor: Actor | null, id: string): Promise<GiProductView> {
  const row = typeof id === "string" && id.length <= 64 && !hasForbiddenCharacters(id) ? await db.giProduct.findUnique({ where: { id } }) : null;
  if (!row) throw notFound(NOT_FOUND);
  const counts = await activeUsersOf([row.id]);
  return viewOf(row, counts.get(row.id) ?? 0);
}

/** A unique index refused the write: a concurrent save took the name or the prefix. */
function uniqueRace(e: unknown): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw conflict("已有同名或同证书编号前缀的地理标志产品，请刷新后重试");
  throw e;
}

/**
 * GOVERNMENT adds a product, or updates one (`id` + the `version` it read; stale → 409).
 * Name and certificate prefix are unique (a field error each); the prefix of a product that
 * has issued certificates stays, so that numbers already printed keep meaning what they say.
 */
export async function saveGiProduct(actor: Actor, input: unknown): Promise<GiProductView> {
  assertCan(actor, "gi.review");
  const raw = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const id = typeof raw.id === "string" && raw.id.trim() ? raw.id.trim() : null;
  if (id && (id.length > 64 || hasForbiddenCharacters(id))) throw notFound(NOT_FOUND);
  const parsed = giProductInputSchema.safeParse(raw);
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOfIssues(parsed.error.issues);
  const existing = id ? await db.giProduct.findUnique({ where: { id } }) : null;
  if (id && !existing) throw notFound(NOT_FOUND);
  if (existing && parsed.success && parsed.data.version === undefined) errors.version = ["请提供当前版本号（version）"];

  if (parsed.success) {
    const data = parsed.data;
    const [sameName, samePrefix] = await Promise.all([
      db.giProduct.findFirst({ where: { name: data.name, ...(existing ? { NOT: { id: existing.id } } : {}) }, select: { id: true } }),
      db.giProduct.findFirst({ where: { certificatePrefix: data.certificatePrefix, ...(existing ? { NOT: { id: existing.id } } : {}) }, select: { name: true } }),
    ]);
    if (sameName) (errors.name ??= []).push("已有同名的地理标志产品");
    if (samePrefix) (errors.certificatePrefix ??= []).push(`证书编号前缀 ${data.certificatePrefix} 已由${samePrefix.name}使用`);
    if (existing && existing.certificatePrefix !== data.certificatePrefix) {
      const issued = await db.giApplication.count({ where: { productId: existing.id, certificateNumber: { not: null } } });
      if (issued) (errors.certificatePrefix ??= []).push("该产品已颁发证书，证书编号前缀不能再修改");
    }
  }
  if (Object.keys(errors).length || !parsed.success) throw validation(errors);
  const data = parsed.data;
  const fields = { name: data.name, kind: data.kind, registrationNumber: data.registrationNumber, protectedTowns: data.protectedTowns, qualityStandard: data.qualityStandard, notes: data.notes ?? null, certificatePrefix: data.certificatePrefix };

  const saved = await db
    .$transaction(async (tx) => {
      const now = clock.now();
      if (!existing) {
        const created = await tx.giProduct.create({ data: { ...fields, createdAt: now } });
        await recordAudit(tx, actor, { entityType: "GiProduct", entityId: created.id, action: "gi.product.create", data: fields });
        return created;
      }
      if (data.version !== existing.version) throw conflict(`该产品已被更新（当前版本 ${existing.version}），请刷新后重试`);
      const updated = await tx.giProduct.updateMany({ where: { id: existing.id, version: existing.version }, data: { ...fields, version: { increment: 1 } } });
      if (updated.count !== 1) throw conflict("该产品已被更新，请刷新后重试");
      const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify((existing as Record<string, unknown>)[k])));
      await recordAudit(tx, actor, { entityType: "GiProduct", entityId: existing.id, action: "gi.product.update", data: { version: existing.version + 1, changed } });
      return tx.giProduct.findUniqueOrThrow({ where: { id: existing.id } });
    })
    .catch(uniqueRace);
  const counts = await activeUsersOf([saved.id]);
  return viewOf(saved, counts.get(saved.id) ?? 0);
}
