import { UnrecoverableError, type Job } from "bullmq";
import { jobSchemas } from "~/domain/shared/jobs";
import { runPatentImport } from "~/domain/patents/import-patents.server";

/** The `patents` queue: bulk imports. The use case is idempotent (see runPatentImport). */
export async function processPatentJob(job: Pick<Job, "id" | "name" | "data">) {
  if (job.name !== "patents.run-import") throw new UnrecoverableError(`unknown job ${job.name} on the patents queue`);
  const parsed = jobSchemas["patents.run-import"].safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid patents.run-import payload");
  return runPatentImport(parsed.data.importId);
}
