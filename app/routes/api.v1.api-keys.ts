import { listApiKeys as listApiKeysOperation } from "~/domain/identity/api-operations";
import { listApiKeys } from "~/domain/identity/api-key-queries.server";
import { apiRoute, endpoint } from "~/utils/api.server";

// Always the caller's own org: the query takes no org id from the request.
export const { loader, action } = apiRoute(endpoint(listApiKeysOperation, ({ actor, query }) => listApiKeys(actor, query)));
