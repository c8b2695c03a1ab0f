import { describe, expect, it } from "vitest";
import { BODY_LIMITS, bodyClassOf, normalizedPath } from "./request-limits";

describe("route classes for body caps", () => {
  it("normalizes the path the way the router will see it", () => {
    expect(normalizedPath("/webhooks/../logout")).toBe("/logout");
    expect(normalizedPath("/webhooks/%2e%2e/logout?x=1")).toBe("/logout");
    expect(normalizedPath("/api/v1/./needs")).toBe("/api/v1/needs");
  });

  it("gives uploads their own caps and everything else 1 MB", () => {
    expect(bodyClassOf("/catalog/imports")).toBe("importForm");
    expect(bodyClassOf("/catalog/imports.data")).toBe("importForm");
    expect(bodyClassOf("/api/v1/patent-imports")).toBe("importUpload");
    expect(bodyClassOf("/api/v1/appraisal-jobs/abc/report-file")).toBe("reportUpload");
    expect(bodyClassOf("/appraisal/abc")).toBe("reportForm");
    expect(bodyClassOf("/api/v1/deals/abc/conversion-evidence")).toBe("evidenceUpload");
    expect(bodyClassOf("/deals/abc")).toBe("evidenceForm");
    expect(bodyClassOf("/deals/abc.data")).toBe("evidenceForm");
    // GI evidence (issue 16): one raw file by API; several with an application or a resubmission.
    expect(bodyClassOf("/api/v1/gi-applications/abc/evidence")).toBe("giEvidenceUpload");
    expect(bodyClassOf("/api/v1/gi-applications")).toBe("giEvidenceForm");
    expect(bodyClassOf("/gi/apply")).toBe("giEvidenceForm");
    expect(bodyClassOf("/gi/apply.data")).toBe("giEvidenceForm");
    expect(bodyClassOf("/gi/applications/abc")).toBe("giEvidenceForm");
    expect(bodyClassOf("/gi/applications/abc.data")).toBe("giEvidenceForm");
    expect(bodyClassOf("/api/v1/gi-applications/abc/actions/approve")).toBe("json");
    expect(bodyClassOf("/gi/products/new")).toBe("form");
    expect(bodyClassOf("/api/v1/deals/abc/offers")).toBe("json");
    expect(bodyClassOf("/deals/abc/contract")).toBe("form");
    expect(bodyClassOf("/api/v1/subsidy-budgets/2026")).toBe("json");
    expect(bodyClassOf("/webhooks/stripe")).toBe("webhook");
    expect(bodyClassOf("/login")).toBe("form");
    expect(bodyClassOf(normalizedPath("/api/v1/../../catalog/imports/../x"))).toBe("form");
    for (const kind of ["form", "json", "webhook"] as const) expect(BODY_LIMITS[kind]).toBe(1024 * 1024);
    expect(BODY_LIMITS.importUpload).toBe(50 * 1024 * 1024);
    expect(BODY_LIMITS.evidenceUpload).toBe(10 * 1024 * 1024);
  });
});
