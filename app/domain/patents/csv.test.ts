import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv";

describe("parseCsv", () => {
  it("reads plain records with their line numbers", () => {
    expect(parseCsv("a,b\n1,2\n3,4")).toEqual({
      records: [
        { line: 1, cells: ["a", "b"] },
        { line: 2, cells: ["1", "2"] },
        { line: 3, cells: ["3", "4"] },
      ],
    });
  });

  it("handles CRLF, lone CR and a final line break", () => {
    expect(parseCsv("a,b\r\n1,2\r3,4\r\n").records.map((r) => [r.line, r.cells])).toEqual([
      [1, ["a", "b"]],
      [2, ["1", "2"]],
      [3, ["3", "4"]],
    ]);
  });

  it("keeps delimiters, quotes and line breaks inside quoted fields; a record starts where it starts", () => {
    const text = 'title,abstract\n"木耳, 黑","第一行\n第二行\r\n第三行"\n"他说""好""",x\n';
    expect(parseCsv(text).records).toEqual([
      { line: 1, cells: ["title", "abstract"] },
      { line: 2, cells: ["木耳, 黑", "第一行\n第二行\r\n第三行"] },
      { line: 5, cells: ['他说"好"', "x"] },
    ]);
  });

  it("keeps empty cells, and skips blank lines and records of empty or blank cells", () => {
    expect(parseCsv("a,b,c\n\n1,,3\n,,\n \n4,5,").records.map((r) => [r.line, r.cells])).toEqual([
      [1, ["a", "b", "c"]],
      [3, ["1", "", "3"]],
      [6, ["4", "5", ""]],
    ]);
  });

  it("is lenient about quotes the way spreadsheet programs are", () => {
    expect(parseCsv('"abc"def,x\nab"c,y').records.map((r) => r.cells)).toEqual([
      ["abcdef", "x"],
      ['ab"c', "y"],
    ]);
    expect(parseCsv('"",""').records).toEqual([]);
  });

  it("reports a quote left open at the line where it opened", () => {
    const result = parseCsv('a,b\n1,2\n3,"never closed\n4,5\n');
    expect(result.records.map((r) => r.line)).toEqual([1, 2]);
    expect(result.error).toEqual({ line: 3, message: expect.stringContaining("第 3 行的引号没有闭合") });
  });

  it("reads tab-separated text", () => {
    expect(parseCsv("a\tb\n1,5\t2", "\t").records.map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["1,5", "2"],
    ]);
  });
});

describe("parseCsv delimiters", () => {
  it("treats any single character literally, and refuses unusable ones", () => {
    expect(parseCsv("a|b\n1|2", "|").records.map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(parseCsv("a^b", "^").records[0].cells).toEqual(["a", "b"]);
    expect(() => parseCsv("a", '"')).toThrow();
  });
});
