import { describe, expect, it } from "vitest";
import { NO_FACTS } from "./pledge-machine";
import { awaitsParty, owedActions, statusesAwaiting, type QueueFacts } from "./work-queue";

const facts = (over: Partial<QueueFacts> = {}): QueueFacts => ({ ...NO_FACTS, hasAssets: true, reportAcceptedBySme: false, reportAcceptedByBank: false, ...over });

describe("待我办理 (work queue)", () => {
  it("a submitted application waits for nobody but the platform; the bank owes its review", () => {
    expect(awaitsParty("SUBMITTED", "BANK", facts())).toBe(false);
    expect(awaitsParty("SUBMITTED", "SME", facts())).toBe(false);
    expect(owedActions("BANK_REVIEW", "BANK", facts())).toEqual(["bank-approve", "bank-reject"]);
    expect(awaitsParty("BANK_REVIEW", "INSURER", facts())).toBe(false);
    expect(owedActions("INSURER_REVIEW", "INSURER", facts())).toEqual(["insurer-approve", "insurer-decline"]);
  });

  it("a report waits for each of SME and bank until that one accepted it", () => {
    const ready = facts({ reportReady: true });
    expect(awaitsParty("APPRAISAL", "BANK", ready)).toBe(true);
    expect(awaitsParty("APPRAISAL", "SME", ready)).toBe(true);
    expect(awaitsParty("APPRAISAL", "BANK", facts({ reportReady: false }))).toBe(false);
    const bankAccepted = facts({ reportReady: true, reportAcceptedByBank: true, otherPartyAcceptedReport: false });
    expect(awaitsParty("APPRAISAL", "BANK", bankAccepted)).toBe(false);
    expect(awaitsParty("APPRAISAL", "SME", { ...bankAccepted, otherPartyAcceptedReport: true })).toBe(true);
  });

  it("a running loan does not wait for the bank (repayments and defaults are standing moves); a default waits for its claim", () => {
    expect(awaitsParty("DISBURSED", "BANK", facts())).toBe(false);
    expect(awaitsParty("REPAYING", "BANK", facts())).toBe(false);
    expect(owedActions("DEFAULTED", "BANK", facts())).toEqual(["claim-compensation"]);
    expect(owedActions("CONTRACTED", "BANK", facts())).toEqual(["register"]);
    expect(owedActions("REGISTERED", "BANK", facts())).toEqual(["disburse"]);
  });

  it("withdrawing is never what an application waits for; the SME owes the submission and the terms", () => {
    expect(owedActions("DRAFT", "SME", facts())).toEqual(["submit"]);
    expect(owedActions("OFFERED", "SME", facts())).toEqual(["accept-terms"]);
    expect(awaitsParty("OFFERED", "SME", facts({ termsAccepted: true }))).toBe(false);
    expect(awaitsParty("BANK_REVIEW", "SME", facts())).toBe(false);
  });

  it("narrows the statuses to query by party", () => {
    expect(statusesAwaiting("INSURER")).toEqual(["INSURER_REVIEW"]);
    expect(statusesAwaiting("BANK").sort()).toEqual(["APPRAISAL", "BANK_REVIEW", "COMPENSATED", "CONTRACTED", "DEFAULTED", "REGISTERED"].sort());
  });
});
