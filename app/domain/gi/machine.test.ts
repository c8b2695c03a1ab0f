import { describe, expect, it } from "vitest";
import {
  AUTHORIZED_GI_STATUSES,
  availableGiActions,
  FINAL_GI_STATUSES,
  GI_ACTION_NAMES,
  GI_ACTIONS,
  GI_APPLICATION_STATUSES,
  GI_PARTIES,
  GI_STATUS_NAMES,
  isGiAction,
  OPEN_GI_STATUSES,
  resolveGiMove,
} from "./machine";

/*
 * Issue 16 §2 written out again by hand, independently of GI_MOVES: every (from, action,
 * party) that may happen and its target. Everything else is refused: "state" when nobody
 * may take the action in that status, "party" when the other side may.
 */
const ALLOWED: Record<string, string> = {
  "SUBMITTED request-supplement GOVERNMENT": "SUPPLEMENT_REQUESTED",
  "SUPPLEMENT_REQUESTED resubmit APPLICANT": "SUBMITTED",
  "SUBMITTED approve GOVERNMENT": "APPROVED",
  "SUBMITTED reject GOVERNMENT": "REJECTED",
  "SUPPLEMENT_REQUESTED reject GOVERNMENT": "REJECTED",
  "APPROVED revoke GOVERNMENT": "REVOKED",
};

describe("the GI application machine, row by row", () => {
  for (const from of GI_APPLICATION_STATUSES) {
    for (const action of GI_ACTIONS) {
      for (const party of GI_PARTIES) {
        const key = `${from} ${action} ${party}`;
        const otherSide = GI_PARTIES.find((p) => p !== party)!;
        it(key, () => {
          const result = resolveGiMove(from, action, party);
          if (ALLOWED[key]) {
            expect(result).toEqual({ ok: true, move: { action, from, to: ALLOWED[key], party } });
          } else if (ALLOWED[`${from} ${action} ${otherSide}`]) {
            expect(result).toMatchObject({ ok: false, reason: "party" });
          } else {
            expect(result).toMatchObject({ ok: false, reason: "state" });
          }
          if (!result.ok) expect(result.message).toMatch(/[\u4e00-\u9fa5]/);
        });
      }
    }
  }

  it("a caller with no part in the application can do nothing", () => {
    for (const from of GI_APPLICATION_STATUSES) for (const action of GI_ACTIONS) expect(resolveGiMove(from, action, null).ok).toBe(false);
  });

  it("lists what each side can do now", () => {
    expect(availableGiActions("SUBMITTED", "GOVERNMENT")).toEqual(["request-supplement", "approve", "reject"]);
    expect(availableGiActions("SUBMITTED", "APPLICANT")).toEqual([]);
    expect(availableGiActions("SUPPLEMENT_REQUESTED", "APPLICANT")).toEqual(["resubmit"]);
    expect(availableGiActions("SUPPLEMENT_REQUESTED", "GOVERNMENT")).toEqual(["reject"]);
    expect(availableGiActions("APPROVED", "GOVERNMENT")).toEqual(["revoke"]);
    expect(availableGiActions("REVOKED", "GOVERNMENT")).toEqual([]);
  });

  it("names the groups of statuses", () => {
    expect(FINAL_GI_STATUSES).toEqual(["REJECTED", "REVOKED"]);
    expect(OPEN_GI_STATUSES).toEqual(["SUBMITTED", "SUPPLEMENT_REQUESTED"]);
    expect(AUTHORIZED_GI_STATUSES).toEqual(["APPROVED", "REVOKED"]);
  });

  it("has a Chinese name for every status and action, and knows its actions", () => {
    for (const s of GI_APPLICATION_STATUSES) expect(GI_STATUS_NAMES[s]).toMatch(/^[\u4e00-\u9fa5]+$/);
    for (const a of GI_ACTIONS) expect(GI_ACTION_NAMES[a]).toMatch(/[\u4e00-\u9fa5]/);
    expect(isGiAction("approve")).toBe(true);
    expect(isGiAction("delete")).toBe(false);
  });
});
