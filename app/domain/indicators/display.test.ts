import { describe, expect, it } from "vitest";
import { displayFigure, displayFigureWithUnit } from "./display";

describe("indicator figures for people", () => {
  it("prints each unit one way, half-up", () => {
    expect(displayFigureWithUnit("COUNT", "件", "1484")).toBe("1,484 件");
    expect(displayFigureWithUnit("YUAN", "元", "2000000")).toBe("2,000,000.00 元");
    expect(displayFigure("YUAN", "1234.565")).toBe("1,234.57");
    expect(displayFigureWithUnit("DECIMAL", "件/万人", "1.234999")).toBe("1.23 件/万人");
    expect(displayFigure("DECIMAL", "0.125")).toBe("0.13");
    expect(displayFigureWithUnit("RATIO", "%", "0.005")).toBe("0.50%");
    expect(displayFigure("RATIO", "0.00515")).toBe("0.52");
    expect(displayFigure("PERSONS", "131000")).toBe("131,000");
    expect(displayFigure("COUNT", "-3")).toBe("-3");
  });
});
