import { describe, expect, it } from "vitest";
import { OrgKind } from "~/generated/prisma/enums";
import { withUsccCheck } from "./uscc";
import { acceptInvitationSchema, inviteMemberSchema, logInSchema, orgListQuerySchema, reviewOrgSchema, SIGNUP_KINDS, signUpSchema } from "./schemas";

const valid = {
  name: " 陈立新 ",
  email: " Chen@Example.CN ",
  password: "abcdefghij",
  orgName: "柞水县某某木耳有限公司",
  orgKind: "SME",
  uscc: withUsccCheck("91611033MA7QB0009").toLowerCase(),
  town: "下梁镇",
  clusters: ["木耳深加工", "绿色食品", "木耳深加工"],
};

function errorsOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
}

describe("sign-up schema", () => {
  it("normalises a valid registration", () => {
    const out = signUpSchema.parse(valid);
    expect(out.name).toBe("陈立新");
    expect(out.email).toBe("chen@example.cn");
    expect(out.uscc).toBe(valid.uscc.toUpperCase());
    expect(out.clusters).toEqual(["木耳深加工", "绿色食品"]);
  });

  it("lets any kind but PLATFORM register", () => {
    expect(SIGNUP_KINDS).toEqual(Object.values(OrgKind).filter((k) => k !== "PLATFORM"));
    expect(errorsOf(signUpSchema.safeParse({ ...valid, orgKind: "PLATFORM" }))).toHaveProperty("orgKind");
  });

  it("explains a bad USCC in Chinese", () => {
    const wrongCheck = valid.uscc.slice(0, 17) + (valid.uscc.toUpperCase().endsWith("0") ? "1" : "0");
    expect(errorsOf(signUpSchema.safeParse({ ...valid, uscc: wrongCheck })).uscc).toContain("校验位");
    expect(errorsOf(signUpSchema.safeParse({ ...valid, uscc: "123" })).uscc).toContain("18位");
    expect(errorsOf(signUpSchema.safeParse({ ...valid, uscc: undefined })).uscc).toBe("identity.v.usccRequired");
  });

  it("requires a 10-character password, a county town and known clusters", () => {
    const errors = errorsOf(signUpSchema.safeParse({ ...valid, password: "short-pw1", town: "西安市", clusters: ["房地产"] }));
    expect(errors).toMatchObject({
      password: "identity.v.passwordTooShort",
      town: "identity.v.townInvalid",
      "clusters.0": "identity.v.clusterInvalid",
    });
  });

  it("allows no cluster at all", () => {
    const { clusters: _omit, ...rest } = valid;
    expect(signUpSchema.parse(rest).clusters).toEqual([]);
  });

  it("names each missing field", () => {
    const errors = errorsOf(signUpSchema.safeParse({}));
    expect(Object.keys(errors).sort()).toEqual(["email", "name", "orgKind", "orgName", "password", "town", "uscc"]);
  });
});

describe("other identity schemas", () => {
  it("log-in keeps passwords as typed and lower-cases the e-mail", () => {
    expect(logInSchema.parse({ email: "A@B.CN", password: " x " })).toEqual({ email: "a@b.cn", password: " x " });
  });

  it("invitations default to MEMBER", () => {
    expect(inviteMemberSchema.parse({ email: "x@y.cn" }).role).toBe("MEMBER");
    expect(inviteMemberSchema.safeParse({ email: "x@y.cn", role: "ADMIN" }).success).toBe(false);
  });

  it("accepting by registering needs a name and a strong enough password", () => {
    expect(acceptInvitationSchema.safeParse({ intent: "join" }).success).toBe(true);
    expect(errorsOf(acceptInvitationSchema.safeParse({ intent: "register", name: "", password: "123" }))).toMatchObject({
      name: "identity.v.nameRequired",
      password: "identity.v.passwordTooShort",
    });
  });

  it("suspending needs a reason, activating does not", () => {
    expect(reviewOrgSchema.safeParse({ intent: "activate", orgId: "o", version: "3", reason: "" }).success).toBe(true);
    expect(errorsOf(reviewOrgSchema.safeParse({ intent: "suspend", orgId: "o", version: "3", reason: " " })).reason).toBe(
      "identity.v.reasonRequired",
    );
    expect(reviewOrgSchema.parse({ intent: "suspend", orgId: "o", version: "3", reason: "资料不实" })).toMatchObject({ version: 3 });
  });

  it("the org list query falls back to defaults on nonsense", () => {
    expect(orgListQuerySchema.parse({ status: "BOGUS", page: "-4" })).toEqual({ status: undefined, q: undefined, page: 1 });
    expect(orgListQuerySchema.parse({ status: "PENDING", page: "2", q: " 木耳 " })).toEqual({ status: "PENDING", page: 2, q: "木耳" });
  });
});
