import { db, type Tx } from "~/utils/db.server";
import { toHalfWidth } from "../patents/text";
import { FINAL_STATUSES } from "./pledge-machine";
import { assertCan } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { validation, type FieldErrors } from "../shared/errors";
import { Money } from "../shared/money";
import { assetTypeOfApplicationNumber, type PledgeApplicationInput } from "./schemas";
import type { LegalStatus, PledgeAssetType } from "~/generated/prisma/enums";
import { clock } from "../shared/clock";

type AssetRow = { assetType: PledgeAssetType; patentId: string | null; registrationNumber: string; title: string; holderName: string | null; holderUscc: string | null };

/**
 * An SME starts a pledge application (DRAFT): the partner bank and insurer it chose, the
 * amount, term and purpose, and its assets — its own patents (from its catalog or by
 * application number) or trademark / GI collective-mark registrations. Nothing is
 * written unless every part is valid.
 */
export async function createPledgeApplication(actor: Actor, input: PledgeApplicationInput): Promise<{ id: string; version: number }> {
  assertCan(actor, "pledge.apply", { orgId: actor.orgId });
  return db.$transaction(async (tx) => {
    const errors: FieldErrors = {};
    const [bank, insurer, sme] = await Promise.all([
      tx.organization.findUnique({ where: { id: input.bankId }, select: { kind: true, status: true } }),
      tx.organization.findUnique({ where: { id: input.insurerId }, select: { kind: true, status: true } }),
      tx.organization.findUniqueOrThrow({ where: { id: actor.orgId }, select: { name: true, uscc: true } }),
    ]);
    if (bank?.kind !== "BANK" || bank.status !== "ACTIVE") errors.bankId = ["请选择平台上已启用的合作银行"];
    if (insurer?.kind !== "INSURER" || insurer.status !== "ACTIVE") errors.insurerId = ["请选择平台上已启用的保险机构"];

    const assets = await assetRows(tx, actor, sme, input, errors);
    if (Object.keys(errors).length > 0) throw validation(errors);

    const application = await tx.pledgeApplication.create({
      data: {
        smeId: actor.orgId,
        bankId: input.bankId,
        insurerId: input.insurerId,
        requestedAmountFen: Money.parseYuan(input.requestedAmount).fen,
        termMonths: input.termMonths,
        purpose: input.purpose,
        // The SLA clock of the first stage runs from here, by the application's clock (not the database's default).
        stageEnteredAt: clock.now(),
        assets: { createMany: { data: assets } },
      },
      select: { id: true, version: true },
    });
    await recordAudit(tx, actor, {
      entityType: "PledgeApplication",
      entityId: application.id,
      action: "create",
      toState: "DRAFT",
      data: { requestedAmount: input.requestedAmount, termMonths: input.termMonths, assets: assets.length },
    });
    return application;
  });
}

/** Names compare without spaces and with half-width brackets: "柞水（陕西）木耳" = "柞水(陕西)木耳". */
const sameName = (a: string, b: string) => {
  const norm = (s: string) => toHalfWidth(s).replace(/\s+/g, "");
  return norm(a) === norm(b);
};

/**
 * The rows of the application's assets, each checked against reality: a catalog patent
 * must be the SME's; a patent declared by number must not be another holder's in the
 * catalog, and its certificate holder (name and USCC) must be the SME; a mark's too. No
 * asset may be in another application that is still open. The numbers are locked for the
 * transaction, so two applications racing for one asset cannot both pass.
 */
async function assetRows(tx: Tx, actor: Actor, sme: { name: string; uscc: string }, input: PledgeApplicationInput, errors: FieldErrors): Promise<AssetRow[]> {
  const patentIds = input.assets.flatMap((a) => (a.kind === "CATALOG_PATENT" ? [a.patentId] : []));
  const declaredNumbers = input.assets.flatMap((a) => (a.kind === "PATENT" ? [a.applicationNumber] : []));
  const patents = await tx.patent.findMany({
    where: { OR: [{ id: { in: patentIds } }, { applicationNumber: { in: declaredNumbers } }] },
    select: { id: true, holderId: true, type: true, title: true, applicationNumber: true, publicationNumber: true, legalStatus: true, holder: { select: { name: true } } },
  });
  const byId = new Map(patents.map((p) => [p.id, p]));
  const byNumber = new Map(patents.flatMap((p) => (p.applicationNumber ? [[p.applicationNumber, p] as const] : [])));

  const rows: AssetRow[] = [];
  const fields: string[] = [];
  const seen = new Set<string>();
  input.assets.forEach((asset, i) => {
    const field = `assets.${i}`;
    const fail = (message: string, at = field) => void (errors[at] ??= []).push(message);
    let row: AssetRow | null = null;
    if (asset.kind === "CATALOG_PATENT") {
      const patent = byId.get(asset.patentId);
      if (!patent || patent.holderId !== actor.orgId) fail("只能质押本企业持有的专利");
      else if (!patent.type) fail("该专利缺少专利类型，请先补全");
      else if (ENDED.includes(patent.legalStatus)) fail("该专利权已终止（失效、无效或期满），不能质押");
      else row = { assetType: patent.type, patentId: patent.id, registrationNumber: patent.applicationNumber ?? patent.publicationNumber ?? patent.id, title: patent.title, holderName: null, holderUscc: null };
    } else {
      const holderOk = checkHolder(asset, sme, field, fail);
      if (asset.kind === "PATENT") {
        const listed = byNumber.get(asset.applicationNumber);
        if (listed && listed.holderId !== actor.orgId) fail(`该专利在平台上的权利人是“${listed.holder.name}”，只能质押本企业持有的专利`, `${field}.applicationNumber`);
        else if (listed && ENDED.includes(listed.legalStatus)) fail("该专利权已终止（失效、无效或期满），不能质押", `${field}.applicationNumber`);
        else if (holderOk) row = { assetType: listed?.type ?? assetTypeOfApplicationNumber(asset.applicationNumber), patentId: listed?.id ?? null, registrationNumber: asset.applicationNumber, title: asset.title, holderName: asset.holderName ?? null, holderUscc: asset.holderUscc ?? null };
      } else if (holderOk) {
        row = { assetType: asset.kind, patentId: null, registrationNumber: asset.registrationNumber, title: asset.title, holderName: asset.holderName ?? null, holderUscc: asset.holderUscc ?? null };
      }
    }
    if (!row) return;
    if (seen.has(row.registrationNumber)) fail("同一资产不能重复质押");
    seen.add(row.registrationNumber);
    rows.push(row);
    fields.push(field);
  });
  if (rows.length === 0) return rows;

  // One asset, one open pledge: lock the numbers (in a fixed order, no deadlock), then look.
  const numbers = [...new Set(rows.map((r) => r.registrationNumber))].sort();
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('pledged-asset:' || n, 0)) FROM unnest(${numbers}::text[]) AS n ORDER BY n`;
  const taken = await tx.pledgedAsset.findMany({
    where: { registrationNumber: { in: numbers }, application: { status: { notIn: [...FINAL_STATUSES] } } },
    select: { registrationNumber: true },
  });
  const takenNumbers = new Set(taken.map((t) => t.registrationNumber));
  rows.forEach((row, i) => {
    if (takenNumbers.has(row.registrationNumber)) (errors[fields[i]] ??= []).push("该资产已在另一笔尚未结束的质押申请中，不能重复质押");
  });
  return rows;
}

/** Legal statuses in which there is no right left to pledge. */
const ENDED: readonly LegalStatus[] = ["LAPSED", "INVALIDATED", "EXPIRED"];

/** The declared certificate holder, when declared, must be the applicant: its USCC, and its name. */
function checkHolder(asset: { holderName?: string; holderUscc?: string }, sme: { name: string; uscc: string }, field: string, fail: (message: string, at?: string) => void): boolean {
  let ok = true;
  if (asset.holderUscc !== undefined && asset.holderUscc !== sme.uscc) {
    fail(`证书上的权利人统一社会信用代码与本企业（${sme.uscc}）不一致：只能质押本企业持有的资产`, `${field}.holderUscc`);
    ok = false;
  }
  if (asset.holderName !== undefined && !sameName(asset.holderName, sme.name)) {
    fail(`证书上的权利人名称与本企业名称“${sme.name}”不一致：只能质押本企业持有的资产`, `${field}.holderName`);
    ok = false;
  }
  return ok;
}
