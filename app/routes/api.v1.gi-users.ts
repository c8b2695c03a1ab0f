import type { LoaderFunctionArgs } from "@remix-run/node";
import { findGiUsersOp } from "~/domain/gi/public-api-operations";
import { findGiUsers } from "~/domain/gi/verification.server";
import { apiRoute, endpoint } from "~/utils/api.server";
import { clientIpOf } from "~/utils/rate-limit.server";

/** GET /api/v1/gi-users?q=: public verification; every request counts against the client address. */
export function loader(args: LoaderFunctionArgs) {
  const ipAddress = clientIpOf(args.request, args.context);
  return apiRoute(endpoint(findGiUsersOp, async ({ query }) => ({ items: await findGiUsers(query.q, { ipAddress }) }))).loader(args);
}

export const action = loader;
