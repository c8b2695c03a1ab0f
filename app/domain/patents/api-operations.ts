import { z, ZodError } from "zod";
import { defineOperation } from "../shared/openapi";
import { FACETS, HOLDER_KINDS, LEGAL_STATUSES, LISTING_MODES, PATENT_TYPES, type SearchQuery } from "../../../search/port";
import { patentListQuerySchema } from "./schemas";

/** Patent catalog, import, needs and subscriptions of API v1 (SPEC §11). */

const idParams = z.object({ id: z.string().min(1).max(64) });
const segment = z.object({ text: z.string(), match: z.boolean() }).meta({ id: "TextSegment", description: "Render as text; `match` marks highlighted terms." });

const listing = z
  .object({
    mode: z.enum(LISTING_MODES),
    askingPrice: z.string().nullable().describe("yuan, two decimals"),
    royaltyPercent: z.string().nullable(),
    royaltyBasis: z.enum(["NET_SALES", "PROFIT"]).nullable(),
    negotiable: z.boolean(),
    evaluationReportNo: z.string().nullable(),
  })
  .meta({ id: "ListingTerms" });

const holder = z.object({ id: z.string(), name: z.string(), kind: z.string() });

export const patentSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    applicationNumber: z.string().nullable(),
    publicationNumber: z.string().nullable(),
    type: z.enum(PATENT_TYPES).nullable(),
    legalStatus: z.enum(LEGAL_STATUSES),
    status: z.enum(["DRAFT", "LISTED", "UNLISTED"]),
    clusters: z.array(z.string()),
    ipc: z.array(z.string()),
    expiryDate: z.string().nullable(),
    remainingLifeYears: z.number().nullable(),
    highValueFlags: z.array(z.string()),
    isDemo: z.boolean(),
    version: z.number().int(),
    updatedAt: z.string(),
    holder,
    listing: listing.nullable(),
    listingBlockers: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe("Only in the holder's own list (`status=`): why this patent cannot be listed as it stands; empty when it can."),
  })
  .meta({ id: "PatentSummary" });

export const patentDetailSchema = patentSummarySchema
  .extend({
    abstract: z.string(),
    claims: z.string(),
    filingDate: z.string().nullable(),
    grantDate: z.string().nullable(),
    trl: z.number().int().nullable(),
    advantage: z.string().nullable(),
    targetApplication: z.string().nullable(),
    listedAt: z.string().nullable(),
    inventors: z.array(z.string()),
    actions: z.array(z.enum(["list", "unlist"])),
    canEdit: z.boolean(),
  })
  .meta({ id: "Patent" });

const searchQuerySchema = z.object({
  q: z.string().optional(),
  type: z.string().optional().describe(`comma-separated: ${PATENT_TYPES.join(", ")}`),
  ipc: z.string().optional().describe("IPC section, class, subclass or group, e.g. A, A23, A23L, A23L31/00"),
  holderKind: z.string().optional().describe(HOLDER_KINDS.join(", ")),
  cluster: z.string().optional(),
  listingMode: z.string().optional().describe(LISTING_MODES.join(", ")),
  legalStatus: z.string().optional().describe(LEGAL_STATUSES.join(", ")),
  priceMin: z.string().optional().describe("yuan"),
  priceMax: z.string().optional().describe("yuan"),
  lifeMin: z.string().optional().describe("years"),
  lifeMax: z.string().optional().describe("years"),
  highValue: z.string().optional(),
  sort: z.string().optional().describe("relevance, newest, price-asc, price-desc, remaining-life-desc"),
  minScore: z
    .string()
    .optional()
    .describe(
      "0–1, with `q` only: leave out hits whose `relevance` is below it; `total` and the facet counts count only the hits left. " +
        "Without it, hits below the platform's relevance floor are returned after the others with `lowRelevance: true`.",
    ),
  page: z.string().optional(),
  pageSize: z.string().optional(),
  status: z
    .string()
    .optional()
    .describe("DRAFT, LISTED or UNLISTED (also 草稿, 挂牌中, 已下架): the caller's own catalog in that status, newest first, each patent with its `listingBlockers`; holders only (403 for anyone else). The other search parameters are not applied then."),
});

export const patentSearchResultSchema = z
  .object({
    hits: z.array(
      z.object({
        id: z.string(),
        score: z.number(),
        title: z.array(segment),
        snippet: z.array(segment),
        matchedTerms: z.array(z.string()),
        relevance: z
          .number()
          .min(0)
          .max(1)
          .optional()
          .describe("With `q` only: how much of what was asked this patent answers, 0–1, comparable across queries (not relative to the best hit). `minScore` filters on it."),
        lowRelevance: z.boolean().optional().describe("With `q` only: below the relevance floor; such hits come after all the others (shown as 相关度较低)."),
        patent: patentSummarySchema,
      }),
    ),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    facets: z.partialRecord(z.enum(FACETS), z.record(z.string(), z.number())),
    tookMs: z.number(),
    engine: z.string(),
    suggestion: z
      .string()
      .nullable()
      .optional()
      .describe("Set when `q` held nothing to search for (only common words such as 的 or 一种, punctuation or markup): no hits, and this hint in Chinese."),
  })
  .meta({ id: "PatentSearchResult" });

const MIN_SCORE_FORMAT = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * `minScore` of `GET /patents` as the search port's `minRelevance`: absent, or a decimal
 * from 0 to 1. Anything else is a field error in Chinese (a ZodError, so the caller gets
 * the usual 400 naming `minScore`).
 */
export function parseMinScore(value: string | string[] | undefined): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === "") return undefined;
  const n = MIN_SCORE_FORMAT.test(text) ? Number(text) : Number.NaN;
  if (n >= 0 && n <= 1) return n;
  throw new ZodError([{ code: "custom", path: ["minScore"], message: `最低相关度 minScore 应为 0 到 1 之间的数（如 0.5），当前为“${text}”`, input: text }]);
}

/**
 * The public search `GET /patents` asks for: the list parameters as the page reads them,
 * plus `minScore`, every facet counted. One 400 names every bad parameter.
 */
export function patentApiSearchQuery(query: Record<string, string | string[] | undefined>): SearchQuery {
  const list = patentListQuerySchema.safeParse(query);
  const issues = list.success ? [] : [...list.error.issues];
  let minRelevance: number | undefined;
  try {
    minRelevance = parseMinScore(query.minScore);
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    issues.push(...error.issues);
  }
  if (!list.success || issues.length) throw new ZodError(issues);
  return { ...list.data.search, ...(minRelevance === undefined ? {} : { minRelevance }), facets: [...FACETS] };
}

export const searchPatentsOp = defineOperation({
  operationId: "searchPatents",
  method: "GET",
  path: "/patents",
  summary: "Search listed patents, or list the caller's own drafts (status=DRAFT)",
  description:
    "Anyone, also without credentials. Chinese segmentation with the county dictionary and synonyms; facets over all matching patents; highlights as text segments. " +
    "With `q`, each hit has an absolute `relevance` (0–1); hits below the relevance floor come last, flagged `lowRelevance`, and `minScore` leaves out those below it. " +
    "A `q` of only common words, punctuation or markup returns no hits and a `suggestion`. " +
    "With `status`, a holder gets its own catalog in that status instead (never another org's drafts).",
  tags: ["patents"],
  auth: false,
  request: { query: searchQuerySchema },
  responses: { 200: patentSearchResultSchema },
});

export const getPatentOp = defineOperation({
  operationId: "getPatent",
  method: "GET",
  path: "/patents/{id}",
  summary: "One patent",
  description: "A LISTED patent for anyone; a draft or unlisted patent only for its holder (404 for everyone else).",
  tags: ["patents"],
  auth: false,
  request: { params: idParams },
  responses: { 200: patentDetailSchema },
});

/** The body is the same object a JSON Lines import row is (SPEC §3 field names), plus `publish`. */
const patentBody = z.record(z.string(), z.unknown()).meta({ id: "PatentInput", description: "SPEC §3 fields in camelCase, as in an import row; `publish: true` lists it at once; PATCH also takes `version`." });

export const createPatentOp = defineOperation({
  operationId: "createPatent",
  method: "POST",
  path: "/patents",
  summary: "Add a patent to the caller's catalog (holders)",
  tags: ["patents"],
  request: { body: patentBody },
  responses: { 201: patentDetailSchema },
  problems: [403],
});

export const updatePatentOp = defineOperation({
  operationId: "updatePatent",
  method: "PATCH",
  path: "/patents/{id}",
  summary: "Edit a patent, or list/unlist it with {action}",
  description: "Either the full patent fields (replacing them) or `{ \"action\": \"list\" | \"unlist\" }`; `version` (optional) must be the one last read, else 409.",
  tags: ["patents"],
  request: { params: idParams, body: patentBody },
  responses: { 200: patentDetailSchema },
  problems: [403, 404, 409],
});

export const bulkListPatentsOp = defineOperation({
  operationId: "bulkListPatents",
  method: "POST",
  path: "/patents/bulk-list",
  summary: "List several of the caller's drafts or unlisted patents at once, with the same terms",
  description:
    "Body: `{ ids: [patentId…] (1–100, or one comma-separated string), terms: { listingMode, askingPrice, royaltyPercent, royaltyBasis, negotiable, evaluationReportNo } }` — " +
    "amounts as yuan strings or numbers. All or nothing: when any patent cannot be listed (no valid application number or type, dates out of order, lapsed, " +
    "open-licence limits, not found, already listed), the 400 problem names each one as `ids.<id>.<field>` and nothing changes.",
  tags: ["patents"],
  request: { body: z.record(z.string(), z.unknown()).meta({ id: "BulkListInput" }) },
  responses: { 200: z.object({ listed: z.array(z.object({ id: z.string(), status: z.enum(["LISTED"]), version: z.number().int() })) }).meta({ id: "BulkListResult" }) },
  problems: [403],
});

export const patentImportSchema = z
  .object({
    id: z.string(),
    holderId: z.string(),
    fileName: z.string(),
    format: z.string(),
    mode: z.enum(["ALL_OR_NOTHING", "SKIP_INVALID"]),
    publish: z.boolean(),
    status: z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED"]),
    total: z.number().int(),
    processed: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    failed: z.number().int(),
    listed: z.number().int().describe("rows written that are LISTED now"),
    drafted: z.number().int().describe("rows written that are not listed; each has a note saying why"),
    errors: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
    notes: z
      .array(z.object({ line: z.number().int(), kind: z.enum(["DRAFT", "DUPLICATE"]), message: z.string(), patentId: z.string().optional() }))
      .describe("DRAFT: why the row stayed a draft; DUPLICATE: a probable duplicate (same title and abstract) that was not imported, naming the record it repeats"),
    message: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    done: z.boolean(),
  })
  .meta({ id: "PatentImport" });

export const startPatentImportOp = defineOperation({
  operationId: "startPatentImport",
  method: "POST",
  path: "/patent-imports",
  summary: "Start a bulk import (NDJSON or CSV body, UTF-8, ≤ 50 MB)",
  description:
    "Body: the file itself, `Content-Type: application/x-ndjson` or `text/csv`. `mode=all-or-nothing` (default) imports nothing unless every row is valid; " +
    "`mode=skip-invalid` imports the valid rows. `publish=false` keeps them as drafts. `holderId` (platform operators only) names the holder. Poll the returned import for progress.",
  tags: ["patents"],
  request: {
    query: z.object({
      mode: z.enum(["all-or-nothing", "skip-invalid"]).default("all-or-nothing"),
      publish: z.enum(["true", "false"]).default("true"),
      holderId: z.string().optional(),
      fileName: z.string().max(200).optional(),
    }),
  },
  responses: { 202: patentImportSchema },
  problems: [403, 413, 415],
});

export const getPatentImportOp = defineOperation({
  operationId: "getPatentImport",
  method: "GET",
  path: "/patent-imports/{id}",
  summary: "An import's progress and row errors",
  tags: ["patents"],
  request: { params: idParams },
  responses: { 200: patentImportSchema },
  problems: [404],
});

export const needSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    title: z.string(),
    description: z.string(),
    ipcHints: z.array(z.string()),
    clusters: z.array(z.string()),
    budgetMax: z.string().nullable(),
    preferredHolderKinds: z.array(z.string()),
    status: z.enum(["OPEN", "CLOSED"]),
    matchedAt: z.string().nullable(),
    createdAt: z.string(),
    subscribed: z.boolean(),
  })
  .meta({ id: "Need" });

export const createNeedOp = defineOperation({
  operationId: "createNeed",
  method: "POST",
  path: "/needs",
  summary: "Post a technology need (SMEs); its matches are computed right after",
  tags: ["matching"],
  request: { body: z.record(z.string(), z.unknown()).meta({ id: "NeedInput", description: "title, description, ipcHints[], clusters[], budgetMax (yuan), preferredHolderKinds[], subscribe" }) },
  responses: { 201: needSchema },
  problems: [403],
});

export const getNeedOp = defineOperation({
  operationId: "getNeed",
  method: "GET",
  path: "/needs/{id}",
  summary: "A need of the caller's org",
  tags: ["matching"],
  request: { params: idParams },
  responses: { 200: needSchema },
  problems: [404],
});

const needMatch = z.object({
  rank: z.number().int(),
  patentId: z.string(),
  score: z.number().describe("0–100: 97 × technical relevance (text, and IPC overlap when the need names classes) + at most 3 near-tie points (budget, remaining life, holder kind, cluster); ADR 0019"),
  reasons: z.array(z.object({ kind: z.string(), text: z.string(), points: z.number() })),
  patent: z.object({ id: z.string(), title: z.string(), holder }),
});

export const needMatchesSchema = z
  .object({
    pending: z.boolean().describe("true while the first computation has not finished"),
    nothingFits: z.boolean().describe("true when matching has run and no patent reaches the relevance floor (暂无合适专利): `matches` is then empty and `nearest` holds the closest ones"),
    matches: z.array(needMatch).describe("the patents that fit the need, best first (at most 20); empty when nothingFits"),
    nearest: z.array(needMatch).describe("when nothingFits: the closest patents below the relevance floor, best first; otherwise empty"),
  })
  .meta({ id: "NeedMatches" });

export const getNeedMatchesOp = defineOperation({
  operationId: "getNeedMatches",
  method: "GET",
  path: "/needs/{id}/matches",
  summary: "A need's top 20 patents with score and reasons, or nothingFits with the nearest ones",
  tags: ["matching"],
  request: { params: idParams },
  responses: { 200: needMatchesSchema },
  problems: [404],
});

export const createSubscriptionOp = defineOperation({
  operationId: "createSubscription",
  method: "POST",
  path: "/subscriptions",
  summary: "Subscribe to a saved search or a need (专利信息定点推送)",
  description: "`{kind: \"SEARCH\", name, query: \"q=木耳&type=INVENTION\"}` or `{kind: \"NEED\", needId}`. New matching patents are pushed once each.",
  tags: ["matching"],
  request: { body: z.record(z.string(), z.unknown()).meta({ id: "SubscriptionInput" }) },
  responses: { 201: z.object({ id: z.string(), kind: z.enum(["SEARCH", "NEED"]), name: z.string() }).meta({ id: "Subscription" }) },
  problems: [403, 404],
});

export const patentOperations = [
  searchPatentsOp,
  getPatentOp,
  createPatentOp,
  updatePatentOp,
  bulkListPatentsOp,
  startPatentImportOp,
  getPatentImportOp,
  createNeedOp,
  getNeedOp,
  getNeedMatchesOp,
  createSubscriptionOp,
] as const;
