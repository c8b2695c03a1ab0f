import type { OperationSpec } from "../shared/openapi";

/** Public verification of GI special-mark users (issue 16 §4, §9): no credentials needed. */
export const giPublicOperations: OperationSpec[] = [];
