import { getPaymentBatchOp } from "~/domain/subsidies/api-operations";
import { subsidyPaymentBatch } from "~/domain/subsidies/pay-out.server";
import { apiRoute, endpoint } from "~/utils/api.server";
import { fileResponse } from "~/utils/file-response.server";

export const { loader, action } = apiRoute(
  endpoint(getPaymentBatchOp, async ({ actor, query }) => {
    const batch = await subsidyPaymentBatch(actor, query.year, query.format);
    return fileResponse(batch);
  }),
);
