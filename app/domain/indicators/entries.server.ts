import { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { county } from "../identity/county";
import { can } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { actorUserIdForFk } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { clock } from "../shared/clock";
import { bookDateError } from "../shared/book-dates";
import { dateColumn, isoDateOf } from "../shared/calendar";
import { conflict, forbidden, notFound, validation } from "../shared/errors";
import { skipTake, type Page, type PageQuery } from "../shared/pagination";
import { entrySeries } from "./definitions";
import { canonicalEntryValue, indicatorEntryListSchema, parseIndicatorEntry } from "./schemas";
import type { IndicatorEntryView } from "./types";

/**
 * Official statistics (issue 17 §2): GOVERNMENT ("indicators.enter") enters a value of an
 * indicator or an input series with the day it describes, its source and a note. Entries
 * are append-only (a trigger refuses UPDATE and DELETE): a correction is a new entry that
 * names the one it replaces, and each entry is replaced at most once (a unique index, so
 * two corrections racing cannot both land). GOVERNMENT and PLATFORM read them; PLATFORM is
 * told it may not enter (it sees the dashboard), everyone else gets 404.
 */

const WHAT = "指标";
const ENTITY = "IndicatorEntry";

const series = () => entrySeries(county.indicatorPlan);

const entrySelect = {
  id: true,
  seriesKey: true,
  value: true,
  asOf: true,
  source: true,
  note: true,
  replacesId: true,
  enteredById: true,
  apiKeyId: true,
  createdAt: true,
  org: { select: { name: true } },
  replacedBy: { select: { id: true } },
} satisfies Prisma.IndicatorEntrySelect;
type EntryRow = Prisma.IndicatorEntryGetPayload<{ select: typeof entrySelect }>;

/** Rows → views, with the names of who entered them (entries keep bare ids of users and keys). */
async function viewsOf(rows: EntryRow[]): Promise<IndicatorEntryView[]> {
  const userIds = [...new Set(rows.flatMap((r) => (r.enteredById ? [r.enteredById] : [])))];
  const keyIds = [...new Set(rows.flatMap((r) => (r.apiKeyId ? [r.apiKeyId] : [])))];
  const [users, keys] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [],
    keyIds.length ? db.apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, name: true } }) : [],
  ]);
  const all = series();
  return rows.map((r) => {
    const s = all.find((x) => x.key === r.seriesKey);
    const unit = s?.unit ?? "DECIMAL";
    return {
      id: r.id,
      seriesKey: r.seriesKey,
      seriesName: s?.name ?? r.seriesKey,
      unit,
      unitLabel: s?.unitLabel ?? "",
      value: canonicalEntryValue(unit, r.value.toFixed()),
      asOf: isoDateOf(r.asOf),
      source: r.source,
      note: r.note,
      replacesId: r.replacesId,
      replacedById: r.replacedBy?.id ?? null,
      enteredBy: {
        orgName: r.org.name,
        userName: users.find((u) => u.id === r.enteredById)?.name ?? null,
        apiKeyName: keys.find((k) => k.id === r.apiKeyId)?.name ?? null,
      },
      createdAt: r.createdAt.toISOString(),
    };
  });
}

const newestFirst = [{ createdAt: "desc" }, { id: "desc" }] satisfies Prisma.IndicatorEntryOrderByWithRelationInput[];

/**
 * GOVERNMENT enters a statistic: `{ seriesKey, value, asOf, source, note?, replacesId? }`.
 * The value is refused at the field by the series' unit; the day must be real, not after
 * today and not before 2000. A correction names an entry of the same series that nothing
 * has corrected yet (else 409). One transaction with its audit event.
 */
export async function enterIndicatorStatistic(actor: Actor, input: unknown): Promise<IndicatorEntryView> {
  if (!can(actor, "indicators.enter")) {
    if (can(actor, "indicators.read")) throw forbidden("只有县政府可以录入指标统计数据");
    throw notFound(WHAT);
  }
  const parsed = parseIndicatorEntry(input, { asOfError: (asOf) => bookDateError(asOf, "统计截至日期") });
  if (!parsed.ok) throw validation(parsed.errors);
  const body = parsed.value;
  const s = series().find((x) => x.key === body.seriesKey)!;

  try {
    const id = await db.$transaction(async (tx) => {
      let replaces: { id: string; value: string; asOf: string; source: string } | null = null;
      if (body.replacesId) {
        const old = await tx.indicatorEntry.findUnique({ where: { id: body.replacesId }, select: { id: true, seriesKey: true, value: true, asOf: true, source: true, replacedBy: { select: { id: true } } } });
        if (!old) throw validation({ replacesId: ["要更正的统计记录不存在"] });
        if (old.seriesKey !== body.seriesKey) throw validation({ replacesId: [`要更正的记录不属于“${s.name}”`] });
        if (old.replacedBy) throw conflict("该统计记录已被更正过，请刷新后更正最新的记录");
        replaces = { id: old.id, value: canonicalEntryValue(s.unit, old.value.toFixed()), asOf: isoDateOf(old.asOf), source: old.source };
      }
      const entry = await tx.indicatorEntry.create({
        data: {
          seriesKey: body.seriesKey,
          value: body.value,
          asOf: dateColumn(body.asOf),
          source: body.source,
          note: body.note ?? null,
          replacesId: body.replacesId ?? null,
          orgId: actor.orgId,
          enteredById: actor.apiKeyId ? null : actorUserIdForFk(actor),
          apiKeyId: actor.apiKeyId,
          // The application's clock, not the database's: when an entry was made is a fact tests and the demo pin.
          createdAt: clock.now(),
        },
        select: { id: true },
      });
      await recordAudit(tx, actor, {
        entityType: ENTITY,
        entityId: entry.id,
        action: replaces ? "indicator-entry.correct" : "indicator-entry.enter",
        reason: body.note ?? null,
        data: { seriesKey: body.seriesKey, seriesName: s.name, value: body.value, asOf: body.asOf, source: body.source, ...(replaces ? { replaces } : {}) },
      });
      return entry.id;
    });
    const [view] = await viewsOf([await db.indicatorEntry.findUniqueOrThrow({ where: { id }, select: entrySelect })]);
    return view;
  } catch (e) {
    // Two corrections of one entry at once: the unique index on replacesId lets one through.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw conflict("该统计记录已被更正过，请刷新后更正最新的记录");
    throw e;
  }
}

/** Entries, newest first, of one series or all (GOVERNMENT, PLATFORM; others 404). */
export async function listIndicatorEntries(actor: Actor, query: Partial<PageQuery> & { seriesKey?: string | null } = {}): Promise<Page<IndicatorEntryView>> {
  if (!can(actor, "indicators.read")) throw notFound(WHAT);
  const filter = indicatorEntryListSchema().safeParse({ seriesKey: query.seriesKey ?? undefined });
  if (!filter.success) throw validation({ seriesKey: [filter.error.issues[0].message] });
  const page = { page: query.page ?? 1, pageSize: query.pageSize ?? 20 };
  const where: Prisma.IndicatorEntryWhereInput = filter.data.seriesKey ? { seriesKey: filter.data.seriesKey } : {};
  const [rows, total] = await Promise.all([db.indicatorEntry.findMany({ where, select: entrySelect, orderBy: newestFirst, ...skipTake(page) }), db.indicatorEntry.count({ where })]);
  return { items: await viewsOf(rows), total, ...page };
}

/**
 * Every entry of these series, newest first, actor-free: for the drill-down and the
 * exports, whose use cases check the reader themselves.
 */
export async function readIndicatorEntries(seriesKeys?: readonly string[]): Promise<IndicatorEntryView[]> {
  const rows = await db.indicatorEntry.findMany({ where: seriesKeys ? { seriesKey: { in: [...seriesKeys] } } : {}, select: entrySelect, orderBy: newestFirst });
  return viewsOf(rows);
}
