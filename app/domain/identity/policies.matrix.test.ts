import { describe, expect, it } from "vitest";
import { OrgKind } from "~/generated/prisma/enums";
import type { Actor } from "../shared/actor";
import { can, permissionTable, type Action } from "./policies";

/*
 * Identity's org-level permissions, written out by hand from SPEC §2 and the admin and
 * API key features (ADR 0011), NOT read from permissionTable. One grant per line:
 *   <kinds | *> <OWNER | ANY role> <own | any org> <people | keys too> <active | inactive too>
 */
const HOLDERS = "UNIVERSITY,RESEARCH_INSTITUTE,SOE";
const EXPECTED: Record<Action, string[]> = {
  "org.read": ["* ANY own keys inactive", "PLATFORM ANY any keys active"],
  "org.update": ["* OWNER own people active", "PLATFORM ANY any people active"],
  "org.list": ["PLATFORM ANY any keys active"],
  "org.activate": ["PLATFORM ANY any people active"],
  "org.suspend": ["PLATFORM ANY any people active"],
  "member.list": ["* ANY own people inactive", "PLATFORM ANY any people active"],
  "member.invite": ["* OWNER own people active"],
  "apikey.list": ["* OWNER own people active", "PLATFORM ANY any people active"],
  "apikey.create": ["* OWNER own people active", "PLATFORM ANY any people active"],
  "apikey.revoke": ["* OWNER own people active", "PLATFORM ANY any people active"],
  "notification.read": ["* ANY own people inactive"],
  "audit.read": ["* OWNER own people active", "PLATFORM ANY any people active"],
  "queues.view": ["PLATFORM ANY any people active"],
  "apikey.read": ["* ANY own keys active", "PLATFORM ANY any people active"],
  "org.create": ["PLATFORM ANY any people active"],
  "user.create": ["PLATFORM ANY any people active"],
  "patent.manage": [`${HOLDERS} ANY own keys active`],
  "patent.import": [`${HOLDERS} ANY own keys active`, "PLATFORM ANY any people active"],
  "patent.read-unlisted": [`${HOLDERS} ANY own keys inactive`],
  "need.manage": ["SME ANY own keys active"],
  "subscription.manage": ["SME ANY own keys active"],
  "pledge.apply": ["SME ANY own keys active"],
  "deal.start": ["SME ANY own keys active"],
  "gi.apply": ["SME ANY own keys active"],
  "gi.review": ["GOVERNMENT ANY own keys active"],
  "gi.read-all": ["GOVERNMENT,PLATFORM ANY own keys active"],
  "indicators.read": ["GOVERNMENT,PLATFORM ANY own keys active"],
  "indicators.enter": ["GOVERNMENT ANY own keys active"],
};

type Caller = { role: "OWNER" | "MEMBER"; key: boolean; status: "ACTIVE" | "PENDING" | "SUSPENDED"; target: "own" | "other" };

function expected(action: Action, kind: OrgKind, c: Caller): boolean {
  return EXPECTED[action].some((line) => {
    const [kinds, role, scope, who, status] = line.split(" ");
    if (kinds !== "*" && !kinds.split(",").includes(kind)) return false;
    if (role === "OWNER" && (c.role !== "OWNER" || c.key)) return false;
    if (scope === "own" && c.target !== "own") return false;
    if (who === "people" && c.key) return false;
    if (status === "active" && c.status !== "ACTIVE") return false;
    return true;
  });
}

describe("identity access matrix (org kind × role × person or key × org status × own or other org × action)", () => {
  it("covers every action of the table, and no more", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(permissionTable).sort());
  });

  it.each(Object.values(OrgKind))("%s", (kind) => {
    for (const role of ["OWNER", "MEMBER"] as const) {
      for (const key of [false, true]) {
        if (key && role === "OWNER") continue; // API keys act with MEMBER rights
        for (const status of ["ACTIVE", "PENDING", "SUSPENDED"] as const) {
          for (const target of ["own", "other"] as const) {
            const actor: Actor = { userId: key ? null : "u-1", apiKeyId: key ? "k-1" : null, orgId: "org-1", orgKind: kind, orgStatus: status, role };
            for (const action of Object.keys(EXPECTED) as Action[]) {
              const got = can(actor, action, { orgId: target === "own" ? "org-1" : "org-2" });
              expect(got, `${kind} ${role} ${key ? "key" : "person"} ${status} ${target} ${action}`).toBe(expected(action, kind, { role, key, status, target }));
            }
          }
        }
      }
    }
  });
});
