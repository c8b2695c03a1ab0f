import { readPolicy } from "~/domain/financing/policy-store.server";
import { policyView } from "~/domain/financing/policy";
import { getPolicyOp } from "~/domain/subsidies/api-operations";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(getPolicyOp, async ({ actor, params }) => {
    const { policy, withdrawal } = await readPolicy(actor, params.ref);
    return { ...policyView(policy), withdrawal };
  }),
);
