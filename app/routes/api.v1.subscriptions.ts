import { createSubscriptionOp } from "~/domain/patents/api-operations";
import { createSubscription } from "~/domain/matching/subscriptions.server";
import { subscriptionInputSchema } from "~/domain/patents/schemas";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(createSubscriptionOp, ({ actor, body }) => createSubscription(actor, subscriptionInputSchema.parse(body))),
);
