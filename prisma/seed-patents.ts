import { listingBlockers, patentRows } from "../app/domain/patents/patent-data";
import { backfillContentKeys, emitPatentChanged, writePatentRows } from "../app/domain/patents/save-patent.server";
import { patentInputSchema } from "../app/domain/patents/schemas";
import { db } from "../app/utils/db.server";
import { DEMO_PATENTS } from "./demo-patents";
import { clock } from "../app/domain/shared/clock";

/**
 * The demo catalog: about 60 patents written for this project on the county's industries,
 * held by the demo university, research institute and SOE (whose names carry 示例), all
 * marked isDemo. Every row goes through the same schema and row mapping as an import, so
 * the demo data is valid by the same rules. Idempotent by application number.
 */
export async function seedDemoPatents(holderIds: Record<"UNIVERSITY" | "RESEARCH_INSTITUTE" | "SOE", string>) {
  let created = 0;
  let updated = 0;
  for (const demo of DEMO_PATENTS) {
    const { holder, listing, ...fields } = demo;
    const input = patentInputSchema.parse({
      ...fields,
      mainIpc: fields.mainIpc || undefined,
      // The two lapsed demo patents carry no listing: they stay drafts.
      listingMode: listing?.mode,
      askingPrice: listing?.askingPrice,
      royaltyPercent: listing?.royaltyPercent,
      royaltyBasis: listing?.royaltyBasis,
      negotiable: listing?.negotiable ?? false,
      evaluationReportNo: listing?.evaluationReportNo,
    });
    const rows = patentRows(input);
    const listed = Object.keys(listingBlockers(rows.patent, rows.listing)).length === 0;
    await db.$transaction(async (tx) => {
      const existing = await tx.patent.findUnique({ where: { applicationNumber: input.applicationNumber }, select: { id: true, isDemo: true } });
      if (existing && !existing.isDemo) throw new Error(`${input.applicationNumber} belongs to a real patent; refusing to overwrite it`);
      const status = listed ? "LISTED" : "DRAFT";
      let id: string;
      if (existing) {
        await writePatentRows(tx, existing.id, rows, { status, holder: { connect: { id: holderIds[holder] } } });
        id = existing.id;
        updated++;
      } else {
        const p = await tx.patent.create({
          data: {
            ...rows.patent,
            holderId: holderIds[holder],
            status,
            listedAt: listed ? clock.now() : null,
            isDemo: true,
            listing: rows.listing ? { create: rows.listing } : undefined,
            ipc: { createMany: { data: rows.ipc } },
            inventors: { createMany: { data: rows.inventors } },
          },
          select: { id: true },
        });
        id = p.id;
        created++;
      }
      await emitPatentChanged(tx, [id], listed);
    });
  }
  // Rows written before patents had content keys (duplicate detection) get theirs; idempotent.
  await db.$transaction((tx) => backfillContentKeys(tx), { timeout: 600_000 });
  return { created, updated, total: DEMO_PATENTS.length };
}
