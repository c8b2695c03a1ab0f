import { withdrawPolicyVersion } from "~/domain/financing/withdraw-policy-version.server";
import { withdrawPolicyOp } from "~/domain/subsidies/api-operations";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(endpoint(withdrawPolicyOp, ({ actor, params, body }) => withdrawPolicyVersion(actor, params.ref, body)));
