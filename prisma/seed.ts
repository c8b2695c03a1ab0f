/**
 * npm run db:seed — demo data: one ACTIVE organization of every kind, one OWNER login
 * per kind (prisma/seed-data.ts), the demo patent catalog (prisma/demo-patents/), the
 * financing policy ZS-FIN@2024-1, an opening balance of the county risk fund, a second
 * demo SME, demo deals in several states (prisma/seed-deals.ts), and demo geographical
 * indications with the county's register of special-mark users (prisma/seed-gi.ts), and the
 * county indicators' history since 2024-01 (prisma/seed-indicators.ts).
 * Idempotent: organizations are matched by USCC, users by e-mail, patents by
 * application number and deals by (SME, patent), so running it again repairs the demo
 * data without duplicating anything. Never touches non-demo data.
 */
import { seedDemoWork } from "./seed-work";
import { hashPassword } from "../app/domain/identity/passwords.server";
import { db } from "../app/utils/db.server";
import { DEMO_KINDS, DEMO_ORGS, DEMO_PASSWORD, DEMO_SECOND_SME, DEMO_USERS, type DemoOrg, type DemoUser } from "./seed-data";
import { seedDemoDeals } from "./seed-deals";
import { seedDemoGi } from "./seed-gi";
import { seedDemoIndicators } from "./seed-indicators";
import { seedDemoPatents } from "./seed-patents";
import { ensureDefaultPolicy } from "../app/domain/financing/policy-store.server";
import { topUpRiskFund } from "../app/domain/financing/risk-fund.server";
import { systemActor } from "../app/domain/shared/actor";

async function main() {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const rows: string[][] = [];
  const orgIds: Partial<Record<string, string>> = {};

  for (const kind of DEMO_KINDS) {
    const o = DEMO_ORGS[kind];
    const u = DEMO_USERS[kind];
    orgIds[kind] = (await upsertDemoOrg(o, u, passwordHash)).orgId;
    rows.push([kind, u.email, u.name, o.name, o.uscc]);
  }
  await upsertDemoOrg(DEMO_SECOND_SME.org, DEMO_SECOND_SME.user, passwordHash);
  rows.push(["SME", DEMO_SECOND_SME.user.email, DEMO_SECOND_SME.user.name, DEMO_SECOND_SME.org.name, DEMO_SECOND_SME.org.uscc]);

  // The demo appraisal institution is filed and qualified for every asset type, so it can take jobs.
  const appraiserProfile = { filingRecordNumber: "陕评备-2023-0117(示例)", qualifiedAssetTypes: ["INVENTION", "UTILITY_MODEL", "DESIGN", "TRADEMARK", "GI_MARK"] as const, affiliatedOrgIds: [], capacity: 5 };
  await db.appraiserProfile.upsert({
    where: { orgId: orgIds.APPRAISER! },
    create: { orgId: orgIds.APPRAISER!, ...appraiserProfile, qualifiedAssetTypes: [...appraiserProfile.qualifiedAssetTypes] },
    update: { ...appraiserProfile, qualifiedAssetTypes: [...appraiserProfile.qualifiedAssetTypes] },
  });

  // The financing policy in force (ZS-FIN@2024-1) and an opening balance of the county's
  // risk-compensation fund, so that a default can be shared as SPEC §8 describes.
  await ensureDefaultPolicy();
  if ((await db.riskFundEntry.count()) === 0) {
    await topUpRiskFund({ ...systemActor(), orgId: orgIds.GOVERNMENT!, orgKind: "GOVERNMENT" }, { amount: "2000000.00", note: "县级知识产权质押融资风险补偿资金首期注资（示例）" });
  }

  const patents = await seedDemoPatents({ UNIVERSITY: orgIds.UNIVERSITY!, RESEARCH_INSTITUTE: orgIds.RESEARCH_INSTITUTE!, SOE: orgIds.SOE! });
  const deals = await seedDemoDeals();
  const gi = await seedDemoGi();
  const work = await seedDemoWork();
  // Last: the indicators count the loans, deals and GI users above.
  const indicators = await seedDemoIndicators();

  console.log(`\n已写入演示数据 · demo data seeded: ${rows.length} organizations, all ACTIVE, marked 示例`);
  console.log(`演示专利 · demo patents: ${patents.total} (${patents.created} new, ${patents.updated} refreshed), held by the demo university, institute and SOE`);
  console.log(`演示交易 · demo deals: ${deals.created} new, ${deals.existing} already there${deals.skipped.length ? `, skipped: ${deals.skipped.join("; ")}` : ""}`);
  console.log(`演示地理标志 · demo GI: ${gi.products} products, ${gi.registered} registered special-mark users, ${gi.applications} new application(s)`);
  console.log(`演示待办 · demo work in progress: ${work.length ? work.join(", ") : "already there"}`);
  console.log(`演示指标 · demo indicators: ${indicators.loans} booked loan(s), ${indicators.entries} statistic entr(ies), ${indicators.snapshots} monthly snapshots since 2024-01`);
  console.log(`所有演示账号的密码 · password of every demo login: ${DEMO_PASSWORD}\n`);
  printTable(["类型 kind", "登录邮箱 login", "姓名", "机构 organization", "统一社会信用代码"], rows);
}

/** One demo org (matched by USCC, never a real one's) with its OWNER login (matched by e-mail). */
async function upsertDemoOrg(o: DemoOrg, u: DemoUser, passwordHash: string): Promise<{ orgId: string; userId: string }> {
  return db.$transaction(async (tx) => {
    const existing = await tx.organization.findUnique({ where: { uscc: o.uscc }, select: { id: true, isDemo: true } });
    if (existing && !existing.isDemo) throw new Error(`USCC ${o.uscc} belongs to a real organization; refusing to overwrite it`);
    const fields = { name: o.name, kind: o.kind, county: o.county, town: o.town, clusters: o.clusters, status: "ACTIVE" as const, isDemo: true };
    const org = await tx.organization.upsert({
      where: { uscc: o.uscc },
      create: { uscc: o.uscc, ...fields },
      update: fields,
      select: { id: true },
    });
    if (!existing) {
      await tx.auditEvent.create({
        data: { orgId: org.id, entityType: "Organization", entityId: org.id, action: "org.seeded", toState: "ACTIVE", reason: "演示数据" },
      });
    }
    const user = await tx.user.upsert({
      where: { email: u.email },
      create: { email: u.email, name: u.name, passwordHash },
      update: { name: u.name, passwordHash },
      select: { id: true },
    });
    await tx.membership.upsert({
      where: { userId_orgId: { userId: user.id, orgId: org.id } },
      create: { userId: user.id, orgId: org.id, role: "OWNER" },
      update: { role: "OWNER" },
    });
    return { orgId: org.id, userId: user.id };
  });
}

/** Columns aligned in a terminal, counting CJK characters as two columns wide. */
function printTable(header: string[], rows: string[][]) {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uFFFF]/.test(ch) ? 2 : 1), 0);
  const cols = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) => "  " + cells.map((c, i) => c + " ".repeat(cols[i] - width(c))).join("  ").trimEnd();
  console.log(line(header));
  console.log(line(cols.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(r));
}

try {
  await main();
} catch (err) {
  console.error("seed failed:", err);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
