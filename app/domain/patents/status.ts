import { z } from "zod";
import type { PatentStatus } from "~/generated/prisma/enums";

/**
 * A patent's market status as data: which moves exist and what each is called. Only
 * LISTED patents are public and searchable; a holder lists a draft, unlists a listed
 * patent (it stays in the catalog, hidden), and may list it again.
 */
export const PATENT_STATUS_MOVES = [
  { action: "list", from: "DRAFT", to: "LISTED" },
  { action: "list", from: "UNLISTED", to: "LISTED" },
  { action: "unlist", from: "LISTED", to: "UNLISTED" },
] as const satisfies readonly { action: string; from: PatentStatus; to: PatentStatus }[];

export type PatentStatusAction = (typeof PATENT_STATUS_MOVES)[number]["action"];

export function nextPatentStatus(from: PatentStatus, action: PatentStatusAction): PatentStatus | null {
  return PATENT_STATUS_MOVES.find((m) => m.from === from && m.action === action)?.to ?? null;
}

export function patentStatusActions(from: PatentStatus): PatentStatusAction[] {
  return PATENT_STATUS_MOVES.filter((m) => m.from === from).map((m) => m.action);
}

export const isPublicStatus = (status: PatentStatus) => status === "LISTED";

/** `{ "action": "list" | "unlist", "version"?: n }`: the API's and the forms' status change. */
export const patentStatusBodySchema = z.object({
  action: z.enum(["list", "unlist"], { error: "操作应为 list（挂牌）或 unlist（下架）" }),
  version: z.coerce.number({ error: "version 应为正整数" }).int({ error: "version 应为正整数" }).min(1, { error: "version 应为正整数" }).optional(),
});
