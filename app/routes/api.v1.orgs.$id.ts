import { getOrg, updateOrg } from "~/domain/identity/api-operations";
import { getOrgView } from "~/domain/identity/org-queries.server";
import { updateOrgProfile } from "~/domain/identity/org-update-profile.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(getOrg, ({ actor, params }) => getOrgView(actor, params.id)),
  endpoint(updateOrg, ({ actor, params, body }) => updateOrgProfile(actor, { ...body, orgId: params.id })),
);
