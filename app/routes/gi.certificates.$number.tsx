import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from "@remix-run/react";
import QRCode from "qrcode";
import { getGiCertificate } from "~/domain/gi/verification.server";
import { county } from "~/domain/identity/county";
import { DomainError, httpStatusOf } from "~/domain/shared/errors";
import styles from "~/styles/gi-public.css";
import { getEnv } from "~/utils/env.server";
import { clientIpOf } from "~/utils/rate-limit.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `地理标志专用标志使用证书 ${data.certificate.certificateNumber} · 知产桥` : "证书未找到 · 知产桥" }];

export const headers: HeadersFunction = ({ errorHeaders }) => {
  const retryAfter = errorHeaders?.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

/**
 * The printable certificate (issue 16 §3), public: what verification shows, the product's
 * standard, the issuer, and a QR code (an SVG drawn here, on the server) that opens the
 * public verification of this number at APP_URL.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const certificate = await getGiCertificate(params.number ?? "", { ipAddress: clientIpOf(request, context) }).catch((error: unknown) => {
    if (!(error instanceof DomainError)) throw error;
    const headers: HeadersInit = error.retryAfterSeconds !== undefined ? { "Retry-After": String(error.retryAfterSeconds) } : {};
    throw new Response(error.message, { status: httpStatusOf[error.code], headers });
  });
  const verifyUrl = new URL(`/gi/verify?q=${encodeURIComponent(certificate.certificateNumber)}`, getEnv().APP_URL).href;
  const qrSvg = await QRCode.toString(verifyUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { certificate, verifyUrl, qrSvg, issuer: county.giCertificateIssuer };
}

export default function GiCertificate() {
  const { certificate: c, verifyUrl, qrSvg, issuer } = useLoaderData<typeof loader>();
  const revoked = c.status === "REVOKED";
  return (
    <div className="gi-certificate">
      <div className="gi-cert-tools">
        <Link to={`/gi/verify?q=${encodeURIComponent(c.certificateNumber)}`}>← 在线查询该证书</Link>
        <button type="button" className="button button-secondary" onClick={() => window.print()}>
          打印证书
        </button>
      </div>
      <article className="gi-cert" aria-labelledby="cert-title">
        <h1 id="cert-title">地理标志专用标志使用证书</h1>
        <p className="gi-cert-sub">证书编号：{c.certificateNumber}</p>
        {revoked ? (
          <p className="gi-revoked" role="status" data-testid="gi-cert-revoked">
            本证书已于 {c.revokedOn} 撤销，自该日起不得使用地理标志专用标志
          </p>
        ) : null}
        <div className="gi-cert-body">
          <dl className="gi-facts">
            <dt>企业名称</dt>
            <dd>{c.enterpriseName}</dd>
            <dt>统一社会信用代码</dt>
            <dd>{c.uscc}</dd>
            <dt>地理标志产品</dt>
            <dd>{c.product.name}</dd>
            <dt>类别</dt>
            <dd>{c.product.kindName}</dd>
            <dt>注册号／公告号</dt>
            <dd>{c.product.registrationNumber}</dd>
            <dt>质量技术要求</dt>
            <dd>{c.product.qualityStandard}</dd>
            <dt>生产地</dt>
            <dd>
              {county.name}
              {c.town}
            </dd>
            <dt>核准公告</dt>
            <dd>
              {c.announcementNumber ?? "—"}（{c.announcedOn ?? "—"}）
            </dd>
            <dt>状态</dt>
            <dd>
              <strong>{revoked ? `已撤销（${c.revokedOn}）` : `有效（自 ${c.announcedOn} 起）`}</strong>
            </dd>
          </dl>
          <figure className="gi-qr">
            <div role="img" aria-label={`二维码：在线查询证书 ${c.certificateNumber}`} dangerouslySetInnerHTML={{ __html: qrSvg }} />
            <figcaption>扫码在线查询真伪</figcaption>
          </figure>
        </div>
        <p>
          经审核，上述企业获准在其生产的{c.product.name}产品上使用地理标志专用标志。使用人应严格按照{c.product.name}的质量技术要求组织生产，接受监督检查。
        </p>
        <p className="muted small">
          在线查询：<span style={{ overflowWrap: "anywhere" }}>{verifyUrl}</span>
        </p>
        <div className="gi-issuer">
          <div>发证机关：{issuer}</div>
          <div>发证日期：{c.announcedOn ?? "—"}</div>
        </div>
      </article>
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 404
      ? "未找到该编号的地理标志专用标志使用证书。请核对证书编号，或按企业名称、统一社会信用代码查询。"
      : status === 429
        ? "查询过于频繁，请稍后再试。"
        : "证书暂时无法显示，请稍后再试。";
  return (
    <section className="card error-card" role="alert">
      <h1>{status === 404 ? "证书未找到" : "无法显示证书"}</h1>
      <p>{message}</p>
      <Link to="/gi/verify" className="button">
        查询地理标志专用标志使用授权
      </Link>
    </section>
  );
}
