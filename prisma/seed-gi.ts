import { applyForGiMark } from "../app/domain/gi/apply.server";
import { saveGiProduct } from "../app/domain/gi/products.server";
import { importGiRegister } from "../app/domain/gi/register-import.server";
import type { GiKind } from "../app/generated/prisma/enums";
import { county } from "../app/domain/identity/county";
import { withUsccCheck } from "../app/domain/identity/uscc";
import { bookToday } from "../app/domain/shared/book-dates";
import { db } from "../app/utils/db.server";
import { DEMO_ORGS, DEMO_SECOND_SME } from "./seed-data";
import { ownerActor } from "./seed-deals";

/**
 * Demo geographical indications (issue 16): 柞水木耳 and a second product, both marked 示例;
 * the county's existing special-mark users as a register import (ten fictional enterprises,
 * so the county starts from its baseline of 10, SPEC §9); and one application by the second
 * demo SME waiting for the county's review. Everything goes through the GI use cases with the
 * county government as the actor, so the demo obeys the same rules, numbering and audit trail.
 * The first demo SME has no GI application, so its own journey (apply for 柞水木耳) is free.
 * Idempotent: products are matched by name, the register is imported once, the application
 * is made once.
 */
type DemoGiProduct = { name: string; kind: GiKind; registrationNumber: string; protectedTowns: readonly string[]; qualityStandard: string; notes: string; certificatePrefix: string };

export const DEMO_GI_PRODUCTS: readonly DemoGiProduct[] = [
  {
    name: "柞水木耳",
    kind: "CERTIFICATION_MARK",
    registrationNumber: "第 2019xxxx 号(示例)",
    protectedTowns: county.towns,
    qualityStandard: "柞水木耳地理标志证明商标使用管理规则及质量技术要求(示例)",
    notes: "示例数据：县域全部乡镇（街道）均在保护范围内。",
    certificatePrefix: "ZSGI",
  },
  {
    name: "柞水核桃",
    kind: "PROTECTED_PRODUCT",
    registrationNumber: "公告第 20xx 号(示例)",
    protectedTowns: county.towns.slice(0, 5),
    qualityStandard: "柞水核桃地理标志产品质量技术要求(示例)",
    notes: "示例数据，非真实登记信息。",
    certificatePrefix: "ZSHT",
  },
];

const REGISTER_TOWNS = county.towns;

/** Ten fictional existing users of 柞水木耳, announced over the plan's first years. */
function demoRegisterCsv(): string {
  const header = "企业名称,统一社会信用代码,地理标志产品,乡镇（街道）,公告号,公告日期";
  const names = ["金米村木耳专业合作社", "秦岭天然食品有限公司", "终南山珍木耳种植合作社", "黑木耳产业开发有限公司", "营盘镇木耳种植专业合作社", "下梁镇富民食用菌合作社", "红岩寺山货有限公司", "曹坪镇秦岭菌业有限公司", "杏坪镇绿源木耳合作社", "凤凰古镇土特产有限公司"];
  const rows = names.map((name, i) => {
    const uscc = withUsccCheck(`93${county.divisionCode}MA7GQ${String(i + 1).padStart(4, "0")}`);
    const year = 2021 + Math.floor(i / 3);
    const date = `${year}-${String(3 + (i % 3) * 3).padStart(2, "0")}-15`;
    return [`${county.name}${name}(示例)`, uscc, "柞水木耳", REGISTER_TOWNS[i % REGISTER_TOWNS.length], `柞市监公告〔${year}〕${i + 1}号(示例)`, date].join(",");
  });
  return [header, ...rows].join("\n") + "\n";
}

/** A one-page PDF (the smallest well-formed file) standing in for a production licence. */
function demoEvidencePdf(): Uint8Array {
  return new TextEncoder().encode("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
}

export async function seedDemoGi(): Promise<{ products: number; registered: number; applications: number }> {
  const government = await ownerActor(DEMO_ORGS.GOVERNMENT.uscc);
  const productIds: Record<string, string> = {};
  for (const p of DEMO_GI_PRODUCTS) {
    const existing = await db.giProduct.findUnique({ where: { name: p.name }, select: { id: true } });
    const id = existing?.id ?? (await saveGiProduct(government, { ...p, protectedTowns: [...p.protectedTowns] })).id;
    await db.giProduct.update({ where: { id }, data: { isDemo: true } });
    productIds[p.name] = id;
  }

  let registered = await db.giApplication.count({ where: { source: "REGISTER_IMPORT" } });
  if (registered === 0) {
    const result = await importGiRegister(government, { bytes: new TextEncoder().encode(demoRegisterCsv()), name: "柞水县地理标志专用标志使用企业名录(示例).csv", type: "text/csv" });
    if (!result.ok) throw new Error(`demo GI register refused: ${JSON.stringify(result.errors)}`);
    registered = result.users.length;
  }

  let applications = 0;
  const sme2 = await ownerActor(DEMO_SECOND_SME.org.uscc);
  const walnut = productIds["柞水核桃"];
  if (!(await db.giApplication.findFirst({ where: { orgId: sme2.orgId, productId: walnut }, select: { id: true } }))) {
    await applyForGiMark(
      sme2,
      {
        productId: walnut,
        productionAddress: `${county.name}${DEMO_SECOND_SME.org.town}秦岭山珍产业园 3 号(示例)`,
        town: DEMO_SECOND_SME.org.town,
        annualOutputKg: 12000,
        description: `核桃基地 300 亩，年产干核桃约 12 吨，按质量技术要求分级包装。（示例，${bookToday()} 提交）`,
        commitment: true,
      },
      [{ bytes: demoEvidencePdf(), name: "食品生产许可证(示例).pdf", type: "application/pdf" }],
    );
    applications = 1;
  }
  return { products: DEMO_GI_PRODUCTS.length, registered, applications };
}
