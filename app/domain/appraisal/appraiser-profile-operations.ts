import { defineOperation } from "../shared/openapi";
import { appraiserProfileViewSchema, ownAppraiserProfileSchema } from "./appraiser-profile";

/** An appraiser's own profile in API v1 (SPEC §7, §11). */

/** The use case's own schema, so one answer names every bad field in the same words as the page. */
const body = ownAppraiserProfileSchema.meta({ id: "AppraiserProfileInput" });

export const getOwnAppraiserProfileOp = defineOperation({
  operationId: "getOwnAppraiserProfile",
  method: "GET",
  path: "/appraiser-profile",
  summary: "The caller's own appraiser profile (APPRAISER orgs)",
  tags: ["appraisal"],
  responses: { 200: appraiserProfileViewSchema },
  problems: [403],
});

export const putOwnAppraiserProfileOp = defineOperation({
  operationId: "putOwnAppraiserProfile",
  method: "PUT",
  path: "/appraiser-profile",
  summary: "Set the caller's own qualification number, methods, capacity and service area (APPRAISER orgs, people or API keys)",
  description:
    "Replaces those four fields (every bad field is named at once; nothing changes on a 400). Qualified asset types and declared affiliations are recorded by the platform's operator " +
    "(`npm run admin -- appraiser:profile`) and stay as they are. Other org kinds get 403; a SUSPENDED appraiser too. Audited with the key or person.",
  tags: ["appraisal"],
  request: { body },
  responses: { 200: appraiserProfileViewSchema },
  problems: [403],
});

export const appraiserProfileOperations = [getOwnAppraiserProfileOp, putOwnAppraiserProfileOp];
