import type { LoaderFunctionArgs } from "@remix-run/node";
import { getGiEvidence } from "~/domain/gi/evidence.server";
import { fileResponse } from "~/utils/file-response.server";
import { throwErrorPage } from "~/utils/form-errors.server";
import { requireSessionView } from "~/utils/session.server";

/** One evidence file of a GI application, for its applicant, GOVERNMENT and PLATFORM (404 for anyone else): an attachment, never cached, never sniffed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  const file = await getGiEvidence(view.actor, params.id ?? "", params.fileId ?? "").catch(throwErrorPage);
  return fileResponse({ fileName: file.filename, contentType: file.mime, body: file.bytes });
}
