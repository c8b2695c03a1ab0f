import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { drawSample } from "~/domain/gi/sampler.server";
import { dateColumn } from "~/domain/shared/calendar";
import { pinClock } from "~/domain/shared/clock";
import { db } from "~/utils/db.server";
import { randomUscc } from "../../test/factories";
import { startTestServer } from "../../test/setup/http";
import { signedInUser } from "../../test/fixtures/page-sessions";

/** The spot-check pages (issue 16 §6): open a check with a percentage, the redraw facts, results with field errors and 409, visibility. */
const unpin = pinClock("2026-12-04T10:00:00+08:00");
const server = await startTestServer();
afterAll(async () => {
  await server.close();
  unpin();
});

const signedIn = async (kind: "GOVERNMENT" | "PLATFORM" | "SME" | "BANK") => (await signedInUser(server, { kind })).client;

async function productWithUsers(n: number) {
  const tag = randomBytes(3).toString("hex").toUpperCase();
  const product = await db.giProduct.create({ data: { name: `页面木耳-${tag}`, kind: "PROTECTED_PRODUCT", registrationNumber: tag, protectedTowns: ["营盘镇"], qualityStandard: "-", certificatePrefix: `P${tag}` } });
  const certificates: string[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const c = `P${tag}-2025-${String(seq).padStart(4, "0")}`;
    certificates.push(c);
    await db.giApplication.create({
      data: { productId: product.id, source: "REGISTER_IMPORT", status: "APPROVED", enterpriseName: `页面合作社${tag}-${seq}`, uscc: randomUscc(), town: "营盘镇", announcedOn: dateColumn("2025-05-01"), certificateNumber: c, certificateYear: 2025, certificateSeq: seq },
    });
  }
  return { product, certificates: certificates.sort() };
}

describe("GI spot-check pages", () => {
  it("GOVERNMENT opens a check typing 20%, sees seed, population, algorithm and draw keys, records a FAIL (every bad field named), and a stale form says so", async () => {
    const gov = await signedIn("GOVERNMENT");
    const { product, certificates } = await productWithUsers(10);
    const list = await gov.get("/gi/spot-checks");
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain("开展新的抽查");
    expect(html).toContain(`${product.name}（有效使用企业 10 家）`);
    expect(html).toMatch(/name="seed"[^>]*value="[2-9A-Z]{12}"|value="[2-9A-Z]{12}"[^>]*name="seed"/);

    // Every bad field at once, next to its field.
    const bad = await gov.postForm("/gi/spot-checks?index", { productId: "", year: "2030", share: "150%", seed: "" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    for (const id of ["productId-error", "year-error", "share-error", "seed-error"]) expect(badHtml).toContain(`id="${id}"`);

    const opened = await gov.postForm("/gi/spot-checks?index", { productId: product.id, year: "2026", share: "20%", seed: "页面种子" }, { redirect: "manual" });
    expect(opened.status).toBe(302);
    const location = opened.headers.get("Location")!;
    expect(location).toMatch(/^\/gi\/spot-checks\/[^/?]+\?opened=1$/);
    const page = await (await gov.get(location)).text();
    expect(page).toContain("任何人可用相同种子与总体复核抽样结果");
    expect(page).toContain("页面种子");
    expect(page).toContain(">20%<"); // a share as an exact percentage, not the stored decimal (issue 19)
    expect(page).toContain("sha256-rank-v1");
    for (const c of certificates) expect(page).toContain(c);
    const sample = drawSample("页面种子", certificates, "0.2");
    expect(sample).toHaveLength(2);
    expect(page.indexOf(sample[0])).toBeLessThan(page.lastIndexOf(sample[1]));
    expect(page).toContain("查看申请与授权");

    const check = await db.giSpotCheck.findFirstOrThrow({ where: { productId: product.id }, include: { items: { orderBy: { drawOrder: "asc" } } } });
    const item = check.items[0];
    const path = `/gi/spot-checks/${check.id}`;
    const missing = await gov.postForm(path, { intent: "result", itemId: item.id, version: "1", result: "FAIL", findings: "", rectifyBy: "2026-12-04" });
    expect(missing.status).toBe(400);
    const missingHtml = await missing.text();
    expect(missingHtml).toContain(`id="item-${item.id}-findings-error"`);
    expect(missingHtml).toContain("整改期限应晚于今天");

    const failed = await gov.postForm(path, { intent: "result", itemId: item.id, version: "1", result: "FAIL", findings: "标志尺寸不符合规定", rectifyBy: "2027-01-15" });
    expect(failed.status).toBe(200);
    const failedHtml = await failed.text();
    expect(failedHtml).toContain("已记录");
    expect(failedHtml).toContain("标志尺寸不符合规定");
    expect(failedHtml).toContain("登记整改完成");

    // The same form again (version 1): the page says it is out of date, and nothing changes.
    const stale = await gov.postForm(path, { intent: "result", itemId: item.id, version: "1", result: "PASS" });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("该记录刚被他人更新");
    expect((await db.giSpotCheckItem.findUniqueOrThrow({ where: { id: item.id } })).result).toBe("FAIL");
  });

  it("PLATFORM reads without forms; SMEs and banks get 404", async () => {
    const gov = await signedIn("GOVERNMENT");
    const { product } = await productWithUsers(2);
    const opened = await gov.postForm("/gi/spot-checks?index", { productId: product.id, year: "2026", share: "0.5", seed: "s" }, { redirect: "manual" });
    const location = opened.headers.get("Location")!.replace("?opened=1", "");
    const platform = await signedIn("PLATFORM");
    const read = await platform.get(location);
    expect(read.status).toBe(200);
    const html = await read.text();
    expect(html).toContain("您可以查看本次抽查，但不能记录结果");
    expect(html).not.toContain('name="intent"');
    expect(await (await platform.get("/gi/spot-checks")).text()).not.toContain("开展新的抽查");
    for (const kind of ["SME", "BANK"] as const) {
      const other = await signedIn(kind);
      expect((await other.get("/gi/spot-checks")).status).toBe(404);
      expect((await other.get(location)).status).toBe(404);
      expect((await other.postForm(location, { intent: "close", version: "1" })).status).toBe(404);
    }
  });
});
