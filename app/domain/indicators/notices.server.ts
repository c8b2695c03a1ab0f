import type { Tx } from "~/utils/db.server";
import { county } from "../identity/county";
import { notifyOrgs, type OrgNotice } from "../notifications/notify.server";
import { findIndicatorDefinition } from "./definitions";
import { displayFigureWithUnit } from "./display";
import type { IndicatorFigure, IndicatorStatus } from "./types";

/**
 * The notices of the monthly snapshots (issue 17), in one place, to every member of every
 * active GOVERNMENT org: an indicator fell behind its linear path ("indicators.behind"),
 * or an indicator counted from official statistics has none ("indicators.entry-due").
 * One notice per indicator, month and recipient (`sourceKey` names both).
 */

const plan = county.indicatorPlan;

export const indicatorLink = (key: string) => `/indicators/${key}`;
export const indicatorEntryLink = (seriesKey: string) => `/indicators/entries/new?seriesKey=${encodeURIComponent(seriesKey)}`;

/** "2024-02-29" → "2024年2月". */
export const monthLabel = (monthEnd: string) => `${Number(monthEnd.slice(0, 4))}年${Number(monthEnd.slice(5, 7))}月`;

const figureText = (f: Pick<IndicatorFigure, "unit" | "unitLabel">, value: string) => displayFigureWithUnit(f.unit, f.unitLabel, value);

/** Whether the county is told that `figure` fell behind: BEHIND now, and not BEHIND in the last month it heard of (none: the first snapshot). */
export function fellBehind(figure: Pick<IndicatorFigure, "status">, previous: IndicatorStatus | null): boolean {
  return figure.status === "BEHIND" && previous !== "BEHIND";
}

/** Whether the county is asked for a figure: the indicator counts official statistics and the month has no value. */
export function waitsForStatistic(figure: Pick<IndicatorFigure, "status" | "counts">): boolean {
  return figure.status === "NO_DATA" && figure.counts === "STATISTIC";
}

export function behindNotice(orgId: string, f: IndicatorFigure, month: string): OrgNotice {
  const annual = f.pathway === "ANNUAL";
  const value = f.value === null ? "暂无数据" : figureText(f, f.value);
  const body = annual
    ? `截至${monthLabel(month)}末，${f.name}为 ${value}，低于每年不低于 ${figureText(f, f.target)} 的目标。请查看明细并推进相关工作。`
    : `截至${monthLabel(month)}末，${f.name}为 ${value}，低于按计划进度应达到的 ${figureText(f, f.expected)}（目标：${plan.end} 前达到 ${figureText(f, f.target)}）。请查看明细并推进相关工作。`;
  return { orgId, kind: "indicators.behind", title: `指标进度落后：${f.name}`, body, sourceKey: `indicators.behind:${f.key}:${month}`, link: indicatorLink(f.key) };
}

export function entryDueNotice(orgId: string, f: IndicatorFigure, month: string): OrgNotice {
  const def = findIndicatorDefinition(plan, f.key);
  // An annual share is made of its inputs; every other indicator takes its own figure.
  const inputs = def?.statistic === "ANNUAL_SHARE" ? plan.inputs.filter((i) => def.inputs.includes(i.key)) : [];
  const what = inputs.length ? inputs.map((i) => i.name).join("和") + "的年度数" : `${f.name}的最新统计数`;
  const hints = inputs.length ? `（来源：${[...new Set(inputs.map((i) => i.sourceHint))].join("；")}）` : "";
  return {
    orgId,
    kind: "indicators.entry-due",
    title: `请录入指标统计数据：${f.name}`,
    body: `截至${monthLabel(month)}末，${f.name}暂无数据，看板无法显示其进度。请录入${what}${hints}，并注明来源和日期。`,
    sourceKey: `indicators.entry-due:${f.key}:${month}`,
    link: indicatorEntryLink(inputs[0]?.key ?? f.key),
  };
}

/**
 * Tells GOVERNMENT, in the snapshot's transaction, what the month's newly written figures
 * call for. `previous` is each indicator's status in the last month the county heard of
 * (absent: none before).
 */
export async function tellGovernmentOfMonth(tx: Tx, month: string, figures: readonly IndicatorFigure[], previous: ReadonlyMap<string, IndicatorStatus>) {
  const behind = figures.filter((f) => fellBehind(f, previous.get(f.key) ?? null));
  const due = figures.filter(waitsForStatistic);
  if (behind.length === 0 && due.length === 0) return;
  const governments = await tx.organization.findMany({ where: { kind: "GOVERNMENT", status: "ACTIVE" }, select: { id: true } });
  await notifyOrgs(
    tx,
    governments.flatMap((g) => [...behind.map((f) => behindNotice(g.id, f, month)), ...due.map((f) => entryDueNotice(g.id, f, month))]),
  );
}
