import { afterEach, describe, expect, it } from "vitest";
import { clock, clockEnvironment, clockFromEnv, fixedClock, invalidPinnedNow, nowMs, parsePinnedNow, pinClock, setClock } from "./clock";

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe("clock", () => {
  it("starts a pinned process at IPB_NOW and records the anchor its children inherit", () => {
    const env: Record<string, string | undefined> = { IPB_NOW: "2026-12-31T23:59:00+08:00" };
    const parent = clockFromEnv(env, true);
    expect(env.IPB_NOW_ANCHOR).toMatch(/^\d+$/);
    // It reads IPB_NOW plus the machine time that passed since the anchor, exactly.
    const anchor = Number(env.IPB_NOW_ANCHOR);
    const before = Date.now();
    const read = parent.now().getTime() - Date.parse("2026-12-31T15:59:00Z");
    expect(read).toBeGreaterThanOrEqual(before - anchor);
    expect(read).toBeLessThanOrEqual(Date.now() - anchor);
    // A child started later with the same environment reads the same time, not IPB_NOW again.
    const child = clockFromEnv({ ...env, IPB_NOW_ANCHOR: String(Number(env.IPB_NOW_ANCHOR) - 3_600_000) });
    expect(child.now().getTime() - parent.now().getTime()).toBeGreaterThanOrEqual(3_600_000);
  });

  it("refuses an IPB_NOW that is not an instant with an offset", () => {
    expect(invalidPinnedNow("2027-01-01T00:00:00+08:00")).toBeNull();
    expect(invalidPinnedNow("2027-01-01T00:00Z")).toBeNull();
    for (const bad of ["2027-01-01T00:00:00", "tomorrow", "2027-13-01T00:00:00Z", "2027-02-30T00:00:00Z", "2027-02-29"]) expect(invalidPinnedNow(bad)).toContain(bad);
    expect(() => clockFromEnv({ IPB_NOW: "2027-01-01T00:00:00" })).toThrow(/IPB_NOW/);
    expect(() => clockFromEnv({ IPB_NOW: "2027-01-01T00:00:00Z", IPB_NOW_ANCHOR: "soon" })).toThrow(/IPB_NOW_ANCHOR/);
    // A test's pin follows the same rule: no local time of the machine's zone.
    expect(() => pinClock("2027-01-01T00:00:00")).toThrow(/2027-01-01T00:00:00/);
  });

  it("reads a bare date as midnight in Asia/Shanghai", () => {
    expect(parsePinnedNow("2027-01-01")?.toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(parsePinnedNow("2026-12-31T23:59:00+08:00")?.toISOString()).toBe("2026-12-31T15:59:00.000Z");
  });

  it("is the machine's clock without IPB_NOW", () => {
    const before = Date.now();
    const now = clockFromEnv({}).now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("hands a child process the time it reads, also when a test pinned it", () => {
    restore = pinClock("2027-01-01T00:00:00+08:00");
    const child = clockFromEnv({ ...clockEnvironment() });
    const t0 = clock.now().getTime();
    const read = child.now().getTime();
    expect(read).toBeGreaterThanOrEqual(t0);
    expect(read).toBeLessThanOrEqual(clock.now().getTime());
  });

  it("is pinned and restored by tests", () => {
    restore = setClock(fixedClock(new Date("2027-01-01T00:00:00+08:00")));
    expect(clock.now().toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(nowMs()).toBe(Date.parse("2026-12-31T16:00:00Z"));
    const inner = pinClock("2026-06-01T08:00:00Z");
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse("2026-06-01T08:00:00Z"));
    inner();
    expect(clock.now().toISOString()).toBe("2026-12-31T16:00:00.000Z");
  });
});
