import { z } from "zod";
import { appraisalOperations } from "~/domain/appraisal/api-operations";
import { appraiserProfileOperations } from "~/domain/appraisal/appraiser-profile-operations";
import { dealOperations } from "~/domain/deals/api-operations";
import { giApplicationOperations } from "~/domain/gi/api-operations";
import { giPublicOperations } from "~/domain/gi/public-api-operations";
import { giSpotCheckOperations } from "~/domain/gi/spot-check-api-operations";
import { financingOperations } from "~/domain/financing/api-operations";
import { riskFundOperations } from "~/domain/financing/risk-fund-operations";
import { identityOperations } from "~/domain/identity/api-operations";
import { indicatorOperations } from "~/domain/indicators/api-operations";
import { patentOperations } from "~/domain/patents/api-operations";
import { paymentOperations } from "~/domain/payments/api-operations";
import { subsidyOperations } from "~/domain/subsidies/api-operations";
import { createOperationRegistry, defineOperation } from "~/domain/shared/openapi";

/**
 * Every operation of API v1. A new context adds its `*Operations` list here; the
 * OpenAPI document and the registry's uniqueness checks then cover it.
 */
export const getOpenApiDocument = defineOperation({
  operationId: "getOpenApiDocument",
  method: "GET",
  path: "/openapi.json",
  summary: "This document (OpenAPI 3.1)",
  tags: ["meta"],
  auth: false,
  responses: { 200: z.looseObject({ openapi: z.literal("3.1.0") }) },
});

export const apiV1 = createOperationRegistry([...identityOperations, ...patentOperations, ...dealOperations, ...financingOperations, ...appraisalOperations, ...appraiserProfileOperations, ...paymentOperations, ...subsidyOperations, ...riskFundOperations, ...giApplicationOperations, ...giPublicOperations, ...giSpotCheckOperations, ...indicatorOperations, getOpenApiDocument]);
