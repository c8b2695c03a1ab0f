// The public search page /patents and the relevance floor (issue 18, item 3), through the
// real server: hits below the floor come after a divider "以下结果相关度较低"; when nothing
// is above it the page says "没有找到相关度高的专利" and still shows the low ones; a query of
// only common words or markup shows the engine's suggestion instead of every patent; the
// facet counts follow what is listed; no score is printed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPatent } from "~/domain/patents/save-patent.server";
import { closePatentSearch, syncSearchNow } from "~/domain/patents/search-index.server";
import { actorOf, patentInput } from "../../test/factories/patents";
import { startTestServer } from "../../test/setup/http";
import { decodeEntities } from "../../test/fixtures/html";

const server = await startTestServer();

/** Eight technical words; the rich patent has them all, the others only 电池, the commonest. */
const Q = "电池 电解液 隔膜 储能 电堆 双极板 离子交换 液流";
const RICH = "一种全钒液流电池的电堆";
const THIN = ["一种电池外壳的卡扣结构", "一种锂电池的充电保护电路"];

const decode = decodeEntities;
/** The page's text without scripts, styles and tags (inline ones such as a highlight's <mark> join their text). */
const visibleText = (html: string) =>
  decode(
    html
      .replace(/<script[\s\S]*?<\/script>/g, " ")
      .replace(/<style[\s\S]*?<\/style>/g, " ")
      .replace(/<\/?(?:mark|span|strong|em|b)\b[^>]*>/g, "")
      .replace(/<[^>]+>/g, " "),
  );
const page = async (params: Record<string, string>) => {
  const res = await server.client().get(`/patents?${new URLSearchParams(params)}`);
  expect(res.status).toBe(200);
  return res.text();
};

beforeAll(async () => {
  const holder = await actorOf("UNIVERSITY");
  await createPatent(
    holder,
    patentInput({ title: RICH, abstract: "本发明公开了一种全钒液流电池的电堆，包括双极板、离子交换隔膜和电解液，用于大规模储能。", askingPrice: "900000.00" }),
    { publish: true },
  );
  for (const title of THIN) {
    await createPatent(holder, patentInput({ title, abstract: `本发明公开了${title}，结构简单。`, askingPrice: "1000.00" }), { publish: true });
  }
  await syncSearchNow();
});

afterAll(async () => {
  await server.close();
  await closePatentSearch();
});

describe("/patents and the relevance floor", () => {
  it("lists the relevant patent first and the low-relevance ones under the divider, also sorted by price, without a score", async () => {
    for (const sort of ["relevance", "price-asc"]) {
      const html = await page({ q: Q, sort });
      const text = visibleText(html);
      const divider = text.indexOf("以下结果相关度较低");
      expect(divider, sort).toBeGreaterThan(0);
      expect(text.indexOf(RICH), sort).toBeGreaterThan(0);
      expect(text.indexOf(RICH), sort).toBeLessThan(divider);
      for (const title of THIN) expect(text.indexOf(title), `${sort} ${title}`).toBeGreaterThan(divider);
      expect(html).toContain('data-testid="low-relevance"');
      expect(html).not.toContain('data-testid="none-relevant"');
      expect(text).not.toMatch(/相关度[:：]?\s*0\.\d|score|得分|分数/i);
    }
  });

  it("says that nothing closely relevant was found when every hit is below the floor, and shows them below", async () => {
    // Only the commonest word and words no patent has: every hit answers a small share.
    const html = await page({ q: "电池 钠硫 熔盐 固态电解质 储热 飞轮 超导 磁悬浮" });
    const text = visibleText(html);
    expect(html).toContain('data-testid="none-relevant"');
    expect(text).toContain("没有找到相关度高的专利");
    const notice = text.indexOf("没有找到相关度高的专利");
    for (const title of THIN) expect(text.indexOf(title)).toBeGreaterThan(notice);
    expect(text).toContain("以下结果相关度较低");
    expect(html).not.toContain('data-testid="no-results"');
  });

  it.each(["<p>&nbsp;</p>", "的 了 是"])("shows the suggestion for the junk query %j, and no patent", async (q) => {
    const html = await page({ q });
    const text = visibleText(html);
    expect(html).toContain('data-testid="junk-query"');
    expect(text).toContain("检索词里没有可检索的内容");
    expect(text).toMatch(/请输入/);
    expect(text).toContain("共 0 件专利");
    expect(text).not.toContain(RICH);
    expect(html).not.toContain('class="card hit');
  });

  it("counts the facets over what is listed", async () => {
    const typeCounts = (html: string) => {
      const group = /data-facet="type"[\s\S]*?<\/details>/.exec(html)?.[0] ?? "";
      return [...group.matchAll(/class="facet-count">(\d+)</g)].reduce((sum, m) => sum + Number(m[1]), 0);
    };
    const html = await page({ q: Q });
    const total = Number(/共 (\d+) 件专利/.exec(visibleText(html))?.[1]);
    expect(total).toBeGreaterThanOrEqual(3);
    expect(typeCounts(html)).toBe(total);
    // Junk lists nothing, so nothing is counted either.
    expect(typeCounts(await page({ q: "的 了 是" }))).toBe(0);
  });
});
