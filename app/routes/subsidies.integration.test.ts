// The financing policy, subsidy and risk-fund pages (SPEC §8) through the real server:
// who sees what, the publishing form's field errors, budgets, payment batches, marking
// awards paid and topping the fund up. Awards are made by the domain's awardSubsidy, as
// the worker makes them.
import { setSettlementAccount } from "~/domain/identity/settlement-account.server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY_DOCUMENT } from "~/domain/financing/policy";
import { shanghaiDate, yearOf } from "~/domain/shared/calendar";
import { clock, pinClock } from "~/domain/shared/clock";
import { awardSubsidy } from "~/domain/subsidies/award-subsidy.server";
import type { OrgKind } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { createUser } from "../../test/factories";
import { createLoans, createRepayments, interestEventOf } from "../../test/factories/financing";
import { startTestServer } from "../../test/setup/http";
import { signedInUser } from "../../test/fixtures/page-sessions";

const server = await startTestServer();

// The pages run on a day of their own (the server shares this process's clock), whatever
// today's date or IPB_NOW: "this year" and "today" below are that day's.
let unpin: () => void;
beforeAll(() => {
  unpin = pinClock("2026-06-15T10:00:00+08:00");
});
afterAll(() => unpin());

const signIn = (kind: OrgKind) => signedInUser(server, { kind });

/** The publishing form as the page fills it: the default document's values and sources, flattened to input names. */
function policyForm(over: Record<string, string> = {}): Record<string, string> {
  const fields: Record<string, string> = { effectiveFrom: shanghaiDate(clock.now()), note: "测试修订：保费补贴比例不变" };
  const flatten = (prefix: string, value: unknown) => {
    if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) flatten(`${prefix}.${k}`, v);
    else fields[prefix] = String(value);
  };
  flatten("rules", DEFAULT_POLICY_DOCUMENT.rules);
  flatten("sources", DEFAULT_POLICY_DOCUMENT.sources);
  return { ...fields, ...over };
}

/** An interest-subsidy award for an SME: a loan at `annualRate` and one repayment with interest 2,817.99 (SPEC §8: 1,409.00). */
async function interestAward(smeId: string, year: number, annualRate = "0.0385") {
  const loans = await createLoans({ smeId, annualRate, disbursedOn: `${year}-03-05` });
  const [repaymentId] = await createRepayments(loans.applicationIds[0], 1, { paidOn: `${year}-04-05`, interestFen: 281_799n });
  const { award } = await awardSubsidy(interestEventOf({ id: repaymentId, applicationId: loans.applicationIds[0] }));
  return { award, applicationId: loans.applicationIds[0] };
}

const thisYear = () => yearOf(shanghaiDate(clock.now()));

describe("financing policy pages", () => {
  it("GOVERNMENT reads the version in force with every rule and source, the version list, one version, and the form", async () => {
    const { client } = await signIn("GOVERNMENT");
    const list = await client.get("/policies");
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain("现行版本 ZS-FIN@2024-1");
    expect(html).toContain('href="/policies/new"');
    expect(html).toContain("保费补贴比例");
    // A rate as an exact percentage, never the decimal the books keep (issue 19).
    expect(html).toContain("50%");
    expect(html).toContain("3%");
    expect(html.split("<script")[0]).not.toContain("0.0300");
    expect(html).toContain("¥20,000.00");
    expect(html).toContain("即年利率不超过 4.2%"); // 1.4 × LPR 0.0300, exactly
    expect(html).toContain("陕西省知识产权保险保费补贴办法");
    expect(html).toContain('href="/policies/ZS-FIN%402024-1"');

    for (const path of ["/policies/ZS-FIN%402024-1", "/policies/ZS-FIN@2024-1"]) {
      const one = await client.get(path);
      expect(one.status, path).toBe(200);
      expect(await one.text()).toContain("政策版本 ZS-FIN@2024-1");
    }
    expect((await client.get("/policies/ZS-FIN%409999-9")).status).toBe(404);

    const form = await client.get("/policies/new");
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    for (const text of ["生效日期", "修订说明", "发布新版本", 'name="rules.premiumSubsidy.ratio"', 'name="sources.premiumSubsidy"', `min="${shanghaiDate(clock.now())}"`]) expect(formHtml).toContain(text);
    expect(formHtml).toMatch(/<label for="f-rules-premiumSubsidy-ratio">保费补贴比例/);
  });

  it("refuses an invalid version with the error next to its field and publishes nothing; a valid one redirects to its page with a notice", async () => {
    const { client } = await signIn("GOVERNMENT");
    const before = await db.financingPolicyVersion.count();

    const bad = await client.postForm("/policies/new", policyForm({ "rules.premiumSubsidy.ratio": "1.5", note: "" }));
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('id="f-rules-premiumSubsidy-ratio-error"');
    expect(html).toMatch(/id="f-rules-premiumSubsidy-ratio-error"[^>]*><div>应在 0 到 1 之间<\/div>/);
    expect(html).toMatch(/id="f-rules-premiumSubsidy-ratio"[^>]*value="1.5"|value="1.5"[^>]*id="f-rules-premiumSubsidy-ratio"/);
    expect(html).toContain("请说明本次修订的内容和理由");
    expect(html).toContain("有 2 处需要修改");
    expect(await db.financingPolicyVersion.count()).toBe(before);

    const backDated = await client.postForm("/policies/new", policyForm({ effectiveFrom: "2020-01-01" }));
    expect(backDated.status).toBe(400);
    expect(await backDated.text()).toContain("生效日期不能早于今天");

    const good = await client.postForm("/policies/new", policyForm());
    expect(good.status).toBe(302);
    const location = good.headers.get("Location") ?? "";
    expect(location).toMatch(new RegExp(`^/policies/ZS-FIN%40${thisYear()}-\\d+$`));
    const ref = decodeURIComponent(location.split("/").pop() as string);
    expect(await db.financingPolicyVersion.count()).toBe(before + 1);

    const page = await (await client.get(location)).text();
    expect(page).toContain(`已发布新版本 ${ref}`);
    // The notice shows once.
    expect(await (await client.get(location)).text()).not.toContain("已发布新版本");
  });

  it("is readable by an SME, without the publish link; publishing is the county's alone (403)", async () => {
    const { client } = await signIn("SME");
    const list = await client.get("/policies");
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain('href="/policies/new"');
    expect((await client.get("/policies/new")).status).toBe(403);
    expect((await client.postForm("/policies/new", policyForm())).status).toBe(403);
  });
});

describe("subsidies page", () => {
  it("GOVERNMENT: the budget panel with its chart, the set-budget form, payment batch links and an empty award list", async () => {
    const { client } = await signIn("GOVERNMENT");
    const res = await client.get("/subsidies?year=2031");
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const text of ["2031 年度补贴预算", "年度补贴预算（元）", "下一步：核对预算", "导出拨付清单 CSV", "导出拨付清单 XLSX", "按月数据表", "2031 年度暂无补贴核定记录"]) expect(html).toContain(text);
    expect(html).toContain('data-testid="budget-amount">¥500,000.00');
    expect(html).toContain('href="/subsidies/payment-batch?year=2031&amp;format=csv"');
    expect(html).toMatch(/<svg[^>]*role="img"/);
    // The current year is the default.
    expect(await (await client.get("/subsidies")).text()).toContain(`${thisYear()} 年度补贴预算`);
  });

  it("GOVERNMENT sets a budget: below zero or below what was granted is refused at the field; a valid amount is saved", async () => {
    const { client } = await signIn("GOVERNMENT");
    const sme = await createUser({ kind: "SME" });
    await interestAward(sme.orgId, 2027);

    const negative = await client.postForm("/subsidies", { intent: "set-budget", year: "2027", amount: "-1" });
    expect(negative.status).toBe(400);
    expect(await negative.text()).toMatch(/id="budget-amount-error"[^>]*><div>年度预算不能为负数/);

    const belowUsed = await client.postForm("/subsidies", { intent: "set-budget", year: "2027", amount: "1000" });
    expect(belowUsed.status).toBe(400);
    expect(await belowUsed.text()).toContain("预算不能低于本年度已核定的补贴 ¥1,409.00");

    // The confirm step: the same checks, the amount in words, nothing written (issue 19).
    const before = await db.subsidyBudget.findUnique({ where: { year: 2027 } });
    const preview = await client.postForm("/subsidies", { intent: "set-budget-preview", year: "2027", amount: "60万" });
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain("人民币陆拾万元整");
    expect(previewHtml).toContain("确认修改预算");
    expect(await db.subsidyBudget.findUnique({ where: { year: 2027 } })).toEqual(before);
    expect((await client.postForm("/subsidies", { intent: "set-budget-preview", year: "2027", amount: "1000" })).status).toBe(400);

    const ok = await client.postForm("/subsidies", { intent: "set-budget", year: "2027", amount: "600000" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("已保存 2027 年度补贴预算：¥600,000.00");
    expect((await db.subsidyBudget.findUniqueOrThrow({ where: { year: 2027 } })).amountFen).toBe(60_000_000n);
  });

  it("GOVERNMENT lists awards with flags explained, exports the payment batch and marks awards paid under a voucher", async () => {
    const { client } = await signIn("GOVERNMENT");
    const sme = await createUser({ kind: "SME" });
    const paid = await interestAward(sme.orgId, 2028);
    await interestAward(sme.orgId, 2028, "0.0500"); // above 1.4 × LPR: RATE_INELIGIBLE, nothing to pay
    const smeName = (await db.organization.findUniqueOrThrow({ where: { id: sme.orgId } })).name;

    const html = await (await client.get("/subsidies?year=2028")).text();
    expect(html).toContain(smeName);
    expect(html).toContain("¥1,409.00");
    expect(html).toContain("利率超限");
    expect(html).toContain("贷款年利率高于政策规定的 LPR 倍数");
    // Only the unpaid award can be ticked.
    expect(html.match(/<input type="checkbox"[^>]*>/g)).toEqual([expect.stringMatching(new RegExp(`name="awardId".*value="${paid.award.id}"`))]);
    const nothingToPay = await (await client.get("/subsidies?year=2028&status=NONE")).text();
    expect(nothingToPay).toContain("利率超限");
    expect(nothingToPay).not.toContain('type="checkbox"');

    const csv = await client.get("/subsidies/payment-batch?year=2028&format=csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const csvText = await csv.text();
    expect(csvText).toContain(smeName);
    // The payee's bank and account (issue 19): said missing until the SME gives them, then printed.
    expect(csvText).toContain("开户银行,银行账号");
    expect(csvText).toContain("未填写（请企业在机构资料中补充收款账户）");
    const smeOwner = await db.membership.findFirstOrThrow({ where: { orgId: sme.orgId, role: "OWNER" }, select: { userId: true } });
    await setSettlementAccount({ userId: smeOwner.userId, apiKeyId: null, orgId: sme.orgId, orgKind: "SME", orgStatus: "ACTIVE", role: "OWNER" }, { bank: "秦岭农村商业银行柞水支行", account: "6230 5200 1234 5678 901" });
    const withAccount = await (await client.get("/subsidies/payment-batch?year=2028&format=csv")).text();
    expect(withAccount).toContain("秦岭农村商业银行柞水支行,6230520012345678901");
    const xlsx = await client.get("/subsidies/payment-batch?year=2028&format=xlsx");
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("Content-Type")).toContain("spreadsheetml");
    expect((await client.get("/subsidies/payment-batch?year=2028&format=pdf")).status).toBe(400);

    const noVoucher = await client.postForm("/subsidies", { intent: "mark-paid", year: "2028", awardId: paid.award.id, voucherNo: " " });
    expect(noVoucher.status).toBe(400);
    expect(await noVoucher.text()).toContain("请填写拨付凭证号");
    const noneTicked = await client.postForm("/subsidies", { intent: "mark-paid", year: "2028", voucherNo: "CZ-2028-001" });
    expect(noneTicked.status).toBe(400);
    expect(await noneTicked.text()).toContain("请至少选择一笔补贴");

    const preview = await client.postForm("/subsidies", { intent: "mark-paid-preview", year: "2028", awardId: paid.award.id, voucherNo: "CZ-2028-001" });
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain("将 1 笔补贴（合计 ¥1,409.00）登记为已拨付");
    expect(previewHtml).toContain("人民币壹仟肆佰零玖元整");
    expect((await db.subsidyAward.findUniqueOrThrow({ where: { id: paid.award.id } })).status).toBe("UNPAID");

    const ok = await client.postForm("/subsidies", { intent: "mark-paid", year: "2028", awardId: paid.award.id, voucherNo: "CZ-2028-001" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("已将 1 笔补贴（合计 ¥1,409.00）标记为已拨付，凭证号 CZ-2028-001");
    expect(await db.subsidyAward.findUniqueOrThrow({ where: { id: paid.award.id } })).toMatchObject({ status: "PAID", voucherNo: "CZ-2028-001" });
  });

  it("an SME gets its own statement with totals, caps left, policy versions, flags and links to its applications", async () => {
    const { client, orgId } = await signIn("SME");
    const { applicationId } = await interestAward(orgId, 2029);
    const other = await createUser({ kind: "SME" });
    const { applicationId: othersApplication } = await interestAward(other.orgId, 2029, "0.0390");

    const res = await client.get("/subsidies?year=2029");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("2029 年度补贴对账单");
    expect(html).toContain('data-testid="statement-total">¥1,409.00');
    expect(html).toContain("¥198,591.00"); // 200,000.00 − 1,409.00 of the yearly interest cap
    expect(html).toContain("ZS-FIN@");
    expect(html).toContain(`href="/financing/${applicationId}"`);
    expect(html).not.toContain(othersApplication);
    expect(html).not.toContain("下一步：核对预算");

    const empty = await (await client.get("/subsidies?year=2030")).text();
    expect(empty).toContain("2030 年度本企业暂无补贴");
  });

  it("is closed to everyone else, and its forms to all but GOVERNMENT (403)", async () => {
    for (const kind of ["BANK", "INSURER", "PLATFORM"] as const) {
      const { client } = await signIn(kind);
      expect((await client.get("/subsidies")).status, kind).toBe(403);
    }
    const { client } = await signIn("SME");
    expect((await client.postForm("/subsidies", { intent: "set-budget", year: "2026", amount: "1" })).status).toBe(403);
    expect((await client.get("/subsidies/payment-batch?year=2026&format=csv")).status).toBe(403);
    expect((await server.client().get("/subsidies")).status).toBe(302); // anonymous: log in first
  });
});

describe("risk fund page", () => {
  it("GOVERNMENT tops the fund up: a bad amount is refused at its field, a valid one changes the balance and the ledger", async () => {
    const { client } = await signIn("GOVERNMENT");
    const page = await client.get("/risk-fund");
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const text of ["注资金额（元）", "说明", "资金流水"]) expect(html).toContain(text);
    const balanceOf = (text: string) => /data-testid="fund-balance">([^<]+)</.exec(text)?.[1];
    const before = balanceOf(html);

    const bad = await client.postForm("/risk-fund", { intent: "top-up", amount: "0", note: "" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="top-up-amount-error"[^>]*><div>注资金额应大于 0/);
    expect(balanceOf(await (await client.get("/risk-fund")).text())).toBe(before);

    // The confirm step shows the amount in words and writes nothing (issue 19).
    const preview = await client.postForm("/risk-fund", { intent: "top-up-preview", amount: "100万", note: "2026 年第一批风险补偿资金" });
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain("人民币壹佰万元整");
    expect(previewHtml).toContain("确认注资");
    expect(balanceOf(await (await client.get("/risk-fund")).text())).toBe(before);

    const ok = await client.postForm("/risk-fund", { intent: "top-up", amount: "1000000", note: "2026 年第一批风险补偿资金" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("已注资 ¥1,000,000.00");
    const after = await (await client.get("/risk-fund")).text();
    expect(balanceOf(after)).not.toBe(before);
    expect(after).toContain("+¥1,000,000.00");
    expect(after).toContain("2026 年第一批风险补偿资金");
  });

  it("platform staff read it without the top-up form; an SME gets 403", async () => {
    const platform = await signIn("PLATFORM");
    const res = await platform.client.get("/risk-fund");
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("注资金额（元）");
    expect((await platform.client.postForm("/risk-fund", { intent: "top-up", amount: "1" })).status).toBe(403);
    const sme = await signIn("SME");
    expect((await sme.client.get("/risk-fund")).status).toBe(403);
  });
});
