import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import { county } from "~/domain/identity/county";
import { dateColumn, isoDateOf } from "~/domain/shared/calendar";
import { clockEnvironment, pinClock } from "~/domain/shared/clock";
import { DomainError } from "~/domain/shared/errors";
import { closeQueues, getQueue } from "~/domain/shared/queue-producer.server";
import { db } from "~/utils/db.server";
import { createUser, randomUscc } from "../../../test/factories";
import { killWorkerProcesses, startWorkerProcess } from "../../../test/fixtures/worker-process";
import { waitFor } from "../../../test/setup/wait-for";
import { processIndicatorJob } from "../../../workers/processors/indicators";
import { computeIndicatorsAt } from "./compute.server";
import { backfillIndicatorSnapshots, lastEndedMonthEnd, writeMonthlySnapshots } from "./snapshots.server";

/**
 * The monthly indicator snapshots (issue 17) on a real PostgreSQL and Redis, along one
 * pinned timeline in 2024: the scheduled job, run twice and concurrently as the worker
 * would, writes each ended month once with the figures computeIndicatorsAt gives for the
 * month's last day; GOVERNMENT hears once when an indicator falls behind and when a
 * statistic is missing; the backfill rebuilds months from dated records and rewrites them;
 * the real worker process runs the job on the `indicators` queue and delivers the notices.
 */

const KEYS = county.indicatorPlan.indicators.map((d) => d.key);
const run = (id: string) => processIndicatorJob({ id, name: "indicators.write-monthly-snapshots", data: {} });

let gov: Awaited<ReturnType<typeof createUser>>;
let govMember: Awaited<ReturnType<typeof createUser>>;
let platform: Awaited<ReturnType<typeof createUser>>;
let productId: string;
const tag = randomBytes(3).toString("hex").toUpperCase();
let seq = 0;

/** An enterprise authorized to use the GI mark, announced on `announcedOn`. */
async function giUser(announcedOn: string) {
  seq++;
  return db.giApplication.create({
    data: {
      productId,
      orgId: null,
      source: "REGISTER_IMPORT",
      status: "APPROVED",
      enterpriseName: `指标测试合作社${tag}-${seq}`,
      uscc: randomUscc(),
      town: "乾佑街道",
      announcementNumber: `柞市监公告〔2024〕${seq}号`,
      announcedOn: dateColumn(announcedOn),
      certificateNumber: `I${tag}-2024-${String(seq).padStart(4, "0")}`,
      certificateYear: 2024,
      certificateSeq: seq,
      approvedAt: new Date(`${announcedOn}T02:00:00Z`),
    },
  });
}

const decimal = (v: Prisma.Decimal | string | null) => (v === null ? null : new Prisma.Decimal(v).toFixed());

/** Every indicator's snapshot of each month holds what computeIndicatorsAt gives for the month's last day. */
async function expectSnapshotsAsComputed(months: string[], source: "SCHEDULED" | "BACKFILL") {
  for (const month of months) {
    const { figures } = await computeIndicatorsAt(month);
    const rows = await db.indicatorSnapshot.findMany({ where: { month: dateColumn(month) }, orderBy: { indicatorKey: "asc" } });
    expect(rows.map((r) => r.indicatorKey)).toEqual([...KEYS].sort());
    for (const f of figures) {
      const row = rows.find((r) => r.indicatorKey === f.key)!;
      expect({ key: row.indicatorKey, value: decimal(row.value), platformValue: decimal(row.platformValue), statisticValue: decimal(row.statisticValue), expected: decimal(row.expected), status: row.status, recordCount: row.recordCount, source: row.source }, `${f.key} ${month}`).toEqual({
        key: f.key,
        value: decimal(f.value),
        platformValue: decimal(f.platformValue),
        statisticValue: decimal(f.statisticValue),
        expected: decimal(f.expected),
        status: f.status,
        recordCount: f.recordCount,
        source,
      });
    }
  }
}

type Notice = { sourceKey: string; orgId: string; kind: string; userIds: string[]; title: string; link: string };
const outbox = async (sourceKeyStart: string) =>
  (await db.outboxMessage.findMany({ where: { jobName: "notifications.deliver" }, orderBy: { createdAt: "asc" } }))
    .map((m) => m.payload as Notice)
    .filter((p) => p.sourceKey.startsWith(sourceKeyStart));

/** Runs `npm run indicators:backfill -- …` the way an operator would, against this file's database, on the test's clock. */
function backfillCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.resolve("node_modules/.bin/tsx"),
      ["scripts/indicators-backfill.ts", ...args],
      { env: { ...process.env, ...clockEnvironment(), LOG_LEVEL: "silent" }, timeout: 150_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error.code as number | undefined) ?? 1) : 0, stdout, stderr }),
    );
  });
}

const statusOf = async (key: string, month: string) => (await db.indicatorSnapshot.findUniqueOrThrow({ where: { indicatorKey_month: { indicatorKey: key, month: dateColumn(month) } } })).status;

beforeAll(async () => {
  gov = await createUser({ kind: "GOVERNMENT" });
  govMember = await createUser({ orgId: gov.orgId, role: "MEMBER" });
  platform = await createUser({ kind: "PLATFORM" });
  const product = await db.giProduct.create({
    data: { name: `指标木耳-${tag}`, kind: "PROTECTED_PRODUCT", registrationNumber: `公告 ${tag}`, protectedTowns: ["乾佑街道"], qualityStandard: "GB/T 19999", certificatePrefix: `I${tag}` },
  });
  productId = product.id;
  // Eleven GI users from 2024-01-05: ahead of the linear path 10 → 20 until mid-April 2024, behind after.
  for (let i = 0; i < 11; i++) await giUser("2024-01-05");
});

afterAll(async () => {
  killWorkerProcesses();
  await closeQueues();
});

describe("monthly indicator snapshots", () => {
  it("knows which month has ended in the county: on a month's last day, the month before", () => {
    expect(lastEndedMonthEnd(new Date("2024-05-31T15:59:59Z"))).toBe("2024-04-30");
    expect(lastEndedMonthEnd(new Date("2024-05-31T16:00:00Z"))).toBe("2024-05-31");
    expect(lastEndedMonthEnd(new Date("2024-03-01T00:00:00+08:00"))).toBe("2024-02-29");
  });

  it("writes nothing before the plan's first month has ended", async () => {
    const restore = pinClock("2024-01-31T23:00:00+08:00");
    try {
      expect(await run("early")).toEqual({ written: 0, months: [], restated: 0 });
      expect(await backfillIndicatorSnapshots()).toEqual({ written: 0, months: [] });
      expect(await db.indicatorSnapshot.count()).toBe(0);
    } finally {
      restore();
    }
  });

  it("writes each ended month once per indicator — run concurrently and again as the worker would — as computed for the month's last day, and tells GOVERNMENT once of the newest month", async () => {
    const restore = pinClock("2024-03-10T09:00:00+08:00");
    try {
      const runs = await Promise.all([run("a"), writeMonthlySnapshots(), run("b")]);
      expect(runs.reduce((n, r) => n + r.written, 0)).toBe(2 * KEYS.length);
      expect(new Set(runs.flatMap((r) => r.months))).toEqual(new Set(["2024-01-31", "2024-02-29"]));
      expect(await run("c")).toEqual({ written: 0, months: [], restated: 0 });

      expect(await db.indicatorSnapshot.count()).toBe(2 * KEYS.length);
      await expectSnapshotsAsComputed(["2024-01-31", "2024-02-29"], "SCHEDULED");
      expect(await statusOf("gi-users", "2024-02-29")).toBe("ON_TRACK");
      expect(await statusOf("pledge-financing-total", "2024-02-29")).toBe("BEHIND");
      expect(await statusOf("trademarks", "2024-02-29")).toBe("NO_DATA");

      // Only the newest month tells; the catch-up of January is history.
      expect(await outbox("indicators.")).not.toEqual([]);
      expect((await outbox("indicators.")).every((n) => n.sourceKey.endsWith(":2024-02-29"))).toBe(true);
      const { figures } = await computeIndicatorsAt("2024-02-29");
      const behind = figures.filter((f) => f.status === "BEHIND").map((f) => f.key);
      expect(behind).toContain("pledge-financing-total");
      expect(behind).not.toContain("gi-users");
      for (const key of behind) {
        const notices = await outbox(`indicators.behind:${key}:`);
        expect(notices, key).toHaveLength(1);
        expect(notices[0]).toMatchObject({ orgId: gov.orgId, kind: "indicators.behind", link: `/indicators/${key}`, title: `指标进度落后：${figures.find((f) => f.key === key)!.name}` });
        expect([...notices[0].userIds].sort()).toEqual([gov.user.id, govMember.user.id].sort());
      }
      // Statistic-counted indicators without data ask for their figure; per-10k (platform-counted, no population yet) does not.
      expect((await outbox("indicators.entry-due:")).map((n) => [n.sourceKey, n.link])).toEqual(
        expect.arrayContaining([
          ["indicators.entry-due:trademarks:2024-02-29", "/indicators/entries/new?seriesKey=trademarks"],
          ["indicators.entry-due:ip-fund-share:2024-02-29", "/indicators/entries/new?seriesKey=ip-special-funds"],
        ]),
      );
      expect(await outbox("indicators.entry-due:")).toHaveLength(2);
      expect(await outbox("indicators.entry-due:invention-patents-per-10k")).toEqual([]);
      expect((await outbox("indicators.")).some((n) => n.userIds.includes(platform.user.id))).toBe(false);
    } finally {
      restore();
    }
  });

  it("two months later tells GOVERNMENT once that GI users fell behind, and nothing again of what was already behind", async () => {
    const before = (await outbox("indicators.")).length;
    const restore = pinClock("2024-05-02T00:30:00+08:00");
    try {
      const runs = await Promise.all([run("d"), run("e")]);
      expect(runs.reduce((n, r) => n + r.written, 0)).toBe(2 * KEYS.length);
      expect(await run("f")).toEqual({ written: 0, months: [], restated: 0 });
      await expectSnapshotsAsComputed(["2024-03-31", "2024-04-30"], "SCHEDULED");
      expect(await statusOf("gi-users", "2024-03-31")).toBe("ON_TRACK");
      expect(await statusOf("gi-users", "2024-04-30")).toBe("BEHIND");

      const giBehind = await outbox("indicators.behind:gi-users:");
      expect(giBehind).toHaveLength(1);
      expect(giBehind[0]).toMatchObject({ sourceKey: "indicators.behind:gi-users:2024-04-30", orgId: gov.orgId, title: "指标进度落后：地理标志专用标志使用企业", link: "/indicators/gi-users" });
      expect(await outbox("indicators.behind:pledge-financing-total:2024-04-30")).toEqual([]);
      expect((await outbox("indicators.")).filter((n) => n.sourceKey.endsWith(":2024-03-31"))).toEqual([]);
      expect(await outbox("indicators.entry-due:trademarks:2024-04-30")).toHaveLength(1);
      expect((await outbox("indicators.")).length - before).toBe(3); // gi-users behind; trademarks and ip-fund-share due
    } finally {
      restore();
    }
  });

  it("backfills months from the dated records as they are now, rewriting them with source BACKFILL, audited, telling nobody", async () => {
    const restore = pinClock("2024-05-02T10:00:00+08:00");
    try {
      // Facts dated in the past that the scheduled snapshots could not know of.
      await giUser("2024-02-10");
      await db.indicatorEntry.create({ data: { seriesKey: "trademarks", value: "1500", asOf: dateColumn("2024-03-31"), source: "市场监管局统计月报 2024年3月", orgId: gov.orgId, enteredById: gov.user.id } });
      const notices = (await outbox("")).length;
      const scheduledFeb = await db.indicatorSnapshot.findUniqueOrThrow({ where: { indicatorKey_month: { indicatorKey: "gi-users", month: dateColumn("2024-02-29") } } });
      expect(decimal(scheduledFeb.value)).toBe("11");

      expect(await backfillIndicatorSnapshots({ from: "2024-02", to: "2024-04" })).toEqual({ written: 3 * KEYS.length, months: ["2024-02-29", "2024-03-31", "2024-04-30"] });
      await expectSnapshotsAsComputed(["2024-02-29", "2024-03-31", "2024-04-30"], "BACKFILL");
      await expectSnapshotsAsComputed(["2024-01-31"], "SCHEDULED");
      expect(decimal((await db.indicatorSnapshot.findUniqueOrThrow({ where: { indicatorKey_month: { indicatorKey: "gi-users", month: dateColumn("2024-02-29") } } })).value)).toBe("12");
      expect(decimal((await db.indicatorSnapshot.findUniqueOrThrow({ where: { indicatorKey_month: { indicatorKey: "trademarks", month: dateColumn("2024-03-31") } } })).value)).toBe("1500");
      expect(await db.indicatorSnapshot.count()).toBe(4 * KEYS.length);

      // By default: the plan's first month through the latest ended month; run again, the same rows.
      expect(await backfillIndicatorSnapshots()).toEqual({ written: 4 * KEYS.length, months: ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"] });
      await expectSnapshotsAsComputed(["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"], "BACKFILL");
      expect(await db.indicatorSnapshot.count()).toBe(4 * KEYS.length);
      expect((await outbox("")).length).toBe(notices);
      const audits = await db.auditEvent.findMany({ where: { entityType: "IndicatorSnapshot", action: "indicator-snapshots.backfill" }, orderBy: { at: "asc" } });
      expect(audits.map((a) => [a.actorUserId, a.entityId, a.data])).toEqual([
        ["system", "2024-02..2024-04", { from: "2024-02", to: "2024-04", months: 3, rows: 3 * KEYS.length }],
        ["system", "2024-01..2024-04", { from: "2024-01", to: "2024-04", months: 4, rows: 4 * KEYS.length }],
      ]);

      // The scheduler leaves backfilled months alone while the records agree with them.
      expect(await run("g")).toEqual({ written: 0, months: [], restated: 0 });
      expect(await db.indicatorSnapshot.count({ where: { source: "SCHEDULED" } })).toBe(0);
      // A statistic entered late for a month already written: the next run restates that month and the ones after, once.
      const before = await db.indicatorSnapshot.count();
      await db.indicatorEntry.create({ data: { seriesKey: "trademarks", value: "1512", asOf: dateColumn("2024-02-15"), source: "补录", orgId: (await db.organization.findFirstOrThrow({ where: { kind: "GOVERNMENT" } })).id } });
      const restated = await run("h");
      expect(restated).toMatchObject({ written: 0, restated: 3 }); // February, March and April: each now counts one more entry
      expect(decimal((await db.indicatorSnapshot.findUniqueOrThrow({ where: { indicatorKey_month: { indicatorKey: "trademarks", month: dateColumn("2024-02-29") } } })).value)).toBe("1512");
      expect(await db.indicatorSnapshot.count()).toBe(before);
      expect(await run("i")).toEqual({ written: 0, months: [], restated: 0 });
    } finally {
      restore();
    }
  });

  it("refuses a backfill of a month that has not ended, before the plan, or backwards, writing nothing", async () => {
    const restore = pinClock("2024-05-02T10:00:00+08:00");
    try {
      const fieldErrorsOf = async (input: { from?: string; to?: string }) => {
        const err = await backfillIndicatorSnapshots(input).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).code).toBe("VALIDATION");
        return (err as DomainError).fieldErrors;
      };
      const computedAt = (await db.indicatorSnapshot.findMany({ select: { computedAt: true } })).map((r) => r.computedAt.getTime()).sort();
      expect(await fieldErrorsOf({ to: "2024-05" })).toEqual({ to: ["2024-05 尚未结束：最近结束的月份是 2024-04"] });
      expect(await fieldErrorsOf({ from: "2023-12", to: "2024-01" })).toEqual({ from: ["起始月份不能早于方案的第一个月（2024-01）"] });
      expect(await fieldErrorsOf({ from: "2024-03", to: "2024-02" })).toEqual({ to: ["结束月份不能早于起始月份"] });
      expect(Object.keys((await fieldErrorsOf({ from: "2024-13", to: "24-01" })) ?? {}).sort()).toEqual(["from", "to"]);
      expect((await db.indicatorSnapshot.findMany({ select: { computedAt: true } })).map((r) => r.computedAt.getTime()).sort()).toEqual(computedAt);
      await expect(processIndicatorJob({ id: "x", name: "indicators.unknown", data: {} })).rejects.toThrow(/unknown job/);
    } finally {
      restore();
    }
  });

  it("the backfill command line prints the months and rows it wrote, and refuses a month that has not ended", async () => {
    const restore = pinClock("2024-05-02T10:00:00+08:00");
    try {
      const ok = await backfillCli("--from", "2024-03", "--to", "2024-04");
      expect(ok.stderr).toBe("");
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain(`2 个月 / months, ${2 * KEYS.length} 行 / rows`);
      expect(ok.stdout).toContain("2024-03 2024-04");
      await expectSnapshotsAsComputed(["2024-03-31", "2024-04-30"], "BACKFILL");
      expect(await db.auditEvent.count({ where: { action: "indicator-snapshots.backfill", entityId: "2024-03..2024-04" } })).toBe(1);

      const bad = await backfillCli("--to", "2024-05");
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("--to: 2024-05 尚未结束：最近结束的月份是 2024-04");
      const unknown = await backfillCli("--month", "2024-01");
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain("用法 / usage");
    } finally {
      restore();
    }
  });

  it("the real worker process runs the job on the indicators queue, its scheduler is registered, and GOVERNMENT receives the behind notice once", async () => {
    const restore = pinClock("2024-06-03T09:00:00+08:00");
    try {
      startWorkerProcess();
      const queue = getQueue("indicators");
      for (const jobId of ["indicators-test-run-1", "indicators-test-run-2"]) {
        await queue.add("indicators.write-monthly-snapshots", {}, { jobId });
        await waitFor(async () => (await queue.getJobState(jobId)) === "completed", { what: `job ${jobId} completed` });
      }
      await waitFor(async () => (await queue.getJobSchedulers()).some((s) => s.key === "indicators-write-monthly-snapshots" && s.pattern === "15 0 * * *" && s.tz === "Asia/Shanghai"), { what: "the indicators scheduler registered" });
      const may = await db.indicatorSnapshot.findMany({ where: { month: dateColumn("2024-05-31") } });
      expect(may.map((r) => [r.indicatorKey, r.source]).sort()).toEqual([...KEYS].sort().map((k) => [k, "SCHEDULED"]));
      expect(await db.indicatorSnapshot.count()).toBe(5 * KEYS.length);
      expect(new Set((await db.indicatorSnapshot.findMany({ select: { month: true } })).map((r) => isoDateOf(r.month)))).toEqual(new Set(["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"]));

      await waitFor(async () => (await db.outboxMessage.count({ where: { dispatchedAt: null } })) === 0, { what: "the outbox drained" });
      const giBehind = { kind: "indicators.behind", link: "/indicators/gi-users" };
      for (const user of [gov.user, govMember.user]) {
        await waitFor(async () => (await db.notification.count({ where: { userId: user.id, ...giBehind } })) >= 1, { what: "GOVERNMENT told GI users fell behind" });
        expect(await db.notification.count({ where: { userId: user.id, ...giBehind } })).toBe(1);
        expect(await db.notification.findFirst({ where: { userId: user.id, ...giBehind }, select: { title: true } })).toEqual({ title: "指标进度落后：地理标志专用标志使用企业" });
      }
      await waitFor(async () => (await db.notification.count({ where: { userId: gov.user.id, kind: "indicators.entry-due", link: "/indicators/entries/new?seriesKey=ip-special-funds" } })) >= 1, { what: "GOVERNMENT asked for the IP-fund share's inputs" });
      expect(await db.notification.count({ where: { userId: platform.user.id, kind: { startsWith: "indicators." } } })).toBe(0);
    } finally {
      restore();
    }
  });
});
