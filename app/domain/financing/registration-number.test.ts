import { describe, expect, it } from "vitest";
import { checkPledgeRegistrationNumber } from "./registration-number";

describe("CNIPA pledge registration numbers", () => {
  it("reads patent pledge numbers with and without the Y, in full-width and with spaces", () => {
    expect(checkPledgeRegistrationNumber("Y2023980012345")).toEqual({ ok: true, value: { number: "Y2023980012345", year: 2023 } });
    expect(checkPledgeRegistrationNumber(" y2023 9800 12345 ")).toEqual({ ok: true, value: { number: "Y2023980012345", year: 2023 } });
    expect(checkPledgeRegistrationNumber("Ｙ２０２３９８００１２３４５")).toMatchObject({ ok: true, value: { number: "Y2023980012345" } });
    // Before 2020 the number had no Y; since 2020 it is always written with it.
    expect(checkPledgeRegistrationNumber("2015990000452")).toEqual({ ok: true, value: { number: "2015990000452", year: 2015 } });
    expect(checkPledgeRegistrationNumber("2023980012345")).toMatchObject({ ok: true, value: { number: "Y2023980012345" } });
  });

  it("reads trademark pledge numbers", () => {
    expect(checkPledgeRegistrationNumber("（2023）商质字第0123号")).toEqual({ ok: true, value: { number: "(2023)商质字第123号", year: 2023 } });
    expect(checkPledgeRegistrationNumber("2023商质登字123")).toMatchObject({ ok: true, value: { year: 2023 } });
  });

  it("refuses HTML, junk, wrong lengths and impossible years", () => {
    for (const bad of ["", "<script>alert(1)</script>", "Y2023'; DROP TABLE", "ZL202310001234.5", "Y202398001234", "Y20239800123456", "Y1995980012345", "Y3023980012345", "合同2023-01"]) {
      expect(checkPledgeRegistrationNumber(bad).ok, bad).toBe(false);
    }
  });
});
