import { UnrecoverableError, type Job } from "bullmq";
import { jobSchemas } from "~/domain/shared/jobs";
import { patentSearchEngineName, syncPatentsToIndex } from "~/domain/patents/search-index.server";

/**
 * The `search` queue: applies patent changes to a shared (Meilisearch) index. Re-running a
 * job is harmless: it re-reads the patents and indexes or removes them again. The embedded
 * engine needs nothing here: every process holding one follows the change feed itself.
 */
export async function processSearchJob(job: Pick<Job, "id" | "name" | "data">) {
  if (job.name !== "search.sync-patents") throw new UnrecoverableError(`unknown job ${job.name} on the search queue`);
  const parsed = jobSchemas["search.sync-patents"].safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid search.sync-patents payload");
  if (patentSearchEngineName() === "embedded") return { skipped: "embedded indexes follow the change feed" };
  return syncPatentsToIndex(parsed.data.patentIds);
}
