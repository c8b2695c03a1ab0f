import { describe, expect, it } from "vitest";
import { z } from "zod";
import { hasForbiddenCharacters, int32, text, verbatimText } from "./text";

describe("the shared text rule", () => {
  it("refuses NUL, other control characters and lone surrogates", () => {
    for (const bad of ["a\u0000b", "\u0007", "x\u007f", "a\ud800b", "\udc00", "end\ud83d"]) {
      expect(hasForbiddenCharacters(bad), JSON.stringify(bad)).toBe(true);
      expect(text().safeParse(bad).success).toBe(false);
      expect(verbatimText().safeParse(bad).success).toBe(false);
    }
  });

  it("keeps tabs, line breaks, emoji and Chinese, and normalizes to NFC (except verbatim text)", () => {
    for (const good of ["多行\r\n文本\t", "😀 木耳", "e\u0301"]) expect(hasForbiddenCharacters(good)).toBe(false);
    expect(text().parse("e\u0301")).toBe("\u00e9");
    expect(verbatimText().parse("e\u0301")).toBe("e\u0301");
  });

  it("chains like z.string() and is reported as a plain string in JSON Schema", () => {
    const name = text().trim().min(2).max(5);
    expect(name.parse("  ab ")).toBe("ab");
    expect(name.safeParse("abcdefg").success).toBe(false);
    expect(z.toJSONSchema(name)).toMatchObject({ type: "string", minLength: 2, maxLength: 5 });
  });

  it("int32 fits an INTEGER column", () => {
    expect(int32().safeParse(2_147_483_647).success).toBe(true);
    expect(int32().safeParse(99_999_999_999).success).toBe(false);
    expect(int32().safeParse(1.5).success).toBe(false);
  });
});
