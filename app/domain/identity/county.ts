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
};

export const ZHASHUI: CountyProfile = {
  name: "柞水县",
  divisionCode: "611033",
  towns: ["乾佑街道", "营盘镇", "下梁镇", "红岩寺镇", "曹坪镇", "杏坪镇", "瓦房口镇", "凤凰镇", "小岭镇"],
  clusters: ["秦岭医药", "木耳深加工", "旅游康养", "新型材料", "绿色食品"],
  giCertificateIssuer: "柞水县市场监督管理局",
};

export const county: CountyProfile = ZHASHUI;

export function isCountyTown(value: string): boolean {
  return county.towns.includes(value);
}

export function isCountyCluster(value: string): boolean {
  return county.clusters.includes(value);
}
