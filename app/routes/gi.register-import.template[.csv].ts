import type { LoaderFunctionArgs } from "@remix-run/node";
import { REGISTER_COLUMNS, REGISTER_FIELDS, TEMPLATE_EXAMPLE_MARK } from "~/domain/gi/register-rows";
import { withUsccCheck } from "~/domain/identity/uscc";
import { can } from "~/domain/identity/policies";
import { csvDocument } from "~/utils/spreadsheet.server";
import { requireSessionView } from "~/utils/session.server";

/**
 * GET /gi/register-import/template.csv: the register import's columns and one example row
 * (fictional, marked 示例; the importer refuses it if left in). UTF-8 with a BOM and CRLF.
 */
const EXAMPLE: Record<(typeof REGISTER_FIELDS)[number], string> = {
  enterpriseName: `${TEMPLATE_EXAMPLE_MARK}行，导入前请删除】柞水县某某木耳专业合作社`,
  uscc: withUsccCheck("93611033MA0000001"),
  productName: "柞水木耳",
  town: "下梁镇",
  announcementNumber: "示例公告第1号",
  announcedOn: "2020-01-01",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireSessionView(request);
  if (!can(view.actor, "gi.review")) throw new Response("Not Found", { status: 404 });
  const body = csvDocument(
    REGISTER_FIELDS.map((f) => ({ header: REGISTER_COLUMNS[f].header })),
    [REGISTER_FIELDS.map((f) => EXAMPLE[f])],
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="gi-register-template.csv"; filename*=UTF-8''${encodeURIComponent("地理标志授权用户名册导入模板.csv")}`,
      "Cache-Control": "private, max-age=3600",
    },
  });
}
