import type { OperationSpec } from "../shared/openapi";

/** GI products and special-mark applications of API v1 (issue 16 §9). */
export const giApplicationOperations: OperationSpec[] = [];
