import { createPledgeApplicationOp, listPledgeApplicationsOp } from "~/domain/financing/api-operations";
import { createPledgeApplication } from "~/domain/financing/create-pledge-application.server";
import { getPledgeApplication, listPledgeApplications } from "~/domain/financing/queries.server";
import { pledgeApplicationInputSchema } from "~/domain/financing/schemas";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(listPledgeApplicationsOp, ({ actor, query }) => listPledgeApplications(actor, query)),
  endpoint(createPledgeApplicationOp, async ({ actor, body }) => getPledgeApplication(actor, (await createPledgeApplication(actor, pledgeApplicationInputSchema.parse(body))).id)),
);
