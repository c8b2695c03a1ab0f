import { type Checked, fail, ok, toHalfWidth, unique } from "./text";

/**
 * International Patent Classification codes. A full code names a (main or sub)group:
 *   section   one letter A–H                      A
 *   class     section + 2 digits                  A23
 *   subclass  class + 1 letter                    A23L
 *   group     subclass + main group (1–4 digits)  A23L31
 *   full      group + "/" + subgroup (2–6 digits) A23L31/00
 * The printed form has a space ("A23L 31/00"); we store it without any ("A23L31/00")
 * so that equal codes are equal strings and prefixes work.
 *
 * Decision: a patent's own codes (mainIpc, ipc) must be full codes — every granted or
 * published CN patent is classified down to a group. Partial codes ("A23L", "A23L31")
 * are accepted only where a person describes an area: a need's IPC hints and the search
 * filter (`checkIpcPrefix`).
 */

export const IPC_LEVELS = ["SECTION", "CLASS", "SUBCLASS", "GROUP", "FULL"] as const;
export type IpcLevel = (typeof IPC_LEVELS)[number];
export type IpcOverlap = "GROUP" | "SUBCLASS" | "CLASS" | "SECTION" | "NONE";

export type IpcCode = { section: string; class: string; subclass: string; group: string; full: string };

/** A code at any depth; the parts below `level` are absent. */
export type IpcPrefix = {
  level: IpcLevel;
  /** Normalized text: "A", "A23", "A23L", "A23L31" or "A23L31/00". */
  value: string;
  section: string;
  class?: string;
  subclass?: string;
  group?: string;
  full?: string;
};

/** Section titles of the IPC (Chinese edition), for facet labels. */
export const IPC_SECTION_NAMES: Record<string, string> = {
  A: "人类生活必需",
  B: "作业；运输",
  C: "化学；冶金",
  D: "纺织；造纸",
  E: "固定建筑物",
  F: "机械工程；照明；加热；武器；爆破",
  G: "物理",
  H: "电学",
};

const EXAMPLE = "A23L 31/00";
const LEVEL_NAMES: Record<IpcLevel, string> = { SECTION: "部", CLASS: "大类", SUBCLASS: "小类", GROUP: "大组", FULL: "小组" };
const PREFIX = /^([A-H])(?:(\d{2})(?:([A-Z])(?:(\d{1,4})(?:\/(\d{2,6})?)?)?)?)?$/;

/**
 * Upper-case, half-width, no spaces; drops the edition suffix CNIPA prints after codes
 * ("A23L 31/00(2016.01)I") because copying from a publication page brings it along.
 */
function clean(input: string): string {
  return toHalfWidth(input)
    .toUpperCase()
    .replace(/\(\s*\d{4}\s*\.\s*\d{2}\s*\)\s*[IN]?\s*$/, "")
    .replace(/\s+/g, "");
}

/** Explains what is wrong with a code that did not match, as precisely as we can tell. */
function shapeReason(text: string, original: string): string {
  const shown = original.trim();
  if (!/^[A-H]/.test(text)) return `IPC 分类号“${shown}”的部应为 A–H 中的一个字母，如 ${EXAMPLE}`;
  if (!/^[A-H]\d{2}/.test(text)) return `IPC 分类号“${shown}”的大类应为部后 2 位数字，如 ${EXAMPLE}`;
  if (!/^[A-H]\d{2}[A-Z]/.test(text)) return `IPC 分类号“${shown}”的小类应为大类后 1 个字母，如 ${EXAMPLE}`;
  if (/^[A-H]\d{2}[A-Z]\d{5,}/.test(text)) return `IPC 分类号“${shown}”的大组最多 4 位数字，如 ${EXAMPLE}`;
  if (/^[A-H]\d{2}[A-Z]\d{1,4}\//.test(text)) return `IPC 分类号“${shown}”的小组应为“/”后 2–6 位数字，如 ${EXAMPLE}`;
  return `IPC 分类号“${shown}”格式不正确，应为 部 + 大类 + 小类 + 大组/小组，如 ${EXAMPLE}`;
}

/** Parses a code at any depth: "a", "A23", "a23l", "A23L 31", "A23L 031/00" (leading zeros dropped). */
export function checkIpcPrefix(input: string): Checked<IpcPrefix> {
  const text = clean(input);
  if (text === "") return fail("请填写 IPC 分类号");
  const m = PREFIX.exec(text);
  if (!m) return fail(shapeReason(text, input));
  const [, section, cls, sub, groupDigits, subgroup] = m;
  const prefix: IpcPrefix = { level: "SECTION", value: section, section };
  if (!cls) return ok(prefix);
  prefix.class = section + cls;
  prefix.level = "CLASS";
  prefix.value = prefix.class;
  if (!sub) return ok(prefix);
  prefix.subclass = prefix.class + sub;
  prefix.level = "SUBCLASS";
  prefix.value = prefix.subclass;
  if (!groupDigits) return ok(prefix);
  const mainGroup = groupDigits.replace(/^0+/, "");
  if (mainGroup === "") return fail(`IPC 分类号“${input.trim()}”的大组号不能为 0`);
  prefix.group = prefix.subclass + mainGroup;
  prefix.level = "GROUP";
  prefix.value = prefix.group;
  if (!subgroup) return ok(prefix);
  prefix.full = `${prefix.group}/${subgroup}`;
  prefix.level = "FULL";
  prefix.value = prefix.full;
  return ok(prefix);
}

/** Parses a full code (down to the subgroup); the reason says which part is missing. */
export function checkIpc(input: string): Checked<IpcCode> {
  const result = checkIpcPrefix(input);
  if (!result.ok) return result;
  const p = result.value;
  if (p.level !== "FULL") {
    return fail(`IPC 分类号需完整到组（大组/小组），如 ${EXAMPLE}；“${input.trim()}”只到${LEVEL_NAMES[p.level]}`);
  }
  return ok({ section: p.section, class: p.class!, subclass: p.subclass!, group: p.group!, full: p.full! });
}

/** Parses a full code or throws with the Chinese reason. */
export function parseIpc(code: string): IpcCode {
  const result = checkIpc(code);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

/** "A23L 31/00" → "A23L31/00"; throws on an invalid full code. */
export function normalizeIpc(code: string): string {
  return parseIpc(code).full;
}

export type IpcHierarchy = { ipcSection: string[]; ipcClass: string[]; ipcSubclass: string[]; ipcGroup: string[] };

/**
 * The levels of `codes` as PatentSearchDoc wants them, deduplicated in first-seen order.
 * Partial codes contribute the levels they have. Invalid codes are skipped, not thrown:
 * this builds search documents from stored data, and one bad legacy code must not keep
 * a patent out of the index.
 */
export function ipcHierarchy(codes: readonly string[]): IpcHierarchy {
  const prefixes = codes.map(checkIpcPrefix).flatMap((r) => (r.ok ? [r.value] : []));
  const pick = (f: (p: IpcPrefix) => string | undefined) => unique(prefixes.map(f).filter((v): v is string => v !== undefined));
  return {
    ipcSection: pick((p) => p.section),
    ipcClass: pick((p) => p.class),
    ipcSubclass: pick((p) => p.subclass),
    ipcGroup: pick((p) => p.group),
  };
}

/**
 * The deepest level two code lists share: GROUP when some codes have the same main group
 * (A23L31/00 and A23L31/10), SUBCLASS for A23L vs A23L5/00, and so on. Identical full
 * codes count as GROUP. Either list may hold partial codes (a need's hints).
 */
export function ipcOverlapLevel(a: readonly string[], b: readonly string[]): IpcOverlap {
  const ha = ipcHierarchy(a);
  const hb = ipcHierarchy(b);
  const shares = (key: keyof IpcHierarchy) => ha[key].some((v) => hb[key].includes(v));
  if (shares("ipcGroup")) return "GROUP";
  if (shares("ipcSubclass")) return "SUBCLASS";
  if (shares("ipcClass")) return "CLASS";
  if (shares("ipcSection")) return "SECTION";
  return "NONE";
}

/**
 * The string to prefix-match normalized codes with (PatentFilters.ipcPrefix). A group
 * gets a trailing "/" so that "A23L3" does not also match A23L33/00.
 */
export function ipcFilterPrefix(prefix: IpcPrefix): string {
  return prefix.level === "GROUP" ? `${prefix.value}/` : prefix.value;
}

/** Whether the normalized full `code` lies under `prefix` (any depth, normalized or not). */
export function ipcMatchesPrefix(code: string, prefix: string): boolean {
  const p = checkIpcPrefix(prefix);
  return p.ok && code.startsWith(ipcFilterPrefix(p.value));
}
