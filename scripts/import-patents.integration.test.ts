import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { createOrg } from "../test/factories";
import { KPPATENT_PATENTS } from "../test/fixtures/shared-data";

/** Runs `npm run import:patents -- …` as an operator would, against this file's database. */
function importPatents(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.resolve("node_modules/.bin/tsx"),
      ["scripts/import-patents.ts", ...args],
      { env: { ...process.env, LOG_LEVEL: "silent" }, timeout: 240_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error.code as number | undefined) ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("import:patents CLI", () => {
  it("loads KPPatent-ZH's patents.jsonl as it is into a holder named by USCC", { timeout: 300_000 }, async () => {
    const holder = await createOrg({ kind: "UNIVERSITY" });
    const run = await importPatents(KPPATENT_PATENTS(), "--holder", holder.uscc);
    expect(run.stdout).toContain("导入完成 / import succeeded: 450 行 rows, 新增 created 450");
    expect(run.code).toBe(0);
    expect(await db.patent.count({ where: { holderId: holder.id } })).toBe(450);
  });

  it("lists every bad row and exits 1, importing nothing", { timeout: 300_000 }, async () => {
    const holder = await createOrg({ kind: "SOE" });
    const file = path.join(process.env.TMPDIR ?? "/tmp", `ipb-import-${holder.id}.csv`);
    writeFileSync(file, "\uFEFF标题,摘要,申请号\n一种镁合金压铸件,镁合金压铸。,CN201710117081.7\n一种钒钛材料,,\n一种石墨烯涂层,涂层。,CN201710117081.3\n");
    const run = await importPatents(file, "--holder", holder.id);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("第 3 行 line 3 · abstract: 请填写摘要");
    expect(run.stdout).toMatch(/第 4 行 line 4 · applicationNumber: .*校验位/);
    expect(await db.patent.count({ where: { holderId: holder.id } })).toBe(0);

    const usage = await importPatents(file);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain("用法 / usage");
  });
});
