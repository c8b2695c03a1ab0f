import { describe, expect, it } from "vitest";
import {
  countCharacters,
  countTerms,
  DEFAULT_STOPWORD_PARAMETERS,
  deriveStopwords,
  isPatentBoilerplate,
  isProseStopword,
  keepSingleCharacter,
  parseJiebaDictionary,
  residualIdf,
  type StopwordParameters,
} from "./stopwords";

/**
 * A synthetic corpus of 100 "abstracts" built so that each kind of word has the spread the
 * rule looks for: boilerplate in every document once; a spread connective in 5 documents
 * once each; topical words clustered (few documents, many times each).
 */
function syntheticDocuments(): string[][] {
  const docs: string[][] = [];
  for (let i = 0; i < 100; i++) {
    const doc = ["本发明", "公开", "的", "一种", "装置"];
    if (i % 20 === 0) doc.push("从而"); // 5 documents, once each: spread like chance
    if (i < 5) doc.push(...Array<string>(6).fill("木耳"), ...Array<string>(4).fill("烘干")); // clustered
    if (i >= 94) doc.push("镉", "镉", "镉", "废水", "废水");
    if (i % 2 === 0) doc.push("使用"); // 用, a function character, in half the documents, once each
    if (i >= 50 && i < 56) doc.push("糖", "糖", "糖", "糖", "糖", "葡萄糖");
    if (i >= 20 && i < 40) doc.push("加热", "加热", "加热");
    if (i % 10 === 3) doc.push("第一", "第二", "第一", "第二"); // 第 clusters through its compounds
    docs.push(doc);
  }
  return docs;
}

/** A general-Chinese dictionary: prose words very frequent, technical words rare. */
const DICTIONARY_TEXT = [
  "的 300000 uj",
  "我们 100000 r",
  "想 60000 v",
  "用 70000 p",
  "公司 45000 n",
  "现在 34000 t",
  "希望 12000 v",
  "第 23000 m",
  "装置 8000 n",
  "加热 25000 v",
  "糖 3500 zg",
  "办法 1000 n",
  "从而 900 c",
  "烘干 90 v",
  "木耳 200 nr",
  "镉 220 n",
  "废水 500 n",
].join("\n");

/** Thresholds scaled to the 17-word dictionary (ranks) while keeping the shares and bits. */
const SMALL: StopwordParameters = {
  ...DEFAULT_STOPWORD_PARAMETERS,
  proseMaxRank: 9,
  proseNounMaxRank: 6,
  singleRareRank: 12,
  singleTopRank: 4,
};

function derive(parameters = SMALL) {
  const docs = syntheticDocuments();
  return deriveStopwords(
    {
      abstracts: countTerms(docs),
      characters: countCharacters(docs.map((doc) => doc.join(""))),
      dictionary: parseJiebaDictionary(DICTIONARY_TEXT),
    },
    parameters,
  );
}

describe("corpus statistics", () => {
  it("counts document and collection frequency", () => {
    const counts = countTerms([["a", "b", "a"], ["a"], []]);
    expect(counts.documents).toBe(3);
    expect(counts.tokens).toBe(4);
    expect(counts.terms.get("a")).toEqual({ df: 2, cf: 3 });
    expect(counts.terms.get("b")).toEqual({ df: 1, cf: 1 });
  });

  it("counts Han characters wherever they stand, and nothing else", () => {
    const counts = countCharacters(["葡萄糖,糖 abc", "糖"]);
    expect(counts.terms.get("糖")).toEqual({ df: 2, cf: 3 });
    expect(counts.terms.has("a")).toBe(false);
    expect(counts.terms.has(",")).toBe(false);
  });

  it("reads jieba's dictionary, first entry of a word winning", () => {
    const dictionary = parseJiebaDictionary("我们 98740 r\n木耳 199 nr\n木耳 5 n\n\n");
    expect(dictionary.get("我们")).toEqual({ freq: 98740, pos: "r" });
    expect(dictionary.get("木耳")).toEqual({ freq: 199, pos: "nr" });
    expect(dictionary.size).toBe(2);
  });

  it("gives residual IDF ≈ 0 to words spread like chance and bits to clustered words", () => {
    // Once in each of 5 documents out of 100: what a Poisson spread predicts.
    expect(Math.abs(residualIdf(5, 5, 100))).toBeLessThan(0.05);
    // 30 occurrences crammed into 5 documents: Poisson would predict ~26 documents.
    expect(residualIdf(5, 30, 100)).toBeGreaterThan(2);
  });
});

describe("deriveStopwords", () => {
  it("lists as boilerplate the words spread over the documents, not the clustered ones", () => {
    const data = derive();
    expect(data.patentBoilerplate).toEqual(expect.arrayContaining(["本发明", "公开", "一种", "装置", "从而"]));
    for (const topical of ["木耳", "烘干", "镉", "废水", "糖"]) expect(data.patentBoilerplate).not.toContain(topical);
    // Most common first.
    expect(data.patentBoilerplate.indexOf("本发明")).toBeLessThan(data.patentBoilerplate.indexOf("从而"));
  });

  it("lists as prose the frequent words of general Chinese that the patents rarely use", () => {
    const data = derive();
    expect(data.proseStopwords).toEqual(expect.arrayContaining(["我们", "想", "现在", "希望"]));
    // Frequent in general Chinese (rank 7) but used by the patents as often: not prose.
    expect(data.proseStopwords).not.toContain("加热");
    // Technical words are not frequent in general Chinese.
    for (const technical of ["烘干", "木耳", "镉", "废水"]) expect(data.proseStopwords).not.toContain(technical);
    // A noun must be among the most frequent and much rarer in the patents: 公司 is (rank 5),
    // 办法 (rank 12) is outside the noun rank.
    expect(data.proseStopwords).toContain("公司");
    expect(data.proseStopwords).not.toContain("办法");
    // Boilerplate is not listed twice.
    expect(data.proseStopwords).not.toContain("的");
  });

  it("keeps the single characters the corpus uses topically, not function characters", () => {
    const { singleCharacters } = derive();
    expect(singleCharacters["糖"]).toMatchObject({ keep: true, df: 6 });
    expect(singleCharacters["用"]).toMatchObject({ keep: false, df: 50 });
    // Prose and function tags are never kept, whatever their spread.
    expect(singleCharacters["想"].keep).toBe(false);
    expect(singleCharacters["第"].keep).toBe(false);
    // Rare in general Chinese: not judged here (kept at query time).
    expect(singleCharacters["镉"]).toBeUndefined();
  });

  it("needs enough documents before a character's clustering counts", () => {
    const { singleCharacters } = derive({ ...SMALL, singleMinDf: 7 });
    expect(singleCharacters["糖"].keep).toBe(false);
  });

  it("is deterministic and records what produced it", () => {
    const data = derive();
    expect(JSON.stringify(derive())).toBe(JSON.stringify(data));
    expect(data.parameters).toEqual(SMALL);
    expect(data.corpus).toMatchObject({ abstracts: 100, claims: 0, dictionaryWords: 17 });
  });

  it("adds the claims' very common words, not their merely evenly spread ones", () => {
    const docs = syntheticDocuments();
    const claims = Array.from({ length: 50 }, (_, i) => ["权利要求", "其特征在于", ...(i < 2 ? ["水分"] : [])]);
    const data = deriveStopwords(
      {
        abstracts: countTerms(docs),
        claims: countTerms(claims),
        characters: countCharacters(docs.map((doc) => doc.join(""))),
        dictionary: parseJiebaDictionary(DICTIONARY_TEXT),
      },
      SMALL,
    );
    expect(data.patentBoilerplate).toEqual(expect.arrayContaining(["权利要求", "其特征在于"]));
    expect(data.patentBoilerplate).not.toContain("水分");
    expect(data.corpus.claims).toBe(50);
  });
});

describe("the generated lists (search/data/patent-stopwords.json)", () => {
  it("hold patent boilerplate", () => {
    for (const word of ["本发明", "所述", "一种", "包括", "方法"]) expect(isPatentBoilerplate(word)).toBe(true);
    for (const word of ["木耳", "烘干", "干燥", "镉", "我们"]) expect(isPatentBoilerplate(word)).toBe(false);
  });

  it("hold prose stop words", () => {
    for (const word of ["我们", "想", "现在", "希望"]) expect(isProseStopword(word)).toBe(true);
    for (const word of ["木耳", "烘干", "干燥", "种植", "镉", "废水"]) expect(isProseStopword(word)).toBe(false);
  });

  it("keep rare, meaningful single characters only", () => {
    for (const char of ["镉", "砷", "糖", "钒"]) expect(keepSingleCharacter(char)).toBe(true);
    for (const char of ["用", "想", "少", "结", "开", "的", "a", "1", "，"]) expect(keepSingleCharacter(char)).toBe(false);
  });
});
