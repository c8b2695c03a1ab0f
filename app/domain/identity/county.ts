import type { IndicatorPlan } from "../indicators/definitions";

/**
 * The county this deployment serves. The default profile is Zhashui County (柞水县),
 * Shangluo, Shaanxi — a national "IP strong county" pilot (2024–2026 work plan). Another
 * county is a new profile here, not a code change elsewhere: sign-up, the seed and
 * later the indicators read towns and industry clusters from this one place.
 * Pure data, safe to import from forms in the browser.
 */
export type CountyProfile = {
  /** 县 name as printed on documents. */
  name: string;
  /** 6-digit administrative division code (GB/T 2260), positions 3–8 of local USCCs. */
  divisionCode: string;
  /** 街道 and 镇 under the county government. */
  towns: readonly string[];
  /** The county's priority industry clusters (产业集群) named in the work plan. */
  clusters: readonly string[];
  /** Who issues GI special-mark certificates (发证机关), as printed on them. */
  giCertificateIssuer: string;
  /** The plan's indicators with baselines and targets (SPEC §9, issue 17): the dashboard reads them from here. */
  indicatorPlan: IndicatorPlan;
};

/**
 * Zhashui's 2024–2026 plan: seven targets. Baselines the plan does not state are the
 * platform's starting point on 2023-12-31 (nothing disbursed, converted or flagged yet
 * through it); a county with published baselines enters them here.
 */
const ZHASHUI_PLAN: IndicatorPlan = {
  title: "柞水县知识产权强县建设试点工作方案（2024—2026年）",
  start: "2024-01-01",
  end: "2026-12-31",
  indicators: [
    {
      key: "trademarks",
      name: "有效注册商标",
      description: "全县有效注册商标总量，按市场监管部门统计数填报。",
      unit: "COUNT",
      unitLabel: "件",
      baseline: "1484",
      baselineDate: "2023-12-31",
      baselineSource: "试点工作方案（2023年底）",
      target: "1900",
      direction: "UP",
      pathway: "LINEAR",
      platform: null,
      statistic: "LATEST_ENTRY",
      counts: "STATISTIC",
      inputs: [],
      records: "ENTRIES",
    },
    {
      key: "high-value-invention-patents",
      name: "高价值发明专利",
      description: "县内权利人的有效发明专利中带有高价值标记（战略性新兴产业、海外同族、维持十年以上、质押融资、获国家级奖励）的件数。",
      unit: "COUNT",
      unitLabel: "件",
      baseline: "0",
      baselineDate: "2023-12-31",
      baselineSource: "平台起算值",
      target: "30",
      direction: "UP",
      pathway: "LINEAR",
      platform: "HIGH_VALUE_INVENTION_PATENTS",
      statistic: "LATEST_ENTRY",
      counts: "PLATFORM",
      inputs: [],
      records: "PATENTS",
    },
    {
      key: "invention-patents-per-10k",
      name: "每万人口发明专利拥有量",
      description: "县内权利人的有效发明专利件数 ÷ 常住人口 × 10,000。",
      unit: "DECIMAL",
      unitLabel: "件/万人",
      baseline: "0",
      baselineDate: "2023-12-31",
      baselineSource: "平台起算值",
      target: "2",
      direction: "UP",
      pathway: "LINEAR",
      platform: "INVENTION_PATENTS_PER_10K",
      statistic: "LATEST_ENTRY",
      counts: "PLATFORM",
      inputs: ["population"],
      records: "PATENTS",
    },
    {
      key: "pledge-financing-total",
      name: "知识产权质押融资总额",
      description: "2024年1月1日起经平台放款的知识产权质押贷款金额合计。",
      unit: "YUAN",
      unitLabel: "元",
      baseline: "0",
      baselineDate: "2023-12-31",
      baselineSource: "平台起算值",
      target: "2000000",
      direction: "UP",
      pathway: "LINEAR",
      platform: "PLEDGE_FINANCING_TOTAL",
      statistic: "LATEST_ENTRY",
      counts: "PLATFORM",
      inputs: [],
      records: "LOANS",
    },
    {
      key: "converting-smes",
      name: "转化高校院所及国企专利的中小企业",
      description: "2024年1月1日起与高校、科研院所或国有企业的专利交易完成转化（已投产）的中小企业家数。",
      unit: "COUNT",
      unitLabel: "家",
      baseline: "0",
      baselineDate: "2023-12-31",
      baselineSource: "平台起算值",
      target: "3",
      direction: "UP",
      pathway: "LINEAR",
      platform: "CONVERTING_SMES",
      statistic: "LATEST_ENTRY",
      counts: "PLATFORM",
      inputs: [],
      records: "DEALS",
    },
    {
      key: "gi-users",
      name: "地理标志专用标志使用企业",
      description: "当日获准使用地理标志专用标志（已公告、未撤销）的企业家数。",
      unit: "COUNT",
      unitLabel: "家",
      baseline: "10",
      baselineDate: "2023-12-31",
      baselineSource: "试点工作方案（2023年底）",
      target: "20",
      direction: "UP",
      pathway: "LINEAR",
      platform: "GI_ACTIVE_USERS",
      statistic: "LATEST_ENTRY",
      counts: "PLATFORM",
      inputs: [],
      records: "GI_USERS",
    },
    {
      key: "ip-fund-share",
      name: "知识产权专项资金占财政支出比例",
      description: "每年知识产权专项资金 ÷ 当年一般公共预算支出，逐年不低于目标；平台支付的财政补贴列在旁边供参考。",
      unit: "RATIO",
      unitLabel: "%",
      baseline: "0",
      baselineDate: "2023-12-31",
      baselineSource: "平台起算值",
      target: "0.005",
      direction: "UP",
      pathway: "ANNUAL",
      platform: null,
      statistic: "ANNUAL_SHARE",
      counts: "STATISTIC",
      inputs: ["ip-special-funds", "fiscal-expenditure"],
      records: "ENTRIES",
    },
  ],
  inputs: [
    { key: "population", name: "常住人口", unit: "PERSONS", unitLabel: "人", sourceHint: "县统计局 国民经济和社会发展统计公报" },
    { key: "ip-special-funds", name: "知识产权专项资金", unit: "YUAN", unitLabel: "元", sourceHint: "县财政局 年度预算执行情况（日期填该年12月31日）" },
    { key: "fiscal-expenditure", name: "一般公共预算支出", unit: "YUAN", unitLabel: "元", sourceHint: "县财政局 年度预算执行情况（日期填该年12月31日）" },
  ],
};

export const ZHASHUI: CountyProfile = {
  name: "柞水县",
  divisionCode: "611033",
  towns: ["乾佑街道", "营盘镇", "下梁镇", "红岩寺镇", "曹坪镇", "杏坪镇", "瓦房口镇", "凤凰镇", "小岭镇"],
  clusters: ["秦岭医药", "木耳深加工", "旅游康养", "新型材料", "绿色食品"],
  giCertificateIssuer: "柞水县市场监督管理局",
  indicatorPlan: ZHASHUI_PLAN,
};

export const county: CountyProfile = ZHASHUI;

export function isCountyTown(value: string): boolean {
  return county.towns.includes(value);
}

export function isCountyCluster(value: string): boolean {
  return county.clusters.includes(value);
}
