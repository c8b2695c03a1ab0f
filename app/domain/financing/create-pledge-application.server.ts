import { db } from "~/utils/db.server";
import { assertCan } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { validation, type FieldErrors } from "../shared/errors";
import { Money } from "../shared/money";
import { assetTypeOfApplicationNumber, type PledgeApplicationInput } from "./schemas";
import type { PledgeAssetType } from "~/generated/prisma/enums";
import { clock } from "../shared/clock";

type AssetRow = { assetType: PledgeAssetType; patentId: string | null; registrationNumber: string; title: string };

/**
 * An SME starts a pledge application (DRAFT): the partner bank and insurer it chose, the
 * amount, term and purpose, and its assets — its own patents (from its catalog or by
 * application number) or trademark / GI collective-mark registrations. Nothing is
 * written unless every part is valid.
 */
export async function createPledgeApplication(actor: Actor, input: PledgeApplicationInput): Promise<{ id: string; version: number }> {
  assertCan(actor, "pledge.apply", { orgId: actor.orgId });
  const errors: FieldErrors = {};
  const [bank, insurer] = await Promise.all([
    db.organization.findUnique({ where: { id: input.bankId }, select: { kind: true, status: true } }),
    db.organization.findUnique({ where: { id: input.insurerId }, select: { kind: true, status: true } }),
  ]);
  if (bank?.kind !== "BANK" || bank.status !== "ACTIVE") errors.bankId = ["请选择平台上已启用的合作银行"];
  if (insurer?.kind !== "INSURER" || insurer.status !== "ACTIVE") errors.insurerId = ["请选择平台上已启用的保险机构"];

  const assets = await assetRows(actor, input, errors);
  if (Object.keys(errors).length > 0) throw validation(errors);

  return db.$transaction(async (tx) => {
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

async function assetRows(actor: Actor, input: PledgeApplicationInput, errors: FieldErrors): Promise<AssetRow[]> {
  const patentIds = input.assets.flatMap((a) => (a.kind === "CATALOG_PATENT" ? [a.patentId] : []));
  const patents = new Map(
    (
      await db.patent.findMany({
        where: { id: { in: patentIds }, holderId: actor.orgId },
        select: { id: true, type: true, title: true, applicationNumber: true, publicationNumber: true },
      })
    ).map((p) => [p.id, p]),
  );
  const rows: AssetRow[] = [];
  const seen = new Set<string>();
  input.assets.forEach((asset, i) => {
    const field = `assets.${i}`;
    let row: AssetRow | null = null;
    if (asset.kind === "CATALOG_PATENT") {
      const patent = patents.get(asset.patentId);
      if (!patent) errors[field] = ["只能质押本企业持有的专利"];
      else if (!patent.type) errors[field] = ["该专利缺少专利类型，请先补全"];
      else row = { assetType: patent.type, patentId: patent.id, registrationNumber: patent.applicationNumber ?? patent.publicationNumber ?? patent.id, title: patent.title };
    } else if (asset.kind === "PATENT") {
      row = { assetType: assetTypeOfApplicationNumber(asset.applicationNumber), patentId: null, registrationNumber: asset.applicationNumber, title: asset.title };
    } else {
      row = { assetType: asset.kind, patentId: null, registrationNumber: asset.registrationNumber, title: asset.title };
    }
    if (!row) return;
    if (seen.has(row.registrationNumber)) errors[field] = ["同一资产不能重复质押"];
    seen.add(row.registrationNumber);
    rows.push(row);
  });
  return rows;
}
