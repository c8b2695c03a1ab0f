import { getOwnAppraiserProfileOp, putOwnAppraiserProfileOp } from "~/domain/appraisal/appraiser-profile-operations";
import { getOwnAppraiserProfile, setOwnAppraiserProfile } from "~/domain/appraisal/set-appraiser-profile.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(getOwnAppraiserProfileOp, ({ actor }) => getOwnAppraiserProfile(actor)),
  endpoint(putOwnAppraiserProfileOp, ({ actor, body }) => setOwnAppraiserProfile(actor, body)),
);
