/**
 * The county domain dictionary: words of Shangluo / Zhashui industries that jieba's general
 * dictionary splits or does not know (柞水木耳 would otherwise become 柞水|木耳). Loaded into
 * the shared jieba instance by `segmenter.ts`, so indexing and querying agree on them.
 *
 * Search-mode segmentation still emits the known sub-words (木耳 inside 柞水木耳), so adding
 * a compound here never makes its parts unsearchable.
 */

export const DOMAIN_WORDS: readonly string[] = [
  // 木耳 and edible fungi — Zhashui's flagship industry
  "柞水木耳",
  "黑木耳",
  "木耳多糖",
  "木耳菌种",
  "木耳种植",
  "木耳深加工",
  "食用菌",
  "菌菇",
  "菌棒",
  "菌包",
  "菌种",
  "香菇",
  "羊肚菌",
  "灵芝",
  "段木栽培",
  "代料栽培",
  "袋料栽培",
  "出耳",
  "耳片",
  // Qinling traditional medicine
  "中药材",
  "中草药",
  "秦岭医药",
  "道地药材",
  "五味子",
  "连翘",
  "猪苓",
  "天麻",
  "绞股蓝",
  "丹参",
  "黄芩",
  "桔梗",
  "山茱萸",
  "杜仲",
  "金银花",
  "苍术",
  "柴胡",
  "黄精",
  "附子",
  "连翘叶",
  "连翘茶",
  "五味子提取物",
  "绞股蓝皂苷",
  "天麻素",
  "中药饮片",
  "中药提取",
  "药食同源",
  // Forestry and agriculture
  "核桃",
  "核桃仁",
  "核桃油",
  "板栗",
  "茶叶",
  "绿色食品",
  "有机农业",
  "生态农业",
  "特色农业",
  "林下经济",
  "农产品加工",
  "冷链物流",
  // New materials and industry
  "新型材料",
  "新材料",
  "石墨烯",
  "镁合金",
  "钒电池",
  "钼合金",
  "稀土材料",
  "尾矿综合利用",
  "绿色建材",
  "装配式建筑",
  // Tourism, wellness and the county itself
  "旅游康养",
  "健康养生",
  "康养",
  "生态旅游",
  "全域旅游",
  "秦岭",
  "商洛",
  "柞水",
  "柞水县",
  "终南山",
  "牛背梁",
  "秦岭终南山",
  // IP and transfer vocabulary common in listings
  "知识产权",
  "专利转让",
  "专利许可",
  "成果转化",
  "技术转移",
];

/**
 * Frequency given to every domain word. jieba picks the most probable path; a frequency
 * well above the typical entry (tens to hundreds) makes the compound win over its parts
 * without being so large that it swallows neighbouring characters.
 */
const DOMAIN_WORD_FREQUENCY = 3000;

/** The dictionary in jieba's user-dictionary format: `word freq tag`, one per line. */
export function domainDictionary(extraWords: Iterable<string> = []): Uint8Array {
  const words = new Set<string>([...DOMAIN_WORDS, ...extraWords]);
  const lines = [...words].filter((word) => !/\s/.test(word) && word.length > 0).map((word) => `${word} ${DOMAIN_WORD_FREQUENCY} n`);
  return new TextEncoder().encode(lines.join("\n") + "\n");
}
