import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { budgetYearSchema } from "~/domain/subsidies/budgets.server";
import { subsidyPaymentBatch } from "~/domain/subsidies/pay-out.server";
import { throwErrorPage } from "~/utils/form-errors.server";
import { fileResponse } from "~/utils/file-response.server";
import { requireSessionView } from "~/utils/session.server";

const querySchema = z.object({ year: budgetYearSchema, format: z.enum(["csv", "xlsx"]) });

/** The year's payment batch as a download (`?year=2026&format=csv|xlsx`), for the county government. */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response("year (2000–2100) and format (csv or xlsx) are required", { status: 400 });
  const batch = await subsidyPaymentBatch(view.actor, parsed.data.year, parsed.data.format).catch(throwErrorPage);
  return fileResponse(batch);
}
