import { db } from "~/utils/db.server";
import { can } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { OPEN_GI_STATUSES } from "./machine";

/**
 * What GOVERNMENT's home shows of its GI work (issue 16 §8): applications waiting for its
 * decision, those waiting for the applicant's supplement, and spot checks still open. Null
 * for anyone else.
 */
export async function giHomeFigures(actor: Actor): Promise<{ toReview: number; awaitingSupplement: number; openChecks: number } | null> {
  if (!can(actor, "gi.review")) return null;
  const [byStatus, openChecks] = await Promise.all([
    db.giApplication.groupBy({ by: ["status"], where: { status: { in: [...OPEN_GI_STATUSES] } }, _count: { _all: true } }),
    db.giSpotCheck.count({ where: { status: "OPEN" } }),
  ]);
  const count = (status: string) => byStatus.find((g) => g.status === status)?._count._all ?? 0;
  return { toReview: count("SUBMITTED"), awaitingSupplement: count("SUPPLEMENT_REQUESTED"), openChecks };
}
