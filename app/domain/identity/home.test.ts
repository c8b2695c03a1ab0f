import { describe, expect, it } from "vitest";
import { OrgKind } from "~/generated/prisma/enums";
import { dictionaries } from "~/utils/i18n";
import "~/utils/messages/identity";
import type { Actor } from "../shared/actor";
import { allRoutes, matchPage, SERVER_PAGES } from "../../../scripts/page-routes";
import { capabilitiesFor, homes } from "./home";

const actor = (over: Partial<Actor>): Actor => ({ userId: "u", apiKeyId: null, orgId: "o", orgKind: "SME", orgStatus: "ACTIVE", role: "OWNER", ...over });

describe("role-aware homes", () => {
  it("every org kind has a home whose words exist in both languages", () => {
    for (const kind of Object.values(OrgKind)) {
      const home = homes[kind];
      for (const locale of ["zh-CN", "en"] as const) {
        expect(dictionaries[locale][home.titleKey], `${locale} ${home.titleKey}`).toBeTruthy();
        expect(dictionaries[locale][home.introKey], `${locale} ${home.introKey}`).toBeTruthy();
        for (const cap of home.capabilities) {
          expect(dictionaries[locale][`home.cap.${cap.key}.title`], `${locale} ${cap.key}`).toBeTruthy();
          expect(dictionaries[locale][`home.cap.${cap.key}.desc`], `${locale} ${cap.key}`).toBeTruthy();
        }
      }
    }
  });

  it("titles homes the way each role knows them", () => {
    expect(dictionaries["zh-CN"][homes.SME.titleKey]).toBe("中小企业工作台");
    expect(dictionaries["zh-CN"][homes.BANK.titleKey]).toBe("银行工作台");
    expect(dictionaries["zh-CN"][homes.GOVERNMENT.titleKey]).toBe("政府监管驾驶舱");
    expect(dictionaries["zh-CN"][homes.PLATFORM.titleKey]).toBe("平台运营");
  });

  it("links every card of every role to a page of the portal; nothing says coming soon", () => {
    const routes = allRoutes();
    for (const kind of Object.values(OrgKind)) {
      for (const cap of capabilitiesFor(actor({ orgKind: kind }))) {
        expect(cap.state, `${kind} ${cap.key}`).toBe("available");
        if (SERVER_PAGES.includes(cap.to ?? "")) continue;
        expect(matchPage(routes, cap.to ?? "")?.pattern, `${kind} ${cap.key} → ${cap.to}`).toBe(cap.to);
      }
    }
  });

  it("links what is built", () => {
    const caps = capabilitiesFor(actor({}));
    expect(caps.find((c) => c.key === "pledgeFinancing")).toEqual({ key: "pledgeFinancing", state: "available", to: "/financing" });
    expect(caps.find((c) => c.key === "members")).toEqual({ key: "members", state: "available", to: "/org/members" });
    // Issue 3's pages: search for everyone, needs for SMEs, the catalog and imports for holders.
    expect(caps.find((c) => c.key === "patentSearch")).toEqual({ key: "patentSearch", state: "available", to: "/patents" });
    expect(caps.find((c) => c.key === "needs")).toEqual({ key: "needs", state: "available", to: "/needs" });
    const university = capabilitiesFor(actor({ orgKind: "UNIVERSITY" }));
    expect(university.find((c) => c.key === "patentListing")).toEqual({ key: "patentListing", state: "available", to: "/catalog" });
    expect(university.find((c) => c.key === "patentImport")).toEqual({ key: "patentImport", state: "available", to: "/catalog/imports" });
    expect(capabilitiesFor(actor({ orgStatus: "PENDING" })).find((c) => c.key === "needs")?.state).toBe("locked");
  });

  it("hides what the role may never use and locks what waits for approval", () => {
    expect(capabilitiesFor(actor({ orgKind: "BANK", role: "MEMBER" })).map((c) => c.key)).not.toContain("apiKeys");
    expect(capabilitiesFor(actor({ orgKind: "BANK", role: "OWNER" })).map((c) => c.key)).toContain("apiKeys");
    const pending = capabilitiesFor(actor({ orgKind: "BANK", orgStatus: "PENDING" }));
    expect(pending.find((c) => c.key === "apiKeys")?.state).toBe("locked");
    expect(pending.find((c) => c.key === "members")?.state).toBe("available");
    expect(capabilitiesFor(actor({ orgKind: "PLATFORM", role: "MEMBER" })).find((c) => c.key === "orgReview")).toMatchObject({ state: "available", to: "/admin/orgs" });
  });
});
