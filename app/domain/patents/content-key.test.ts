import { describe, expect, it } from "vitest";
import { contentKeyOf, duplicateMessage, isProbableDuplicate, normalizeForContentKey } from "./content-key";

describe("content key (probable duplicates)", () => {
  it("ignores width, case, spaces and punctuation, not words", () => {
    expect(normalizeForContentKey(" 一种 木耳脆片，ＡＢＣ！\n")).toBe("一种木耳脆片abc");
    expect(contentKeyOf("一种木耳脆片", "本发明涉及木耳。")).toBe(contentKeyOf("一种 木耳脆片 ", "本发明涉及木耳"));
    expect(contentKeyOf("一种木耳脆片", "本发明涉及木耳。")).not.toBe(contentKeyOf("一种木耳脆片", "本发明涉及银耳。"));
    // Title and abstract are kept apart: moving text from one to the other is a different record.
    expect(contentKeyOf("ab", "c")).not.toBe(contentKeyOf("a", "bc"));
    expect(contentKeyOf("一种木耳脆片", "x")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is a duplicate when the texts agree and one of the two has no number", () => {
    const key = contentKeyOf("空调装置", "一种空调装置。");
    const bare = { contentKey: key, applicationNumber: null, publicationNumber: null };
    const a = { contentKey: key, applicationNumber: null, publicationNumber: "CN111623427A" };
    const b = { contentKey: key, applicationNumber: null, publicationNumber: "CN111623429A" };
    expect(isProbableDuplicate(bare, bare)).toBe(true);
    expect(isProbableDuplicate(bare, a)).toBe(true);
    expect(isProbableDuplicate(a, bare)).toBe(true);
    expect(isProbableDuplicate(a, b)).toBe(false); // two publications: two patents
    expect(isProbableDuplicate(bare, { ...bare, contentKey: contentKeyOf("空调装置", "另一种。") })).toBe(false);
    expect(isProbableDuplicate({ ...bare, contentKey: null }, { ...bare, contentKey: null })).toBe(false);
  });

  it("names the record it repeats", () => {
    expect(duplicateMessage({ title: "空调装置", applicationNumber: null, publicationNumber: "CN111623427A" })).toContain("「空调装置」（CN111623427A）");
    expect(duplicateMessage({ title: "", applicationNumber: null, publicationNumber: null })).toContain("「（无标题）」");
  });
});
