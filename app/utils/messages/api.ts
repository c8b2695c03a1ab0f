import { defineMessages } from "../i18n";

/** Messages of API v1 problems (app/utils/problem.server.ts) and API input schemas. */
export const apiMessages = defineMessages({
  "zh-CN": {
    "api.problem.validation": "请求参数有误，请按 errors 中的字段说明修改后重试。",
    "api.problem.internal": "服务器内部错误，已记录，请稍后重试。",
    "api.problem.missingKey": "缺少 API 密钥：请在请求头中使用 Authorization: Bearer ipb_…",
    "api.problem.invalidKey": "API 密钥无效、已吊销，或所属机构已停用。",
    "api.problem.noSuchPath": "该 API 路径不存在，请查阅 /api/v1/openapi.json。",
    "api.problem.methodNotAllowed": "该路径不支持 {method} 方法，可用：{allow}。",
    "api.problem.malformed-json": "请求体不是有效的 JSON。",
    "api.problem.unsupported-media-type": "请求体须为 JSON，并设置 Content-Type: application/json。",
    "api.problem.payload-too-large": "请求体过大。",
    "api.problem.crossOrigin": "使用登录会话调用写接口时，须来自本站页面（Origin 与本站一致）。",
    "api.v.nothingToUpdate": "请至少提供一个要修改的字段。",
  },
  en: {
    "api.problem.validation": "The request is invalid; fix the fields listed in errors and try again.",
    "api.problem.internal": "Internal server error. It has been logged; please try again later.",
    "api.problem.missingKey": "Missing API key: send Authorization: Bearer ipb_…",
    "api.problem.invalidKey": "The API key is invalid or revoked, or its organization is suspended.",
    "api.problem.noSuchPath": "No such API path; see /api/v1/openapi.json.",
    "api.problem.methodNotAllowed": "{method} is not supported here; allowed: {allow}.",
    "api.problem.malformed-json": "The request body is not valid JSON.",
    "api.problem.unsupported-media-type": "The body must be JSON, sent with Content-Type: application/json.",
    "api.problem.payload-too-large": "The request body is too large.",
    "api.problem.crossOrigin": "Writes with a session cookie must come from this site's pages (same Origin).",
    "api.v.nothingToUpdate": "Give at least one field to change.",
  },
});
