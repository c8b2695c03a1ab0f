import { listGiSpotChecksOp, openGiSpotCheckOp } from "~/domain/gi/spot-check-api-operations";
import { listGiSpotChecks, openGiSpotCheck } from "~/domain/gi/spot-checks.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(listGiSpotChecksOp, ({ actor, query }) => listGiSpotChecks(actor, query)),
  endpoint(openGiSpotCheckOp, ({ actor, body }) => openGiSpotCheck(actor, body)),
);
