import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { actorOf } from "../../../test/factories/patents";
import { getSettlementAccount, setSettlementAccount } from "./settlement-account.server";

describe("an SME's account for the treasury's payments (issue 19)", () => {
  it("takes a bank and an account number together, normalized, and audits only the last four digits", async () => {
    const sme = await actorOf("SME");
    expect(await getSettlementAccount(sme)).toEqual({ bank: null, account: null });
    await setSettlementAccount(sme, { bank: " 秦岭农村商业银行柞水支行 ", account: "６２３０ 5200-1234 5678" });
    expect(await getSettlementAccount(sme)).toEqual({ bank: "秦岭农村商业银行柞水支行", account: "6230520012345678" });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: sme.orgId, action: "org.settlement-account" } });
    expect(JSON.stringify(audit)).not.toContain("6230520012345678");
    expect(audit.data).toMatchObject({ accountEnding: "5678" });
  });

  it("refuses a half-filled or malformed account and changes nothing; a member may not change it", async () => {
    const sme = await actorOf("SME");
    await expect(setSettlementAccount(sme, { bank: "某银行", account: "" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { account: [expect.stringContaining("一起填写")] } });
    await expect(setSettlementAccount(sme, { bank: "某银行", account: "12AB" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { account: [expect.stringContaining("6–32 位数字")] } });
    expect(await getSettlementAccount(sme)).toEqual({ bank: null, account: null });
    const member = { ...(await actorOf("SME", "MEMBER")) };
    await expect(setSettlementAccount(member, { bank: "某银行", account: "123456789" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
