import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OrgKind } from "~/generated/prisma/enums";
import { DEMO_KINDS, DEMO_ORGS, DEMO_PASSWORD, DEMO_SECOND_SME, DEMO_USERS, demoLoginsMarkdown } from "../../../prisma/seed-data";
import { county } from "./county";
import { newPasswordSchema } from "./schemas";
import { checkUscc } from "./uscc";

describe("demo data", () => {
  it("has one organization and one login for every kind", () => {
    expect([...DEMO_KINDS].sort()).toEqual(Object.values(OrgKind).sort());
    for (const kind of DEMO_KINDS) {
      expect(DEMO_ORGS[kind].kind).toBe(kind);
      expect(DEMO_USERS[kind].kind).toBe(kind);
    }
  });

  it("marks every organization as 示例 and gives it a valid, unique USCC", () => {
    for (const org of Object.values(DEMO_ORGS)) {
      expect(org.name.endsWith("(示例)"), org.name).toBe(true);
      expect(checkUscc(org.uscc), org.name).toEqual({ ok: true, value: org.uscc });
      if (org.town) expect(county.towns).toContain(org.town);
      for (const c of org.clusters) expect(county.clusters).toContain(c);
    }
    expect(new Set(Object.values(DEMO_ORGS).map((o) => o.uscc)).size).toBe(DEMO_KINDS.length);
  });

  it("adds a second demo SME (for the demo deals) that is marked, valid and unlike the others", () => {
    const { org, user } = DEMO_SECOND_SME;
    expect(org.kind).toBe("SME");
    expect(org.name.endsWith("(示例)")).toBe(true);
    expect(checkUscc(org.uscc)).toEqual({ ok: true, value: org.uscc });
    if (org.town) expect(county.towns).toContain(org.town);
    for (const c of org.clusters) expect(county.clusters).toContain(c);
    expect(Object.values(DEMO_ORGS).map((o) => o.uscc)).not.toContain(org.uscc);
    expect(Object.values(DEMO_USERS).map((u) => u.email)).not.toContain(user.email);
  });

  it("uses the documented logins and a password the sign-up rules accept", () => {
    expect(DEMO_USERS.SME.email).toBe("sme@demo.ipbridge.cn");
    expect(DEMO_USERS.PLATFORM.email).toBe("admin@demo.ipbridge.cn");
    expect(DEMO_USERS.GOVERNMENT.email).toBe("gov@demo.ipbridge.cn");
    expect(DEMO_USERS.RESEARCH_INSTITUTE.email).toBe("institute@demo.ipbridge.cn");
    expect(new Set(Object.values(DEMO_USERS).map((u) => u.email)).size).toBe(DEMO_KINDS.length);
    expect(DEMO_PASSWORD).toBe("Demo-2026!");
    expect(newPasswordSchema.safeParse(DEMO_PASSWORD).success).toBe(true);
  });
});

describe("README demo logins", () => {
  it("matches the seed data once the table is filled in", () => {
    if (!existsSync("README.md")) return;
    const block = readFileSync("README.md", "utf8").match(/<!-- demo-logins:start -->\n?([\s\S]*?)\n?<!-- demo-logins:end -->/)?.[1]?.trim();
    if (!block) return; // not generated yet
    expect(block).toBe(demoLoginsMarkdown());
  });
});
