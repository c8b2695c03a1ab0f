import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { oldestFirst } from "./oldest-first";

/** A newest-first list of `total` items: item i is the i-th newest (0 = newest). */
const newestFirst = (total: number) => {
  const all = Array.from({ length: total }, (_, i) => i);
  return async (page: number, pageSize: number) => ({ items: all.slice((page - 1) * pageSize, page * pageSize), total, page, pageSize });
};

describe("oldestFirst", () => {
  it("reads the oldest first, a page at a time", async () => {
    const list = newestFirst(5);
    expect((await oldestFirst(list, 1, 2)).items).toEqual([4, 3]);
    expect((await oldestFirst(list, 2, 2)).items).toEqual([2, 1]);
    expect((await oldestFirst(list, 3, 2)).items).toEqual([0]);
    expect((await oldestFirst(list, 4, 2)).items).toEqual([]);
    expect((await oldestFirst(newestFirst(0), 1, 20)).items).toEqual([]);
  });

  it("walks every item exactly once, oldest to newest, whatever the total and page size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 25 }), async (total, pageSize) => {
        const list = newestFirst(total);
        const seen: number[] = [];
        for (let page = 1; page <= Math.ceil(total / pageSize); page++) seen.push(...(await oldestFirst(list, page, pageSize)).items);
        expect(seen).toEqual(Array.from({ length: total }, (_, i) => total - 1 - i));
      }),
    );
  });
});
