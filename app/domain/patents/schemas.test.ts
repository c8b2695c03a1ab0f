import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { county } from "~/domain/identity/county";
import { patentStatusBodySchema } from "./status";
import { withCheckDigit } from "./application-number";
import {
  patentImportRowSchema,
  fieldErrorsOf,
  needInputSchema,
  parseBoolean,
  type PatentInput,
  patentInputSchema,
  patentListQuerySchema,
  searchParamsToRecord,
  subscriptionInputSchema,
} from "./schemas";
import { KPPATENT_PATENTS } from "../../../test/fixtures/shared-data";

type Issues = { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };

/** field → all its messages, joined: one assertion shows every problem of an input. */
function errorsOf(result: Issues): Record<string, string> {
  const out: Record<string, string[]> = {};
  for (const i of result.error?.issues ?? []) (out[i.path.map(String).join(".")] ??= []).push(i.message);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.join(" | ")]));
}

const base = { title: "一种黑木耳多糖的提取方法", abstract: "本发明公开了一种黑木耳多糖的提取方法。" };
const parse = (input: Record<string, unknown>) => patentInputSchema.parse({ ...base, ...input });
const errors = (input: Record<string, unknown>) => errorsOf(patentInputSchema.safeParse({ ...base, ...input }));

const INVENTION_NO = "CN201710117081.7";
const UTILITY_NO = withCheckDigit("202220123456");
const DESIGN_NO = withCheckDigit("202230123456");

describe("patentInputSchema: the minimum", () => {
  it("needs only a title and an abstract, and fills the defaults", () => {
    expect(patentInputSchema.parse(base)).toEqual<PatentInput>({
      ...base,
      ipc: [],
      inventors: [],
      clusters: [],
      highValueFlags: [],
      legalStatus: "PENDING",
      negotiable: false,
    });
  });

  it("names each missing required field", () => {
    expect(errorsOf(patentInputSchema.safeParse({}))).toEqual({ title: "请填写标题", abstract: "请填写摘要" });
    expect(errorsOf(patentInputSchema.safeParse({ title: "  ", abstract: null }))).toEqual({ title: "请填写标题", abstract: "请填写摘要" });
  });

  it("checks text lengths in characters, after trimming", () => {
    expect(parse({ title: "  木耳  " }).title).toBe("木耳");
    expect(errors({ title: "耳" })).toEqual({ title: "标题至少 2 个字" });
    expect(errors({ title: "木".repeat(201) })).toEqual({ title: "标题不能超过 200 个字（当前 201 个字）" });
    expect(errors({ abstract: "字".repeat(5001) }).abstract).toContain("5000");
    expect(errors({ claims: "权".repeat(100_001) }).claims).toContain("100000");
    expect(errors({ advantage: "优".repeat(2001), targetApplication: "用".repeat(2001) })).toMatchObject({
      advantage: expect.stringContaining("技术优势不能超过 2000 个字"),
      targetApplication: expect.stringContaining("应用领域不能超过 2000 个字"),
    });
    expect(errors({ title: 42 })).toEqual({ title: "标题应为文本" });
  });

  it("treats blank optional values as absent, whatever their form", () => {
    const out = parse({ claims: "", mainIpc: null, filingDate: " ", askingPrice: "", trl: "", negotiable: "", ipc: "" });
    expect(out).not.toHaveProperty("claims");
    expect(out).not.toHaveProperty("filingDate");
    expect(out).not.toHaveProperty("askingPrice");
    expect(out.ipc).toEqual([]);
    expect(out.negotiable).toBe(false);
  });
});

describe("patentInputSchema: KPPatent-ZH rows", () => {
  const lines = readFileSync(KPPATENT_PATENTS(), "utf8").split("\n");

  it("pass as they are: extra keys dropped, a null publication number allowed, type from the kind code", () => {
    const row = JSON.parse(lines[0]);
    const out = patentInputSchema.parse(row);
    expect(out).not.toHaveProperty("sourceIndex");
    expect(out).not.toHaveProperty("keyphrases");
    expect(out.title).toBe(row.title);
    expect(out.publicationNumber).toBe(row.publicationNumber);
    expect(out.type).toBe("INVENTION");
    expect(out.legalStatus).toBe("PENDING");

    const withoutNumber = JSON.parse(lines.find((l) => l.includes('"publicationNumber": null'))!);
    const out2 = patentInputSchema.parse(withoutNumber);
    expect(out2).not.toHaveProperty("publicationNumber");
    expect(out2).not.toHaveProperty("type");
  });
});

describe("patentInputSchema: numbers and type", () => {
  it("normalizes numbers and derives the type from the application number", () => {
    const out = parse({ applicationNumber: "zl 2017 1 0117081.7", publicationNumber: "cn113914863a" });
    expect(out).toMatchObject({ applicationNumber: INVENTION_NO, publicationNumber: "CN113914863A", type: "INVENTION" });
    expect(parse({ applicationNumber: UTILITY_NO }).type).toBe("UTILITY_MODEL");
    expect(parse({ applicationNumber: DESIGN_NO }).type).toBe("DESIGN");
  });

  it("reports a wrong check digit with the expected one", () => {
    expect(errors({ applicationNumber: "CN201710117081.3" })).toEqual({ applicationNumber: "申请号校验位错误：应为 7（即 CN201710117081.7）" });
  });

  it("accepts the type as a value or a Chinese name, and checks it against the numbers", () => {
    expect(parse({ type: "utility_model" }).type).toBe("UTILITY_MODEL");
    expect(parse({ type: "实用新型" }).type).toBe("UTILITY_MODEL");
    expect(parse({ type: "外观设计专利" }).type).toBe("DESIGN");
    expect(parse({ applicationNumber: INVENTION_NO, type: "发明" }).type).toBe("INVENTION");
    expect(errors({ applicationNumber: INVENTION_NO, type: "DESIGN" })).toEqual({
      type: "专利类型与申请号不符：申请号第 5 位为 1，表示发明专利",
    });
    expect(errors({ type: "软件" }).type).toContain("可选：发明（INVENTION）、实用新型（UTILITY_MODEL）、外观设计（DESIGN）");
  });

  it("flags a publication kind code that contradicts the type", () => {
    expect(errors({ applicationNumber: INVENTION_NO, publicationNumber: "CN210123456U" })).toEqual({
      publicationNumber: "公开（公告）号 CN210123456U 的文献种类代码表示实用新型专利，与申请号对应的发明专利不符",
    });
    expect(errors({ type: "DESIGN", publicationNumber: "CN113914863A" }).publicationNumber).toContain("与专利类型“外观设计”不符");
  });
});

describe("patentInputSchema: IPC, inventors, clusters, flags", () => {
  it("splits, normalizes and deduplicates codes, putting the main code first", () => {
    const out = parse({ mainIpc: "A23L 31/00", ipc: "C12N 1/14；a23l31/00, A61K 36/06" });
    expect(out.mainIpc).toBe("A23L31/00");
    expect(out.ipc).toEqual(["A23L31/00", "C12N1/14", "A61K36/06"]);
  });

  it("takes the first code as the main one when none is named", () => {
    const out = parse({ ipc: ["A61K 36/06", "A23L 31/00"] });
    expect(out.mainIpc).toBe("A61K36/06");
    expect(out.ipc).toEqual(["A61K36/06", "A23L31/00"]);
  });

  it("reports every bad code by name", () => {
    const e = errors({ ipc: "A23L; X99Z 1/00; A23L 31/00", mainIpc: "A23" });
    expect(e.ipc).toContain("“A23L”只到小类");
    expect(e.ipc).toContain("“X99Z 1/00”的部应为 A–H");
    expect(e.mainIpc).toContain("只到大类");
    expect(errors({ ipc: [1, 2] }).ipc).toContain("文本列表");
  });

  it("reads inventors from an array or a separated string", () => {
    expect(parse({ inventors: "张三；李四、王五;张三" }).inventors).toEqual(["张三", "李四", "王五"]);
    expect(parse({ inventors: [" 张三 ", "", "李四"] }).inventors).toEqual(["张三", "李四"]);
  });

  it("accepts only the county's clusters and lists them when wrong", () => {
    expect(parse({ clusters: "木耳深加工，绿色食品" }).clusters).toEqual(["木耳深加工", "绿色食品"]);
    expect(errors({ clusters: ["房地产"] }).clusters).toBe(`产业集群“房地产”不在本县的产业集群中（本县产业集群：${county.clusters.join("、")}）`);
  });

  it("reads high-value flags by value or Chinese name, and TRL 1–9", () => {
    expect(parse({ highValueFlags: "海外同族;NATIONAL_AWARD", trl: "6" })).toMatchObject({
      highValueFlags: ["OVERSEAS_FAMILY", "NATIONAL_AWARD"],
      trl: 6,
    });
    expect(parse({ trl: 9 }).trl).toBe(9);
    expect(parse({ trl: "TRL 4" }).trl).toBe(4);
    expect(errors({ trl: "10" }).trl).toContain("1–9 的整数");
    expect(errors({ trl: 4.5 }).trl).toContain("1–9 的整数");
    expect(errors({ highValueFlags: ["GOLD"] }).highValueFlags).toContain("高价值专利类型“GOLD”无效");
  });
});

describe("patentInputSchema: dates and legal status", () => {
  it("reads dates leniently and defaults the status from the grant date", () => {
    const out = parse({ filingDate: "2017/3/1", grantDate: "2019年5月7日" });
    expect(out).toMatchObject({ filingDate: "2017-03-01", grantDate: "2019-05-07", legalStatus: "VALID" });
    expect(parse({ filingDate: "2017-03-01" }).legalStatus).toBe("PENDING");
    expect(parse({ legalStatus: "失效" }).legalStatus).toBe("LAPSED");
  });

  it("refuses future dates, dates before 1985-04-01 and a grant before the filing", () => {
    expect(errors({ filingDate: "2999-01-01" }).filingDate).toContain("申请日不能晚于今天");
    expect(errors({ filingDate: "1984-12-31" }).filingDate).toContain("不能早于 1985-04-01");
    expect(errors({ filingDate: "2019-01-01", grantDate: "2018-01-01" })).toEqual({ grantDate: "授权日不能早于申请日（2019-01-01）" });
    expect(errors({ grantDate: "2019-02-30" }).grantDate).toBe("授权日不是有效的日期：2019-02-30");
  });

  it("a granted patent cannot be pending", () => {
    expect(errors({ grantDate: "2019-01-01", legalStatus: "PENDING" })).toEqual({ legalStatus: "已填写授权日，法律状态不应为“审查中”" });
  });
});

describe("patentInputSchema: listing terms", () => {
  const granted = { applicationNumber: INVENTION_NO, filingDate: "2017-03-01", grantDate: "2019-05-07" };

  it("normalizes price, royalty and flags", () => {
    const out = parse({ ...granted, listingMode: "普通许可", askingPrice: 850000, royaltyPercent: "3.5%", royaltyBasis: "净销售额", negotiable: "是" });
    expect(out).toMatchObject({
      listingMode: "NON_EXCLUSIVE",
      askingPrice: "850000.00",
      royaltyPercent: "3.50",
      royaltyBasis: "NET_SALES",
      negotiable: true,
    });
    expect(parse({ ...granted, listingMode: "ASSIGNMENT", askingPrice: "85万" }).askingPrice).toBe("850000.00");
  });

  it("refuses bad prices", () => {
    expect(errors({ ...granted, listingMode: "ASSIGNMENT", askingPrice: -1 })).toEqual({ askingPrice: "价格不能为负数" });
    expect(errors({ ...granted, listingMode: "ASSIGNMENT", askingPrice: Number.NaN })).toEqual({ askingPrice: "价格应为金额（元），如 850000.00" });
    expect(errors({ ...granted, listingMode: "ASSIGNMENT", askingPrice: "12.345" }).askingPrice).toContain("两位小数");
    expect(errors({ ...granted, listingMode: "ASSIGNMENT", askingPrice: "0" })).toEqual({ askingPrice: "价格应大于 0" });
    expect(errors({ ...granted, listingMode: "ASSIGNMENT", askingPrice: true }).askingPrice).toContain("应为金额");
    expect(errors({ ...granted, listingMode: "ASSIGNMENT", royaltyPercent: "120" })).toEqual({ royaltyPercent: "提成比例不能超过 100%" });
  });

  it("needs a price or a royalty unless negotiable, and a mode for any terms", () => {
    expect(errors({ ...granted, listingMode: "ASSIGNMENT" })).toEqual({ askingPrice: "请填写价格或提成比例，或选择“价格面议”" });
    expect(parse({ ...granted, listingMode: "ASSIGNMENT", negotiable: "true" }).negotiable).toBe(true);
    expect(errors({ ...granted, askingPrice: "1000" })).toHaveProperty("listingMode");
    expect(errors({ negotiable: "也许" }).negotiable).toContain("应为是或否");
  });

  it("does not ask for a price when the given price is merely invalid", () => {
    expect(errors({ ...granted, listingMode: "ASSIGNMENT", askingPrice: "abc" })).toEqual({ askingPrice: "价格应为金额（元），如 850000.00" });
  });

  it("refuses listing a patent that has lapsed or whose term has run out", () => {
    expect(errors({ ...granted, legalStatus: "LAPSED", listingMode: "ASSIGNMENT", negotiable: true })).toEqual({
      listingMode: "该专利已失效，不能挂牌交易",
    });
    const old = { applicationNumber: withCheckDigit("200420000001"), filingDate: "2004-01-05", grantDate: "2005-01-05" };
    expect(errors({ ...old, listingMode: "ASSIGNMENT", negotiable: true })).toEqual({ listingMode: "该专利保护期已于 2014-01-05 届满，不能挂牌交易" });
  });

  it("applies the open-licence rules", () => {
    const utility = { applicationNumber: UTILITY_NO, filingDate: "2022-06-01", grantDate: "2022-12-01" };
    expect(
      errors({ ...utility, listingMode: "OPEN_LICENCE", askingPrice: "25000000", royaltyPercent: "25", royaltyBasis: "NET_SALES" }),
    ).toEqual({
      askingPrice: "开放许可的入门费不得超过 2,000 万元（当前 2,500万元）",
      royaltyPercent: "开放许可以净销售额为基数的提成比例不得超过 20%（当前 25.00%）",
      evaluationReportNo: "实用新型专利声明开放许可须提供专利权评价报告编号",
    });
    const ok = parse({ ...utility, listingMode: "开放许可", royaltyPercent: "35", royaltyBasis: "PROFIT", evaluationReportNo: "PJ2023-000123" });
    expect(ok).toMatchObject({ listingMode: "OPEN_LICENCE", royaltyPercent: "35.00" });
    expect(errors({ ...granted, listingMode: "OPEN_LICENCE", royaltyPercent: "5" })).toEqual({
      royaltyBasis: "开放许可的提成须注明计提基数：净销售额（上限 20%）或利润（上限 40%）",
    });
  });

  it("open licence: needs a granted patent and a known type", () => {
    expect(errors({ listingMode: "OPEN_LICENCE", askingPrice: "1000" })).toEqual({
      type: "声明开放许可须明确专利类型（实用新型和外观设计须提供专利权评价报告）",
      legalStatus: "开放许可仅适用于已授权的有效专利，专利申请不能声明开放许可",
    });
    // The type is unknown because the number is wrong: say that once, on the number.
    expect(Object.keys(errors({ applicationNumber: "CN201710117081.3", grantDate: "2019-01-01", listingMode: "OPEN_LICENCE", askingPrice: "1" }))).toEqual([
      "applicationNumber",
    ]);
  });

  it("lists every problem of an input at once", () => {
    const e = errors({ title: "", applicationNumber: "CN201710117081.3", ipc: "A23L", filingDate: "2019-01-01", grantDate: "2018-01-01", trl: 0 });
    expect(Object.keys(e).sort()).toEqual(["applicationNumber", "grantDate", "ipc", "title", "trl"]);
  });
});

describe("patentListQuerySchema", () => {
  const query = (qs: string) => patentListQuerySchema.safeParse(searchParamsToRecord(new URLSearchParams(qs)));
  const parseQuery = (qs: string) => {
    const result = query(qs);
    if (!result.success) throw new Error(JSON.stringify(errorsOf(result)));
    return result.data;
  };

  it("defaults to the newest listings, 20 a page", () => {
    expect(parseQuery("")).toEqual({ search: { q: "", filters: {}, sort: "newest", page: 1, pageSize: 20 }, params: "" });
  });

  it("sorts by relevance when there are words", () => {
    expect(parseQuery("q=%20黑木耳%20%20多糖%20").search).toMatchObject({ q: "黑木耳 多糖", sort: "relevance" });
    expect(parseQuery("q=木耳").params).toBe("q=%E6%9C%A8%E8%80%B3");
  });

  it("reads repeated and comma-separated values into SearchQuery filters", () => {
    const { search, params } = parseQuery(
      "type=INVENTION,utility_model&type=INVENTION&holderKind=UNIVERSITY&cluster=木耳深加工&listingMode=OPEN_LICENCE&legalStatus=VALID" +
        "&priceMin=1000&priceMax=85万&lifeMin=3&lifeMax=12.5&highValue=true&sort=price-asc&page=2&pageSize=50",
    );
    expect(search).toEqual({
      q: "",
      sort: "price-asc",
      page: 2,
      pageSize: 50,
      filters: {
        type: ["INVENTION", "UTILITY_MODEL"],
        holderKind: ["UNIVERSITY"],
        clusters: ["木耳深加工"],
        listingMode: ["OPEN_LICENCE"],
        legalStatus: ["VALID"],
        priceMinFen: 100_000,
        priceMaxFen: 85_000_000,
        remainingLifeMin: 3,
        remainingLifeMax: 12.5,
        highValue: true,
      },
    });
    expect(params).toBe(
      "type=INVENTION%2CUTILITY_MODEL&holderKind=UNIVERSITY&cluster=%E6%9C%A8%E8%80%B3%E6%B7%B1%E5%8A%A0%E5%B7%A5&listingMode=OPEN_LICENCE" +
        "&legalStatus=VALID&priceMin=1000&priceMax=850000&lifeMin=3&lifeMax=12.5&highValue=true&sort=price-asc&page=2&pageSize=50",
    );
  });

  it("maps IPC parameters to section, class and prefix filters", () => {
    expect(parseQuery("ipc=A,C12&ipc=a23l 31").search.filters).toEqual({ ipcSection: ["A"], ipcClass: ["C12"], ipcPrefix: "A23L31/" });
    expect(parseQuery("ipc=A23L").search.filters).toEqual({ ipcPrefix: "A23L" });
    expect(parseQuery("ipc=A23L31/00").params).toBe("ipc=A23L31%2F00");
    expect(errorsOf(query("ipc=A23L,C12N")).ipc).toContain("一次只能按一个小类");
    expect(errorsOf(query("ipc=Z9")).ipc).toContain("部应为 A–H");
  });

  it("gives canonical params that parse to the same search", () => {
    const first = parseQuery("pageSize=20&page=1&q=木耳&sort=relevance&type=DESIGN&priceMin=1000.00");
    expect(first.params).toBe("q=%E6%9C%A8%E8%80%B3&type=DESIGN&priceMin=1000");
    expect(parseQuery(first.params)).toEqual(first);
  });

  it("explains every bad value in Chinese", () => {
    const e = errorsOf(
      query("type=SOFTWARE&holderKind=SME&cluster=房地产&listingMode=RENT&legalStatus=X&priceMin=-1&lifeMax=30&highValue=maybe&sort=cheapest&page=0&pageSize=500"),
    );
    expect(e).toMatchObject({
      type: expect.stringContaining("专利类型“SOFTWARE”无效"),
      holderKind: expect.stringContaining("权利人类型“SME”无效"),
      cluster: expect.stringContaining("不在本县的产业集群中"),
      listingMode: expect.stringContaining("交易方式“RENT”无效"),
      legalStatus: expect.stringContaining("法律状态“X”无效"),
      priceMin: "最低价格不能为负数",
      lifeMax: "最长剩余保护期应为 0–20 之间的年数，当前为“30”",
      highValue: "高价值筛选应为 true 或 false，当前为“maybe”",
      sort: expect.stringContaining("relevance、newest"),
      page: "页码应为 1–10000 之间的整数，当前为“0”",
      pageSize: "每页条数应为 1–100 之间的整数，当前为“500”",
    });
  });

  it("refuses inverted ranges and over-long queries", () => {
    expect(errorsOf(query("priceMin=100&priceMax=10"))).toEqual({ priceMax: "最高价格不能低于最低价格" });
    expect(errorsOf(query("lifeMin=10&lifeMax=2"))).toEqual({ lifeMax: "最长剩余保护期不能短于最短剩余保护期" });
    expect(errorsOf(query(`q=${"木".repeat(201)}`))).toEqual({ q: "搜索词不能超过 200 个字" });
  });

  it("ignores unknown parameters", () => {
    expect(parseQuery("utm_source=wechat&q=木耳").params).toBe("q=%E6%9C%A8%E8%80%B3");
  });
});

describe("needInputSchema", () => {
  const need = { title: "木耳菌渣综合利用", description: "希望找到将木耳菌渣加工为有机肥或饲料的成熟技术。" };

  it("normalizes hints, clusters and budget", () => {
    expect(
      needInputSchema.parse({ ...need, ipcHints: "a23l; A23L 31/00；C05F", clusters: ["木耳深加工"], budgetMax: "50万", preferredHolderKinds: "高校,SOE", subscribe: "on" }),
    ).toEqual({
      ...need,
      ipcHints: ["A23L", "A23L31/00", "C05F"],
      clusters: ["木耳深加工"],
      budgetMax: "500000.00",
      preferredHolderKinds: ["UNIVERSITY", "SOE"],
      subscribe: true,
    });
    expect(needInputSchema.parse(need)).toEqual({ ...need, ipcHints: [], clusters: [], preferredHolderKinds: [], subscribe: false });
  });

  it("checks lengths and values", () => {
    expect(errorsOf(needInputSchema.safeParse({ title: "木", description: "太短", ipcHints: ["Q1"], budgetMax: "0", preferredHolderKinds: ["SME"] }))).toEqual({
      title: "需求标题至少 2 个字",
      description: "需求描述至少 10 个字",
      ipcHints: expect.stringContaining("部应为 A–H"),
      budgetMax: "预算上限应大于 0",
      preferredHolderKinds: expect.stringContaining("意向权利人类型“SME”无效"),
    });
  });
});

describe("subscriptionInputSchema", () => {
  it("saves a search from a query string or an object, in canonical form", () => {
    const fromString = subscriptionInputSchema.parse({ kind: "SEARCH", name: "木耳新专利", query: "?q=木耳&type=INVENTION&page=3" });
    expect(fromString).toMatchObject({ kind: "SEARCH", name: "木耳新专利", query: { params: "q=%E6%9C%A8%E8%80%B3&type=INVENTION&page=3" } });
    const fromObject = subscriptionInputSchema.parse({ kind: "SEARCH", name: "木耳新专利", query: { q: "木耳", type: ["INVENTION"], page: "3" } });
    expect(fromObject).toEqual(fromString);
  });

  it("reports bad search parameters under query", () => {
    expect(errorsOf(subscriptionInputSchema.safeParse({ kind: "SEARCH", name: "x", query: "pageSize=0" }))).toEqual({
      "query.pageSize": "每页条数应为 1–100 之间的整数，当前为“0”",
    });
    expect(errorsOf(subscriptionInputSchema.safeParse({ kind: "SEARCH", query: "" }))).toEqual({ name: "请填写订阅名称" });
  });

  it("subscribes to a need by id", () => {
    expect(subscriptionInputSchema.parse({ kind: "NEED", needId: "cneed123" })).toEqual({ kind: "NEED", needId: "cneed123", name: undefined });
    expect(errorsOf(subscriptionInputSchema.safeParse({ kind: "NEED" }))).toEqual({ needId: "请填写需求编号" });
    expect(errorsOf(subscriptionInputSchema.safeParse({ kind: "ALL" }))._ ?? errorsOf(subscriptionInputSchema.safeParse({ kind: "ALL" })).kind).toContain(
      "请选择订阅类型",
    );
  });
});

describe("patentStatusBodySchema", () => {
  it("takes list or unlist and an optional version", () => {
    expect(patentStatusBodySchema.parse({ action: "list", version: 3 })).toEqual({ action: "list", version: 3 });
    expect(patentStatusBodySchema.parse({ action: "unlist" })).toEqual({ action: "unlist" });
    expect(errorsOf(patentStatusBodySchema.safeParse({ action: "delete", version: 0 }))).toEqual({
      action: "操作应为 list（挂牌）或 unlist（下架）",
      version: "version 应为正整数",
    });
  });
});

describe("helpers", () => {
  it("parseBoolean reads what forms and spreadsheets send", () => {
    expect(["true", "1", "是", "on", "Y", true, 1].map(parseBoolean)).toEqual([true, true, true, true, true, true, true]);
    expect(["false", "0", "否", "off", "N", false, 0].map(parseBoolean)).toEqual([false, false, false, false, false, false, false]);
    expect(parseBoolean("也许")).toBeUndefined();
  });

  it("fieldErrorsOf groups messages by top-level field", () => {
    const result = patentInputSchema.safeParse({ title: "", ipc: "A23L;B65" });
    if (result.success) throw new Error("expected failure");
    expect(fieldErrorsOf(result.error)).toEqual({
      title: ["请填写标题"],
      abstract: ["请填写摘要"],
      ipc: [expect.stringContaining("“A23L”只到小类"), expect.stringContaining("“B65”只到大类")],
    });
  });
});

describe("an import row without a title", () => {
  it("imports as it is, with the title left empty: nothing is made up (KPPatent-ZH rows 64 and 243)", () => {
    const row = { sourceIndex: 370, title: "", abstract: "一种制造多隔室内管的方法包含以下步骤。", claims: "1.一种制造内管的方法，其包括以下步骤", publicationNumber: null, keyphrases: [] };
    expect(patentImportRowSchema.parse(row).title).toBe("");
    expect(patentImportRowSchema.parse({ ...row, title: undefined }).title).toBe("");
    expect(patentImportRowSchema.safeParse({ ...row, title: "一" }).success).toBe(false); // a title given is still checked
    expect(patentInputSchema.safeParse(row).success).toBe(false); // a form still asks for one
  });
});

describe("listing terms and bulk listing input", () => {
  it("needs a mode and names every bad term at once; numeric strings and numbers are both fine", async () => {
    const { bulkListSchema, listingTermsSchema } = await import("./schemas");
    expect(listingTermsSchema.parse({ listingMode: "普通许可", askingPrice: 88000 })).toEqual({ listingMode: "NON_EXCLUSIVE", askingPrice: "88000.00", negotiable: false });
    expect(listingTermsSchema.parse({ listingMode: "ASSIGNMENT", askingPrice: "88000" }).askingPrice).toBe("88000.00");
    const bad = bulkListSchema.safeParse({ ids: [], terms: { askingPrice: "-1", royaltyPercent: "abc" } });
    if (bad.success) throw new Error("expected failure");
    const fields = bad.error.issues.map((i) => i.path.join("."));
    expect(fields).toEqual(expect.arrayContaining(["ids", "terms.listingMode", "terms.askingPrice", "terms.royaltyPercent"]));
    expect(bulkListSchema.parse({ ids: "a, b，a", terms: { listingMode: "ASSIGNMENT", negotiable: "是" } })).toEqual({ ids: ["a", "b"], terms: { listingMode: "ASSIGNMENT", negotiable: true } });
    expect(bulkListSchema.safeParse({ ids: Array.from({ length: 101 }, (_, i) => `p${i}`), terms: { listingMode: "ASSIGNMENT", negotiable: true } }).success).toBe(false);
  });
});

describe("API v1 patent bodies", () => {
  it("reads publish and version as the domain does (booleans and numeric strings), naming every bad field at once", async () => {
    const { patentCreateBodySchema, patentEditBodySchema } = await import("./schemas");
    const base = { title: "一种木耳脆片", abstract: "本发明涉及木耳。" };
    expect(patentCreateBodySchema.parse({ ...base, publish: "true" })).toMatchObject({ publish: true, input: { title: "一种木耳脆片" } });
    expect(patentCreateBodySchema.parse(base).publish).toBe(false);
    expect("publish" in patentCreateBodySchema.parse({ ...base, publish: 1 }).input).toBe(false);
    const bad = patentCreateBodySchema.safeParse({ title: "", abstract: "x", publish: "maybe", askingPrice: "abc" });
    if (bad.success) throw new Error("expected failure");
    expect(bad.error.issues.map((i) => i.path[0]).sort()).toEqual(["askingPrice", "publish", "title"]);
    expect(patentEditBodySchema.parse({ ...base, version: "3" }).version).toBe(3);
    const stale = patentEditBodySchema.safeParse({ ...base, title: "", version: "0" });
    if (stale.success) throw new Error("expected failure");
    expect(stale.error.issues.map((i) => i.path[0]).sort()).toEqual(["title", "version"]);
  });
});
