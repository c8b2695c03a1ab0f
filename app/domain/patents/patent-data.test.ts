import { describe, expect, it } from "vitest";
import { pinClock } from "../shared/clock";
import { contentKeyOf } from "./content-key";
import { blockerMessages, listingBlockers, patentRows, type ListingFacts } from "./patent-data";
import { patentImportRowSchema, patentInputSchema } from "./schemas";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const good: ListingFacts = {
  title: "一种黑木耳多糖的提取方法",
  applicationNumber: "CN201710117081.7",
  type: "INVENTION",
  filingDate: d("2017-03-01"),
  grantDate: d("2019-05-10"),
  legalStatus: "VALID",
  expiryDate: d("2037-03-01"),
};
const terms = { mode: "NON_EXCLUSIVE" as const };

describe("the listing rule (listingBlockers)", () => {
  it("lets a complete, consistent patent with terms be listed", () => {
    expect(listingBlockers(good, terms)).toEqual({});
  });

  it("requires a valid application number and a type, naming each field at once", () => {
    const errors = listingBlockers({ ...good, applicationNumber: null, type: null }, terms);
    expect(Object.keys(errors).sort()).toEqual(["applicationNumber", "type"]);
    expect(listingBlockers({ ...good, applicationNumber: "CN201710117081.3" }, terms).applicationNumber?.[0]).toMatch(/校验位|check/);
    expect(listingBlockers({ ...good, type: "DESIGN" }, terms).type?.[0]).toContain("与申请号不符");
  });

  it("requires a title, terms, and dates in order (the grant's own filing day is fine, one day earlier is not)", () => {
    const errors = listingBlockers({ ...good, title: "  ", grantDate: d("2017-02-28") }, null);
    expect(Object.keys(errors).sort()).toEqual(["grantDate", "listingMode", "title"]);
    expect(errors.grantDate[0]).toBe("授权日（2017-02-28）不能早于申请日（2017-03-01）");
    expect(listingBlockers({ ...good, grantDate: d("2017-03-01") }, terms)).toEqual({});
  });

  it("refuses lapsed and expired patents", () => {
    expect(listingBlockers({ ...good, legalStatus: "LAPSED" }, terms).listingMode?.[0]).toContain("不能挂牌");
    expect(blockerMessages(listingBlockers({ ...good, legalStatus: "EXPIRED" }, terms))[0]).toContain("2037-03-01");
  });

  it("applies to a KPPatent-ZH row as imported: a draft, and why", () => {
    pinClock("2026-12-05T00:00:00Z");
    const row = patentImportRowSchema.parse({ title: "", abstract: "一种制造多隔室内管的方法。", publicationNumber: null });
    const rows = patentRows(row);
    expect(rows.patent.title).toBe("");
    expect(blockerMessages(listingBlockers(rows.patent, rows.listing))).toEqual([
      "标题为空，请补充标题后再挂牌",
      "挂牌须填写有效的申请号（如 CN201710117081.7）",
      "挂牌须填写专利类型（发明、实用新型或外观设计）",
      "挂牌前请先填写交易方式和价格条款",
    ]);
  });

  it("stores the content key of the title and abstract", () => {
    const input = patentInputSchema.parse({ title: "一种木耳脆片", abstract: "本发明涉及木耳。" });
    expect(patentRows(input).patent.contentKey).toBe(contentKeyOf("一种木耳脆片", "本发明涉及木耳。"));
  });
});
