import { describe, expect, it } from "vitest";
import { giVerifyQueryError } from "./public-view";

describe("the public verification query", () => {
  it("wants at least 2 characters, at most 100, and no control characters", () => {
    expect(giVerifyQueryError("")).toBe("请输入企业名称、统一社会信用代码或证书编号");
    expect(giVerifyQueryError("   ")).toBe("请输入企业名称、统一社会信用代码或证书编号");
    expect(giVerifyQueryError(" 木 ")).toBe("请至少输入 2 个字");
    expect(giVerifyQueryError("木耳")).toBeNull();
    expect(giVerifyQueryError("𠀀𠀁")).toBeNull(); // two characters outside the BMP, four UTF-16 units
    expect(giVerifyQueryError("木".repeat(100))).toBeNull();
    expect(giVerifyQueryError("木".repeat(101))).toBe("查询内容不能超过 100 个字");
    expect(giVerifyQueryError("木耳\u0000")).toMatch(/不允许的字符/);
    expect(giVerifyQueryError("木耳\ud800")).toMatch(/不允许的字符/);
  });
});
