import type { ActionFunctionArgs } from "@remix-run/node";
import { createGiApplicationOp, listGiApplicationsOp } from "~/domain/gi/api-operations";
import { applyForGiMark } from "~/domain/gi/apply.server";
import { giEvidenceTooLarge, MAX_GI_EVIDENCE_BYTES, type GiUpload } from "~/domain/gi/evidence.server";
import { listGiApplications } from "~/domain/gi/queries.server";
import { apiRoute, endpoint } from "~/utils/api.server";
import { problem } from "~/utils/problem.server";
import { readBodyUpTo } from "~/utils/upload.server";

/** A multipart application carries its fields and up to this much of files in all (more files: POST …/evidence). */
const MAX_MULTIPART_BYTES = 5 * MAX_GI_EVIDENCE_BYTES;
const isMultipart = (request: Request) => /^multipart\/form-data\s*;/i.test(request.headers.get("Content-Type") ?? "");

const list = endpoint(listGiApplicationsOp, ({ actor, query }) => listGiApplications(actor, query));

// JSON: the application alone; its files follow through the evidence endpoint.
const json = apiRoute(
  list,
  endpoint(createGiApplicationOp, ({ actor, body }) => applyForGiMark(actor, body, [], { evidenceToFollow: true })),
);

// multipart/form-data: the same fields and one or more `evidence` files, checked together.
const multipart = apiRoute(
  list,
  endpoint({ ...createGiApplicationOp, request: {} }, async ({ actor, request }) => {
    const bytes = await readBodyUpTo(request, MAX_MULTIPART_BYTES, giEvidenceTooLarge);
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(bytes), { headers: { "Content-Type": request.headers.get("Content-Type") ?? "" } }).formData();
    } catch {
      throw problem(request, { slug: "malformed-form", title: "Malformed form / 表单无法读取", status: 400, detail: "multipart/form-data 请求体无法解析" });
    }
    const fields: Record<string, string> = {};
    const files: GiUpload[] = [];
    for (const [name, value] of form) {
      if (typeof value === "string") fields[name] = value;
      else if (name === "evidence") files.push({ bytes: new Uint8Array(await value.arrayBuffer()), name: value.name, type: value.type });
    }
    return applyForGiMark(actor, fields, files);
  }),
);

export const loader = json.loader;
export const action = (args: ActionFunctionArgs) => (isMultipart(args.request) ? multipart.action(args) : json.action(args));
