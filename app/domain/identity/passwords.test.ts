import { describe, expect, it } from "vitest";
import { commonPasswords, newPasswordProblem } from "./passwords.server";

describe("new password rules", () => {
  it("loads the 10,000 common passwords once, without the header", () => {
    const list = commonPasswords();
    expect(list.size).toBe(10_000);
    expect(list.has("123456")).toBe(true);
    expect(list.has("qwertyuiop")).toBe(true);
    expect([...list].some((p) => p.startsWith("#"))).toBe(false);
    expect(commonPasswords()).toBe(list);
  });

  it("refuses a common password whatever its case", () => {
    const ctx = { email: "li@example.cn", orgName: "柞水县某公司" };
    expect(newPasswordProblem("1234567890", ctx)).toBe("identity.v.passwordCommon");
    expect(newPasswordProblem("QwertyUiop", ctx)).toBe("identity.v.passwordCommon");
    expect(newPasswordProblem("Password123", ctx)).toBe("identity.v.passwordCommon");
  });

  it("refuses a password containing the e-mail's local part or the organization's name", () => {
    expect(newPasswordProblem("xx-ZhangWei88-2026", { email: "zhangwei88@example.cn" })).toBe("identity.v.passwordHasEmail");
    expect(newPasswordProblem("我爱金米木耳合作社!", { email: "a@b.cn", orgName: "金米木耳合作社" })).toBe("identity.v.passwordHasOrgName");
    expect(newPasswordProblem("ipbridge2026!", { email: "x@example.cn", orgName: "IP Bridge" })).toBe("identity.v.passwordHasOrgName");
  });

  it("accepts a password that is none of these (a two-letter local part is not a rule)", () => {
    expect(newPasswordProblem("Mu-Er-2026-strong", { email: "wang@example.cn", orgName: "柞水县金米木耳专业合作社" })).toBeNull();
    expect(newPasswordProblem("li-is-fine-2026", { email: "li@example.cn" })).toBeNull();
  });
});
