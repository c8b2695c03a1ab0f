import type { GiApplicationStatus } from "~/generated/prisma/enums";

/**
 * The GI special-mark application's state machine (SPEC §10, issue 16 §2) as data: one
 * table of moves (action, from, to, party) read by the API, the pages and the use cases.
 * No other code compares application statuses to decide what may happen next.
 *
 * SUBMITTED → (SUPPLEMENT_REQUESTED ↔ SUBMITTED) → APPROVED | REJECTED; APPROVED → REVOKED.
 * The applicant (its org's members) resubmits; GOVERNMENT decides. A register-imported
 * user enters at APPROVED and can only be revoked.
 */

export const GI_APPLICATION_STATUSES = ["SUBMITTED", "SUPPLEMENT_REQUESTED", "APPROVED", "REJECTED", "REVOKED"] as const satisfies readonly GiApplicationStatus[];

export const GI_PARTIES = ["APPLICANT", "GOVERNMENT"] as const;
export type GiParty = (typeof GI_PARTIES)[number];

export const GI_ACTIONS = ["request-supplement", "resubmit", "approve", "reject", "revoke"] as const;
export type GiAction = (typeof GI_ACTIONS)[number];

export function isGiAction(value: string): value is GiAction {
  return (GI_ACTIONS as readonly string[]).includes(value);
}

export type GiMove = { action: GiAction; from: GiApplicationStatus; to: GiApplicationStatus; party: GiParty };

export const GI_MOVES: readonly GiMove[] = [
  { action: "request-supplement", from: "SUBMITTED", to: "SUPPLEMENT_REQUESTED", party: "GOVERNMENT" },
  { action: "resubmit", from: "SUPPLEMENT_REQUESTED", to: "SUBMITTED", party: "APPLICANT" },
  { action: "approve", from: "SUBMITTED", to: "APPROVED", party: "GOVERNMENT" },
  { action: "reject", from: "SUBMITTED", to: "REJECTED", party: "GOVERNMENT" },
  // A government may close an application whose supplement never came.
  { action: "reject", from: "SUPPLEMENT_REQUESTED", to: "REJECTED", party: "GOVERNMENT" },
  { action: "revoke", from: "APPROVED", to: "REVOKED", party: "GOVERNMENT" },
];

/** Waiting for a decision or a supplement: the (product, enterprise) pair is taken. */
export const OPEN_GI_STATUSES = ["SUBMITTED", "SUPPLEMENT_REQUESTED"] as const satisfies readonly GiApplicationStatus[];
/** Holds a certificate number (active or revoked): an authorized user, past or present. */
export const AUTHORIZED_GI_STATUSES = ["APPROVED", "REVOKED"] as const satisfies readonly GiApplicationStatus[];
/** Nothing moves out of these. */
export const FINAL_GI_STATUSES: readonly GiApplicationStatus[] = GI_APPLICATION_STATUSES.filter((s) => !GI_MOVES.some((m) => m.from === s));

export type GiResolution = { ok: true; move: GiMove } | { ok: false; reason: "state" | "party"; message: string };

export const GI_STATUS_NAMES: Record<GiApplicationStatus, string> = {
  SUBMITTED: "待审核",
  SUPPLEMENT_REQUESTED: "待补充材料",
  APPROVED: "已核准",
  REJECTED: "未核准",
  REVOKED: "已撤销",
};

export const GI_ACTION_NAMES: Record<GiAction, string> = {
  "request-supplement": "要求补充材料",
  resubmit: "补充后重新提交",
  approve: "核准使用",
  reject: "不予核准",
  revoke: "撤销使用资格",
};

/** The move `action` makes from `status` for `party`, or why it cannot (Chinese UI copy). */
export function resolveGiMove(status: GiApplicationStatus, action: GiAction, party: GiParty | null): GiResolution {
  const fromHere = GI_MOVES.filter((m) => m.action === action && m.from === status);
  if (!fromHere.length) return { ok: false, reason: "state", message: `申请${GI_STATUS_NAMES[status]}，不能${GI_ACTION_NAMES[action]}` };
  const move = fromHere.find((m) => m.party === party);
  if (!move) return { ok: false, reason: "party", message: `只有${party === "GOVERNMENT" ? "申请企业" : "县市场监管部门"}可以${GI_ACTION_NAMES[action]}` };
  return { ok: true, move };
}

/** What `party` can do now, in table order. */
export function availableGiActions(status: GiApplicationStatus, party: GiParty | null): GiAction[] {
  return [...new Set(GI_MOVES.filter((m) => m.from === status && m.party === party).map((m) => m.action))];
}
