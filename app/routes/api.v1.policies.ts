import { publishPolicyVersion, readPolicies } from "~/domain/financing/policy-store.server";
import { policyView } from "~/domain/financing/policy";
import { listPoliciesOp, publishPolicyOp } from "~/domain/subsidies/api-operations";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(listPoliciesOp, async ({ actor }) => {
    const { inForce, versions } = await readPolicies(actor);
    return { items: versions, inForce: policyView(inForce) };
  }),
  endpoint(publishPolicyOp, async ({ actor, body }) => policyView(await publishPolicyVersion(actor, body))),
);
