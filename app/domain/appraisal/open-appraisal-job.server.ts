import type { Tx } from "~/utils/db.server";
import { getPolicyInForce } from "../financing/policy-store.server";
import { Money } from "../shared/money";
import { emit } from "../shared/outbox.server";
import { biddingDeadline } from "./assignment";
import { clock } from "../shared/clock";
import { tellNewJob } from "./notices.server";

/**
 * An application's appraisal job opens when it is submitted (SPEC §7): bids until the
 * deadline, when the outbox hands `appraisal.close-bidding` to the worker (the outbox row
 * waits until then, and its id is the BullMQ job id).
 */
export async function openAppraisalJob(tx: Tx, applicationId: string, now = clock.now()): Promise<string> {
  const deadline = biddingDeadline(now);
  const policy = await getPolicyInForce(undefined, tx);
  const job = await tx.appraisalJob.create({
    data: { applicationId, deadline, referenceFeeFen: Money.parseYuan(policy.appraisalReferenceFee).fen, referenceFeePolicyVersion: policy.ref },
    select: { id: true },
  });
  await emit(tx, "appraisal.close-bidding", { jobId: job.id }, { at: deadline });
  // Appraisers whose profile fits hear of it at once: the bidding window is short.
  await tellNewJob(tx, job.id);
  return job.id;
}
