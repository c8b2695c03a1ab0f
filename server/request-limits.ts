import type { NextFunction, Request, Response } from "express";
import { hasForbiddenCharacters } from "~/domain/shared/text";

/**
 * What the web process accepts before any route code runs (ADR 0012): known methods only,
 * a path that decodes, page forms in a form encoding, and a body no larger than its route
 * class allows. The cap is enforced twice: a declared Content-Length over it is refused
 * before a byte is read, and a body without one is counted while it streams
 * (server/remix-handler.ts) and refused the moment it passes the cap.
 */

const MB = 1024 * 1024;

/** Per route class; an upload's multipart envelope (boundaries, the other fields) gets 1 MB on top of its file. */
export const BODY_LIMITS = {
  form: 1 * MB,
  json: 1 * MB,
  webhook: 1 * MB,
  importUpload: 50 * MB,
  importForm: 51 * MB,
  reportUpload: 20 * MB,
  reportForm: 21 * MB,
  evidenceUpload: 10 * MB,
  evidenceForm: 11 * MB,
  /** A GI application's evidence (issue 16): one file of at most 10 MB by API; several with the application, 50 MB in one request. */
  giEvidenceUpload: 10 * MB,
  giEvidenceForm: 51 * MB,
} as const;

export type BodyClass = keyof typeof BODY_LIMITS;

const UPLOADS: [RegExp, BodyClass][] = [
  [/^\/api\/v1\/patent-imports\/?$/, "importUpload"],
  [/^\/api\/v1\/appraisal-jobs\/[^/]+\/report-file\/?$/, "reportUpload"],
  [/^\/catalog\/imports(\.data)?\/?$/, "importForm"],
  [/^\/appraisal\/[^/]+\/?$/, "reportForm"],
  // A deal's evidence of production (issue 14 §8): PDF or JPG of at most 10 MB, by API or with the page's conversion report.
  [/^\/api\/v1\/deals\/[^/]+\/conversion-evidence\/?$/, "evidenceUpload"],
  [/^\/deals\/[^/]+\/?$/, "evidenceForm"],
  // A GI application's evidence (issue 16 §2): one raw file by API, or several with the application (API multipart, the pages).
  [/^\/api\/v1\/gi-applications\/[^/]+\/evidence\/?$/, "giEvidenceUpload"],
  [/^\/api\/v1\/gi-applications\/?$/, "giEvidenceForm"],
  [/^\/gi\/apply(\.data)?\/?$/, "giEvidenceForm"],
  [/^\/gi\/applications\/[^/]+\/?$/, "giEvidenceForm"],
];

/** The route class of a normalized path (see normalizedPath). */
export function bodyClassOf(path: string): BodyClass {
  for (const [pattern, kind] of UPLOADS) if (pattern.test(path)) return kind;
  // Bull Board's own API (server/queue-board.ts) takes JSON like ours.
  if (path.startsWith("/api/") || path.startsWith("/admin/queues/api/")) return "json";
  if (path.startsWith("/webhooks/")) return "webhook";
  return "form";
}

/**
 * The path as the router sees it: dot segments resolved ("/webhooks/../logout" is
 * "/logout", "%2e%2e" included), as the WHATWG URL parser that Remix uses resolves them.
 */
export function normalizedPath(originalUrl: string): string {
  try {
    return new URL(originalUrl, "http://path.invalid").pathname;
  } catch {
    return originalUrl.split("?")[0];
  }
}

/** Methods the app answers; anything else (TRACE, CONNECT, PROPFIND …) is a 405 here, not a TypeError later. */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const ALLOWED = new Set<string>(ALLOWED_METHODS);
const WITHOUT_BODY = new Set(["GET", "HEAD", "OPTIONS"]);
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

declare module "express-serve-static-core" {
  interface Locals {
    /** The body cap of this request's route class, in bytes (set by guardRequests). */
    bodyLimit?: number;
  }
}

export function guardRequests(req: Request, res: Response, next: NextFunction) {
  const path = normalizedPath(req.originalUrl);
  if (!ALLOWED.has(req.method)) {
    return refuse(req, res, path, 405, "method-not-allowed", "Method not allowed / 不支持该请求方法", "不支持该请求方法。", {
      Allow: ALLOWED_METHODS.join(", "),
    });
  }
  if (!decodes(path)) {
    return refuse(req, res, path, 400, "bad-path", "Bad request path / 请求路径无效", "请求路径含有无效的百分号编码或不允许的字符。");
  }
  if (WITHOUT_BODY.has(req.method)) return next();

  const kind = bodyClassOf(path);
  const limit = BODY_LIMITS[kind];
  const declared = Number(req.get("content-length") ?? "0");
  if (declared > limit) return refuseTooLarge(req, res);
  // Pages take forms only (a text/plain or JSON post would make request.formData() throw).
  if (kind === "form" && hasBody(req) && !FORM_TYPES.test(req.get("content-type") ?? "")) {
    return refuse(req, res, path, 415, "unsupported-media-type", "Unsupported media type / 不支持的内容类型", "表单须以 application/x-www-form-urlencoded 或 multipart/form-data 提交。");
  }
  res.locals.bodyLimit = limit;
  next();
}

function hasBody(req: Request): boolean {
  return req.get("transfer-encoding") !== undefined || Number(req.get("content-length") ?? "0") > 0;
}

/** The path decodes as UTF-8 and, decoded, holds no NUL, control character or lone surrogate (the shared text rule). */
function decodes(path: string): boolean {
  try {
    return !hasForbiddenCharacters(decodeURIComponent(path));
  } catch {
    return false;
  }
}

/** What a 413 says, per class: an upload names the file limit its form states. */
const TOO_LARGE: Record<BodyClass, string> = {
  form: "提交的表单超过了 1 MB 的上限。",
  json: "请求体超过了 1 MB 的上限。",
  webhook: "请求体超过了 1 MB 的上限。",
  importUpload: "文件过大，单个文件不能超过 50 MB，请拆分成多个文件后分别导入。",
  importForm: "文件过大，单个文件不能超过 50 MB，请拆分成多个文件后分别导入。",
  reportUpload: "评估报告 PDF 不能超过 20 MB。",
  reportForm: "评估报告 PDF 不能超过 20 MB。",
  evidenceUpload: "投产证明文件不能超过 10 MB。",
  evidenceForm: "投产证明文件不能超过 10 MB。",
  giEvidenceUpload: "证明材料单个文件不能超过 10 MB。",
  giEvidenceForm: "证明材料每个文件不能超过 10 MB，一次提交合计不能超过 50 MB。",
};

/** 413 before (or while) the body is read: the rest of the body is drained if short, else the connection closes. */
export function refuseTooLarge(req: Request, res: Response, received = 0) {
  const path = normalizedPath(req.originalUrl);
  return refuse(req, res, path, 413, "payload-too-large", "Payload too large / 请求体过大", TOO_LARGE[bodyClassOf(path)], {}, received);
}

/** Answers here, as problem+json under /api/ and as a short HTML page elsewhere. */
function refuse(req: Request, res: Response, path: string, status: number, slug: string, title: string, detail: string, headers: Record<string, string> = {}, received = 0) {
  if (res.headersSent) return;
  res.status(status);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader("Cache-Control", "no-store");
  settleUnreadBody(req, res, received);
  if (path.startsWith("/api/")) {
    res.type("application/problem+json; charset=utf-8");
    res.send(JSON.stringify({ type: `https://ipbridge.cn/problems/${slug}`, title, status, detail, instance: path }));
  } else {
    res.type("text/html; charset=utf-8").send(refusalPage(status, detail));
  }
}

/**
 * What a browser shows for a refused page request (a form over its cap, a path that does
 * not decode): a small page of its own, readable on a phone, with a way back. It is sent
 * before Remix runs, so it carries no stylesheet or script; the texts are our constants.
 */
function refusalPage(status: number, detail: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>出错了 · ${status} · 知产桥</title>
<style>body{margin:0;padding:1.5rem;background:#f4f6f9;color:#1c2430;font:16px/1.6 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif}main{max-width:32rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #dde3ea;border-radius:10px;text-align:center}h1{font-size:1.5rem;margin:0 0 .75rem}a{display:inline-block;margin-top:.75rem;padding:.5rem 1.25rem;border-radius:6px;background:#0f5c8c;color:#fff;text-decoration:none;font-weight:600}</style>
</head>
<body>
<main role="alert">
<h1>出错了 · ${status}</h1>
<p>${detail}</p>
<a href="/">返回首页</a>
</main>
</body>
</html>
`;
}

/** What is left of an unwanted body is read and thrown away if it is at most this long (declared by Content-Length). */
export const DRAIN_BYTES = 2 * MB;

/**
 * Drain or close, for a response sent before its request's body was read to the end
 * (a 401/404/413/415 …): left in the socket, the body would stall the next request on a
 * keep-alive connection until the idle timeout. Call before the headers are written.
 * A short declared remainder (≤ DRAIN_BYTES) is read and discarded and the connection
 * stays open. An unknown (chunked) or long one gets `Connection: close` and a lingering
 * close: reading stops (TCP flow control holds the client back, at no cost to us), FIN
 * follows the answer, and the socket is destroyed LINGER_MS later. Destroying it at once,
 * with the client's bytes unread, would make the kernel reset the connection, which can
 * throw the answer away before the client has read it.
 */
export function settleUnreadBody(req: Request, res: Response, received = 0) {
  if (WITHOUT_BODY.has(req.method) || req.complete || !hasBody(req)) return;
  const declared = req.get("content-length");
  const remaining = declared !== undefined && req.get("transfer-encoding") === undefined ? Number(declared) - received : Infinity;
  req.removeAllListeners("data");
  req.on("error", () => {});
  if (Number.isFinite(remaining) && remaining <= DRAIN_BYTES) {
    req.on("data", () => {});
    req.resume();
    return;
  }
  res.setHeader("Connection", "close");
  req.pause();
  const socket = req.socket;
  socket.destroySoon = function lingeringClose(this: typeof socket) {
    if (this.writable) this.end();
    setTimeout(() => this.destroy(), LINGER_MS).unref();
    return this;
  };
}

const LINGER_MS = 2_000;
