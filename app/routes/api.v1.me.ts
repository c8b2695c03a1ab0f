import { getMe as getMeOperation } from "~/domain/identity/api-operations";
import { getMe } from "~/domain/identity/org-queries.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(getMeOperation, ({ actor }) => getMe(actor)));
