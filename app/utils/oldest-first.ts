import type { Page } from "~/domain/shared/pagination";

/**
 * Page `page` of a list read oldest first, from a list query that pages newest first (`list`):
 * the items come from the far end of that order, one or two of its pages, reversed. For a
 * work queue, where who waited longest comes first.
 */
export async function oldestFirst<T>(list: (page: number, pageSize: number) => Promise<Page<T>>, page: number, pageSize: number): Promise<Page<T>> {
  const first = await list(1, pageSize);
  const end = first.total - (page - 1) * pageSize;
  if (end <= 0) return { items: [], total: first.total, page, pageSize };
  const start = Math.max(0, end - pageSize);
  const pages = [...new Set([Math.floor(start / pageSize) + 1, Math.floor((end - 1) / pageSize) + 1])];
  const chunks = await Promise.all(pages.map((p) => (p === 1 ? first : list(p, pageSize))));
  const offset = (pages[0] - 1) * pageSize;
  const items = chunks.flatMap((c) => c.items).slice(start - offset, end - offset);
  return { items: items.reverse(), total: first.total, page, pageSize };
}
