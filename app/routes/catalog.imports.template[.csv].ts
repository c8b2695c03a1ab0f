import type { LoaderFunctionArgs } from "@remix-run/node";
import { withCheckDigit } from "~/domain/patents/application-number";
import type { PatentInput } from "~/domain/patents/schemas";

/**
 * GET /catalog/imports/template.csv: an empty-but-for-one-example CSV for bulk import, with
 * the Chinese headers the importer reads (or the field names, `?headers=fields`). UTF-8
 * with a BOM and CRLF line ends, so Excel opens the Chinese text correctly and saves it back
 * as "CSV UTF-8". The example row is fictional and says so in its title.
 */
const COLUMNS: { field: keyof PatentInput; header: string; example: string }[] = [
  { field: "applicationNumber", header: "申请号", example: withCheckDigit("202110999999") },
  { field: "publicationNumber", header: "公开（公告）号", example: "" },
  { field: "type", header: "专利类型", example: "发明" },
  { field: "title", header: "标题", example: "【示例行，导入前请删除】一种黑木耳多糖的低温提取方法" },
  { field: "abstract", header: "摘要", example: "本发明公开了一种黑木耳多糖的低温提取方法，在较低温度下提取，多糖得率高、活性保持好。" },
  { field: "claims", header: "权利要求", example: "1. 一种黑木耳多糖的低温提取方法，其特征在于……" },
  { field: "mainIpc", header: "主分类号", example: "A23L 31/00" },
  { field: "ipc", header: "IPC分类号", example: "A23L 31/00; A61K 36/07" },
  { field: "inventors", header: "发明人", example: "张三; 李四" },
  { field: "filingDate", header: "申请日", example: "2021-03-15" },
  { field: "grantDate", header: "授权日", example: "2023-06-20" },
  { field: "legalStatus", header: "法律状态", example: "有效" },
  { field: "clusters", header: "产业集群", example: "木耳深加工; 绿色食品" },
  { field: "highValueFlags", header: "高价值专利类型", example: "" },
  { field: "trl", header: "技术成熟度（1-9）", example: "7" },
  { field: "advantage", header: "技术优势", example: "提取温度低，多糖不易降解，得率比热水浸提高约 40%。" },
  { field: "targetApplication", header: "应用领域", example: "木耳精深加工企业生产多糖原料，用于功能性食品和保健品。" },
  { field: "listingMode", header: "交易方式", example: "普通许可" },
  { field: "askingPrice", header: "价格（元）", example: "300000" },
  { field: "royaltyPercent", header: "提成比例（%）", example: "3" },
  { field: "royaltyBasis", header: "提成基数", example: "净销售额" },
  { field: "negotiable", header: "价格面议", example: "是" },
  { field: "evaluationReportNo", header: "专利权评价报告编号", example: "" },
];

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const fieldNames = new URL(request.url).searchParams.get("headers") === "fields";
  const rows = [COLUMNS.map((c) => (fieldNames ? c.field : c.header)), COLUMNS.map((c) => c.example)];
  const body = `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
  const fileName = fieldNames ? "patent-import-template.csv" : "专利批量导入模板.csv";
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="patent-import-template.csv"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "public, max-age=3600",
    },
  });
}
