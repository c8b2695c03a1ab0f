import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flagOverdueRectifications } from "~/domain/gi/flag-overdue.server";
import { drawKey, drawSample } from "~/domain/gi/sampler.server";
import { SAMPLER_ALGORITHM, SAMPLER_DESCRIPTION } from "~/domain/gi/sampling";
import { NO_POPULATION_MESSAGE } from "~/domain/gi/spot-check-rules";
import { openGiSpotCheckCount } from "~/domain/gi/spot-checks.server";
import { dateColumn } from "~/domain/shared/calendar";
import { pinClock } from "~/domain/shared/clock";
import { closeQueues, getQueue } from "~/domain/shared/queue-producer.server";
import { db } from "~/utils/db.server";
import { processGiJob } from "../../workers/processors/gi";
import { createUser, randomUscc } from "../factories";
import { killWorkerProcesses, startWorkerProcess } from "../fixtures/worker-process";
import { apiCaller, apiParty, expectProblem, expectStatus, type ApiParty } from "../fixtures/api-parties";
import { startTestServer, type TestServer } from "../setup/http";
import { waitFor } from "../setup/wait-for";

/**
 * The annual GI spot check (issue 16 §6) through API v1 on a real PostgreSQL and Redis:
 * the seeded sample equals the documented draw, results and rectifications with their
 * field errors and 409s, the close, visibility (SME and bank 404, PLATFORM reads), and the
 * scheduled job that flags an unrectified FAIL once — called as the worker calls it, and
 * run by the real worker process. The clock is pinned, so no date depends on today.
 */
const TODAY = "2026-12-04";

let server: TestServer;
let unpin: () => void;

type Party = ApiParty;
let gov: Party;
let platform: Party;
let sme: Party;
let bank: Party;


const call = apiCaller(() => server);



/**
 * A GI product with `n` APPROVED users announced before today (certificate numbers
 * `<prefix>-2025-0001` …), the first `withOrg` of them with an SME org and a member; plus
 * one revoked and one announced after today, who are not in the population.
 */
async function productWithUsers(n: number, withOrg = n) {
  const tag = randomBytes(3).toString("hex").toUpperCase();
  const prefix = `T${tag}`;
  const product = await db.giProduct.create({
    data: { name: `测试木耳-${tag}`, kind: "PROTECTED_PRODUCT", registrationNumber: `公告 ${tag}`, protectedTowns: ["乾佑街道"], qualityStandard: "GB/T 19999", certificatePrefix: prefix },
  });
  const users: { id: string; certificateNumber: string; orgId: string | null; userId: string | null }[] = [];
  const row = async (seq: number, over: Record<string, unknown>, orgId: string | null) =>
    db.giApplication.create({
      data: {
        productId: product.id,
        orgId,
        source: orgId ? "APPLICATION" : "REGISTER_IMPORT",
        status: "APPROVED",
        enterpriseName: `测试合作社${tag}-${seq}`,
        uscc: randomUscc(),
        town: "乾佑街道",
        announcementNumber: `柞市监公告〔2025〕${seq}号`,
        announcedOn: dateColumn("2025-06-01"),
        certificateNumber: `${prefix}-2025-${String(seq).padStart(4, "0")}`,
        certificateYear: 2025,
        certificateSeq: seq,
        approvedAt: new Date("2025-06-01T02:00:00Z"),
        ...over,
      },
    });
  for (let seq = 1; seq <= n; seq++) {
    const member = seq <= withOrg ? await createUser({ kind: "SME" }) : null;
    const app = await row(seq, {}, member?.orgId ?? null);
    users.push({ id: app.id, certificateNumber: app.certificateNumber!, orgId: member?.orgId ?? null, userId: member?.user.id ?? null });
  }
  await row(n + 1, { status: "REVOKED", revokedOn: dateColumn("2026-03-01"), revocationReason: "测试" }, null);
  await row(n + 2, { announcedOn: dateColumn("2026-12-05") }, null);
  return { product, users, population: users.map((u) => u.certificateNumber).sort() };
}

async function open(p: Party, body: Record<string, unknown>) {
  return expectStatus(await call(p.key, "/gi-spot-checks", body), 201);
}

const outbox = async (sourceKeyStart: string) =>
  (await db.outboxMessage.findMany({ where: { jobName: "notifications.deliver" } }))
    .map((m) => m.payload as { sourceKey: string; orgId: string; kind: string; userIds: string[]; link: string })
    .filter((p) => p.sourceKey.startsWith(sourceKeyStart));

beforeAll(async () => {
  unpin = pinClock(`${TODAY}T10:00:00+08:00`);
  server = await startTestServer();
  [gov, platform, sme, bank] = [await apiParty("GOVERNMENT"), await apiParty("PLATFORM"), await apiParty("SME"), await apiParty("BANK")];
});

afterAll(async () => {
  killWorkerProcesses();
  await closeQueues();
  await server?.close();
  unpin?.();
});

describe("API v1: GI spot checks", () => {
  it("draws the documented sample from the active users: 20% of 12 is 2, the same seed and population give the same sample, anyone can redraw it", async () => {
    const { product, users, population } = await productWithUsers(12, 10);
    const seed = "2026年度抽查-甲";
    const check = await open(gov, { productId: product.id, year: 2026, share: "0.2", seed });
    const expected = drawSample(seed, population, "0.2");
    expect(expected).toHaveLength(2);
    expect(check).toMatchObject({ status: "OPEN", version: 1, year: 2026, share: "0.2", sharePercent: "20%", seed, algorithm: SAMPLER_ALGORITHM, algorithmDescription: SAMPLER_DESCRIPTION, populationSize: 12, sampleSize: 2, canReview: true, canClose: false });
    expect(check.population).toEqual(population); // sorted; the revoked and the not-yet-announced are not in it
    expect(check.items.map((i: { certificateNumber: string }) => i.certificateNumber)).toEqual(expected);
    for (const item of check.items) {
      expect(item).toMatchObject({ result: "PENDING", version: 1, overdue: false, drawKey: drawKey(seed, item.certificateNumber), applicationStatus: "APPROVED" });
      expect(item.applicationId).toBe(users.find((u) => u.certificateNumber === item.certificateNumber)!.id);
    }
    expect(check.items.map((i: { drawOrder: number }) => i.drawOrder)).toEqual([1, 2]);
    // Redrawing by hand from what the page shows: sort the population by SHA-256("seed:c").
    const byHand = [...check.population].sort((a: string, b: string) => (drawKey(seed, a) < drawKey(seed, b) ? -1 : 1)).slice(0, check.sampleSize);
    expect(byHand).toEqual(expected);

    // A second check with the same seed on the same population ("20%" typed as a percentage): the same sample.
    const again = await open(gov, { productId: product.id, year: "2025", share: "20%", seed });
    expect(again).toMatchObject({ share: "0.2", year: 2025 });
    expect(again.items.map((i: { certificateNumber: string }) => i.certificateNumber)).toEqual(expected);
    // Another seed, most likely another sample; always exactly the documented one.
    const other = await open(gov, { productId: product.id, year: 2026, share: 0.5, seed: "另一个种子" });
    expect(other.items.map((i: { certificateNumber: string }) => i.certificateNumber)).toEqual(drawSample("另一个种子", population, "0.5"));
    expect(other.sampleSize).toBe(6);

    // A second product's check: its own population, the documented draw again.
    const second = await productWithUsers(7, 0);
    const checkB = await open(gov, { productId: second.product.id, year: 2026, share: "0.2", seed });
    expect(checkB.items.map((i: { certificateNumber: string }) => i.certificateNumber)).toEqual(drawSample(seed, second.population, "0.2"));
    expect(checkB.sampleSize).toBe(1);

    // Audited in the same transaction; the sampled enterprises with an account are told (the register-only ones have nobody to tell).
    const events = await db.auditEvent.findMany({ where: { entityType: "GiSpotCheck", entityId: check.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "spot-check.open", orgId: gov.orgId, toState: "OPEN", data: expect.objectContaining({ seed, share: "0.2", populationSize: 12, sample: expected }) });
    const notices = await outbox(`gi.spot-check.open:${check.id}:`);
    const sampledWithOrg = check.items.map((i: { applicationId: string }) => users.find((u) => u.id === i.applicationId)!).filter((u: { orgId: string | null }) => u.orgId);
    expect(notices.map((n) => n.orgId).sort()).toEqual(sampledWithOrg.map((u: { orgId: string }) => u.orgId).sort());
    for (const n of notices) expect(n).toMatchObject({ kind: "gi.spot-check", link: expect.stringMatching(/^\/gi\/applications\//) });
    expect(await outbox(`gi.spot-check.open:${checkB.id}:`)).toEqual([]);

    // The list and GOVERNMENT's count of open checks.
    const list = await expectStatus(await call(gov.key, "/gi-spot-checks?status=OPEN"), 200);
    expect(list.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([check.id, again.id, other.id, checkB.id]));
    expect(list.items.find((c: { id: string }) => c.id === check.id)).toMatchObject({ product: { id: product.id, name: product.name }, progress: { sampled: 2, recorded: 0 } });
    expect(await openGiSpotCheckCount(gov.actor)).toBeGreaterThanOrEqual(4);
    expect(await openGiSpotCheckCount(platform.actor)).toBe(0);
  });

  it("refuses bad openings with every field named at once, and a product without active users clearly", async () => {
    await expectProblem(await call(gov.key, "/gi-spot-checks", { productId: "", year: 2027, share: "0", seed: "" }), 400, ["productId", "year", "share", "seed"]);
    await expectProblem(await call(gov.key, "/gi-spot-checks", { year: 1999, share: "120%", seed: "x".repeat(101) }), 400, ["productId", "year", "share", "seed"]);
    await expectProblem(await call(gov.key, "/gi-spot-checks", { productId: "no-such-product", year: 2026, share: "0.2", seed: "s" }), 400, ["productId"]);
    await expectProblem(await call(gov.key, "/gi-spot-checks", { productId: ["x"], year: { y: 1 }, share: null, seed: 7 }), 400, ["productId", "year", "share", "seed"]);
    const empty = await db.giProduct.create({ data: { name: `无使用企业-${randomBytes(3).toString("hex")}`, kind: "CERTIFICATION_MARK", registrationNumber: "1", protectedTowns: [], qualityStandard: "-", certificatePrefix: `E${randomBytes(3).toString("hex").toUpperCase()}` } });
    const body = await expectProblem(await call(gov.key, "/gi-spot-checks", { productId: empty.id, year: 2026, share: "0.2", seed: "s" }), 400, ["productId"]);
    expect(body.errors[0].message).toBe(NO_POPULATION_MESSAGE);
    expect(await db.giSpotCheck.count({ where: { productId: empty.id } })).toBe(0);
    // Not an object at all: the API glue refuses it before the use case (zod's wording, as for every operation).
    await expectProblem(await call(gov.key, "/gi-spot-checks", "not an object"), 400, [], { anyLanguage: true });
  });

  it("records PASS and FAIL, names bad fields, answers 409 to a stale version and to a closed check, marks rectification, and closes", async () => {
    const { product, users } = await productWithUsers(12, 12);
    const check = await open(gov, { productId: product.id, year: 2026, share: "0.25", seed: "结果" });
    expect(check.sampleSize).toBe(3);
    const [a, b, c] = check.items;
    const path = `/gi-spot-checks/${check.id}`;

    const passed = await expectStatus(await call(gov.key, `${path}/results`, { itemId: a.id, result: "PASS", version: a.version }), 200);
    expect(passed.items[0]).toMatchObject({ result: "PASS", version: 2, findings: null, rectifyBy: null, recordedAt: expect.any(String) });
    // Stale version: nothing changes.
    await expectProblem(await call(gov.key, `${path}/results`, { itemId: a.id, result: "FAIL", findings: "x", rectifyBy: "2026-12-20", version: 1 }), 409);
    // A FAIL without findings and with a past deadline, a bad version: one answer names them all.
    await expectProblem(await call(gov.key, `${path}/results`, { applicationId: b.applicationId, result: "FAIL", rectifyBy: "2026-12-04", version: "abc" }), 400, ["findings", "rectifyBy", "version"]);
    await expectProblem(await call(gov.key, `${path}/results`, { itemId: b.id, result: "FAIL", findings: "标志使用不规范", rectifyBy: "2028-01-01", version: 1 }), 400, ["rectifyBy"]);
    await expectProblem(await call(gov.key, `${path}/results`, { result: "OK", version: 1 }), 400, ["itemId", "result"]);
    await expectProblem(await call(gov.key, `${path}/results`, { applicationId: users.find((u) => !check.items.some((i: { applicationId: string }) => i.applicationId === u.id))!.id, result: "PASS", version: 1 }), 400, ["applicationId"]);

    const failed = await expectStatus(await call(gov.key, `${path}/results`, { applicationId: b.applicationId, result: "FAIL", findings: "包装未按规定使用专用标志", rectifyBy: "2026-12-20", version: 1 }), 200);
    expect(failed.items[1]).toMatchObject({ result: "FAIL", findings: "包装未按规定使用专用标志", rectifyBy: "2026-12-20", rectifiedOn: null, overdue: false, version: 2 });
    expect(failed.progress).toMatchObject({ sampled: 3, recorded: 2, passed: 1, failed: 1 });
    const told = await outbox(`gi.spot-check.result:${b.id}:`);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ orgId: users.find((u) => u.id === b.applicationId)!.orgId, kind: "gi.spot-check" });

    // Not every result yet: the check cannot close.
    await expectProblem(await call(gov.key, `${path}/actions/close`, { version: check.version }), 409);
    // A correction while open: c FAIL, then corrected to PASS.
    await expectStatus(await call(gov.key, `${path}/results`, { itemId: c.id, result: "FAIL", findings: "产地不符", rectifyBy: "2027-01-31", version: 1 }), 200);
    const corrected = await expectStatus(await call(gov.key, `${path}/results`, { itemId: c.id, result: "PASS", findings: "复核后合格", version: 2 }), 200);
    expect(corrected.items[2]).toMatchObject({ result: "PASS", rectifyBy: null, findings: "复核后合格", version: 3 });
    expect(corrected.canClose).toBe(true);

    // Rectification: not in the future, not before the result; a PASS has nothing to rectify.
    await expectProblem(await call(gov.key, `${path}/rectifications`, { itemId: b.id, rectifiedOn: "2026-12-05", version: 2 }), 400, ["rectifiedOn"]);
    await expectProblem(await call(gov.key, `${path}/rectifications`, { itemId: b.id, rectifiedOn: "2026-12-03", version: 2 }), 400, ["rectifiedOn"]);
    await expectProblem(await call(gov.key, `${path}/rectifications`, { itemId: a.id, rectifiedOn: TODAY, version: 2 }), 409);
    await expectProblem(await call(gov.key, `${path}/rectifications`, { itemId: b.id, rectifiedOn: "yesterday", version: 0 }), 400, ["rectifiedOn", "version"]);

    // Close with a stale check version → 409; with the current one → CLOSED; results are final then.
    await expectProblem(await call(gov.key, `${path}/actions/close`, { version: 7 }), 409);
    const closed = await expectStatus(await call(gov.key, `${path}/actions/close`, { version: check.version }), 200);
    expect(closed).toMatchObject({ status: "CLOSED", version: 2, closedAt: expect.any(String), canClose: false });
    await expectProblem(await call(gov.key, `${path}/results`, { itemId: a.id, result: "FAIL", findings: "x", rectifyBy: "2026-12-20", version: 2 }), 409);
    await expectProblem(await call(gov.key, `${path}/actions/close`, { version: 2 }), 409);

    // A FAIL is still marked rectified after the close, once.
    const rectified = await expectStatus(await call(gov.key, `${path}/rectifications`, { itemId: b.id, rectifiedOn: TODAY, version: 2 }), 200);
    expect(rectified.items[1]).toMatchObject({ rectifiedOn: TODAY, version: 3, overdue: false });
    await expectProblem(await call(gov.key, `${path}/rectifications`, { itemId: b.id, rectifiedOn: TODAY, version: 3 }), 409);
    const actions = (await db.auditEvent.findMany({ where: { entityType: "GiSpotCheck", entityId: check.id }, orderBy: { at: "asc" } })).map((e) => e.action);
    expect(actions.sort()).toEqual(["spot-check.close", "spot-check.open", "spot-check.rectified", "spot-check.result", "spot-check.result", "spot-check.result", "spot-check.result"].sort());
    expect(closed.timeline.map((t: { action: string }) => t.action)).toContain("spot-check.close");
  });

  it("shows checks to GOVERNMENT and PLATFORM only: SMEs and banks get 404, PLATFORM cannot act", async () => {
    const { product } = await productWithUsers(3, 0);
    const check = await open(gov, { productId: product.id, year: 2026, share: "1", seed: "可见性" });
    const path = `/gi-spot-checks/${check.id}`;
    for (const p of [sme, bank]) {
      await expectProblem(await call(p.key, path), 404);
      await expectProblem(await call(p.key, "/gi-spot-checks"), 404);
      await expectProblem(await call(p.key, `${path}/results`, { itemId: check.items[0].id, result: "PASS", version: 1 }), 404);
      await expectProblem(await call(p.key, `${path}/actions/close`, { version: 1 }), 404);
      await expectProblem(await call(p.key, "/gi-spot-checks", { productId: product.id, year: 2026, share: "1", seed: "x" }), 403);
    }
    const read = await expectStatus(await call(platform.key, path), 200);
    expect(read).toMatchObject({ id: check.id, canReview: false, canClose: false });
    await expectProblem(await call(platform.key, `${path}/results`, { itemId: check.items[0].id, result: "PASS", version: 1 }), 403);
    await expectProblem(await call(platform.key, "/gi-spot-checks", { productId: product.id, year: 2026, share: "1", seed: "x" }), 403);
    await expectProblem(await call(gov.key, "/gi-spot-checks/no-such-check"), 404);
    await expectProblem(await call(gov.key, "/gi-spot-checks/no-such-check/results", { itemId: "x", result: "PASS", version: 1 }), 404);
  });

  it("flags an unrectified FAIL past its deadline once — run twice and concurrently as the worker would — with one audit event and one notice each", async () => {
    const { product, users } = await productWithUsers(4, 4);
    const check = await open(gov, { productId: product.id, year: 2026, share: "0.5", seed: "逾期" });
    const [late, onTime] = check.items;
    const path = `/gi-spot-checks/${check.id}`;
    await expectStatus(await call(gov.key, `${path}/results`, { itemId: late.id, result: "FAIL", findings: "未按期整改的问题", rectifyBy: "2026-12-10", version: 1 }), 200);
    await expectStatus(await call(gov.key, `${path}/results`, { itemId: onTime.id, result: "FAIL", findings: "已整改的问题", rectifyBy: "2026-12-10", version: 1 }), 200);
    await expectStatus(await call(gov.key, `${path}/rectifications`, { itemId: onTime.id, rectifiedOn: "2026-12-04", version: 2 }), 200);

    // On the deadline itself nothing is late.
    const restore = pinClock("2026-12-10T23:59:00+08:00");
    try {
      expect(await processGiJob({ id: "t0", name: "gi.flag-overdue-rectifications", data: {} })).toEqual({ flagged: 0 });
    } finally {
      restore();
    }
    const after = pinClock("2026-12-11T00:05:00+08:00");
    try {
      const runs = await Promise.all([flagOverdueRectifications(), flagOverdueRectifications(), processGiJob({ id: "t1", name: "gi.flag-overdue-rectifications", data: {} })]);
      expect(runs.reduce((n, r) => n + r.flagged, 0)).toBeGreaterThanOrEqual(1);
      expect(await processGiJob({ id: "t2", name: "gi.flag-overdue-rectifications", data: {} })).toEqual({ flagged: 0 });
      const view = await expectStatus(await call(gov.key, path), 200);
      expect(view.items[0]).toMatchObject({ overdue: true, overdueFlaggedAt: expect.any(String), version: 2 });
      expect(view.items[1]).toMatchObject({ overdue: false, overdueFlaggedAt: null });
      expect(view.progress.overdue).toBe(1);
    } finally {
      after();
    }
    const flaggedOnce = await db.auditEvent.findMany({ where: { entityType: "GiSpotCheck", entityId: check.id, action: "spot-check.overdue" } });
    expect(flaggedOnce).toHaveLength(1);
    expect(flaggedOnce[0]).toMatchObject({ actorUserId: "system", data: expect.objectContaining({ itemId: late.id, rectifyBy: "2026-12-10" }) });
    const notices = await outbox(`gi.spot-check.overdue:${late.id}:`);
    const governments = await db.organization.findMany({ where: { kind: "GOVERNMENT", status: "ACTIVE" }, select: { id: true } });
    const enterpriseOrg = users.find((u) => u.id === late.applicationId)!.orgId!;
    expect(notices.map((n) => n.orgId).sort()).toEqual([...governments.map((g) => g.id), enterpriseOrg].sort());
    expect(await outbox(`gi.spot-check.overdue:${onTime.id}:`)).toEqual([]);
    await expect(processGiJob({ id: "t3", name: "gi.unknown", data: {} })).rejects.toThrow(/unknown job/);
  });

  it("the real worker process runs the job on the gi queue: flagged once however often it runs, and the notices are delivered once", async () => {
    const { product, users } = await productWithUsers(2, 2);
    const check = await open(gov, { productId: product.id, year: 2026, share: "0.5", seed: "真实进程" });
    const [item] = check.items;
    await expectStatus(await call(gov.key, `/gi-spot-checks/${check.id}/results`, { itemId: item.id, result: "FAIL", findings: "超范围使用", rectifyBy: "2026-12-15", version: 1 }), 200);
    const enterprise = users.find((u) => u.id === item.applicationId)!;

    // The worker's clock is this test's: pinned after the deadline when it starts.
    const restore = pinClock("2026-12-16T09:00:00+08:00");
    try {
      startWorkerProcess();
      const queue = getQueue("gi");
      for (const jobId of ["gi-test-run-1", "gi-test-run-2"]) {
        await queue.add("gi.flag-overdue-rectifications", {}, { jobId });
        await waitFor(async () => (await queue.getJobState(jobId)) === "completed", { what: `job ${jobId} completed` });
      }
      await waitFor(async () => (await db.giSpotCheckItem.findUniqueOrThrow({ where: { id: item.id } })).overdueFlaggedAt !== null, { what: "the FAIL flagged" });
      const overdueNotice = { userId: enterprise.userId!, kind: "gi.spot-check", title: { startsWith: "地理标志抽查整改已逾期" } };
      await waitFor(async () => (await db.notification.count({ where: overdueNotice })) >= 1, { what: "the enterprise told" });
      await waitFor(async () => (await db.notification.count({ where: { userId: gov.actor.userId, kind: "gi.spot-check", link: `/gi/spot-checks/${check.id}` } })) >= 1, { what: "GOVERNMENT told" });
      // A third run, and anything the scheduler ran meanwhile, changes nothing.
      await queue.add("gi.flag-overdue-rectifications", {}, { jobId: "gi-test-run-3" });
      await waitFor(async () => (await queue.getJobState("gi-test-run-3")) === "completed", { what: "job 3 completed" });
      const results = await Promise.all(["gi-test-run-1", "gi-test-run-2", "gi-test-run-3"].map(async (id) => (await queue.getJob(id))?.returnvalue as { flagged: number }));
      expect(results.reduce((n, r) => n + r.flagged, 0)).toBeLessThanOrEqual(1);
      expect(await db.auditEvent.count({ where: { entityType: "GiSpotCheck", entityId: check.id, action: "spot-check.overdue" } })).toBe(1);
      await waitFor(async () => (await db.outboxMessage.count({ where: { dispatchedAt: null } })) === 0, { what: "the outbox drained" });
      expect(await db.notification.count({ where: overdueNotice })).toBe(1);
      expect(await db.notification.count({ where: { userId: gov.actor.userId, kind: "gi.spot-check", link: `/gi/spot-checks/${check.id}` } })).toBe(1);
    } finally {
      restore();
    }
  });
});
