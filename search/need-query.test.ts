import { describe, expect, it } from "vitest";
import { deriveNeedQuery, isJunkQuery } from "./need-query";

const reasonOf = (text: string, term: string) => deriveNeedQuery(text).dropped.find((entry) => entry.term === term)?.why;

describe("deriveNeedQuery", () => {
  it("keeps the technical words of an everyday sentence and drops its prose", () => {
    const text = "我们想把木耳烘干，现在用电太贵，希望找到便宜的烘干设备";
    const { terms } = deriveNeedQuery(text);
    expect(terms).toEqual(expect.arrayContaining(["木耳", "烘干"]));
    for (const prose of ["我们", "想", "现在", "希望"]) {
      expect(terms).not.toContain(prose);
      expect(reasonOf(text, prose)).toBe("prose");
    }
    expect(reasonOf(text, "的")).toBe("boilerplate");
    expect(reasonOf(text, ",")).toBe("punctuation");
  });

  it("keeps rare single-character technical terms and drops common characters", () => {
    const text = "我们厂的废水里镉和砷超标，想做少糖的饼干也要用水";
    const { terms } = deriveNeedQuery(text);
    expect(terms).toEqual(expect.arrayContaining(["废水", "镉", "砷", "糖"]));
    expect(terms).not.toContain("少");
    expect(reasonOf(text, "少")).toBe("single-char");
  });

  it("does not expand: every term is a stretch of the text", () => {
    const text = "想用少一点的电把结块打开";
    const { terms } = deriveNeedQuery(text);
    for (const term of terms) expect(text).toContain(term);
    for (const expansion of ["理想", "思想", "少量", "结果", "打开了"]) expect(terms).not.toContain(expansion);
  });

  it("drops patent boilerplate written into a need", () => {
    const { terms, dropped } = deriveNeedQuery("本发明公开了一种木耳烘干方法");
    expect(terms).toEqual(expect.arrayContaining(["木耳", "烘干"]));
    for (const word of ["本发明", "一种", "方法"]) expect(dropped).toContainEqual({ term: word, why: "boilerplate" });
  });

  it("keeps the order of the text, each term once", () => {
    expect(deriveNeedQuery("木耳，木耳烘干；木耳").terms).toEqual(["木耳", "烘干"]);
    const tokens = () => ["核桃", "我们", "镉", "核桃", "我们", "!"];
    expect(deriveNeedQuery("ignored", tokens)).toEqual({
      terms: ["核桃", "镉"],
      dropped: [
        { term: "我们", why: "prose" },
        { term: "!", why: "punctuation" },
      ],
    });
  });

  it("reads through markup and folds full-width letters", () => {
    expect(deriveNeedQuery("<p>木耳&nbsp;<b>烘干</b></p>").terms).toEqual(["木耳", "烘干"]);
    expect(deriveNeedQuery("ＬＥＤ灯").terms).toContain("led");
  });
});

describe("isJunkQuery", () => {
  it("is true for markup, stop words and punctuation only", () => {
    for (const q of ["<div>&nbsp;</div>", "的 了 是", "", "  ，。！", "我们想", "本发明所述的"]) expect(isJunkQuery(q)).toBe(true);
  });

  it("is false when something is left to search for", () => {
    for (const q of ["木耳烘干", "镉", "<p>石墨烯</p>", "量子计算机芯片"]) expect(isJunkQuery(q)).toBe(false);
  });
});
