import { HOLDER_KINDS, LEGAL_STATUSES, LISTING_MODES, PATENT_TYPES } from "../../../search/port";
import type { HolderKind, LegalStatus, ListingMode, PatentType } from "../../../search/port";

/**
 * Chinese names of the catalog's enums, for display and for reading CSV files that
 * holders fill in by hand ("发明", "普通许可"): `enumFromText` accepts the enum value in any
 * case, the label, or one of the listed aliases.
 */

export { HOLDER_KINDS, LEGAL_STATUSES, LISTING_MODES, PATENT_TYPES };
export type { HolderKind, LegalStatus, ListingMode, PatentType };

export const ROYALTY_BASES = ["NET_SALES", "PROFIT"] as const;
export type RoyaltyBasis = (typeof ROYALTY_BASES)[number];

/** CNIPA's five categories of high-value invention patents (高价值发明专利). */
export const HIGH_VALUE_FLAGS = [
  "STRATEGIC_EMERGING",
  "OVERSEAS_FAMILY",
  "MAINTAINED_OVER_10Y",
  "PLEDGE_FINANCED",
  "NATIONAL_AWARD",
] as const;
export type HighValueFlag = (typeof HIGH_VALUE_FLAGS)[number];

export const PATENT_TYPE_LABELS: Record<PatentType, string> = {
  INVENTION: "发明",
  UTILITY_MODEL: "实用新型",
  DESIGN: "外观设计",
};

export const LEGAL_STATUS_LABELS: Record<LegalStatus, string> = {
  PENDING: "审查中",
  VALID: "有效",
  LAPSED: "已终止",
  INVALIDATED: "已被宣告无效",
  EXPIRED: "期限届满",
};

export const LISTING_MODE_LABELS: Record<ListingMode, string> = {
  ASSIGNMENT: "转让",
  EXCLUSIVE: "独占许可",
  SOLE: "排他许可",
  NON_EXCLUSIVE: "普通许可",
  OPEN_LICENCE: "开放许可",
};

export const HOLDER_KIND_LABELS: Record<HolderKind, string> = {
  UNIVERSITY: "高校",
  RESEARCH_INSTITUTE: "科研院所",
  SOE: "国有企业",
};

export const ROYALTY_BASIS_LABELS: Record<RoyaltyBasis, string> = {
  NET_SALES: "净销售额",
  PROFIT: "利润",
};

export const HIGH_VALUE_FLAG_LABELS: Record<HighValueFlag, string> = {
  STRATEGIC_EMERGING: "战略性新兴产业",
  OVERSEAS_FAMILY: "有海外同族专利",
  MAINTAINED_OVER_10Y: "维持年限超过 10 年",
  PLEDGE_FINANCED: "质押融资",
  NATIONAL_AWARD: "获国家科学技术奖或中国专利奖",
};

/** Other spellings people write in spreadsheets, beyond the labels above. */
const ALIASES: Record<string, string[]> = {
  INVENTION: ["发明专利"],
  UTILITY_MODEL: ["实用新型专利", "实用"],
  DESIGN: ["外观设计专利", "外观"],
  PENDING: ["审中", "在审", "实审", "公开"],
  VALID: ["授权", "有权", "有效专利"],
  LAPSED: ["失效", "终止", "未缴年费"],
  INVALIDATED: ["无效", "被宣告无效", "全部无效"],
  EXPIRED: ["届满", "期满", "期满终止"],
  ASSIGNMENT: ["专利转让", "专利权转让"],
  EXCLUSIVE: ["独占"],
  SOLE: ["排他"],
  NON_EXCLUSIVE: ["普通", "一般许可"],
  OPEN_LICENCE: ["开放", "OPEN_LICENSE"],
  UNIVERSITY: ["高等院校", "大学"],
  RESEARCH_INSTITUTE: ["研究院", "研究所", "科研机构"],
  SOE: ["国企"],
  NET_SALES: ["销售额", "净销售收入", "销售收入"],
  PROFIT: ["净利润"],
  STRATEGIC_EMERGING: ["战新产业", "战略新兴产业"],
  OVERSEAS_FAMILY: ["海外同族"],
  MAINTAINED_OVER_10Y: ["维持10年以上", "维持超过10年"],
  PLEDGE_FINANCED: ["质押"],
  NATIONAL_AWARD: ["国家奖", "获奖", "中国专利奖"],
};

const compact = (text: string) => text.replace(/[\s\u3000]+/g, "").toUpperCase();

/** The enum value `text` names (value in any case, Chinese label or alias), or undefined. */
export function enumFromText<T extends string>(text: string, values: readonly T[], labels: Record<T, string>): T | undefined {
  const wanted = compact(text);
  return values.find(
    (v) => v === wanted || compact(labels[v]) === wanted || (ALIASES[v] ?? []).some((a) => compact(a) === wanted),
  );
}

/** "发明（INVENTION）、实用新型（UTILITY_MODEL）…" for error messages that list the choices. */
export function describeChoices<T extends string>(values: readonly T[], labels: Record<T, string>): string {
  return values.map((v) => `${labels[v]}（${v}）`).join("、");
}
