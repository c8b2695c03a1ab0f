import { can } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { getIndicatorOverview } from "./compute.server";
import type { IndicatorStatus } from "./types";

/** The indicators' statuses today for the home page of GOVERNMENT and PLATFORM (null for everyone else). */
export async function indicatorHomeFigures(actor: Actor): Promise<{ counts: Record<IndicatorStatus, number>; behind: { key: string; name: string }[] } | null> {
  if (!can(actor, "indicators.read")) return null;
  const overview = await getIndicatorOverview(actor, {});
  const counts: Record<IndicatorStatus, number> = { ACHIEVED: 0, ON_TRACK: 0, BEHIND: 0, NO_DATA: 0 };
  for (const f of overview.indicators) counts[f.status]++;
  return { counts, behind: overview.indicators.filter((f) => f.status === "BEHIND" || f.status === "NO_DATA").map((f) => ({ key: f.key, name: f.name })) };
}
