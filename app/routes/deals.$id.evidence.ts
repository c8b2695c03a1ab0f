import type { LoaderFunctionArgs } from "@remix-run/node";
import { getConversionEvidence } from "~/domain/deals/conversion-evidence.server";
import { throwErrorPage } from "~/utils/form-errors.server";
import { requireSessionView } from "~/utils/session.server";

/** The deal's evidence of production (PDF or JPG), shown in the browser to the deal's SME and holder; 404 for anyone else. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const file = await getConversionEvidence(view.actor, params.id ?? "").catch(throwErrorPage);
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.mime,
      "Content-Disposition": `inline; filename="${file.filename}"`,
      // (nosniff and the content security policy come with every response: server/security-headers.ts)
      "Cache-Control": "private, no-store",
    },
  });
}
