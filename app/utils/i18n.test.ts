import { describe, expect, it } from "vitest";
import { dictionaries, localeFromCookie, translate } from "./i18n";

describe("i18n", () => {
  it("has an English string for every Chinese key and vice versa", () => {
    const zh = Object.keys(dictionaries["zh-CN"]).sort();
    const en = Object.keys(dictionaries.en).sort();
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
  });

  it("interpolates parameters", () => {
    expect(translate("zh-CN", "common.page", { page: 2, pages: 5 })).toBe("第 2 / 5 页");
    expect(translate("en", "common.page", { page: 2, pages: 5 })).toBe("Page 2 of 5");
  });

  it("reads the language cookie and defaults to Chinese", () => {
    expect(localeFromCookie("a=1; ipb_lang=en")).toBe("en");
    expect(localeFromCookie("ipb_lang=fr")).toBe("zh-CN");
    expect(localeFromCookie(null)).toBe("zh-CN");
  });
});
