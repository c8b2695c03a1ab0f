import { z } from "zod";
import { INT32_MAX } from "~/domain/shared/text";
import { defineOperation, validatedByUseCase } from "../shared/openapi";
import { pageQuerySchema, pageSchema } from "../shared/pagination";
import { DEAL_PARTY_ACTIONS, DEAL_STATUSES } from "./deal-machine";
import { DEAL_MODES } from "./rules";
import { DECLINE_REASONS } from "./schemas";

/** Deals of API v1 (SPEC §5, §11; issue 14 §12): start, offers, messages and every move as an action endpoint. */

const idParams = z.object({ id: z.string().min(1).max(64) });
const orgRef = z.object({ id: z.string(), name: z.string() });
const partyRef = orgRef.extend({ uscc: z.string() });
const yuan = z.string().describe("yuan, two decimals");
const mode = z.enum(DEAL_MODES).describe("ASSIGNMENT 转让, EXCLUSIVE 独占许可, SOLE 排他许可, NON_EXCLUSIVE 普通许可, OPEN 开放许可");
const rate = z.string().nullable().describe("exact decimal in [0, 1), e.g. \"0.035\" = 3.5 %; null: no royalty");
const role = z.enum(["SME", "HOLDER", "BANK", "SYSTEM"]).nullable().describe("the caller's part in the deal (BANK: the pledgee asked for consent)");
const actions = z.array(z.enum(DEAL_PARTY_ACTIONS)).describe("what the caller can do now (offers: POST /deals/{id}/offers while INQUIRY or NEGOTIATING)");

const dealState = z
  .object({
    id: z.string(),
    status: z.enum(DEAL_STATUSES),
    version: z.number().int().describe("send it back with every action (stale → 409)"),
    mode,
    consent: z.enum(["NOT_NEEDED", "PENDING", "GIVEN", "REFUSED"]).describe("the pledgee bank's consent (Civil Code art. 444)"),
    yourRole: role,
    actions,
  })
  .meta({ id: "DealState", description: "What a write returns: the deal's state for the caller (GET /deals/{id} gives the whole deal)" });

const summary = z
  .object({
    id: z.string(),
    status: z.enum(DEAL_STATUSES),
    version: z.number().int(),
    mode,
    consent: z.enum(["NOT_NEEDED", "PENDING", "GIVEN", "REFUSED"]),
    patent: z.object({ id: z.string(), title: z.string() }),
    sme: orgRef,
    holder: orgRef,
    stageEnteredAt: z.string(),
    overdue: z.boolean().describe("the holder has not answered the inquiry within the SLA"),
    updatedAt: z.string(),
  })
  .meta({ id: "DealSummary" });

const offer = z
  .object({
    id: z.string(),
    side: z.enum(["SME", "HOLDER"]),
    mode,
    upfront: yuan,
    royaltyRate: rate,
    royaltyBasis: z.enum(["NET_SALES", "PROFIT"]).nullable(),
    termMonths: z.number().int().nullable(),
    territory: z.string(),
    validUntil: z.string(),
    current: z.boolean().describe("the offer in force; the others are superseded"),
    supersededAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "DealOffer" });

const detail = summary
  .extend({
    patent: z.object({ id: z.string(), title: z.string(), applicationNumber: z.string().nullable(), type: z.enum(["INVENTION", "UTILITY_MODEL", "DESIGN"]).nullable(), listingMode: z.enum(["ASSIGNMENT", "EXCLUSIVE", "SOLE", "NON_EXCLUSIVE", "OPEN_LICENCE"]).nullable() }),
    sme: partyRef,
    holder: partyRef,
    currentOffer: offer.nullable(),
    offers: z.array(offer),
    messages: z.array(z.object({ id: z.string(), side: z.enum(["SME", "HOLDER"]), orgId: z.string(), body: z.string().describe("plain text"), at: z.string() })),
    terms: z
      .object({ mode, upfront: yuan, royaltyRate: rate, royaltyBasis: z.enum(["NET_SALES", "PROFIT"]).nullable(), termMonths: z.number().int().nullable().describe("null: until the patent expires"), territory: z.string(), termsHash: z.string().describe("SHA-256 of the agreed terms in canonical form"), agreedAt: z.string() })
      .nullable(),
    openLicenceNotice: z.string().nullable().describe("the written notice (书面通知) of an open licence, as sent to the holder"),
    consent: z.object({ status: z.enum(["NOT_NEEDED", "PENDING", "GIVEN", "REFUSED"]), bank: orgRef.nullable(), pledgeApplicationId: z.string().nullable(), at: z.string().nullable() }),
    payment: z
      .object({ id: z.string(), status: z.enum(["PENDING", "TRANSFER_SUBMITTED", "PAID", "FAILED", "REFUNDED"]), method: z.enum(["OFFLINE", "STRIPE"]), version: z.number().int(), amount: yuan, transferReference: z.string().nullable(), paidAt: z.string().nullable(), receivedOn: z.string().nullable().describe("the day the holder received the money (its receipt)"), actions: z.array(z.string()) })
      .nullable()
      .describe("the upfront fee (POST /payments/{id}/actions/{action})"),
    record: z.object({ number: z.string(), date: z.string() }).nullable(),
    conversion: z.object({ productName: z.string(), startedOn: z.string(), note: z.string().nullable(), evidenceUrl: z.string().nullable(), at: z.string() }).nullable(),
    decline: z.object({ reason: z.enum(DECLINE_REASONS), note: z.string().nullable() }).nullable(),
    endNote: z.string().nullable(),
    endedAt: z.string().nullable(),
    createdAt: z.string(),
    timeline: z.array(z.object({ at: z.string(), action: z.string(), from: z.string().nullable(), to: z.string().nullable(), orgId: z.string().nullable(), reason: z.string().nullable(), data: z.record(z.string(), z.unknown()).nullable() })),
    yourRole: role,
    actions,
  })
  .meta({ id: "Deal" });

export const createDealOp = defineOperation({
  operationId: "createDeal",
  method: "POST",
  path: "/deals",
  summary: "Start a deal on a listed patent (SME): an inquiry, or an open licence taken at its declared terms (straight to AGREED)",
  tags: ["deals"],
  request: { body: validatedByUseCase(z.object({ patentId: z.string(), mode, message: z.string().optional().describe("plain text, at most 2,000 characters") }), "DealInput") },
  responses: { 201: dealState },
  problems: [403, 409],
});

export const listDealsOp = defineOperation({
  operationId: "listDeals",
  method: "GET",
  path: "/deals",
  summary: "Deals the caller is party to (PLATFORM: all)",
  tags: ["deals"],
  request: { query: pageQuerySchema.extend({ status: z.enum(DEAL_STATUSES).optional(), role: z.enum(["SME", "HOLDER", "BANK"]).optional() }) },
  responses: { 200: pageSchema(summary) },
});

export const getDealOp = defineOperation({
  operationId: "getDeal",
  method: "GET",
  path: "/deals/{id}",
  summary: "One deal: offers, thread, agreed terms, consent, payment, record, conversion, timeline",
  tags: ["deals"],
  request: { params: idParams },
  responses: { 200: detail },
  problems: [404],
});

export const makeDealOfferOp = defineOperation({
  operationId: "makeDealOffer",
  method: "POST",
  path: "/deals/{id}/offers",
  summary: "Make an offer or counter-offer (either side); it supersedes the previous one",
  tags: ["deals"],
  request: {
    params: idParams,
    // The use case parses the body as a whole (numeric strings too): one answer names every bad field.
    body: validatedByUseCase(
      z.object({
        version: z.union([z.number().int().min(1).max(INT32_MAX), z.string()]).optional().describe("when sent, must be current (stale → 409)"),
        mode,
        upfront: z.union([z.string(), z.number()]).describe("yuan (\"85000.00\"); \"0\" for none"),
        royaltyRate: z.union([z.string(), z.number()]).nullable().optional().describe("exact decimal in [0, 1), e.g. \"0.035\" = 3.5 %; null or absent: no royalty"),
        royaltyBasis: z.enum(["NET_SALES", "PROFIT"]).optional().describe("default NET_SALES"),
        termMonths: z.union([z.number().int(), z.string()]).nullable().optional().describe("months, 1–240; required for a licence, none for an assignment"),
        territory: z.string().optional().describe("default 中国大陆"),
        validUntil: z.string().describe("YYYY-MM-DD, today to a year ahead"),
      }),
      "DealOfferInput",
    ),
  },
  responses: { 201: dealState.extend({ offerId: z.string() }) },
  problems: [403, 404, 409],
});

export const postDealMessageOp = defineOperation({
  operationId: "postDealMessage",
  method: "POST",
  path: "/deals/{id}/messages",
  summary: "Post a message on the deal's thread (plain text, at most 2,000 characters)",
  tags: ["deals"],
  request: { params: idParams, body: z.looseObject({ body: z.string().optional().describe("the text (`message` is accepted too)") }).meta({ id: "DealMessageInput" }) },
  responses: { 201: z.object({ id: z.string() }) },
  problems: [403, 404, 409],
});

export const actOnDealOp = defineOperation({
  operationId: "actOnDeal",
  method: "POST",
  path: "/deals/{id}/actions/{action}",
  summary: "Move the deal (one action of SPEC §5)",
  description:
    "The body carries the `version` the caller last read (stale → 409, nothing changes) and the action's fields: " +
    "`accept-offer` {offerId?} (the side that did not make the offer in force; a superseded offerId → 409), " +
    "`decline` {reason: TOO_EARLY|BENEFIT_UNCLEAR|PRICE|NOT_AVAILABLE|OTHER, note?} (holder; note required with OTHER), `cancel` {reason?} (either side, before RECORDED), " +
    "`consent` {note?} / `refuse-consent` {reason} (the pledgee bank of a registered pledge on the patent), " +
    "`record` {recordNumber, date} (holder; after the upfront fee is paid, or at once when it is 0), " +
    "`report-conversion` {productName, startedOn, note?} (SME).",
  tags: ["deals"],
  request: {
    params: z.object({ id: z.string().min(1).max(64), action: z.enum(DEAL_PARTY_ACTIONS) }),
    body: validatedByUseCase(z.looseObject({ version: z.union([z.number().int().min(1).max(INT32_MAX), z.string()]) }), "DealActionInput"),
  },
  responses: { 200: dealState },
  problems: [403, 404, 409],
});

export const putDealConversionEvidenceOp = defineOperation({
  operationId: "putDealConversionEvidence",
  method: "PUT",
  path: "/deals/{id}/conversion-evidence",
  summary: "Attach the evidence of production (the deal's SME, RECORDED or CONVERTED): raw body, Content-Type application/pdf or image/jpeg, ≤ 10 MB, checked by its magic bytes; replaces an earlier file",
  tags: ["deals"],
  request: { params: idParams },
  responses: { 200: detail },
  problems: [403, 404, 409, 413, 415],
});

export const getDealConversionEvidenceOp = defineOperation({
  operationId: "getDealConversionEvidence",
  method: "GET",
  path: "/deals/{id}/conversion-evidence",
  summary: "The evidence of production, for the deal's SME and holder only (application/pdf or image/jpeg)",
  tags: ["deals"],
  request: { params: idParams },
  responses: { 200: null },
  problems: [404],
});

export const dealOperations = [createDealOp, listDealsOp, getDealOp, makeDealOfferOp, postDealMessageOp, actOnDealOp, putDealConversionEvidenceOp, getDealConversionEvidenceOp];
