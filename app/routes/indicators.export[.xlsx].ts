import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportIndicators } from "~/domain/indicators/export.server";
import { asOfQuerySchema } from "~/domain/indicators/schemas";
import { fileResponse } from "~/utils/file-response.server";
import { throwErrorPage } from "~/utils/form-errors.server";
import { requireSessionView } from "~/utils/session.server";

/** GET /indicators/export.xlsx[?asOf=YYYY-MM-DD]: the county's indicators as a download (GOVERNMENT, PLATFORM; others 404). */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const query = asOfQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new Response("asOf 应为日期 YYYY-MM-DD", { status: 400 });
  return fileResponse(await exportIndicators(view.actor, { asOf: query.data.asOf }, "xlsx").catch(throwErrorPage));
}
