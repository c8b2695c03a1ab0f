import type { LoaderFunctionArgs } from "@remix-run/node";
import { getConversionEvidence } from "~/domain/deals/conversion-evidence.server";
import { fileResponse } from "~/utils/file-response.server";
import { throwErrorPage } from "~/utils/form-errors.server";
import { requireSessionView } from "~/utils/session.server";

/** The deal's evidence of production (issue 14 §8), for its SME and holder only (404 otherwise). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const file = await getConversionEvidence(view.actor, params.id ?? "").catch(throwErrorPage);
  return fileResponse({ fileName: file.filename, contentType: file.mime, body: file.bytes });
}
