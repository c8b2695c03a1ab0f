import { describe, expect, it } from "vitest";
import { PLEDGE_MOVES } from "./pledge-machine";
import { pledgeNotices, type MoveFacts } from "./notices";

const base: MoveFacts = {
  id: "app1",
  smeId: "sme",
  bankId: "bank",
  insurerId: "insurer",
  smeName: "柞水县木耳科技有限公司",
  version: 7,
  action: "submit",
  from: "DRAFT",
  to: "SUBMITTED",
  party: "SME",
  requested: 100_000_000n,
  approved: 85_000_000n,
  loanCap: 87_000_000n,
  premium: 1_700_000n,
  disbursed: 85_000_000n,
  cnipaRegNo: "Y2026980012345",
  appraiserId: "appraiser",
  governmentIds: ["gov"],
};

const recipients = (facts: Partial<MoveFacts>) => pledgeNotices({ ...base, ...facts }).map((n) => `${n.orgId}:${n.kind}`);

describe("who hears of a pledge move", () => {
  it("tells the party that owes the next step", () => {
    expect(recipients({ action: "submit", from: "DRAFT", to: "SUBMITTED" })).toEqual(["bank:financing.bank-turn"]);
    expect(recipients({ action: "start-bank-review", from: "APPRAISED", to: "BANK_REVIEW", party: "SYSTEM" })).toEqual(["bank:financing.bank-turn", "sme:financing.sme-update"]);
    expect(recipients({ action: "bank-approve", from: "BANK_REVIEW", to: "INSURER_REVIEW", party: "BANK" })).toEqual(["insurer:financing.insurer-turn", "sme:financing.sme-update"]);
    expect(recipients({ action: "insurer-approve", from: "INSURER_REVIEW", to: "OFFERED", party: "INSURER" })).toEqual(["sme:financing.sme-update"]);
    expect(recipients({ action: "contract", from: "OFFERED", to: "CONTRACTED", party: "SYSTEM" })).toEqual(["bank:financing.bank-turn", "sme:financing.sme-update"]);
    expect(recipients({ action: "reject-report", from: "APPRAISAL", to: "APPRAISAL", party: "BANK" })).toEqual(["appraiser:appraisal.update"]);
  });

  it("asks the other of SME and bank for its acceptance of the report, and nobody after the second", () => {
    expect(recipients({ action: "accept-report", from: "APPRAISAL", to: "APPRAISAL", party: "SME" })).toEqual(["bank:financing.bank-turn"]);
    expect(recipients({ action: "accept-report", from: "APPRAISAL", to: "APPRAISAL", party: "BANK" })).toEqual(["sme:financing.sme-update"]);
    expect(recipients({ action: "accept-report", from: "APPRAISAL", to: "APPRAISED", party: "BANK" })).toEqual([]);
  });

  it("tells the SME of every decision", () => {
    for (const action of ["bank-reject", "insurer-decline", "register", "disburse", "record-repayment", "declare-default", "claim-compensation", "close"] as const) {
      const move = PLEDGE_MOVES.find((m) => m.action === action)!;
      expect(recipients({ action, from: move.from, to: move.to, party: "BANK" }), action).toContain("sme:financing.sme-update");
    }
  });

  it("tells the county of a default, and nobody of a withdrawn draft", () => {
    expect(recipients({ action: "declare-default", from: "REPAYING", to: "DEFAULTED", party: "BANK" })).toContain("gov:financing.update");
    expect(recipients({ action: "withdraw", from: "DRAFT", to: "WITHDRAWN" })).toEqual([]);
    expect(recipients({ action: "withdraw", from: "BANK_REVIEW", to: "WITHDRAWN" })).toEqual(["bank:financing.update", "appraiser:appraisal.update"]);
    expect(recipients({ action: "withdraw", from: "OFFERED", to: "WITHDRAWN" })).toEqual(["bank:financing.update", "insurer:financing.update", "appraiser:appraisal.update"]);
  });

  it("keys each notice by application, version, action and recipient, and links to the application", () => {
    const [notice] = pledgeNotices({ ...base, action: "submit" });
    expect(notice).toMatchObject({ sourceKey: "pledge:app1:v7:submit:bank:bank", link: "/financing/app1" });
    expect(notice.body).toContain("¥1,000,000.00");
    const keys = pledgeNotices({ ...base, action: "start-bank-review", from: "APPRAISED", to: "BANK_REVIEW" }).map((n) => n.sourceKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("never shows a raw enum or an undefined value", () => {
    for (const move of PLEDGE_MOVES) {
      for (const n of pledgeNotices({ ...base, action: move.action, from: move.from, to: move.to, reason: "材料不全" })) {
        expect(`${n.title}${n.body}`).not.toMatch(/undefined|null|NaN|[A-Z]{4,}_?[A-Z]*(?![0-9])/);
      }
    }
  });
});
