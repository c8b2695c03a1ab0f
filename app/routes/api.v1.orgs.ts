import { listOrgDirectory } from "~/domain/identity/api-operations";
import { listPartnerDirectory } from "~/domain/identity/org-directory.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(listOrgDirectory, ({ actor, query }) => listPartnerDirectory(actor, query)));
