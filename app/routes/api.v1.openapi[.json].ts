import { buildOpenApiDocument, type OpenApiDocument } from "~/domain/shared/openapi";
import { apiV1, getOpenApiDocument } from "~/utils/api-operations";
import { apiRoute, endpoint } from "~/utils/api.server";
import { getEnv } from "~/utils/env.server";

let cached: string | undefined;

function documentJson(): string {
  const doc: OpenApiDocument = buildOpenApiDocument(apiV1, {
    title: "知产桥 IP Bridge API",
    version: "1.0.0",
    description: "County IP financing and patent transfer marketplace. Errors are RFC 9457 problem+json.",
    serverUrl: new URL("/api/v1", getEnv().APP_URL).href,
  });
  return JSON.stringify(doc);
}

export const { loader, action } = apiRoute(
  endpoint(getOpenApiDocument, () => {
    cached ??= documentJson();
    return new Response(cached, { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" } });
  }),
);
