import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { PlainField } from "~/components/form-field";
import { RouteError } from "~/components/route-error";
import { GI_VERIFY_QUERY_LABEL, type GiPublicUser } from "~/domain/gi/public-view";
import { findGiUsers } from "~/domain/gi/verification.server";
import { DomainError, httpStatusOf } from "~/domain/shared/errors";
import styles from "~/styles/gi-public.css";
import { clientIpOf } from "~/utils/rate-limit.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "地理标志专用标志使用授权查询 · 知产桥" }];

export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const retryAfter = loaderHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

type VerifyData = { q: string; results: GiPublicUser[] | null; error: string | null };

/** Anyone, no login (issue 16 §4). Every lookup counts against the visitor's address (429 past the limit). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams.get("q");
  if (q === null) return data<VerifyData>({ q: "", results: null, error: null });
  try {
    return data<VerifyData>({ q, results: await findGiUsers(q, { ipAddress: clientIpOf(request, context) }), error: null });
  } catch (error) {
    if (!(error instanceof DomainError) || !["VALIDATION", "RATE_LIMITED"].includes(error.code)) throw error;
    const limited = error.code === "RATE_LIMITED";
    const message = limited ? `查询过于频繁，请在 ${error.retryAfterSeconds ?? 60} 秒后再试` : (error.fieldErrors?.q?.[0] ?? error.message);
    const headers: HeadersInit = limited ? { "Retry-After": String(error.retryAfterSeconds ?? 60) } : {};
    return data<VerifyData>({ q, results: null, error: message }, { status: httpStatusOf[error.code], headers });
  }
}

export default function GiVerify() {
  const { q, results, error } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const searching = navigation.state === "loading" && navigation.location.pathname === "/gi/verify";
  return (
    <div className="gi-verify">
      <h1>地理标志专用标志使用授权查询</h1>
      <p className="muted">输入企业名称、统一社会信用代码或证书编号，查询该企业是否获准使用地理标志专用标志。</p>
      <Form method="get" className="card gi-search" role="search">
        <PlainField
          id="q"
          name="q"
          type="search"
          label={GI_VERIFY_QUERY_LABEL}
          defaultValue={q}
          key={q}
          required
          minLength={2}
          maxLength={100}
          autoComplete="off"
          hint="企业名称可输入其中的一部分（至少 2 个字）；统一社会信用代码和证书编号需完整"
          errors={error ? [error] : undefined}
          action={
            <button type="submit" className="button" disabled={searching}>
              {searching ? "查询中…" : "查询"}
            </button>
          }
        />
      </Form>

      <div aria-live="polite">
        {results === null ? null : results.length === 0 ? (
          <div className="card gi-none" data-testid="gi-verify-none">
            <p>
              <strong>未找到该企业的地理标志专用标志使用授权</strong>（查询：“{q.trim()}”）。
            </p>
            <p className="muted">请核对企业名称、统一社会信用代码或证书编号后再试；对授权情况有疑问的，请向县市场监督管理部门核实。</p>
          </div>
        ) : (
          <>
            <p className="muted">找到 {results.length} 条授权记录</p>
            <ul className="gi-results" data-testid="gi-verify-results">
              {results.map((u) => (
                <li key={u.certificateNumber} className="card gi-result">
                  <div className="gi-result-head">
                    <h2>{u.enterpriseName}</h2>
                    <StatusBadge user={u} />
                  </div>
                  <dl className="gi-facts">
                    <dt>统一社会信用代码</dt>
                    <dd>{u.uscc}</dd>
                    <dt>地理标志产品</dt>
                    <dd>
                      {u.product.name}（{u.product.kindName}）
                    </dd>
                    <dt>证书编号</dt>
                    <dd>{u.certificateNumber}</dd>
                    <dt>公告号</dt>
                    <dd>{u.announcementNumber ?? "—"}</dd>
                    <dt>授权日期</dt>
                    <dd>{u.announcedOn ?? "—"}</dd>
                    {u.revokedOn ? (
                      <>
                        <dt>撤销日期</dt>
                        <dd>{u.revokedOn}</dd>
                      </>
                    ) : null}
                    <dt>乡镇（街道）</dt>
                    <dd>{u.town}</dd>
                  </dl>
                  <Link to={`/gi/certificates/${encodeURIComponent(u.certificateNumber)}`}>查看证书 {u.certificateNumber}</Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

/** 有效 / 已撤销（日期）: said in words, the colour only repeats it. */
function StatusBadge({ user }: { user: GiPublicUser }) {
  return user.status === "REVOKED" ? (
    <span className="tag tag-danger gi-status">已撤销（{user.revokedOn} 起）</span>
  ) : (
    <span className="tag tag-ok gi-status">有效（{user.announcedOn} 起）</span>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
