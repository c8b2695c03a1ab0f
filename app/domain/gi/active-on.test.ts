import { describe, expect, it } from "vitest";
import { GI_APPLICATION_STATUSES } from "./machine";
import { dateOfDay, dayOf, isActiveGiUserOn, isIsoDay } from "./active-on";

describe("active GI special-mark user on a day", () => {
  const approved = { status: "APPROVED" as const, announcedOn: "2024-03-05", revokedOn: null };
  const revoked = { status: "REVOKED" as const, announcedOn: "2024-03-05", revokedOn: "2026-06-10" };

  it("starts on the announcement day, not before", () => {
    expect(isActiveGiUserOn(approved, "2024-03-04")).toBe(false);
    expect(isActiveGiUserOn(approved, "2024-03-05")).toBe(true);
    expect(isActiveGiUserOn(approved, "2030-01-01")).toBe(true);
  });

  it("ends on the revocation day: active the day before, not on it or after", () => {
    expect(isActiveGiUserOn(revoked, "2026-06-09")).toBe(true);
    expect(isActiveGiUserOn(revoked, "2026-06-10")).toBe(false);
    expect(isActiveGiUserOn(revoked, "2027-01-01")).toBe(false);
    expect(isActiveGiUserOn(revoked, "2024-03-04")).toBe(false);
  });

  it("counts only authorized rows (APPROVED, REVOKED) with an announcement date", () => {
    for (const status of GI_APPLICATION_STATUSES) {
      expect(isActiveGiUserOn({ status, announcedOn: "2024-01-01", revokedOn: null }, "2025-01-01"), status).toBe(status === "APPROVED" || status === "REVOKED");
    }
    expect(isActiveGiUserOn({ status: "APPROVED", announcedOn: null, revokedOn: null }, "2025-01-01")).toBe(false);
  });

  it("reads days as the calendar has them", () => {
    expect(isIsoDay("2024-02-29")).toBe(true);
    expect(isIsoDay("2026-02-29")).toBe(false);
    expect(isIsoDay("2026-13-01")).toBe(false);
    expect(isIsoDay("2026-1-01")).toBe(false);
    expect(dayOf(dateOfDay("2026-12-31"))).toBe("2026-12-31");
    expect(dayOf(null)).toBeNull();
  });
});
