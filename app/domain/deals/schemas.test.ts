import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { createDealInputSchema, dealActionBodySchemas, dealListQuerySchema, DECLINE_REASON_NAMES, DECLINE_REASONS, messageInputSchema, offerInputSchema } from "./schemas";

/** The refusal as a form or problem+json shows it: field path → messages. */
function refusal(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const r = schema.safeParse(input);
  expect(r.success, JSON.stringify(input)).toBe(false);
  const out: Record<string, string[]> = {};
  for (const issue of r.error!.issues) (out[issue.path.join(".")] ??= []).push(issue.message);
  return out;
}

const HAN = /[\u4e00-\u9fff]/;

describe("starting a deal", () => {
  it("reads a patent, a mode and an optional message; the listing's OPEN_LICENCE names OPEN", () => {
    expect(createDealInputSchema.parse({ patentId: "p1", mode: "EXCLUSIVE", message: "  请问可否独占许可？ " })).toEqual({ patentId: "p1", mode: "EXCLUSIVE", message: "请问可否独占许可？" });
    expect(createDealInputSchema.parse({ patentId: "p1", mode: "OPEN_LICENCE" })).toEqual({ patentId: "p1", mode: "OPEN" });
  });

  it("refuses with Chinese field messages", () => {
    expect(refusal(createDealInputSchema, {})).toEqual({ patentId: ["请选择专利"], mode: [expect.stringContaining("ASSIGNMENT、EXCLUSIVE、SOLE、NON_EXCLUSIVE 或 OPEN")] });
    expect(refusal(createDealInputSchema, { patentId: "", mode: "LEASE" })).toEqual({ patentId: ["请选择专利"], mode: [expect.stringContaining("许可方式")] });
    expect(refusal(createDealInputSchema, { patentId: "p1", mode: "OPEN", message: "字".repeat(2_001) })).toEqual({ message: ["留言最多 2000 字"] });
    expect(refusal(createDealInputSchema, { patentId: "p1", mode: "OPEN", message: "   " })).toEqual({ message: ["请填写留言"] });
    expect(refusal(createDealInputSchema, { patentId: "p\u0000", mode: "OPEN" }).patentId[0]).toMatch(HAN);
  });
});

describe("an offer (issue 14 §3)", () => {
  const base = { mode: "NON_EXCLUSIVE", upfront: "50000", termMonths: 36, validUntil: "2027-01-31" };

  it("reads upfront as yuan, the rate exactly, the basis and territory by default", () => {
    expect(offerInputSchema.parse({ ...base, royaltyRate: "0.035" })).toEqual({ mode: "NON_EXCLUSIVE", upfront: "50000.00", royaltyRate: "0.035", termMonths: 36, territory: "中国大陆", validUntil: "2027-01-31" });
    expect(offerInputSchema.parse({ ...base, upfront: "5万", royaltyRate: ".5", royaltyBasis: "PROFIT", territory: " 陕西省 ", validUntil: "2027年1月31日", version: 3 })).toEqual({
      version: 3,
      mode: "NON_EXCLUSIVE",
      upfront: "50000.00",
      royaltyRate: "0.5",
      royaltyBasis: "PROFIT",
      termMonths: 36,
      territory: "陕西省",
      validUntil: "2027-01-31",
    });
    // No royalty: absent, null, empty or zero.
    for (const royaltyRate of [undefined, null, "", "0", "0.000"]) expect(offerInputSchema.parse({ ...base, royaltyRate }).royaltyRate, String(royaltyRate)).toBeNull();
  });

  it("refuses a negative fee, a percent typed as a rate, a bad term and a bad date, each on its field", () => {
    const r = refusal(offerInputSchema, { mode: "OPEN_X", upfront: "-1", royaltyRate: "3.5", termMonths: 0, validUntil: "2027-02-30", royaltyBasis: "GROSS" });
    expect(Object.keys(r).sort()).toEqual(["mode", "royaltyBasis", "royaltyRate", "termMonths", "upfront", "validUntil"]);
    expect(r.upfront).toEqual(["入门费不能为负数"]);
    expect(r.royaltyRate).toEqual(["提成费率应为 0 到 1 之间的小数，如 0.035（即 3.5%），最多 6 位小数"]);
    expect(r.termMonths).toEqual(["期限至少 1 个月"]);
    expect(r.validUntil).toEqual(["报价有效期不是有效的日期：2027-02-30"]);
    expect(r.royaltyBasis[0]).toContain("NET_SALES");
    for (const messages of Object.values(r)) expect(messages[0]).toMatch(HAN);
  });

  it("refuses the edges", () => {
    expect(refusal(offerInputSchema, { ...base, termMonths: 241 })).toEqual({ termMonths: ["期限最长 240 个月"] });
    expect(refusal(offerInputSchema, { ...base, termMonths: 1.5 })).toEqual({ termMonths: ["期限应为整月"] });
    expect(refusal(offerInputSchema, { ...base, royaltyRate: "1" })).toHaveProperty("royaltyRate");
    expect(refusal(offerInputSchema, { ...base, royaltyRate: "0.0000001" })).toHaveProperty("royaltyRate");
    expect(refusal(offerInputSchema, { ...base, royaltyRate: "-0.01" })).toHaveProperty("royaltyRate");
    expect(refusal(offerInputSchema, { ...base, upfront: "1.001" })).toEqual({ upfront: ["入门费最多保留两位小数（精确到分）"] });
    expect(refusal(offerInputSchema, { ...base, upfront: undefined })).toEqual({ upfront: ["请填写入门费（元），无则填 0"] });
    expect(refusal(offerInputSchema, { ...base, validUntil: undefined })).toEqual({ validUntil: ["请填写报价有效期"] });
    expect(refusal(offerInputSchema, { ...base, territory: "地".repeat(101) })).toEqual({ territory: ["地域最多 100 字"] });
    expect(refusal(offerInputSchema, { ...base, version: 0 })).toEqual({ version: ["version 应为正整数"] });
  });
});

describe("a message", () => {
  it("takes `body` or `message`, plain text up to 2,000 characters", () => {
    expect(messageInputSchema.parse({ body: " 您好 " })).toEqual({ body: "您好" });
    expect(messageInputSchema.parse({ message: "<b>价格</b>可以再谈" })).toEqual({ body: "<b>价格</b>可以再谈" });
    expect(messageInputSchema.parse({ body: "字".repeat(2_000) }).body).toHaveLength(2_000);
    expect(refusal(messageInputSchema, { body: "字".repeat(2_001) })).toEqual({ body: ["消息最多 2000 字"] });
    expect(refusal(messageInputSchema, { body: "  " })).toEqual({ body: ["请填写消息"] });
    expect(refusal(messageInputSchema, {})).toEqual({ body: ["请填写消息"] });
  });
});

describe("action bodies", () => {
  it("reads each action's fields with the version", () => {
    expect(dealActionBodySchemas["accept-offer"].parse({ version: "4", offerId: "o1" })).toEqual({ version: 4, offerId: "o1" });
    expect(dealActionBodySchemas.decline.parse({ version: 2, reason: "PRICE" })).toEqual({ version: 2, reason: "PRICE" });
    expect(dealActionBodySchemas.decline.parse({ version: 2, reason: "OTHER", note: "已另行许可" })).toEqual({ version: 2, reason: "OTHER", note: "已另行许可" });
    expect(dealActionBodySchemas.record.parse({ version: 5, recordNumber: " 2026610000123 ", date: "2026/12/1" })).toEqual({ version: 5, recordNumber: "2026610000123", date: "2026-12-01" });
    expect(dealActionBodySchemas["report-conversion"].parse({ version: 6, productName: "木耳多糖口服液", startedOn: "2026-12-01" })).toEqual({ version: 6, productName: "木耳多糖口服液", startedOn: "2026-12-01" });
    expect(dealActionBodySchemas["refuse-consent"].parse({ version: 3, reason: "质押期间不宜转让" })).toEqual({ version: 3, reason: "质押期间不宜转让" });
  });

  it("requires the version on every action", () => {
    for (const [action, schema] of Object.entries(dealActionBodySchemas)) {
      for (const version of [undefined, 0, -1, 1.5, "abc", 2_147_483_648]) {
        expect(refusal(schema, { version, reason: "PRICE", recordNumber: "x", date: "2026-01-01", productName: "x", startedOn: "2026-01-01" }).version, `${action} ${String(version)}`).toEqual(["version 应为正整数"]);
      }
    }
  });

  it("refuses with Chinese field messages", () => {
    expect(refusal(dealActionBodySchemas.decline, { version: 1 })).toEqual({ reason: [expect.stringContaining("TOO_EARLY、BENEFIT_UNCLEAR、PRICE、NOT_AVAILABLE 或 OTHER")] });
    expect(refusal(dealActionBodySchemas.decline, { version: 1, reason: "OTHER" })).toEqual({ note: ["选择“其他原因”时请填写说明"] });
    expect(refusal(dealActionBodySchemas.decline, { version: 1, reason: "OTHER", note: "  " })).toEqual({ note: ["选择“其他原因”时请填写说明"] });
    expect(refusal(dealActionBodySchemas["refuse-consent"], { version: 1, reason: " " })).toEqual({ reason: ["请填写不同意的理由"] });
    expect(refusal(dealActionBodySchemas.record, { version: 1 })).toEqual({ recordNumber: ["请填写备案号/登记号"], date: ["请填写备案日期"] });
    expect(refusal(dealActionBodySchemas.record, { version: 1, recordNumber: "x".repeat(65), date: "明天" })).toEqual({ recordNumber: ["备案号/登记号最多 64 字"], date: [expect.stringContaining("备案日期格式不正确")] });
    expect(refusal(dealActionBodySchemas["report-conversion"], { version: 1, productName: "", startedOn: "2026-13-01" })).toEqual({ productName: ["请填写产品名称"], startedOn: ["投产日期不是有效的日期：2026-13-01"] });
    expect(refusal(dealActionBodySchemas.cancel, { version: 1, reason: "因".repeat(501) })).toEqual({ reason: ["原因最多 500 字"] });
    expect(refusal(dealActionBodySchemas.consent, { version: 1, note: "因".repeat(501) })).toEqual({ note: ["说明最多 500 字"] });
    for (const offerId of ["", 42, "x".repeat(65)]) expect(refusal(dealActionBodySchemas["accept-offer"], { version: 1, offerId }).offerId[0], String(offerId)).toMatch(HAN);
  });

  it("names every decline reason in Chinese", () => {
    expect([...DECLINE_REASONS].sort()).toEqual(["BENEFIT_UNCLEAR", "NOT_AVAILABLE", "OTHER", "PRICE", "TOO_EARLY"]);
    for (const r of DECLINE_REASONS) expect(DECLINE_REASON_NAMES[r], r).toMatch(/^[\u4e00-\u9fff/，]+$/);
  });

  it("reads the list filters", () => {
    expect(dealListQuerySchema.parse({ status: "AGREED", role: "BANK" })).toEqual({ status: "AGREED", role: "BANK" });
    expect(dealListQuerySchema.safeParse({ role: "PLATFORM" }).success).toBe(false);
  });
});
