import { randomBytes, randomInt } from "node:crypto";
import { withCheckDigit } from "~/domain/patents/application-number";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import {
  ARTIFACTS,
  launchBrowser,
  loginAs,
  newPage,
  screenshot,
} from "./browser";

/**
 * The holder's catalog: the demo university imports a CSV with two bad rows, first
 * all-or-nothing (nothing imported, both errors listed), then skipping bad rows (the
 * valid ones appear in its catalog); and it adds, unlists and edits a patent by hand.
 */
/** A fresh invention application number: listing needs a valid one (issue 15). */
const appNo = () =>
  withCheckDigit(
    `2020${1}${String(randomInt(0, 10_000_000)).padStart(7, "0")}`
  );

describe("holder catalog journey", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const suffix = randomBytes(3).toString("hex");
  const tag = `导入测试${suffix}`;
  // Fresh application numbers: the rows are new patents every time the suite runs.
  const header =
    "申请号,标题,摘要,专利类型,申请日,授权日,法律状态,主分类号,发明人,产业集群,交易方式,价格（元）";
  const valid = (n: string) =>
    `${appNo()},${tag}-${n}：一种木耳菌渣的利用方法,本发明公开了一种木耳菌渣的利用方法（${n}），将菌渣粉碎发酵后制成有机肥。,发明,2020-05-10,2022-08-01,有效,A23L 31/00,王一; 王二,木耳深加工,普通许可,200000`;
  const csv = [
    header,
    valid("甲"),
    `${appNo()},${tag}-坏一：没有摘要的专利,,发明,2020-05-10,2022-08-01,有效,A23L 31/00,王一,木耳深加工,普通许可,200000`, // line 3
    valid("乙"),
    `,${tag}-坏二：一种木耳包装盒,本实用新型公开了一种木耳包装盒。,实用新型,2021-01-10,,审查中,B65D 85/00,王三,木耳深加工,拍卖,50000`, // line 5
    valid("丙"),
  ].join("\r\n");
  const file = {
    name: `专利-${suffix}.csv`,
    mimeType: "text/csv",
    buffer: Buffer.from(csv, "utf8"),
  };

  async function upload(page: Page, mode: RegExp) {
    await page.goto("/catalog/imports");
    await page.getByLabel("导入文件").setInputFiles(file);
    await page.getByRole("radio", { name: mode }).check();
    expect(
      await page.getByRole("checkbox", { name: /导入后直接挂牌/ }).isChecked()
    ).toBe(true);
    await page.getByRole("button", { name: "上传并导入" }).click();
    await page.waitForURL(/\/catalog\/imports\/[^/]+$/);
  }

  async function finished(page: Page) {
    const status = page.getByTestId("import-status");
    await expect
      .poll(() => status.getAttribute("data-status"), { interval: 250 })
      .toMatch(/SUCCEEDED|FAILED/);
    return status.getAttribute("data-status");
  }

  it("all-or-nothing: two bad rows, nothing imported, both errors shown", async () => {
    const { page, assertClean, close } = await newPage(browser);
    await loginAs(page, "UNIVERSITY");
    await page.goto("/catalog/imports");
    await screenshot(page, "50-import-form");
    await upload(page, /全部有效才导入/);
    expect(await finished(page)).toBe("FAILED");
    await expect
      .poll(() => page.getByTestId("import-processed").textContent())
      .toBe("已处理 5 / 5 行");
    expect(await page.getByTestId("import-created").textContent()).toBe("0");
    expect(await page.getByTestId("import-failed").textContent()).toBe("2");
    expect(await page.getByTestId("import-message").textContent()).toMatch(
      /未导入任何专利/
    );
    const rows = page.getByTestId("import-errors").locator("tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator("td").allTextContents()).toEqual([
      "3",
      "摘要",
      "请填写摘要",
    ]);
    const second = await rows.nth(1).locator("td").allTextContents();
    expect(second.slice(0, 2)).toEqual(["5", "交易方式"]);
    expect(second[2]).toMatch(/交易方式“拍卖”无效/);
    expect(
      await page.getByRole("progressbar", { name: "导入进度" }).count()
    ).toBe(1);
    await screenshot(page, "51-import-all-or-nothing-failed");

    await page.goto("/catalog");
    await expect.poll(() => page.getByTestId("catalog").isVisible()).toBe(true);
    expect(await page.getByText(tag).count()).toBe(0);
    assertClean();
    await close();
  });

  it("skip invalid rows: the valid rows are imported, listed and in the catalog", async () => {
    const { page, assertClean, close } = await newPage(browser);
    await loginAs(page, "UNIVERSITY");
    await upload(page, /导入有效行，跳过错误行/);
    expect(await finished(page)).toBe("SUCCEEDED");
    expect(await page.getByTestId("import-created").textContent()).toBe("3");
    expect(await page.getByTestId("import-listed").textContent()).toBe("3");
    expect(await page.getByTestId("import-drafted").textContent()).toBe("0");
    expect(await page.getByTestId("import-failed").textContent()).toBe("2");
    expect(
      await page.getByTestId("import-errors").locator("tbody tr").count()
    ).toBe(2);
    await screenshot(page, "52-import-skip-succeeded");

    await page.getByRole("link", { name: "查看我的专利" }).click();
    await page.waitForURL(/\/catalog$/);
    const rows = page
      .getByTestId("catalog")
      .locator("tbody tr", { hasText: tag });
    await expect.poll(() => rows.count()).toBe(3);
    for (const n of ["甲", "乙", "丙"]) {
      await expect
        .poll(() =>
          page
            .locator("tr", { hasText: `${tag}-${n}` })
            .getByTestId("patent-status")
            .textContent()
        )
        .toBe("挂牌中");
    }
    expect(await page.getByText(`${tag}-坏`).count()).toBe(0);
    await screenshot(page, "53-catalog-after-import");

    // The recent imports list shows both runs.
    await page.goto("/catalog/imports");
    await expect
      .poll(() =>
        page
          .getByTestId("imports")
          .locator("tr", { hasText: file.name })
          .count()
      )
      .toBe(2);
    assertClean();
    await close();
  });

  it("“导入后直接挂牌” without numbers or terms: drafts with their reasons, a duplicate refused; then several drafts listed at once", async () => {
    const { page, errors, close } = await newPage(browser);
    await loginAs(page, "UNIVERSITY");
    const draftTag = `草稿挂牌${suffix}`;
    const rows = [
      `${appNo()},${draftTag}-甲：一种木耳菌包的灭菌方法,本发明公开了一种木耳菌包的灭菌方法，能耗低。,发明,2020-05-10,2022-08-01,有效,A23L 31/00,,,,`,
      `${appNo()},${draftTag}-乙：一种木耳菌包的接种装置,本发明公开了一种木耳菌包的接种装置，效率高。,发明,2020-06-10,2022-09-01,有效,A23L 31/00,,,,`,
      `,${draftTag}-丙：一种香菇柄的利用方法,本发明公开了一种香菇柄的利用方法。,,,,,,,,,`, // no number, no type
      `,${draftTag}-丙：一种香菇柄的利用方法,本发明公开了一种香菇柄的利用方法,,,,,,,,,`, // the same text again
    ];
    const drafts = {
      name: `草稿-${suffix}.csv`,
      mimeType: "text/csv",
      buffer: Buffer.from([header, ...rows].join("\r\n"), "utf8"),
    };
    await page.goto("/catalog/imports");
    await page.getByLabel("导入文件").setInputFiles(drafts);
    await page.getByRole("radio", { name: /全部有效才导入/ }).check();
    await page.getByRole("button", { name: "上传并导入" }).click();
    await page.waitForURL(/\/catalog\/imports\/[^/]+$/);
    expect(await finished(page)).toBe("SUCCEEDED");
    expect(await page.getByTestId("import-created").textContent()).toBe("3");
    expect(await page.getByTestId("import-listed").textContent()).toBe("0");
    expect(await page.getByTestId("import-drafted").textContent()).toBe("3");
    const notes = page.getByTestId("import-notes").locator("tbody tr");
    expect(await notes.count()).toBe(4);
    expect(await notes.nth(0).locator("td").allTextContents()).toEqual([
      "2",
      "草稿",
      expect.stringMatching(/^挂牌前请先填写交易方式和价格条款/),
    ]);
    expect((await notes.nth(2).locator("td").allTextContents())[2]).toMatch(
      /挂牌须填写有效的申请号.*挂牌须填写专利类型/
    );
    expect(
      (await notes.nth(3).locator("td").allTextContents()).slice(0, 2)
    ).toEqual(["5", "疑似重复，未导入"]);
    await screenshot(page, "59-import-drafts-with-reasons");

    await page.getByRole("link", { name: "查看草稿并批量挂牌" }).click();
    await page.waitForURL(/\/catalog\?status=DRAFT$/);
    const row = (n: string) =>
      page
        .getByTestId("catalog")
        .locator("tbody tr", { hasText: `${draftTag}-${n}` });
    await expect.poll(() => row("丙").count()).toBe(1);
    // The draft without number and type cannot be selected, and says why.
    expect(await row("丙").getByRole("checkbox").isDisabled()).toBe(true);
    expect(await row("丙").getByTestId("blockers").textContent()).toMatch(
      /暂不能挂牌：.*申请号.*专利类型/
    );
    expect(await row("甲").getByTestId("blockers").count()).toBe(0);

    // Terms forgotten: the form says so, nothing is listed.
    await row("甲").getByRole("checkbox").check();
    await row("乙").getByRole("checkbox").check();
    await page.getByRole("button", { name: "挂牌所选专利" }).click();
    await expect
      .poll(() => page.getByText("请选择交易方式").first().isVisible())
      .toBe(true);
    expect(await row("甲").getByTestId("patent-status").textContent()).toBe(
      "草稿"
    );

    await row("甲").getByRole("checkbox").check();
    await row("乙").getByRole("checkbox").check();
    await page.getByLabel("交易方式").selectOption("NON_EXCLUSIVE");
    await page.getByLabel("价格（元）").fill("80000");
    await screenshot(page, "60-catalog-bulk-list-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "61-catalog-bulk-list-390");
    await page.screenshot({
      path: path.join(ARTIFACTS, "61-catalog-bulk-list-390-top.png"),
    });
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth)
    ).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByRole("button", { name: "挂牌所选专利" }).click();
    await expect
      .poll(() => page.getByTestId("bulk-done").textContent())
      .toBe("已挂牌 2 项专利，已进入公开检索。");
    await expect.poll(() => row("甲").count()).toBe(0); // the drafts tab no longer shows them
    expect(await row("丙").count()).toBe(1);
    await screenshot(page, "62-catalog-bulk-listed");

    await page.goto("/catalog?status=LISTED");
    for (const n of ["甲", "乙"])
      await expect
        .poll(() => row(n).getByTestId("patent-status").textContent())
        .toBe("挂牌中");
    // The refused submission's 400 is the only console line.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await close();
  });

  it("refuses files it can never import, on the form, storing nothing", async () => {
    const { page, errors, close } = await newPage(browser);
    await loginAs(page, "UNIVERSITY");
    await page.goto("/catalog/imports");
    const before = await page
      .getByTestId("imports")
      .locator("tbody tr")
      .count();

    // GBK bytes ("专利" in GB18030), as Excel saves a CSV by default.
    const gbk = Buffer.concat([
      Buffer.from("标题,摘要\r\n", "utf8"),
      Buffer.from([0xd7, 0xa8, 0xc0, 0xfb, 0x2c, 0xd7, 0xa8, 0xc0, 0xfb]),
    ]);
    await page
      .getByLabel("导入文件")
      .setInputFiles({ name: "excel.csv", mimeType: "text/csv", buffer: gbk });
    await page.getByRole("button", { name: "上传并导入" }).click();
    await expect
      .poll(() => page.getByTestId("import-error").textContent())
      .toMatch(/不是 UTF-8 编码.*另存为 UTF-8/);
    await screenshot(page, "58-import-not-utf8");

    // More than 50 MB: 413 with a plain explanation.
    const response = await page.request.post("/catalog/imports", {
      multipart: {
        file: {
          name: "huge.csv",
          mimeType: "text/csv",
          buffer: Buffer.alloc(51 * 1024 * 1024, 0x41),
        },
        mode: "ALL_OR_NOTHING",
      },
    });
    expect(response.status()).toBe(413);
    expect(await response.text()).toContain("文件过大，单个文件不能超过 50 MB");

    await page.goto("/catalog/imports");
    expect(await page.getByTestId("imports").locator("tbody tr").count()).toBe(
      before
    );
    // The refused upload's 400 is the only console line.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await close();
  });

  it("adds a patent by hand, lists it, unlists it and edits it; its text is never markup", async () => {
    const { page, assertClean, close } = await newPage(browser);
    await loginAs(page, "UNIVERSITY");
    await page.goto("/catalog/new");
    // Nothing filled in: the form says what is missing, field by field.
    await page.getByRole("button", { name: "保存并挂牌" }).click();
    await expect
      .poll(() => page.getByText("请填写标题").isVisible())
      .toBe(true);
    expect(await page.getByText("请填写摘要").isVisible()).toBe(true);
    await screenshot(page, "54-patent-form-errors");

    const title = `手工录入${suffix}：一种木耳多糖口服液`;
    const abstract = `本发明公开了一种木耳多糖口服液<script>window.__pwned = 1</script><b>不是粗体</b>，口感好。`;
    await page.getByLabel("标题").fill(title);
    await page.getByLabel("申请号").fill(appNo());
    await page.getByLabel("摘要").fill(abstract);
    await page.getByLabel("专利类型").selectOption("INVENTION");
    await page.getByLabel("申请日").fill("2021-06-01");
    await page.getByLabel("发明人").fill("赵六、钱七");
    await page.getByLabel("IPC 分类号").fill("A23L 33/105; A23L 2/38");
    await page.getByLabel("木耳深加工").check();
    await page.getByLabel("交易方式").selectOption("NON_EXCLUSIVE");
    await page.getByLabel("价格", { exact: true }).fill("20万");
    await page.getByLabel("价格可以面议").check();
    await screenshot(page, "55-patent-form-filled");
    await page.getByRole("button", { name: "保存并挂牌" }).click();
    await page.waitForURL(/\/patents\/[^/]+$/);
    const detailUrl = page.url();

    await expect
      .poll(() => page.getByTestId("patent-title").textContent())
      .toBe(title);
    expect(await page.getByTestId("patent-abstract").textContent()).toBe(
      abstract
    );
    expect(
      await page.evaluate(
        () => (window as unknown as { __pwned?: number }).__pwned
      )
    ).toBeUndefined();
    expect(await page.locator(".patent-detail b").count()).toBe(0);
    expect(await page.getByTestId("patent-status").textContent()).toBe(
      "挂牌中"
    );
    expect(await page.locator(".terms-card").textContent()).toMatch(/20万元/);
    await screenshot(page, "56-patent-detail-holder");

    await page.getByRole("button", { name: "下架" }).click();
    await expect
      .poll(() => page.getByTestId("patent-status").textContent())
      .toBe("已下架");
    await expect
      .poll(() =>
        page.getByText("已下架：该专利不再出现在公开检索中。").isVisible()
      )
      .toBe(true);
    await screenshot(page, "57-patent-unlisted");

    // Anyone else: an unlisted patent does not exist.
    const visitor = await newPage(browser);
    const response = await visitor.page.goto(detailUrl);
    expect(response?.status()).toBe(404);
    await visitor.close();

    await page.goto("/catalog?status=UNLISTED");
    await expect
      .poll(() => page.locator("tr", { hasText: title }).count())
      .toBe(1);
    await page
      .locator("tr", { hasText: title })
      .getByRole("link", { name: "编辑" })
      .click();
    await page.waitForURL(/\/catalog\/[^/]+\/edit$/);
    expect(await page.getByLabel("标题").inputValue()).toBe(title);
    expect(await page.getByLabel("价格", { exact: true }).inputValue()).toBe(
      "200000.00"
    );
    await page.getByLabel("标题").fill(`${title}（修订）`);
    await page.getByRole("button", { name: "保存并挂牌" }).click();
    await page.waitForURL(detailUrl);
    await expect
      .poll(() => page.getByTestId("patent-title").textContent())
      .toBe(`${title}（修订）`);
    expect(await page.getByTestId("patent-status").textContent()).toBe(
      "挂牌中"
    );
    assertClean();
    await close();
  });
});
