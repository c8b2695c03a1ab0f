import { describe, expect, it } from "vitest";
import { describeChoices, enumFromText, LISTING_MODE_LABELS, LISTING_MODES, PATENT_TYPE_LABELS, PATENT_TYPES } from "./labels";
import { splitList, toHalfWidth, unique } from "./text";

describe("enumFromText", () => {
  it("accepts the value in any case, the label and aliases, ignoring spaces", () => {
    expect(enumFromText("invention", PATENT_TYPES, PATENT_TYPE_LABELS)).toBe("INVENTION");
    expect(enumFromText(" 发明专利 ", PATENT_TYPES, PATENT_TYPE_LABELS)).toBe("INVENTION");
    expect(enumFromText("普通许可", LISTING_MODES, LISTING_MODE_LABELS)).toBe("NON_EXCLUSIVE");
    expect(enumFromText("open_license", LISTING_MODES, LISTING_MODE_LABELS)).toBe("OPEN_LICENCE");
    expect(enumFromText("租赁", LISTING_MODES, LISTING_MODE_LABELS)).toBeUndefined();
  });

  it("lists the choices for messages", () => {
    expect(describeChoices(PATENT_TYPES, PATENT_TYPE_LABELS)).toBe("发明（INVENTION）、实用新型（UTILITY_MODEL）、外观设计（DESIGN）");
  });
});

describe("text helpers", () => {
  it("converts full-width ASCII and the ideographic space", () => {
    expect(toHalfWidth("ＣＮ２０１７．７　Ａ／Ｂ")).toBe("CN2017.7 A/B");
    expect(toHalfWidth("木耳")).toBe("木耳");
  });

  it("splits lists on ASCII and Chinese separators but not on spaces", () => {
    expect(splitList("A23L 31/00；C12N 1/14,A61K 36/06、 B65D 81/00 |\nH01M 10/05")).toEqual([
      "A23L 31/00",
      "C12N 1/14",
      "A61K 36/06",
      "B65D 81/00",
      "H01M 10/05",
    ]);
    expect(splitList(" ;; ")).toEqual([]);
    expect(unique(["a", "b", "a"])).toEqual(["a", "b"]);
  });
});
