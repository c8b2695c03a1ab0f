import { z } from "zod";

export const PAGE_SIZE_MAX = 100;

/** `?page=&pageSize=` of every list endpoint: 1-based pages, at most 100 items each. */
export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1).describe("1-based page number"),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(20).describe(`items per page (1–${PAGE_SIZE_MAX})`),
});
export type PageQuery = z.output<typeof pageQuerySchema>;

/** `{ items, total, page, pageSize }` around an item schema. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().min(0).describe("items on all pages"),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX),
  });
}

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export function skipTake({ page, pageSize }: PageQuery) {
  return { skip: (page - 1) * pageSize, take: pageSize };
}
