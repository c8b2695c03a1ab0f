import { describe, expect, it } from "vitest";
import { checkUscc, usccCheckCharacter, withUsccCheck } from "./uscc";

describe("USCC (GB 32100-2015)", () => {
  it("accepts published real codes", () => {
    // 91350100M000100Y43 is the example printed in GB 32100-2015's explanatory material.
    expect(checkUscc("91350100M000100Y43")).toEqual({ ok: true, value: "91350100M000100Y43" });
    expect(usccCheckCharacter("91350100M000100Y4")).toBe("3");
  });

  it("normalises case and whitespace", () => {
    expect(checkUscc(" 91350100m000100y43 ")).toEqual({ ok: true, value: "91350100M000100Y43" });
  });

  it("rejects a wrong check character, a wrong length and forbidden letters", () => {
    expect(checkUscc("91350100M000100Y44")).toMatchObject({ ok: false, reason: expect.stringContaining("校验位") });
    expect(checkUscc("91350100M000100Y4")).toMatchObject({ ok: false, reason: expect.stringContaining("18位") });
    expect(checkUscc("91350100M0001O0Y43")).toMatchObject({ ok: false, reason: expect.stringContaining("无效字符") });
    expect(checkUscc("9135A100M000100Y43")).toMatchObject({ ok: false }); // division code must be digits
  });

  it("builds valid codes for every possible check value", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const code = withUsccCheck(`91611033${String(i).padStart(9, "0")}`);
      expect(checkUscc(code).ok).toBe(true);
      seen.add(code[17]);
    }
    expect(seen.size).toBeGreaterThan(25);
  });
});
