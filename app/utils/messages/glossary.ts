/**
 * One Chinese term per concept (issue 19): what every label, notice and e-mail calls it,
 * and the variants that must not appear anywhere in the copy. glossary.test.ts reads every
 * message catalog and every source file of the app against it, and also fails on doubled
 * words (申请金额金额) and on enum values that reach the copy untranslated.
 */
export type GlossaryEntry = { concept: string; term: string; not: readonly string[] };

export const GLOSSARY: readonly GlossaryEntry[] = [
  { concept: "the county's risk-compensation fund", term: "风险补偿资金", not: ["风险补偿基金", "风险补偿资金池", "风险金"] },
  { concept: "the import mode that refuses a file with any bad row", term: "全部有效才导入", not: ["全部成功才导入", "全部正确才导入"] },
  { concept: "an appraisal institution", term: "评估机构", not: ["评估公司", "评估单位"] },
  { concept: "the GI special mark", term: "地理标志专用标志", not: ["地标专用标志", "地理标志专用标识", "地理标志专用标记"] },
  { concept: "an organization's 18-character registration code", term: "统一社会信用代码", not: ["社会信用代码", "组织机构代码", "信用代码号"] },
  { concept: "an amount written in Chinese numerals", term: "大写金额", not: ["金额大写"] },
  { concept: "the treasury paying out a subsidy", term: "拨付", not: ["拨款支付", "发放补贴款"] },
  { concept: "the county indicator dashboard", term: "指标看板", not: ["指标大屏", "指标仪表盘"] },
];

/** The prefixes under which an enum's values are labelled, with the enum (glossary.test.ts checks every value has a label in both languages). */
export const ENUM_LABELS: readonly { prefix: string; enumName: string }[] = [
  { prefix: "orgKind.", enumName: "OrgKind" },
  { prefix: "orgStatus.", enumName: "OrgStatus" },
  { prefix: "role.", enumName: "MembershipRole" },
  { prefix: "patents.type.", enumName: "PatentType" },
  { prefix: "patents.legal.", enumName: "LegalStatus" },
  { prefix: "patents.status.", enumName: "PatentStatus" },
  { prefix: "patents.mode.", enumName: "ListingMode" },
  { prefix: "patents.import.mode.", enumName: "ImportMode" },
  { prefix: "patents.importJob.status.", enumName: "ImportStatus" },
  { prefix: "fin.status.", enumName: "PledgeStatus" },
  { prefix: "assetType.", enumName: "PledgeAssetType" },
  { prefix: "appr.status.", enumName: "AppraisalJobStatus" },
  { prefix: "appr.method.", enumName: "AppraisalMethod" },
  { prefix: "fin.paystatus.", enumName: "PaymentStatus" },
  { prefix: "sub.kind.", enumName: "SubsidyKind" },
  { prefix: "sub.status.", enumName: "SubsidyAwardStatus" },
  { prefix: "sub.flag.", enumName: "SubsidyFlag" },
  { prefix: "deals.status.", enumName: "DealStatus" },
  { prefix: "deals.mode.", enumName: "DealMode" },
  { prefix: "deals.side.", enumName: "DealSide" },
  { prefix: "deals.decline.", enumName: "DeclineReason" },
  { prefix: "deals.basis.", enumName: "RoyaltyBasis" },
  { prefix: "gi.status.", enumName: "GiApplicationStatus" },
  { prefix: "gi.kind.", enumName: "GiKind" },
  { prefix: "giSpot.status.", enumName: "GiSpotCheckStatus" },
  { prefix: "giSpot.result.", enumName: "GiCheckResult" },
  { prefix: "ind.status.", enumName: "IndicatorStatus" },
];
