import { translate } from "~/utils/i18n";
import "~/utils/messages/indicators";
import { csvSections, xlsxWorkbook, type Sheet, type SheetColumn } from "~/utils/spreadsheet.server";
import { county } from "../identity/county";
import { can } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { notFound } from "../shared/errors";
import { getIndicatorDetails } from "./compute.server";
import { displayFigure } from "./display";
import { readIndicatorEntries } from "./entries.server";
import type { IndicatorDetail, IndicatorEntryView, IndicatorFigure, IndicatorRecord, SeriesPoint } from "./types";

/**
 * Everything the dashboard shows, as a download (issue 17 §5): XLSX with a summary sheet
 * (one row per indicator), the monthly series, one sheet per indicator's records and one
 * of every statistic entry; CSV with the summary and the series. Figures are written as
 * text with `displayFigure`, exactly as the pages print them, so that a reader (and the
 * end-to-end test) can compare the file with the page. GOVERNMENT and PLATFORM; others 404.
 */

export type IndicatorExport = { fileName: string; contentType: string; body: string | Buffer };

const plan = county.indicatorPlan;
const NONE = "—";
const zh = (key: string) => translate("zh-CN", key);

const statusName = (status: IndicatorFigure["status"]) => zh(`ind.status.${status}`);
const sourceName = (source: "PLATFORM" | "STATISTIC" | null) => (source ? zh(`ind.source.${source}`) : NONE);
const SERIES_SOURCE_NAMES: Record<SeriesPoint["source"], string> = { SCHEDULED: "月度快照", BACKFILL: "回溯重算", LIVE: "实时计算" };

const figureText = (f: Pick<IndicatorFigure, "unit">, value: string | null) => (value === null ? NONE : displayFigure(f.unit, value));

const SUMMARY_COLUMNS: SheetColumn[] = [
  { header: "指标", width: 34 },
  { header: "单位", width: 8 },
  { header: "基线", width: 14 },
  { header: "基线日期", width: 12 },
  { header: "目标", width: 14 },
  { header: "当前值", width: 16 },
  { header: "平台数", width: 16 },
  { header: "统计数", width: 16 },
  { header: "进度", width: 10 },
  { header: "应达值", width: 16 },
  { header: "状态", width: 10 },
  { header: "预测期末值", width: 16 },
  { header: "计入", width: 10 },
  { header: "统计数截至", width: 12 },
  { header: "依据记录数", width: 10 },
  { header: "截至日期", width: 12 },
];

function summaryRow(f: IndicatorFigure): string[] {
  return [
    f.name,
    f.unitLabel,
    figureText(f, f.baseline),
    f.baselineDate,
    figureText(f, f.target),
    figureText(f, f.value),
    figureText(f, f.platformValue),
    figureText(f, f.statisticValue),
    f.progressPercent === null ? NONE : `${f.progressPercent}%`,
    figureText(f, f.expected),
    statusName(f.status),
    figureText(f, f.forecast),
    sourceName(f.valueFrom),
    f.statisticAsOf ?? NONE,
    String(f.recordCount),
    f.asOf,
  ];
}

const SERIES_COLUMNS: SheetColumn[] = [
  { header: "指标", width: 34 },
  { header: "日期", width: 12 },
  { header: "单位", width: 8 },
  { header: "数值", width: 16 },
  { header: "应达值", width: 16 },
  { header: "状态", width: 10 },
  { header: "数据来源", width: 10 },
];

const seriesRows = (d: IndicatorDetail) => d.series.map((p) => [d.name, p.day, d.unitLabel, figureText(d, p.value), figureText(d, p.expected), statusName(p.status), SERIES_SOURCE_NAMES[p.source]]);

/** Each kind of record: its columns and a row; amounts in yuan are numbers in the XLSX. */
const RECORD_SHEETS: { [K in IndicatorRecord["kind"]]: { columns: SheetColumn[]; row(r: Extract<IndicatorRecord, { kind: K }>): string[] } } = {
  LOAN: {
    columns: [{ header: "企业", width: 30 }, { header: "放款银行", width: 24 }, { header: "放款金额（元）", width: 16, yuan: true }, { header: "放款日期", width: 12 }, { header: "编号", width: 28 }],
    row: (r) => [r.smeName, r.bankName, r.amount, r.disbursedOn, r.id],
  },
  DEAL: {
    columns: [{ header: "受让企业", width: 30 }, { header: "权利人", width: 30 }, { header: "权利人类型", width: 12 }, { header: "专利名称", width: 36 }, { header: "申请号", width: 18 }, { header: "转化日期", width: 12 }, { header: "交易编号", width: 28 }],
    row: (r) => [r.smeName, r.holderName, r.holderKind, r.patentTitle, r.applicationNumber ?? NONE, r.convertedOn, r.id],
  },
  GI_USER: {
    columns: [{ header: "企业", width: 30 }, { header: "统一社会信用代码", width: 22 }, { header: "地理标志产品", width: 16 }, { header: "证书编号", width: 18 }, { header: "公告日期", width: 12 }, { header: "编号", width: 28 }],
    row: (r) => [r.enterpriseName, r.uscc, r.productName, r.certificateNumber ?? NONE, r.announcedOn ?? NONE, r.id],
  },
  PATENT: {
    columns: [{ header: "专利名称", width: 36 }, { header: "申请号", width: 18 }, { header: "权利人", width: 30 }, { header: "授权日", width: 12 }, { header: "高价值标记", width: 30 }, { header: "编号", width: 28 }],
    row: (r) => [r.title, r.applicationNumber ?? NONE, r.holderName, r.grantDate ?? NONE, r.highValueFlags.join("、") || NONE, r.id],
  },
};

const RECORD_KIND_OF: Record<(typeof plan.indicators)[number]["records"], IndicatorRecord["kind"] | null> = { LOANS: "LOAN", DEALS: "DEAL", GI_USERS: "GI_USER", PATENTS: "PATENT", ENTRIES: null };

/** An indicator's records on a sheet of its own, or null when its value comes from entries (they are on the entries sheet). */
function recordSheet(d: IndicatorDetail): Sheet | null {
  const records = plan.indicators.find((i) => i.key === d.key)?.records;
  const kind = records ? RECORD_KIND_OF[records] : null;
  if (!kind) return null;
  const spec = RECORD_SHEETS[kind] as { columns: SheetColumn[]; row(r: IndicatorRecord): string[] };
  return { name: `${d.name}_明细`, columns: spec.columns, rows: d.records.map((r) => spec.row(r)) };
}

const ENTRY_COLUMNS: SheetColumn[] = [
  { header: "统计项目", width: 30 },
  { header: "数值", width: 18 },
  { header: "单位", width: 8 },
  { header: "截至日期", width: 12 },
  { header: "数据来源", width: 30 },
  { header: "备注", width: 30 },
  { header: "录入单位", width: 24 },
  { header: "录入人", width: 14 },
  { header: "录入时间", width: 22 },
  { header: "更正了", width: 28 },
  { header: "已被更正为", width: 28 },
  { header: "编号", width: 28 },
];

const entryRow = (e: IndicatorEntryView) => [
  e.seriesName,
  e.value,
  e.unitLabel,
  e.asOf,
  e.source,
  e.note ?? "",
  e.enteredBy.orgName,
  e.enteredBy.userName ?? (e.enteredBy.apiKeyName ? `API：${e.enteredBy.apiKeyName}` : NONE),
  e.createdAt,
  e.replacesId ?? "",
  e.replacedById ?? "",
  e.id,
];


/** The file name of a download: "柞水县知识产权指标_2026-12-04.xlsx". */
export const indicatorExportFileName = (asOf: string, format: "xlsx" | "csv") => `${county.name}知识产权指标_${asOf}.${format}`;

/** The county's indicators on `asOf` (default today; not in the future) as XLSX or CSV (GOVERNMENT, PLATFORM; others 404). */
export async function exportIndicators(actor: Actor, input: { asOf?: string | null }, format: "xlsx" | "csv"): Promise<IndicatorExport> {
  if (!can(actor, "indicators.read")) throw notFound("指标");
  const details = await getIndicatorDetails(actor, { asOf: input.asOf });
  const asOf = details[0]?.asOf ?? "";
  const summary: Sheet = { name: "指标汇总", columns: SUMMARY_COLUMNS, rows: details.map(summaryRow) };
  const series: Sheet = { name: "月度序列", columns: SERIES_COLUMNS, rows: details.flatMap(seriesRows) };
  if (format === "csv") {
    return { fileName: indicatorExportFileName(asOf, "csv"), contentType: "text/csv; charset=utf-8", body: csvSections([{ ...summary, name: `${plan.title} 截至 ${asOf}` }, series]) };
  }
  const entries = (await readIndicatorEntries()).filter((e) => e.asOf <= asOf);
  const about: Sheet = {
    name: "说明",
    columns: [{ header: "项目", width: 16 }, { header: "内容", width: 90 }],
    rows: [
      ["方案", plan.title],
      ["规划期", `${plan.start} 至 ${plan.end}`],
      ["数据截至", asOf],
      ...details.map((d) => [d.name, `${d.description}（基线来源：${d.baselineSource}）`]),
    ],
  };
  const sheets = [summary, series, ...details.flatMap((d) => recordSheet(d) ?? []), { name: "统计数据录入", columns: ENTRY_COLUMNS, rows: entries.map(entryRow) }, about];
  return { fileName: indicatorExportFileName(asOf, "xlsx"), contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: await xlsxWorkbook(sheets) };
}
