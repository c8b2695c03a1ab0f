import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as Enums from "~/generated/prisma/enums";
import { dictionaries } from "~/utils/i18n";
import { ENUM_LABELS, GLOSSARY } from "./glossary";

// Every catalog registers itself on import.
const MESSAGES = path.resolve("app/utils/messages");
for (const file of readdirSync(MESSAGES)) if (file.endsWith(".ts") && !file.includes(".test.") && file !== "glossary.ts") await import(`./${file.replace(/\.ts$/, "")}`);

const GLOSSARY_FILE = path.join(MESSAGES, "glossary.ts");

/** Every source file of the app that may carry copy (not tests, not generated code). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.includes(".test.") && full !== GLOSSARY_FILE ? [full] : [];
  });
}

const zh = Object.entries(dictionaries["zh-CN"]);
// Lines that list what an importer accepts (header aliases people type) are input, not copy.
const sources = sourceFiles(path.resolve("app")).map((file) => ({
  file: path.relative(process.cwd(), file),
  text: readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => !/\baliases\s*:/.test(line))
    .join("\n"),
}));
/** The copy to check: every Chinese message, and every source file (notices and errors are written there too). */
const texts = [...zh.map(([key, text]) => ({ where: `message ${key}`, text })), ...sources.map(({ file, text }) => ({ where: file, text }))];

describe("one voice: the glossary", () => {
  it("has one term per concept, and no term is another's variant", () => {
    const terms = GLOSSARY.map((g) => g.term);
    expect(new Set(terms).size).toBe(terms.length);
    for (const entry of GLOSSARY) for (const variant of entry.not) expect(terms, `${variant} is a variant, not a term`).not.toContain(variant);
  });

  it("uses each concept's one term: no variant anywhere in the copy", () => {
    const found: string[] = [];
    for (const { where, text } of texts) {
      for (const { term, not } of GLOSSARY) {
        // A variant inside the term itself (社会信用代码 in 统一社会信用代码) is the term.
        const rest = text.split(term).join("□");
        for (const variant of not) if (rest.includes(variant)) found.push(`${where}: “${variant}” (say “${term}”)`);
      }
    }
    expect(found).toEqual([]);
  });

  it("never doubles a word (申请金额金额过大)", () => {
    const doubled: string[] = [];
    for (const { where, text } of texts) for (const m of text.matchAll(/(\p{Script=Han}{2,})\1/gu)) doubled.push(`${where}: ${m[0]}`);
    expect(doubled).toEqual([]);
  });

  it("catches a doubled word and a variant when there is one", () => {
    expect("申请金额金额过大".match(/(\p{Script=Han}{2,})\1/u)?.[0]).toBe("金额金额");
    expect("请填写统一社会信用代码".split("统一社会信用代码").join("□").includes("社会信用代码")).toBe(false);
  });

  it("labels every value of every enum a page shows, in both languages", () => {
    const missing: string[] = [];
    for (const { prefix, enumName } of ENUM_LABELS) {
      const values = Object.values((Enums as unknown as Record<string, Record<string, string>>)[enumName] ?? {});
      expect(values.length, `enum ${enumName}`).toBeGreaterThan(0);
      for (const value of values) for (const locale of ["zh-CN", "en"] as const) if (!dictionaries[locale][`${prefix}${value}`]) missing.push(`${locale} ${prefix}${value}`);
    }
    expect(missing).toEqual([]);
  });

  it("never puts an untranslated enum value in Chinese copy", () => {
    const values = new Set(Object.values(Enums as unknown as Record<string, Record<string, string>>).flatMap((e) => (typeof e === "object" ? Object.values(e) : [])));
    const raw: string[] = [];
    for (const [key, text] of zh) for (const word of text.match(/\b[A-Z][A-Z0-9_]{2,}\b/g) ?? []) if (values.has(word)) raw.push(`${key}: ${word}`);
    expect(raw).toEqual([]);
  });
});
