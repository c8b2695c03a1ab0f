import type { OperationSpec } from "../shared/openapi";

/** Annual GI spot checks of API v1 (issue 16 §6, §9). */
export const giSpotCheckOperations: OperationSpec[] = [];
