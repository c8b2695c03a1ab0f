import { z } from "zod";
import { defineOperation } from "../shared/openapi";
import { correctionSchema } from "./risk-fund-correction";

/** The risk fund's correcting entry in API v1 (SPEC §8, §11). The fund's read and top-up are in subsidies/api-operations.ts. */

const yuan = z.string().describe("yuan, two decimals");

export const correctRiskFundOp = defineOperation({
  operationId: "correctRiskFund",
  method: "POST",
  path: "/risk-fund/corrections",
  summary: "Book a correcting entry: a signed amount with its reason (GOVERNMENT)",
  description:
    "The ledger is never edited: a mistake is corrected by a new entry (kind CORRECTION, the reason as its note), audited with the person or API key. " +
    "`amount` is signed yuan (a string or a number), not 0, at most 100,000,000.00 either way; the balance never goes below zero (400 naming `amount`). " +
    "Every bad field is named at once and nothing changes. Other callers get 403.",
  tags: ["risk-fund"],
  request: { body: correctionSchema.meta({ id: "RiskFundCorrectionInput" }) },
  responses: { 201: z.object({ amount: yuan.describe("signed"), balanceBefore: yuan, balance: yuan, reason: z.string() }).meta({ id: "RiskFundCorrection" }) },
  problems: [403],
});

export const riskFundOperations = [correctRiskFundOp];
