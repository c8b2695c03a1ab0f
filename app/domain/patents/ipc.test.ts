import { describe, expect, it } from "vitest";
import { checkIpc, checkIpcPrefix, ipcFilterPrefix, ipcHierarchy, ipcMatchesPrefix, ipcOverlapLevel, normalizeIpc, parseIpc } from "./ipc";

const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? "" : r.reason);

describe("parseIpc", () => {
  it("splits a full code into its levels", () => {
    expect(parseIpc("A23L 31/00")).toEqual({ section: "A", class: "A23", subclass: "A23L", group: "A23L31", full: "A23L31/00" });
    expect(parseIpc("G06F 16/3344")).toMatchObject({ group: "G06F16", full: "G06F16/3344" });
  });

  it.each([
    "A23L 31/00",
    "A23L  31/00",
    "a23l31/00",
    "A23L31/00",
    "Ａ２３Ｌ　３１／００",
    " A23L 031/00 ",
    "A23L 31/00(2016.01)I",
    "A23L31/00 (2016.01)",
  ])("normalizes %j to A23L31/00", (input) => {
    expect(normalizeIpc(input)).toBe("A23L31/00");
  });

  it("keeps the subgroup digits as written (2–6)", () => {
    expect(normalizeIpc("A61K 36/074")).toBe("A61K36/074");
    expect(normalizeIpc("H01M 10/052512")).toBe("H01M10/052512");
  });

  it("explains which part is wrong", () => {
    expect(reason(checkIpc("Z23L 31/00"))).toContain("部应为 A–H");
    expect(reason(checkIpc("A2L 31/00"))).toContain("大类应为部后 2 位数字");
    expect(reason(checkIpc("A231 31/00"))).toContain("小类应为大类后 1 个字母");
    expect(reason(checkIpc("A23L 12345/00"))).toContain("大组最多 4 位数字");
    expect(reason(checkIpc("A23L 31/0"))).toContain("小组应为“/”后 2–6 位数字");
    expect(reason(checkIpc("A23L 0/00"))).toContain("大组号不能为 0");
    expect(reason(checkIpc(""))).toBe("请填写 IPC 分类号");
  });

  it("requires a full code for a patent and says how deep the given one goes", () => {
    expect(reason(checkIpc("A23L"))).toBe("IPC 分类号需完整到组（大组/小组），如 A23L 31/00；“A23L”只到小类");
    expect(reason(checkIpc("A23L 31"))).toContain("只到大组");
    expect(() => parseIpc("A23")).toThrow("只到大类");
  });
});

describe("checkIpcPrefix", () => {
  it.each([
    ["a", "SECTION", "A"],
    ["A23", "CLASS", "A23"],
    ["a23l", "SUBCLASS", "A23L"],
    ["A23L 31", "GROUP", "A23L31"],
    ["A23L 31/", "GROUP", "A23L31"],
    ["A23L 31/00", "FULL", "A23L31/00"],
  ])("%j is a %s prefix %s", (input, level, value) => {
    expect(checkIpcPrefix(input)).toMatchObject({ ok: true, value: { level, value } });
  });

  it("the filter prefix of a group ends with / so that A23L3 does not match A23L33", () => {
    const group = checkIpcPrefix("A23L3");
    if (!group.ok) throw new Error(group.reason);
    expect(ipcFilterPrefix(group.value)).toBe("A23L3/");
    expect(ipcMatchesPrefix("A23L3/00", "A23L3")).toBe(true);
    expect(ipcMatchesPrefix("A23L33/10", "A23L3")).toBe(false);
    expect(ipcMatchesPrefix("A23L33/10", "a23l")).toBe(true);
    expect(ipcMatchesPrefix("A23L33/10", "A2")).toBe(false);
  });
});

describe("ipcHierarchy", () => {
  it("gives PatentSearchDoc's deduplicated levels in first-seen order", () => {
    expect(ipcHierarchy(["A23L31/00", "A23L31/10", "A23L 5/00", "C12N 1/14", "A61K36/06"])).toEqual({
      ipcSection: ["A", "C"],
      ipcClass: ["A23", "C12", "A61"],
      ipcSubclass: ["A23L", "C12N", "A61K"],
      ipcGroup: ["A23L31", "A23L5", "C12N1", "A61K36"],
    });
  });

  it("lets partial codes contribute what they have and skips invalid ones", () => {
    expect(ipcHierarchy(["A23L", "nonsense", "B65"])).toEqual({
      ipcSection: ["A", "B"],
      ipcClass: ["A23", "B65"],
      ipcSubclass: ["A23L"],
      ipcGroup: [],
    });
    expect(ipcHierarchy([])).toEqual({ ipcSection: [], ipcClass: [], ipcSubclass: [], ipcGroup: [] });
  });
});

describe("ipcOverlapLevel", () => {
  it("finds the deepest shared level", () => {
    expect(ipcOverlapLevel(["A23L31/00"], ["A23L31/10"])).toBe("GROUP");
    expect(ipcOverlapLevel(["A23L31/00"], ["A23L31/00"])).toBe("GROUP");
    expect(ipcOverlapLevel(["A23L31/00"], ["A23L5/00"])).toBe("SUBCLASS");
    expect(ipcOverlapLevel(["A23L31/00"], ["A23P10/00"])).toBe("CLASS");
    expect(ipcOverlapLevel(["A23L31/00"], ["A61K36/06"])).toBe("SECTION");
    expect(ipcOverlapLevel(["A23L31/00"], ["C12N1/14"])).toBe("NONE");
  });

  it("takes the best pair across lists and accepts a need's partial hints", () => {
    expect(ipcOverlapLevel(["C12N1/14", "A23L31/00"], ["A61K36/06", "A23L31/20"])).toBe("GROUP");
    expect(ipcOverlapLevel(["A23L"], ["A23L31/00"])).toBe("SUBCLASS");
    expect(ipcOverlapLevel(["A23L31"], ["A23L31/00"])).toBe("GROUP");
    expect(ipcOverlapLevel(["A"], ["A23L31/00"])).toBe("SECTION");
    expect(ipcOverlapLevel([], ["A23L31/00"])).toBe("NONE");
  });
});
