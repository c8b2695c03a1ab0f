import { describe, expect, it } from "vitest";
import { PatentStatus } from "~/generated/prisma/enums";
import { isPublicStatus, nextPatentStatus, patentStatusActions } from "./status";

describe("patent status moves", () => {
  it("lists drafts and unlisted patents, unlists listed ones, and nothing else", () => {
    const table = Object.values(PatentStatus).flatMap((from) =>
      (["list", "unlist"] as const).map((action) => [from, action, nextPatentStatus(from, action)]),
    );
    expect(table).toEqual([
      ["DRAFT", "list", "LISTED"],
      ["DRAFT", "unlist", null],
      ["LISTED", "list", null],
      ["LISTED", "unlist", "UNLISTED"],
      ["UNLISTED", "list", "LISTED"],
      ["UNLISTED", "unlist", null],
    ]);
  });

  it("offers the moves that exist from each status", () => {
    expect(patentStatusActions("DRAFT")).toEqual(["list"]);
    expect(patentStatusActions("LISTED")).toEqual(["unlist"]);
    expect(patentStatusActions("UNLISTED")).toEqual(["list"]);
  });

  it("makes only listed patents public", () => {
    expect(Object.values(PatentStatus).filter(isPublicStatus)).toEqual(["LISTED"]);
  });
});
