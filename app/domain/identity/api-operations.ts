import { defineOperation } from "../shared/openapi";
import { pageQuerySchema } from "../shared/pagination";
import { apiKeyPageSchema } from "./api-key-schemas";
import { directoryPageSchema, directoryQuerySchema, meSchema, orgIdParamsSchema, orgProfileSchema, orgViewSchema, updateOrgProfileSchema } from "./org-schemas";

/** Identity operations of API v1 (see app/domain/shared/openapi.ts). */

export const getMe = defineOperation({
  operationId: "getMe",
  method: "GET",
  path: "/me",
  summary: "The caller: its org, role, and the person or API key",
  tags: ["identity"],
  responses: { 200: meSchema },
});

export const listOrgDirectory = defineOperation({
  operationId: "listOrgDirectory",
  method: "GET",
  path: "/orgs",
  summary: "The partner directory: ACTIVE banks, insurers and appraisers",
  description:
    "Any signed-in caller (person or API key, whatever its org's status). Name, USCC and kind of each; a bank's or insurer's products; " +
    "an appraiser's filing record number, methods, service area and capacity. Ordered by kind, then name. Other kinds and orgs not ACTIVE are never listed.",
  tags: ["identity"],
  request: { query: directoryQuerySchema },
  responses: { 200: directoryPageSchema },
});

export const getOrg = defineOperation({
  operationId: "getOrg",
  method: "GET",
  path: "/orgs/{id}",
  summary: "An organization",
  description:
    "The caller's own org (and, for platform operators, any org) comes with its full profile. " +
    "Another ACTIVE org comes with its public profile (no USCC or status). A PENDING or SUSPENDED org of someone else, " +
    "or any other org when the caller's own org is not ACTIVE, is 404.",
  tags: ["identity"],
  request: { params: orgIdParamsSchema },
  responses: { 200: orgViewSchema },
});

export const updateOrg = defineOperation({
  operationId: "updateOrg",
  method: "PATCH",
  path: "/orgs/{id}",
  summary: "Change an organization's name, town, industry clusters or (banks, insurers) products",
  description:
    "Checks in this order: authentication (401), the body (400 naming each field), visibility (404), permission (403). " +
    "Only the org's OWNER, signed in on the web, or a platform operator may change it; API keys act as MEMBER and get 403.",
  tags: ["identity"],
  request: { params: orgIdParamsSchema, body: updateOrgProfileSchema },
  responses: { 200: orgProfileSchema },
  problems: [403],
});

export const listApiKeys = defineOperation({
  operationId: "listApiKeys",
  method: "GET",
  path: "/api-keys",
  summary: "The caller's org's API keys (metadata only)",
  description: "Always the caller's own org, newest first, revoked keys included. Keys are created and revoked on the web page or with the admin CLI, never through the API.",
  tags: ["identity"],
  request: { query: pageQuerySchema },
  responses: { 200: apiKeyPageSchema },
  problems: [403],
});

export const identityOperations = [getMe, listOrgDirectory, getOrg, updateOrg, listApiKeys] as const;
