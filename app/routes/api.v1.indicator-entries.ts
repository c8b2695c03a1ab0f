import { createIndicatorEntryOp, listIndicatorEntriesOp } from "~/domain/indicators/api-operations";
import { enterIndicatorStatistic, listIndicatorEntries } from "~/domain/indicators/entries.server";
import { apiRoute, endpoint } from "~/utils/api.server";

export const { loader, action } = apiRoute(
  endpoint(listIndicatorEntriesOp, ({ actor, query }) => listIndicatorEntries(actor, query)),
  endpoint(createIndicatorEntryOp, ({ actor, body }) => enterIndicatorStatistic(actor, body)),
);
