import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/domain/identity/api-key-create.server";
import { systemActor, type Actor } from "~/domain/shared/actor";
import { pinClock } from "~/domain/shared/clock";
import { DomainError } from "~/domain/shared/errors";
import { db } from "~/utils/db.server";
import { actorOf } from "../../../test/factories/patents";
import { enterIndicatorStatistic, listIndicatorEntries, readIndicatorEntries } from "./entries.server";

/**
 * Statistic entries on a real PostgreSQL (issue 17 §2): who may enter and read, values
 * refused at the field by the series' unit with nothing written, the day rules, the
 * append-only correction chain with its 409s (a race included), and the audit trail. The
 * clock is pinned, so "today" is 2026-12-04 in the county.
 */
const TODAY = "2026-12-04";
let unpin: () => void;
let gov: Actor & { userId: string };
let platform: Actor;
let sme: Actor;
let bank: Actor;

const base = { seriesKey: "trademarks", value: "1500", asOf: "2026-11-30", source: "市场监管局统计月报 2026年11月" };

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function fieldErrors(input: Record<string, unknown>) {
  const error = await failure(enterIndicatorStatistic(gov, input));
  expect(error.code).toBe("VALIDATION");
  for (const messages of Object.values(error.fieldErrors ?? {})) for (const m of messages) expect(m).toMatch(/[\u4e00-\u9fff]/);
  return error.fieldErrors ?? {};
}

beforeAll(async () => {
  unpin = pinClock(`${TODAY}T10:00:00+08:00`);
  [gov, platform, sme, bank] = [await actorOf("GOVERNMENT"), await actorOf("PLATFORM"), await actorOf("SME"), await actorOf("BANK")];
});

afterAll(() => unpin?.());

describe("statistic entries", () => {
  it("GOVERNMENT enters a trademark figure: the entry, who entered it and one audit event", async () => {
    const entry = await enterIndicatorStatistic(gov, { ...base, note: "  含集体商标  " });
    expect(entry).toMatchObject({ seriesKey: "trademarks", seriesName: "有效注册商标", unit: "COUNT", unitLabel: "件", value: "1500", asOf: "2026-11-30", source: base.source, note: "含集体商标", replacesId: null, replacedById: null });
    expect(entry.enteredBy.userName).toEqual(expect.any(String));
    expect(entry.enteredBy.apiKeyName).toBeNull();
    const row = await db.indicatorEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(row).toMatchObject({ orgId: gov.orgId, enteredById: gov.userId, apiKeyId: null });
    const audit = await db.auditEvent.findMany({ where: { entityType: "IndicatorEntry", entityId: entry.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "indicator-entry.enter", actorUserId: gov.userId, orgId: gov.orgId, data: { seriesKey: "trademarks", value: "1500", asOf: "2026-11-30" } });
  });

  it("records the API key, not a person, when a key enters", async () => {
    const { apiKey } = await createApiKey(systemActor(), { orgId: gov.orgId, name: "县统计系统" });
    const keyActor: Actor = { ...gov, userId: null, apiKeyId: apiKey.id, role: "MEMBER" };
    const entry = await enterIndicatorStatistic(keyActor, { ...base, seriesKey: "population", value: "153,000", asOf: "2025-12-31", source: "县统计局 2025年统计公报" });
    expect(entry).toMatchObject({ seriesKey: "population", unit: "PERSONS", value: "153000", enteredBy: { userName: null, apiKeyName: "县统计系统" } });
    expect(await db.indicatorEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ enteredById: null, apiKeyId: apiKey.id });
  });

  it("reads every unit's value in its canonical form", async () => {
    expect((await enterIndicatorStatistic(gov, { ...base, seriesKey: "ip-special-funds", value: "120万", asOf: "2025-12-31" })).value).toBe("1200000.00");
    expect((await enterIndicatorStatistic(gov, { ...base, seriesKey: "fiscal-expenditure", value: "2,150,000,000.5", asOf: "2025-12-31" })).value).toBe("2150000000.50");
    expect((await enterIndicatorStatistic(gov, { ...base, seriesKey: "invention-patents-per-10k", value: "1.2500", asOf: "2025-12-31" })).value).toBe("1.25");
    expect((await enterIndicatorStatistic(gov, { ...base, seriesKey: "pledge-financing-total", value: 0, asOf: "2024-01-31" })).value).toBe("0.00");
    expect((await enterIndicatorStatistic(gov, { ...base, value: "１４９０", asOf: "2026-10-31" })).value).toBe("1490");
  });

  it("refuses bad values at the field, by unit, and writes nothing", async () => {
    const before = await db.indicatorEntry.count();
    const bad: [string, unknown][] = [
      ["trademarks", "1.5"],
      ["trademarks", "-1"],
      ["trademarks", -1],
      ["trademarks", "1e3"],
      ["trademarks", 1e21],
      ["trademarks", Number.NaN],
      ["trademarks", "NaN"],
      ["trademarks", "abc"],
      ["trademarks", ""],
      ["trademarks", "1234567890123456"],
      ["trademarks", "1,48"],
      ["trademarks", true],
      ["population", "0"],
      ["ip-special-funds", "100.123"],
      ["ip-special-funds", "-5"],
      ["invention-patents-per-10k", "1.23456"],
      ["invention-patents-per-10k", "Infinity"],
    ];
    for (const [seriesKey, value] of bad) expect(await fieldErrors({ ...base, seriesKey, value }), `${seriesKey} ${String(value)}`).toHaveProperty("value");
    expect(await db.indicatorEntry.count()).toBe(before);
  });

  it("names every bad field in one answer", async () => {
    const errors = await fieldErrors({ seriesKey: "ip-fund-share", value: "x", asOf: "2026-02-30", source: "  ", note: "长".repeat(1001), replacesId: 5 });
    expect(Object.keys(errors).sort()).toEqual(["asOf", "note", "replacesId", "seriesKey", "source"]);
    const withValue = await fieldErrors({ ...base, value: "1.5", asOf: "2026-12-05", source: "" });
    expect(Object.keys(withValue).sort()).toEqual(["asOf", "source", "value"]);
    expect(withValue.asOf[0]).toContain(TODAY);
    expect(await fieldErrors({ ...base, source: "源".repeat(201) })).toHaveProperty("source");
    expect(await fieldErrors(null as unknown as Record<string, unknown>)).toHaveProperty("seriesKey");
  });

  it("takes a day that has happened: not after today, not before 2000, a real date", async () => {
    expect((await fieldErrors({ ...base, asOf: "2026-12-05" })).asOf[0]).toMatch(/不能晚于今天/);
    expect((await fieldErrors({ ...base, asOf: "1999-12-31" })).asOf[0]).toMatch(/2000-01-01/);
    expect(await fieldErrors({ ...base, asOf: "2026-13-01" })).toHaveProperty("asOf");
    expect(await fieldErrors({ ...base, asOf: "" })).toHaveProperty("asOf");
    expect((await enterIndicatorStatistic(gov, { ...base, asOf: TODAY })).asOf).toBe(TODAY);
    expect((await enterIndicatorStatistic(gov, { ...base, asOf: "2000-01-01" })).asOf).toBe("2000-01-01");
  });

  it("lets PLATFORM read but not enter; a bank and an SME see nothing", async () => {
    expect((await failure(enterIndicatorStatistic(platform, base))).code).toBe("FORBIDDEN");
    expect((await failure(enterIndicatorStatistic(sme, base))).code).toBe("NOT_FOUND");
    expect((await failure(enterIndicatorStatistic(bank, base))).code).toBe("NOT_FOUND");
    expect((await failure(listIndicatorEntries(sme, {}))).code).toBe("NOT_FOUND");
    expect((await failure(listIndicatorEntries(bank, {}))).code).toBe("NOT_FOUND");
    expect((await listIndicatorEntries(platform, {})).total).toBeGreaterThan(0);
  });

  it("corrects an entry with a new one that names it; a second correction of it is a conflict", async () => {
    const first = await enterIndicatorStatistic(gov, { ...base, value: "1510", asOf: "2026-09-30" });
    const fix = await enterIndicatorStatistic(gov, { ...base, value: "1512", asOf: "2026-09-30", note: "更正录入错误", replacesId: first.id });
    expect(fix).toMatchObject({ value: "1512", replacesId: first.id, replacedById: null });
    const [again] = (await readIndicatorEntries(["trademarks"])).filter((e) => e.id === first.id);
    expect(again).toMatchObject({ value: "1510", replacedById: fix.id });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "IndicatorEntry", entityId: fix.id } });
    expect(audit).toMatchObject({ action: "indicator-entry.correct", reason: "更正录入错误", data: { replaces: { id: first.id, value: "1510", asOf: "2026-09-30", source: base.source } } });

    const twice = await failure(enterIndicatorStatistic(gov, { ...base, value: "1513", replacesId: first.id }));
    expect(twice.code).toBe("CONFLICT");
    // The correction itself can be corrected: the chain goes on from the newest.
    expect((await enterIndicatorStatistic(gov, { ...base, value: "1513", asOf: "2026-09-30", replacesId: fix.id })).replacesId).toBe(fix.id);
  });

  it("refuses a correction of a missing entry or of another series at the field", async () => {
    const other = await enterIndicatorStatistic(gov, { ...base, seriesKey: "population", value: "150000", asOf: "2024-12-31" });
    expect(await fieldErrors({ ...base, replacesId: "no-such-entry" })).toHaveProperty("replacesId");
    expect((await fieldErrors({ ...base, replacesId: other.id })).replacesId[0]).toContain("有效注册商标");
  });

  it("lets one of two simultaneous corrections of an entry through (the unique index), the other is a conflict", async () => {
    const first = await enterIndicatorStatistic(gov, { ...base, value: "1520", asOf: "2026-08-31" });
    const results = await Promise.allSettled([1521, 1522, 1523].map((v) => enterIndicatorStatistic(gov, { ...base, value: String(v), asOf: "2026-08-31", replacesId: first.id })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) expect(r.reason).toMatchObject({ code: "CONFLICT" });
    expect(await db.indicatorEntry.count({ where: { replacesId: first.id } })).toBe(1);
  });

  it("keeps entries append-only at the database", async () => {
    const entry = await enterIndicatorStatistic(gov, { ...base, value: "1530", asOf: "2026-07-31" });
    await expect(db.indicatorEntry.update({ where: { id: entry.id }, data: { value: "1" } })).rejects.toThrow();
    await expect(db.indicatorEntry.delete({ where: { id: entry.id } })).rejects.toThrow();
  });

  it("lists entries newest first, by series and by page", async () => {
    const all = await listIndicatorEntries(gov, { pageSize: 100 });
    expect(all.total).toBe(await db.indicatorEntry.count());
    const created = all.items.map((e) => e.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    const population = await listIndicatorEntries(gov, { seriesKey: "population" });
    expect(population.items.length).toBeGreaterThan(0);
    expect(population.items.every((e) => e.seriesKey === "population")).toBe(true);
    const page2 = await listIndicatorEntries(gov, { page: 2, pageSize: 2 });
    expect(page2.items.map((e) => e.id)).toEqual(all.items.slice(2, 4).map((e) => e.id));
    expect((await failure(listIndicatorEntries(gov, { seriesKey: "nope" }))).code).toBe("VALIDATION");
  });
});
