import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { importGiRegister, listGiRegisterImports, MAX_REGISTER_FILE_BYTES, type GiRegisterImportResult } from "~/domain/gi/register-import.server";
import { REGISTER_COLUMNS, REGISTER_FIELDS } from "~/domain/gi/register-rows";
import { can } from "~/domain/identity/policies";
import { DomainError, httpStatusOf } from "~/domain/shared/errors";
import styles from "~/styles/gi-public.css";
import { formatDateTime } from "~/utils/format";
import { readFormWithFile } from "~/utils/forms.server";
import { useLocale } from "~/utils/i18n-react";
import { requireSessionView } from "~/utils/session.server";
import { TableWrap } from "~/components/table-wrap";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "导入地理标志专用标志授权用户名册 · 知产桥" }];

type Reply = { result: GiRegisterImportResult | null; error: string | null };

/** GOVERNMENT only (gi.review); anyone else is told there is no such page. */
async function requireReviewer(request: Request) {
  const view = await requireSessionView(request);
  if (!can(view.actor, "gi.review")) throw new Response("Not Found", { status: 404 });
  return view.actor;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireReviewer(request);
  return { imports: await listGiRegisterImports(actor) };
}

/** Reads the upload and imports it all or nothing; row errors come back as a table, nothing written. */
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireReviewer(request);
  const tooLarge = () => data<Reply>({ result: null, error: "文件不能超过 5 MB" }, { status: 413 });
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_REGISTER_FILE_BYTES + 64 * 1024) return tooLarge();
  let form: FormData;
  try {
    form = await readFormWithFile(request, { fileField: "file", maxFileBytes: MAX_REGISTER_FILE_BYTES });
  } catch (error) {
    if (error instanceof Response && error.status === 413) return tooLarge();
    throw error;
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return data<Reply>({ result: null, error: "请选择要导入的 CSV 或 Excel（.xlsx）文件" }, { status: 400 });
  try {
    const result = await importGiRegister(actor, { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name, type: file.type });
    return data<Reply>({ result, error: null }, { status: result.ok ? 200 : 400 });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data<Reply>({ result: null, error: error.fieldErrors?.file?.[0] ?? error.message }, { status: httpStatusOf[error.code] });
  }
}

export default function GiRegisterImport() {
  const { imports } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const locale = useLocale();
  const uploading = navigation.state === "submitting";
  const result = reply?.result ?? null;

  return (
    <div className="form-page">
      <h1>导入地理标志专用标志授权用户名册</h1>
      <p className="muted">
        将县里已有的地理标志专用标志使用人一次性导入平台。文件中全部行都有效才导入；只要有一行有误，本次不导入任何记录，请按下表逐行改正后重新上传。证书编号按公告日期、再按文件行序发放。
      </p>

      <section className="card">
        <Form method="post" encType="multipart/form-data" className="stack gi-import-form">
          {reply?.error ? (
            <div id="import-error" className="form-error" role="alert">
              {reply.error}
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="register-file">名册文件（CSV 或 Excel .xlsx）</label>
            <input
              id="register-file"
              type="file"
              name="file"
              required
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby={`register-file-hint${reply?.error ? " import-error" : ""}`}
              aria-invalid={reply?.error ? true : undefined}
            />
            <span id="register-file-hint" className="hint">
              第 1 行为表头，列为：{REGISTER_FIELDS.map((f) => REGISTER_COLUMNS[f].header).join("、")}；不超过 5 MB。
            </span>
          </div>
          <p>
            <a href="/gi/register-import/template.csv" download>
              下载导入模板（CSV）
            </a>
          </p>
          <div>
            <button type="submit" className="button" disabled={uploading}>
              {uploading ? "正在检查并导入…" : "检查并导入"}
            </button>
          </div>
        </Form>
      </section>

      {result && !result.ok ? (
        <section className="card" aria-labelledby="refused-title" data-testid="gi-import-refused">
          <h2 id="refused-title">全部有效才导入，本次未导入任何记录</h2>
          <p role="alert">
            文件“{result.fileName}”共 {result.total} 行，发现 {result.errors.length} 处错误，涉及 {new Set(result.errors.map((e) => e.row)).size} 行。
          </p>
          <TableWrap label="未导入的错误行">
            <table className="table gi-row-errors">
              <caption className="muted">行号为文件中的行（第 1 行为表头）</caption>
              <thead>
                <tr>
                  <th scope="col">行</th>
                  <th scope="col">列</th>
                  <th scope="col">问题</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((e, i) => (
                  <tr key={i}>
                    <td>第 {e.row} 行</td>
                    <td>{e.column}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}

      {result?.ok ? (
        <section className="card" aria-labelledby="done-title" data-testid="gi-import-done">
          <h2 id="done-title" role="status">
            已导入 {result.users.length} 家授权用户
          </h2>
          <TableWrap label="已导入的授权用户">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">行</th>
                  <th scope="col">企业名称</th>
                  <th scope="col">地理标志产品</th>
                  <th scope="col">证书编号</th>
                  <th scope="col">公告</th>
                </tr>
              </thead>
              <tbody>
                {result.users.map((u) => (
                  <tr key={u.certificateNumber}>
                    <td>{u.row}</td>
                    <td>
                      {u.enterpriseName}
                      <div className="muted small">{u.uscc}</div>
                    </td>
                    <td>{u.productName}</td>
                    <td>
                      <Link to={`/gi/certificates/${u.certificateNumber}`}>{u.certificateNumber}</Link>
                    </td>
                    <td>
                      {u.announcementNumber}
                      <div className="muted small">{u.announcedOn}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}

      <h2>最近的导入</h2>
      {imports.length === 0 ? (
        <p className="card empty">还没有导入过名册</p>
      ) : (
        <ul className="card">
          {imports.map((i) => (
            <li key={i.id}>
              {formatDateTime(i.createdAt, locale)} · {i.fileName} · {i.rows} 家
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
