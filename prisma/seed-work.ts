import { actOnPledgeApplication } from "../app/domain/financing/act-on-pledge-application.server";
import { createPledgeApplication } from "../app/domain/financing/create-pledge-application.server";
import { openGiSpotCheck } from "../app/domain/gi/spot-checks.server";
import { createNeed } from "../app/domain/matching/needs.server";
import { withCheckDigit } from "../app/domain/patents/application-number";
import { startPatentImport } from "../app/domain/patents/import-patents.server";
import { bookToday } from "../app/domain/shared/book-dates";
import { db } from "../app/utils/db.server";
import { DEMO_ORGS, DEMO_SECOND_SME } from "./seed-data";
import { ownerActor } from "./seed-deals";

/**
 * Work in progress, so that every role's pages have something to open on a fresh demo
 * (issue 19: every page of every role is swept): a technology need of the demo SME, whose
 * matches the worker computes; a pledge application of the second demo SME waiting for
 * appraisal bids (the appraiser's job list); an open GI spot check of 柞水木耳; and a bulk
 * import the demo university tried, refused for a wrong check digit, with its error
 * report. Each goes through its use case as the party, so the rules, audit trail and
 * notices are the real ones. Idempotent: each is made once, recognised by its title.
 * None touches what the demo journeys use (the 木耳 patents, the demo SME's pledges), and nothing is added to the catalog.
 */
const NEED_TITLE = "木耳烘干太慢还发霉(示例)";
const PLEDGE_PURPOSE = "采购中药材烘干线，扩大秦岭药茶产能（示例）";
const IMPORT_FILE = "2026年第二批转化专利清单(示例).csv";
const SPOT_CHECK_SEED = "示例-柞水木耳-季度抽查";

export async function seedDemoWork(): Promise<string[]> {
  const made: string[] = [];
  const sme = await ownerActor(DEMO_ORGS.SME.uscc);
  if (!(await db.need.findFirst({ where: { orgId: sme.orgId, title: NEED_TITLE }, select: { id: true } }))) {
    await createNeed(sme, {
      title: NEED_TITLE,
      description: "我们合作社每年收几十吨黑木耳，靠太阳晒，碰上连阴雨就发霉变黑。想找一种烘干设备或办法，烘得快、颜色好，电费别太高。",
      ipcHints: [],
      clusters: ["木耳深加工"],
      budgetMax: "300000.00",
      preferredHolderKinds: [],
      subscribe: true,
    });
    made.push("a need");
  }

  const sme2 = await ownerActor(DEMO_SECOND_SME.org.uscc);
  if (!(await db.pledgeApplication.findFirst({ where: { smeId: sme2.orgId, purpose: PLEDGE_PURPOSE }, select: { id: true } }))) {
    const [bank, insurer] = await Promise.all([
      db.organization.findUniqueOrThrow({ where: { uscc: DEMO_ORGS.BANK.uscc }, select: { id: true } }),
      db.organization.findUniqueOrThrow({ where: { uscc: DEMO_ORGS.INSURER.uscc }, select: { id: true } }),
    ]);
    const created = await createPledgeApplication(sme2, {
      bankId: bank.id,
      insurerId: insurer.id,
      requestedAmount: "600000.00",
      termMonths: 12,
      purpose: PLEDGE_PURPOSE,
      assets: [{ kind: "PATENT", applicationNumber: withCheckDigit("202320871245"), title: "一种中药材茶叶杀青揉捻一体机（示例）" }],
    });
    await actOnPledgeApplication(sme2, created.id, "submit", { version: created.version });
    made.push("a pledge application in appraisal");
  }

  const government = await ownerActor(DEMO_ORGS.GOVERNMENT.uscc);
  const product = await db.giProduct.findUnique({ where: { name: "柞水木耳" }, select: { id: true } });
  if (product && !(await db.giSpotCheck.findFirst({ where: { seed: SPOT_CHECK_SEED }, select: { id: true } }))) {
    const year = Number(bookToday().slice(0, 4));
    try {
      await openGiSpotCheck(government, { productId: product.id, year, share: "20%", seed: SPOT_CHECK_SEED });
      made.push("a GI spot check");
    } catch (error) {
      // No registered user to sample: nothing to check, and nothing else depends on it.
      console.warn(`演示抽查未开展 · demo spot check not opened: ${(error as Error).message}`);
    }
  }

  const university = await ownerActor(DEMO_ORGS.UNIVERSITY.uscc);
  if (!(await db.patentImport.findFirst({ where: { holderId: university.orgId, fileName: IMPORT_FILE }, select: { id: true } }))) {
    const good = withCheckDigit("202310455612");
    const wrongDigit = good.slice(0, -1) + (good.endsWith("0") ? "1" : "0");
    const csv = [
      "申请号,专利类型,标题,摘要,法律状态",
      `${wrongDigit},发明,一种核桃青皮脱除装置（示例）,本发明公开了一种核桃青皮脱除装置，滚筒揉搓去皮，破损率低。,有效`,
    ].join("\r\n");
    // All or nothing: the wrong check digit refuses the whole file, so nothing reaches the catalog.
    await startPatentImport(university, { fileName: IMPORT_FILE, contentType: "text/csv", bytes: new TextEncoder().encode(`\uFEFF${csv}\r\n`), mode: "ALL_OR_NOTHING" });
    made.push("a refused import");
  }
  return made;
}
