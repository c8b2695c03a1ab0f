/**
 * Query-time synonyms: a query word expands to every word of its group. Groups are
 * symmetric (黑木耳 finds 木耳 and the other way round). Applied at query time only, so a
 * change here needs no reindex; the Meilisearch adapter sends the same groups as its
 * synonym map.
 *
 * Every word is also added to the segmenter's dictionary, so that a multi-character
 * synonym (健康养生) is one token on both sides rather than being split before lookup.
 */

export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["黑木耳", "木耳"],
  ["中药", "中药材", "中草药"],
  ["食用菌", "蘑菇", "菌菇"],
  ["新材料", "新型材料"],
  ["康养", "健康养生"],
  ["核桃", "胡桃"],
  ["板栗", "栗子"],
  ["猪苓", "猪茯苓"],
  ["镁合金", "镁基合金"],
  ["提取物", "萃取物"],
  ["污水", "废水"],
  ["锂电池", "锂离子电池"],
  ["无人机", "无人飞行器"],
  ["高校", "大学"],
  ["科研院所", "研究院", "研究所"],
];

/** Every word that appears in some group (for the segmenter's dictionary). */
export function synonymWords(): string[] {
  return [...new Set(SYNONYM_GROUPS.flat())];
}

let groupsByWord: Map<string, readonly string[]> | undefined;

function lookupTable(): Map<string, readonly string[]> {
  if (groupsByWord) return groupsByWord;
  const table = new Map<string, string[]>();
  for (const group of SYNONYM_GROUPS) {
    for (const word of group) {
      const merged = table.get(word) ?? [];
      for (const other of group) if (!merged.includes(other)) merged.push(other);
      table.set(word, merged);
    }
  }
  groupsByWord = table;
  return table;
}

/**
 * The synonyms of a (normalized) term, excluding the term itself; empty when it has none.
 * A word in several groups gets the union of them.
 */
export function synonymsOf(term: string): string[] {
  const group = lookupTable().get(term);
  return group ? group.filter((word) => word !== term) : [];
}

/** Meilisearch's synonym setting: each word maps to all the others of its group(s). */
export function meilisearchSynonyms(): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const word of lookupTable().keys()) map[word] = synonymsOf(word);
  return map;
}
