import { db, type Tx } from "~/utils/db.server";
import { notify } from "../notifications/notify.server";
import { DomainError } from "../shared/errors";
import { getPatentSearchEngine, syncPatentsToIndex } from "../patents/search-index.server";
import { loadSearchDocs } from "../patents/search-docs.server";
import { patentListQuerySchema, searchParamsToRecord } from "../patents/schemas";
import { findCandidates, rankCandidates, TOP_MATCHES, type NeedToMatch } from "./find-candidates";
import type { Match } from "./score";
import { clock } from "../shared/clock";

/**
 * (Re)computes a need's top matches: the search engine proposes candidates for the need's
 * query terms (overall, within each IPC hint and within its clusters; find-candidates.ts),
 * PostgreSQL supplies the current facts, `rankMatches` scores them, and the matches are
 * replaced in one transaction. Idempotent; returns the ranked patent ids, those that fit first.
 */
export async function computeNeedMatches(needId: string): Promise<string[]> {
  return (await rankNeed(needId)).map((m) => m.patentId);
}

/** computeNeedMatches, returning the matches themselves (whether each fits decides pushes). */
async function rankNeed(needId: string): Promise<Match[]> {
  const need = await db.need.findUnique({ where: { id: needId } });
  if (!need) return [];
  if (need.status !== "OPEN") {
    await db.needMatch.deleteMany({ where: { needId } });
    return [];
  }
  const engine = await getPatentSearchEngine();
  const toMatch: NeedToMatch = {
    title: need.title,
    description: need.description,
    ipcHints: need.ipcHints,
    clusters: need.clusters,
    budgetMaxFen: need.budgetMaxFen,
    preferredHolderKinds: need.preferredHolderKinds,
  };
  const found = await findCandidates(engine, toMatch);
  const { docs } = await loadSearchDocs([...found.hits.keys()]);
  const matches = rankCandidates(toMatch, found, new Map(docs.map((d) => [d.id, d])), TOP_MATCHES);

  await db.$transaction(async (tx) => {
    // Two computations of one need (a retried job, a race) take turns: the later one replaces the earlier.
    await tx.$queryRaw`SELECT id FROM "Need" WHERE id = ${needId} FOR UPDATE`;
    await tx.needMatch.deleteMany({ where: { needId } });
    await tx.needMatch.createMany({
      data: matches.map((m, i) => ({ needId, patentId: m.patentId, rank: i + 1, score: m.score.toFixed(2), reasons: m.reasons })),
    });
    await tx.need.update({ where: { id: needId }, data: { matchedAt: clock.now() } });
  });
  return matches;
}

/** Indexes the listed patents now and checks the engine finds each; throws (to be retried) if not. */
export async function makeSearchable(listedIds: string[]): Promise<void> {
  await syncPatentsToIndex(listedIds);
  const engine = await getPatentSearchEngine();
  const found = new Set<string>();
  for (let i = 0; i < listedIds.length; i += 100) {
    const chunk = listedIds.slice(i, i + 100);
    const { hits } = await engine.search({ q: "", filters: { ids: chunk }, page: 1, pageSize: chunk.length, sort: "newest" });
    for (const h of hits) found.add(h.id);
  }
  const missing = listedIds.filter((id) => !found.has(id));
  // Still listed but not found: a concurrent unlisting, or an engine lagging behind. Retry later.
  if (missing.length) throw new DomainError("UNAVAILABLE", `listed patents not yet searchable, matching postponed: ${missing.join(", ")}`);
}

/**
 * Patents were listed or changed while listed: every open need is re-ranked (a county has
 * hundreds of needs, not millions), and every active subscription is told about the
 * patents that now match it — once per (subscription, patent), however often this runs.
 *
 * The matcher ranks with the search engine, so the patents must be in this process's
 * index first. The listing's transaction emits this job and the search sync together, and
 * nothing orders them: the embedded index follows the change feed on its own timer, the
 * Meilisearch sync is another queue's job. Ranking before the index had the patent missed
 * it (no push, and a later recomputation put the best match in at rank 14). So the job
 * indexes the patents itself (idempotent), checks that the engine answers for each, and
 * otherwise fails to be retried — it never ranks without them.
 */
export async function handlePatentsChanged(patentIds: string[]): Promise<{ needs: number; pushed: number }> {
  const rows = await db.patent.findMany({ where: { id: { in: patentIds }, status: "LISTED" }, select: { id: true, listedAt: true } });
  if (!rows.length) return { needs: 0, pushed: 0 };
  await makeSearchable(rows.map((r) => r.id));
  const listedAt = new Map(rows.map((p) => [p.id, p.listedAt ?? new Date(0)]));
  // A subscription hears of patents listed after it was made, not of the whole catalog.
  const newSince = (ids: string[], since: Date) => ids.filter((id) => (listedAt.get(id) ?? new Date(0)) >= since);
  let pushed = 0;

  const needs = await db.need.findMany({
    where: { status: "OPEN" },
    select: { id: true, subscriptions: { where: { active: true }, select: { id: true, createdAt: true } } },
  });
  for (const need of needs) {
    // Only matches that fit are pushed: a need nothing answers hears nothing (issue 18 §6).
    const top = await rankNeed(need.id);
    const fresh = top.filter((m) => m.fits && listedAt.has(m.patentId)).map((m) => m.patentId);
    for (const sub of need.subscriptions) pushed += await pushHits(sub.id, newSince(fresh, sub.createdAt));
  }

  const engine = await getPatentSearchEngine();
  const ids = [...listedAt.keys()];
  const searches = await db.subscription.findMany({ where: { active: true, kind: "SEARCH" }, select: { id: true, query: true, createdAt: true } });
  for (const sub of searches) {
    const candidates = newSince(ids, sub.createdAt);
    if (!candidates.length) continue;
    const parsed = patentListQuerySchema.safeParse(searchParamsToRecord(new URLSearchParams(String(sub.query ?? ""))));
    if (!parsed.success) continue;
    const { search } = parsed.data;
    for (let i = 0; i < candidates.length; i += 100) {
      const chunk = candidates.slice(i, i + 100);
      const { hits } = await engine.search({ ...search, filters: { ...search.filters, ids: chunk }, page: 1, pageSize: chunk.length });
      pushed += await pushHits(sub.id, hits.map((h) => h.id));
    }
  }
  return { needs: needs.length, pushed };
}

/** Records the hits that are new for this subscription and notifies its owner about each. */
async function pushHits(subscriptionId: string, patentIds: string[]): Promise<number> {
  if (!patentIds.length) return 0;
  return db.$transaction(async (tx) => {
    const sub = await tx.subscription.findUnique({ where: { id: subscriptionId }, select: { id: true, userId: true, orgId: true, name: true, kind: true, needId: true, active: true } });
    if (!sub?.active) return 0;
    const fresh = await insertNewHits(tx, subscriptionId, patentIds);
    if (!fresh.length) return 0;
    const patents = await tx.patent.findMany({ where: { id: { in: fresh } }, select: { id: true, title: true } });
    for (const p of patents) {
      await notify(tx, {
        sourceKey: `subscription:${sub.id}:${p.id}`,
        userIds: [sub.userId],
        orgId: sub.orgId,
        kind: "patent.push",
        title: `专利定点推送：${sub.name}`,
        body: `新挂牌专利「${p.title}」与您的${sub.kind === "NEED" ? "技术需求" : "订阅检索"}相匹配。`,
        link: `/patents/${p.id}`,
      });
    }
    return patents.length;
  });
}

/** The (subscription, patent) pairs not seen before: the primary key makes this exact under races. */
async function insertNewHits(tx: Tx, subscriptionId: string, patentIds: string[]): Promise<string[]> {
  const rows = await tx.$queryRaw<{ patentId: string }[]>`
    INSERT INTO "SubscriptionHit" ("subscriptionId", "patentId")
    SELECT ${subscriptionId}, unnest(${patentIds}::text[])
    ON CONFLICT DO NOTHING
    RETURNING "patentId"`;
  return rows.map((r) => r.patentId);
}
