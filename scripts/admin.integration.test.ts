import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hashApiKey } from "~/domain/identity/api-key-secret";
import { withUsccCheck } from "~/domain/identity/uscc";
import { db } from "~/utils/db.server";

/** Runs `npm run admin -- …` the way an operator would, against this file's database. */
function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.resolve("node_modules/.bin/tsx"),
      ["scripts/admin.ts", ...args],
      { env: { ...process.env, LOG_LEVEL: "silent" }, timeout: 150_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error.code as number | undefined) ?? 1) : 0, stdout, stderr }),
    );
  });
}

const USCC = withUsccCheck("91611033MA6YCX001");

describe("admin CLI", () => {
  it("creates an org, activates it, adds its owner and issues a key printed once", { timeout: 300_000 }, async () => {
    const created = await admin("org:create", "--name", "柞水县示范银行", "--kind", "BANK", "--uscc", USCC, "--town", "乾佑街道");
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("机构已创建");
    const org = await db.organization.findUniqueOrThrow({ where: { uscc: USCC } });
    expect(org).toMatchObject({ name: "柞水县示范银行", kind: "BANK", status: "PENDING", town: "乾佑街道", county: "柞水县" });

    const activated = await admin("org:activate", USCC.toLowerCase());
    expect(activated.code).toBe(0);
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).status).toBe("ACTIVE");

    const user = await admin("user:create", "--email", "Owner@Bank.example", "--name", "行长", "--password", "Long-enough-9", "--org", org.id, "--role", "OWNER");
    expect(user.code).toBe(0);
    const membership = await db.membership.findFirstOrThrow({ where: { orgId: org.id }, include: { user: true } });
    expect(membership).toMatchObject({ role: "OWNER", user: { email: "owner@bank.example", name: "行长" } });

    const issued = await admin("apikey:create", "--org", USCC, "--name", "信贷系统");
    expect(issued.code).toBe(0);
    const key = issued.stdout.match(/^ipb_[0-9A-Za-z]{8}_[0-9A-Za-z]{40}$/m)?.[0];
    expect(key).toBeDefined();
    expect(issued.stdout).toMatch(/只显示这一次/);
    expect(issued.stdout).toMatch(/shown only once/);
    expect(await db.apiKey.findUniqueOrThrow({ where: { hash: hashApiKey(key!) } })).toMatchObject({ orgId: org.id, name: "信贷系统", createdById: null });

    // Everything the CLI did is audited as the system actor.
    const audit = await db.auditEvent.findMany({ where: { orgId: org.id }, orderBy: { at: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["org.created", "org.activated", "user.created", "apikey.created"]);
    expect(audit.every((e) => e.actorUserId === "system")).toBe(true);
  });

  it("records an appraiser's filing and qualifications, and refuses a non-appraiser or an unknown asset type", { timeout: 300_000 }, async () => {
    const uscc = withUsccCheck("91611033MA6YCX002");
    expect((await admin("org:create", "--name", "示范评估所", "--kind", "APPRAISER", "--uscc", uscc, "--status", "ACTIVE")).code).toBe(0);
    const set = await admin("appraiser:profile", "--org", uscc, "--filing", "陕评备-2026-001", "--qualified", "INVENTION,UTILITY_MODEL", "--capacity", "8");
    expect(set.stderr).toBe("");
    expect(set.code).toBe(0);
    const org = await db.organization.findUniqueOrThrow({ where: { uscc }, include: { appraiserProfile: true } });
    expect(org.appraiserProfile).toMatchObject({ filingRecordNumber: "陕评备-2026-001", qualifiedAssetTypes: ["INVENTION", "UTILITY_MODEL"], capacity: 8 });
    const unknownType = await admin("appraiser:profile", "--org", uscc, "--filing", "X-1", "--qualified", "HOUSE");
    expect(unknownType.code).toBe(1);
    expect(unknownType.stderr).toContain("--qualifiedAssetTypes");
    const bank = await admin("appraiser:profile", "--org", USCC, "--filing", "X-1", "--qualified", "INVENTION");
    expect(bank.code).toBe(1);
    expect(bank.stderr).toContain("不是资产评估机构");
  });

  it("refuses a USCC with a wrong check character, in Chinese and English, creating nothing", { timeout: 300_000 }, async () => {
    const bad = USCC.slice(0, 17) + (USCC[17] === "1" ? "2" : "1");
    const before = await db.organization.count();
    const res = await admin("org:create", "--name", "校验位错误企业", "--kind", "SME", "--uscc", bad);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toContain("--uscc");
    expect(res.stderr).toContain("统一社会信用代码校验位不正确");
    expect(res.stderr).toMatch(/Invalid arguments/);
    expect(await db.organization.count()).toBe(before);
  });

  it("explains other bad input and exits 1", { timeout: 300_000 }, async () => {
    const kind = await admin("org:create", "--name", "某企业", "--kind", "FARM", "--uscc", withUsccCheck("91611033MA6YCX002"));
    expect(kind.code).toBe(1);
    expect(kind.stderr).toContain("--kind");

    const unknownOrg = await admin("apikey:create", "--org", "no-such-org", "--name", "x");
    expect(unknownOrg.code).toBe(1);
    expect(unknownOrg.stderr).toMatch(/找不到机构 \/ No organization/);

    const unknownCommand = await admin("org:delete");
    expect(unknownCommand.code).toBe(1);
    expect(unknownCommand.stderr).toContain("Usage");

    const help = await admin("help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("apikey:create");
  });
});
